import i18n from './i18n';

/** The HTTP client: the access token, one refresh on expiry, and the server's error shape. */
export interface ApiErrorBody {
  statusCode: number;
  code: string;
  message: { vi: string; en: string };
  fields?: { field: string; constraints?: string[]; message: string }[];
}

export class ApiError extends Error {
  constructor(readonly body: ApiErrorBody) {
    super(body.code);
  }
}

export interface Tokens {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
}

const TOKENS_KEY = 'lt.tokens';

export function storedTokens(): Tokens | null {
  const raw = sessionStorage.getItem(TOKENS_KEY);
  return raw ? (JSON.parse(raw) as Tokens) : null;
}

export function storeTokens(tokens: Tokens | null): void {
  if (tokens) sessionStorage.setItem(TOKENS_KEY, JSON.stringify(tokens));
  else sessionStorage.removeItem(TOKENS_KEY);
  listeners.forEach((l) => l(tokens));
}

const listeners = new Set<(tokens: Tokens | null) => void>();
export function onTokens(listener: (tokens: Tokens | null) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

let refreshing: Promise<boolean> | null = null;

/** Exchanges the refresh token once for everyone waiting; false when the session is over. */
export function refreshTokens(): Promise<boolean> {
  refreshing ??= (async () => {
    const tokens = storedTokens();
    if (!tokens) return false;
    const response = await fetch('/auth/refresh', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ refreshToken: tokens.refreshToken }),
    });
    if (!response.ok) {
      storeTokens(null);
      return false;
    }
    storeTokens((await response.json()) as Tokens);
    return true;
  })().finally(() => (refreshing = null));
  return refreshing;
}

export async function api<T>(
  method: string,
  path: string,
  body?: unknown,
  options: { headers?: Record<string, string>; retried?: boolean } = {},
): Promise<T> {
  const tokens = storedTokens();
  const response = await fetch(path, {
    method,
    headers: {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(tokens ? { authorization: `Bearer ${tokens.accessToken}` } : {}),
      ...options.headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (response.status === 401 && !options.retried && tokens && (await refreshTokens()))
    return api<T>(method, path, body, { ...options, retried: true });
  const text = await response.text();
  const data: unknown = text ? JSON.parse(text) : undefined;
  if (!response.ok) {
    throw new ApiError(
      (data as ApiErrorBody | undefined) ?? {
        statusCode: response.status,
        code: 'internal/error',
        message: { vi: 'Lỗi kết nối máy chủ.', en: 'Could not reach the server.' },
      },
    );
  }
  return data as T;
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
