import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { webcrypto } from 'node:crypto';

// @peculiar/x509 works on any WebCrypto; on the server it is Node's own.
x509.cryptoProvider.set(webcrypto);

export { x509 };
export type CryptoKey = webcrypto.CryptoKey;
export type CryptoKeyPair = webcrypto.CryptoKeyPair;

/** ECDSA over P-256 with SHA-256: ES256 in JOSE terms, the only signing algorithm accepted. */
export const ES256 = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
