import 'reflect-metadata';
import { openDB } from 'idb';
import { createCertificateRequest } from '@lt/signing/client/certificate-request';
import { generateSigningKeys, newNonce, signContent } from '@lt/signing/client/content-signer';
import type { webcrypto } from 'node:crypto';
import { api } from './api';
import type { Certificate } from './api-schema';

type KeyPair = webcrypto.CryptoKeyPair;

/**
 * The signing key of this browser: a P-256 pair made with WebCrypto, its private half
 * non-extractable, kept in IndexedDB (which stores CryptoKey objects without exposing their
 * bytes), one per user and certificate. Every signature is made here; the server sees only
 * the public key (in the certificate request) and the signatures.
 */
const db = () =>
  openDB('lien-thong-signing', 1, {
    upgrade(database) {
      database.createObjectStore('keys');
    },
  });

interface StoredKey {
  keys: KeyPair;
  certificateId: string;
  positionId: string;
}

export async function keyOf(userId: string): Promise<StoredKey | null> {
  return ((await (await db()).get('keys', userId)) as StoredKey | undefined) ?? null;
}

/** Makes a key here, enrols its public half for `positionId`, keeps the pair in IndexedDB. */
export async function enrol(userId: string, fullName: string, positionId: string): Promise<Certificate> {
  const subtle = crypto.subtle as unknown as webcrypto.SubtleCrypto;
  const keys = await generateSigningKeys(subtle, false);
  const csr = await createCertificateRequest(keys, fullName, crypto);
  const certificate = await api<Certificate>('POST', '/signing/certificates', { csr, positionId });
  await (
    await db()
  ).put('keys', { keys, certificateId: certificate.id, positionId } satisfies StoredKey, userId);
  return certificate;
}

export async function forget(userId: string): Promise<void> {
  await (await db()).delete('keys', userId);
}

/** Signs `content` with this browser's key; adds issuedAt and a fresh nonce. */
export async function signAssignment<C extends object>(userId: string, content: C) {
  const stored = await keyOf(userId);
  if (!stored) return null;
  const full = {
    ...content,
    issuedAt: new Date().toISOString(),
    nonce: newNonce(crypto as unknown as webcrypto.Crypto),
  };
  const signature = await signContent(crypto.subtle, stored.keys.privateKey, full);
  return { content: full, signature, certificateId: stored.certificateId };
}

/** The `kind` of a signed decision on an existing item (libs/signing signed-decision.ts). */
export const DECISION_KIND = 'lien-thong/decision@1';

/**
 * A decision on `subject` (accept, report, approve an extension, decide a discipline case…)
 * signed with this browser's key like an assignment: the action's fields plus what, which
 * action and who. Null when this browser has no key.
 */
export function signDecision(
  userId: string,
  subject: { type: string; id: string },
  action: string,
  fields: Record<string, unknown>,
) {
  return signAssignment(userId, { ...fields, kind: DECISION_KIND, subject, action, signer: userId });
}
