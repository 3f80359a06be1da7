/**
 * Client-side signing, shared by the browser app, the command line and the tests. It uses
 * only WebCrypto and RFC 8785 canonical JSON, so the private key stays wherever it was
 * made (a non-extractable key in the browser, a key file for scripts). Imports nothing from
 * the server.
 */
import canonicalize from 'canonicalize';
// Types only: at run time these are the browser's (or Node's) global WebCrypto objects.
import type { webcrypto } from 'node:crypto';

type SubtleCrypto = webcrypto.SubtleCrypto;
type CryptoKey = webcrypto.CryptoKey;
type CryptoKeyPair = webcrypto.CryptoKeyPair;
type Crypto = webcrypto.Crypto;

export const SIGNING_ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const SIGN_PARAMS = { name: 'ECDSA', hash: 'SHA-256' } as const;

/** The RFC 8785 bytes that are signed. */
export function canonicalBytes(content: unknown): Uint8Array {
  const text = canonicalize(content);
  if (text === undefined) throw new Error('content cannot be canonicalized');
  return new TextEncoder().encode(text);
}

/** A fresh P-256 key pair; the private key is non-extractable unless asked otherwise. */
export function generateSigningKeys(subtle: SubtleCrypto, extractable = false): Promise<CryptoKeyPair> {
  return subtle.generateKey(SIGNING_ALGORITHM, extractable, ['sign', 'verify']);
}

/** ES256 over the canonical bytes; returns base64url of the raw 64-byte r‖s signature. */
export async function signContent(
  subtle: SubtleCrypto,
  privateKey: CryptoKey,
  content: unknown,
): Promise<string> {
  const signature = await subtle.sign(SIGN_PARAMS, privateKey, canonicalBytes(content));
  return toBase64Url(new Uint8Array(signature));
}

/** A nonce of 128 random bits, base64url. */
export function newNonce(crypto: Crypto): string {
  return toBase64Url(crypto.getRandomValues(new Uint8Array(16)));
}

export function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
