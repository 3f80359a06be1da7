import type { ErrorBody, TokenPair } from './api-schema';
import i18n from './i18n';
import { noteAnswer } from './offline';

/** The HTTP client: the access token, one refresh on expiry, and the server's error shape. */

export class ApiError extends Error {
  constructor(readonly body: ErrorBody) {
    super(body.code);
  }
}

export type Tokens = TokenPair & {
  /** When this browser received them (its own clock): with `expiresIn`, when to refresh. */
  receivedAt?: number;
};

const TOKENS_KEY = 'lt.tokens';

export function storedTokens(): Tokens | null {
  const raw = sessionStorage.getItem(TOKENS_KEY);
  return raw ? (JSON.parse(raw) as Tokens) : null;
}

export function storeTokens(tokens: Tokens | null): void {
  if (tokens) sessionStorage.setItem(TOKENS_KEY, JSON.stringify({ receivedAt: Date.now(), ...tokens }));
  else sessionStorage.removeItem(TOKENS_KEY);
  listeners.forEach((l) => l(tokens));
}

const listeners = new Set<(tokens: Tokens | null) => void>();
export function onTokens(listener: (tokens: Tokens | null) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

let refreshing: Promise<boolean> | null = null;

/**
 * Exchanges the refresh token once for everyone waiting; false when no new token came. Only
 * the server saying the session is over (400/401/403) signs out: an outage, a network error
 * or a busy server keeps the session for the next attempt. Never rejects.
 */
export function refreshTokens(): Promise<boolean> {
  refreshing ??= (async () => {
    const tokens = storedTokens();
    if (!tokens) return false;
    try {
      const response = await fetch('/auth/refresh', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ refreshToken: tokens.refreshToken }),
      });
      if (!response.ok) {
        if ([400, 401, 403].includes(response.status)) storeTokens(null);
        return false;
      }
      storeTokens((await response.json()) as Tokens);
      return true;
    } catch {
      return false;
    }
  })().finally(() => (refreshing = null));
  return refreshing;
}

/** One request with the access token; an expired token is refreshed once and the request sent again. */
async function send(
  method: string,
  path: string,
  body: unknown,
  options: { headers?: Record<string, string>; retried?: boolean },
): Promise<Response> {
  const tokens = storedTokens();
  // A FormData body (an upload) sets its own multipart content type; a string sent with its
  // own content type (an edXML package) goes as it is.
  const form = body instanceof FormData;
  const raw = typeof body === 'string' && options.headers?.['content-type'] !== undefined;
  const response = await fetch(path, {
    method,
    headers: {
      ...(body === undefined || form || raw ? {} : { 'content-type': 'application/json' }),
      ...(tokens ? { authorization: `Bearer ${tokens.accessToken}` } : {}),
      ...options.headers,
    },
    body: body === undefined ? undefined : form || raw ? body : JSON.stringify(body),
  });
  if (response.status === 401 && !options.retried && tokens && (await refreshTokens()))
    return send(method, path, body, { ...options, retried: true });
  if (method === 'GET') noteAnswer(response);
  return response;
}

/**
 * Downloads a file the API serves to signed-in people only (a plain link cannot carry the
 * token) and hands it to the browser under its own name.
 */
export async function download(path: string, fileName: string): Promise<void> {
  const response = await send('GET', path, undefined, {});
  if (!response.ok) throw await refusal(response);
  const url = URL.createObjectURL(await response.blob());
  const link = Object.assign(document.createElement('a'), { href: url, download: fileName });
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** POSTs an XML file's text (edXML) and answers the JSON the server returns. */
export async function postXml<T>(path: string, file: File): Promise<T> {
  return api<T>('POST', path, await file.text(), { headers: { 'content-type': 'application/xml' } });
}

export async function api<T>(
  method: string,
  path: string,
  body?: unknown,
  options: { headers?: Record<string, string>; retried?: boolean } = {},
): Promise<T> {
  const response = await send(method, path, body, options);
  if (!response.ok) throw await refusal(response);
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

/** The server's error body, or one that says the server could not be reached properly. */
async function refusal(response: Response): Promise<ApiError> {
  try {
    const body = (await response.json()) as ErrorBody;
    if (body?.message) return new ApiError(body);
  } catch {
    // not the API's JSON (a proxy's page, say): fall through
  }
  return new ApiError({
    statusCode: response.status,
    code: 'internal/error',
    message: { vi: 'Lỗi kết nối máy chủ.', en: 'Could not reach the server.' },
  });
}

/** The message of an error in the user's language. */
export function errorText(error: unknown, language: string): string {
  if (error instanceof ApiError) {
    const message = language === 'en' ? error.body.message.en : error.body.message.vi;
    // The server words field problems in English; in Vietnamese each rule broken is named.
    const fields = error.body.fields
      ?.map((f) =>
        language === 'en'
          ? `${f.field}: ${f.message}`
          : `${f.field}: ${(f.constraints ?? ['invalid']).map((c) => i18n.t(`constraint.${c}`, { defaultValue: i18n.t('constraint.invalid') })).join('; ')}`,
      )
      .join('; ');
    return fields ? `${message} (${fields})` : message;
  }
  return language === 'en' ? 'Something went wrong; try again.' : 'Có lỗi xảy ra; hãy thử lại.';
}
