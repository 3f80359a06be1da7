import { webcrypto } from 'node:crypto';
import { newNonce, signContent } from '../../libs/signing/src/client/content-signer';
import type { Signer } from './signing';
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

export interface DraftInput {
  drafter: SignedIn;
  /** Who signs it, in their own name: the unit's head. */
  signerId: string;
  unitId: string;
  recipients: string[];
  subject?: string;
  secrecy?: string;
  /** Agencies outside the deployment, by OrganId. */
  organs?: { organId: string; organName: string }[];
  attachmentIds?: string[];
  /** `own` unless given (e.g. `TUQ` by a delegate). */
  signingForm?: string;
}

/** A draft by `drafter` in `unitId`, sent straight to its signer (no reviewers): it waits for the signature. */
export async function submittedDraft(t: TestApp, input: DraftInput): Promise<{ id: string }> {
  const { drafter } = input;
  const draft = (
    await t
      .http()
      .post('/drafts')
      .set(drafter.auth)
      .send({
        unitId: input.unitId,
        typeName: 'Công văn',
        codeNotation: 'UBND-VP',
        subject: input.subject ?? 'Về việc báo cáo số liệu',
        body: 'Đề nghị các đơn vị báo cáo.',
        priority: 0,
        secrecy: input.secrecy ?? 'normal',
        recipients: { units: input.recipients, organs: input.organs ?? [] },
        attachmentIds: input.attachmentIds,
        signerId: input.signerId,
        signingForm: input.signingForm ?? 'own',
      })
      .expect(201)
  ).body as { id: string; version: number };
  await t
    .http()
    .post(`/drafts/${draft.id}/submit`)
    .set(drafter.auth)
    .send({ reviewers: [], version: draft.version })
    .expect(200);
  return draft;
}

/**
 * An outgoing document drafted by `drafter` in `unitId`, sent straight to its signer (no
 * reviewers), signed in its own name by `signer` (the unit's head) and so issued and delivered;
 * resolves to its id.
 */
export async function issueSignedDocument(
  t: TestApp,
  input: Omit<DraftInput, 'signerId'> & { signer: Signer },
): Promise<string> {
  const { signer } = input;
  const draft = await submittedDraft(t, { ...input, signerId: signer.who.id });
  const document = (
    await t.http().get(`/drafts/${draft.id}/signing-content`).set(signer.who.auth).expect(200)
  ).body as object;
  const content = {
    kind: 'lien-thong/document@1',
    document,
    signer: signer.who.id,
    issuedAt: new Date().toISOString(),
    nonce: newNonce(webcrypto),
  };
  await t
    .http()
    .post(`/drafts/${draft.id}/sign`)
    .set(signer.who.auth)
    .send({
      content,
      signature: await signContent(webcrypto.subtle, signer.keys.privateKey, content),
      certificateId: signer.certificateId,
    })
    .expect(200);
  return draft.id;
}
