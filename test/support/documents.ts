import type { SignedIn, TestApp } from './test-app';

let seq = 0;

/**
 * The fields of an incoming document (công văn đến) as a clerk types them in: a new number each
 * call (so no two are taken for the same paper), overridable field by field.
 */
export function incomingDocument(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    codeNumber: String(100 + ++seq),
    codeNotation: 'UBND-VP',
    organName: 'Ủy ban nhân dân thành phố',
    issuedDate: '2026-11-20',
    typeName: 'Công văn',
    subject: 'Về việc chuẩn bị ứng phó bão số 13',
    priority: 2,
    ...overrides,
  };
}

/** POST /documents/incoming by `clerk`, answered as it is (for the tests of refusals). */
export function registerIncoming(
  t: TestApp,
  clerk: SignedIn,
  body: Record<string, unknown> = incomingDocument(),
  headers: Record<string, string> = {},
) {
  return t.http().post('/documents/incoming').set(clerk.auth).set(headers).send(body);
}

/** An incoming document registered by `clerk` in their register; throws unless it was (201). */
export async function registerIncomingOk<D = { id: string; registerNumber: number }>(
  t: TestApp,
  clerk: SignedIn,
  body: Record<string, unknown> = incomingDocument(),
): Promise<D> {
  const r = await registerIncoming(t, clerk, body);
  if (r.status !== 201) throw new Error(`${r.status} ${JSON.stringify(r.body)}`);
  return r.body as D;
}
