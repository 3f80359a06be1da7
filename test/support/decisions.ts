import { DECISION_KIND } from '@lt/signing';
import type { Response } from 'supertest';
import { webcrypto } from 'node:crypto';
import { newNonce, signContent } from '../../libs/signing/src/client/content-signer';
import { enrol, knownSigner, Signer } from './signing';
import { SignedIn, TestApp } from './test-app';

/** The task routes that make a decision, and the action each one's signed content names. */
export const TASK_DECISION_PATHS: Record<string, string> = {
  accept: 'accept',
  return: 'return',
  start: 'start',
  reports: 'report',
  submit: 'submit',
  complete: 'complete',
  reopen: 'reopen',
  cancel: 'cancel',
  extension: 'request_extension',
  'extension/approve': 'approve_extension',
  'extension/refuse': 'refuse_extension',
};

/** The person's signer: the last key enrolled for them in this app, or a new one. */
export async function signerFor(t: TestApp, who: SignedIn): Promise<Signer> {
  return knownSigner(t, who.id) ?? enrol(t, who);
}

/** `fields` as a signed decision on `subject`: the body every decision route takes. */
export async function signedDecision(
  signer: Signer,
  subject: { type: string; id: string },
  action: string,
  fields: Record<string, unknown>,
  overrides: Record<string, unknown> = {},
) {
  const content = {
    ...fields,
    kind: DECISION_KIND,
    subject,
    action,
    signer: signer.who.id,
    issuedAt: new Date().toISOString(),
    nonce: newNonce(webcrypto),
    ...overrides,
  };
  const signature = await signContent(webcrypto.subtle, signer.keys.privateKey, content);
  return { content, signature, certificateId: signer.certificateId };
}

/** A response on its way, with supertest's `.expect(status)` (which reports the body when it fails). */
export class Sent implements PromiseLike<Response> {
  constructor(private readonly response: Promise<Response>) {}

  expect(status: number): Promise<Response> {
    return this.response.then((r) => {
      if (r.status !== status)
        throw new Error(`expected ${status}, got ${r.status}: ${JSON.stringify(r.body)}`);
      return r;
    });
  }

  then<A = Response, B = never>(
    onFulfilled?: ((value: Response) => A | PromiseLike<A>) | null,
    onRejected?: ((reason: unknown) => B | PromiseLike<B>) | null,
  ): PromiseLike<A | B> {
    return this.response.then(onFulfilled, onRejected);
  }
}

/** POSTs `body` to `path` as `who`, signed as `action` on `subject` with their key (enrolled on first use). */
export function postDecision(
  t: TestApp,
  who: SignedIn,
  path: string,
  subject: { type: string; id: string },
  action: string,
  body: Record<string, unknown>,
): Sent {
  const send = async () =>
    t
      .http()
      .post(path)
      .set(who.auth)
      .send(await signedDecision(await signerFor(t, who), subject, action, body));
  return new Sent(send());
}

/**
 * POST /tasks/:id/<path> as `who`: a decision route gets `body` signed with their key (enrolled
 * on first use), any other route (urge, explanation, contributions…) gets it as it is.
 */
export function actOnTask(
  t: TestApp,
  who: SignedIn,
  id: string,
  path: string,
  body: Record<string, unknown> = {},
): Sent {
  const action = TASK_DECISION_PATHS[path];
  if (action) return postDecision(t, who, `/tasks/${id}/${path}`, { type: 'task', id }, action, body);
  return new Sent(Promise.resolve(t.http().post(`/tasks/${id}/${path}`).set(who.auth).send(body)));
}
