/**
 * Builds the PKCS#10 certificate request a signer sends to enrol their public key. The
 * request is signed with the private key (proof of possession); the server replaces the
 * subject with the person's account and position.
 */
import { Pkcs10CertificateRequestGenerator } from '@peculiar/x509';

type CreateParams = Parameters<typeof Pkcs10CertificateRequestGenerator.create>;

/**
 * `keys` and `crypto` are WebCrypto objects: the browser's or Node's (`node:crypto`'s
 * `webcrypto`). Their TypeScript types differ in detail between the DOM and Node, so they
 * are taken as they come and handed to the library as WebCrypto.
 */
export async function createCertificateRequest(
  keys: { privateKey: unknown; publicKey: unknown },
  commonName: string,
  crypto?: unknown,
): Promise<string> {
  const request = await Pkcs10CertificateRequestGenerator.create(
    {
      name: [{ '2.5.4.3': [commonName] }],
      // The library's own types name the DOM's CryptoKeyPair, unknown outside a browser build.
      keys: keys as never,
      signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' },
    },
    crypto as CreateParams[1],
  );
  return request.toString('pem');
}
