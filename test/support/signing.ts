import type { TaskSummary } from '@lt/tasks';
import { ASSIGNMENT_KIND, AssignmentContentDto } from '@lt/tasks';
import { webcrypto } from 'node:crypto';
import { createCertificateRequest } from '../../libs/signing/src/client/certificate-request';
import { newNonce, signContent } from '../../libs/signing/src/client/content-signer';
import { SignedIn, TestApp } from './test-app';

export interface Signer {
  who: SignedIn;
  keys: webcrypto.CryptoKeyPair;
  certificateId: string;
}

export type AssignmentContent = Omit<AssignmentContentDto, 'source'> & {
  source?: { type: 'directive' | 'annotation' | 'task'; id: string } | null;
};

/** The person's first position (or the one in `unitId`). */
export async function positionOf(t: TestApp, who: SignedIn, unitId?: string): Promise<string> {
  const rows: { id: string }[] = await t.ds.query(
    'SELECT id FROM positions WHERE user_id = $1 AND ($2::uuid IS NULL OR unit_id = $2) ORDER BY created_at LIMIT 1',
    [who.id, unitId ?? null],
  );
  return rows[0].id;
}

/** The last signer enrolled per app and person, for helpers that sign on someone's behalf. */
const enrolled = new WeakMap<TestApp, Map<string, Signer>>();

export function knownSigner(t: TestApp, userId: string): Signer | undefined {
  return enrolled.get(t)?.get(userId);
}

/** A fresh P-256 key made on the "client", enrolled over HTTP with a PKCS#10 request. */
export async function enrol(t: TestApp, who: SignedIn, unitId?: string): Promise<Signer> {
  const keys = await webcrypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, [
    'sign',
    'verify',
  ]);
  const csr = await createCertificateRequest(keys, who.username, webcrypto);
  const response = await t
    .http()
    .post('/signing/certificates')
    .set(who.auth)
    .send({ csr, positionId: await positionOf(t, who, unitId) })
    .expect(201);
  const signer = { who, keys, certificateId: (response.body as { id: string }).id };
  if (!enrolled.has(t)) enrolled.set(t, new Map());
  enrolled.get(t)!.set(who.id, signer);
  return signer;
}

/** Assignment content from `signer` to `lead`, due in a day unless overridden. */
export function assignment(
  signer: Signer,
  lead: { unitId: string; userId?: string },
  overrides: Partial<AssignmentContent> = {},
): AssignmentContent {
  return {
    kind: ASSIGNMENT_KIND,
    title: 'Rà soát danh sách hộ dân cần sơ tán trước mùa mưa bão',
    description: 'Lập danh sách theo từng tổ dân phố, gửi về Ủy ban trước hạn.',
    lead,
    coordinators: [],
    informed: [],
    deadline: new Date(Date.now() + 86_400_000).toISOString(),
    priority: 1,
    source: null,
    assigner: signer.who.id,
    issuedAt: new Date().toISOString(),
    nonce: newNonce(webcrypto),
    ...overrides,
  };
}

export async function sign(signer: Signer, content: AssignmentContent) {
  const signature = await signContent(webcrypto.subtle, signer.keys.privateKey, content);
  return { content, signature, certificateId: signer.certificateId };
}

/** Signs `content` and POSTs it to /tasks; resolves to the response, whatever its status. */
export async function assign(
  t: TestApp,
  signer: Signer,
  content: AssignmentContent,
  headers: Record<string, string> = {},
) {
  const body = await sign(signer, content);
  return t.http().post('/tasks').set(signer.who.auth).set(headers).send(body);
}

/** Assigns and expects 201; returns the created task. */
export async function assignOk(t: TestApp, signer: Signer, content: AssignmentContent) {
  const response = await assign(t, signer, content);
  if (response.status !== 201)
    throw new Error(`expected 201, got ${response.status}: ${JSON.stringify(response.body)}`);
  return response.body as TaskSummary & { signatureId: string };
}
