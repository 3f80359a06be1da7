/**
 * Builds the PKCS#10 certificate request a signer sends to enrol their public key. The
 * request is signed with the private key (proof of possession); the server replaces the
 * subject with the person's account and position.
 */
import { Pkcs10CertificateRequestGenerator } from '@peculiar/x509';
import type { webcrypto } from 'node:crypto';

export async function createCertificateRequest(
  keys: webcrypto.CryptoKeyPair,
  commonName: string,
  crypto?: webcrypto.Crypto,
): Promise<string> {
  const request = await Pkcs10CertificateRequestGenerator.create(
    {
      name: [{ '2.5.4.3': [commonName] }],
      keys: keys as unknown as Parameters<typeof Pkcs10CertificateRequestGenerator.create>[0]['keys'],
      signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' },
    },
    // Node's and the DOM's WebCrypto types differ in detail; both are WebCrypto.
    crypto as unknown as Parameters<typeof Pkcs10CertificateRequestGenerator.create>[1],
  );
  return request.toString('pem');
}
