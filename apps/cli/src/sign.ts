/**
 * Client-side signing from the command line, for scripts and tests. The private key stays
 * in the key file; nothing here talks to the server.
 *
 *   npm run sign -- keygen <key.pem>                 a new P-256 key (PKCS#8 PEM, mode 600)
 *   npm run sign -- csr <key.pem> [name]             its PKCS#10 request, for POST /signing/certificates
 *   npm run sign -- assignment <key.pem> <content.json> <certificateId>
 *                                                    the body for POST /tasks: the content (issuedAt and
 *                                                    nonce filled in when absent), its ES256 signature
 *   npm run sign -- decision <key.pem> <content.json> <certificateId>
 *                                                    the same for a decision (docs/signing.md): the body
 *                                                    for POST /tasks/:id/accept and the other decisions
 *
 * A key made with `openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256` works too.
 */
import 'reflect-metadata';
import { createPrivateKey, createPublicKey, generateKeyPairSync, webcrypto } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { createCertificateRequest } from '../../../libs/signing/src/client/certificate-request';
import { newNonce, signContent } from '../../../libs/signing/src/client/content-signer';

const ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256' } as const;

async function loadKeys(file: string): Promise<webcrypto.CryptoKeyPair> {
  const privatePem = readFileSync(file, 'utf8');
  const privateKey = createPrivateKey(privatePem);
  const pkcs8 = privateKey.export({ format: 'der', type: 'pkcs8' });
  const spki = createPublicKey(privateKey).export({ format: 'der', type: 'spki' });
  return {
    privateKey: await webcrypto.subtle.importKey('pkcs8', pkcs8, ALGORITHM, false, ['sign']),
    publicKey: await webcrypto.subtle.importKey('spki', spki, ALGORITHM, true, ['verify']),
  };
}

async function main(argv: string[]): Promise<number> {
  const [command, ...args] = argv;
  if (command === 'keygen' && args[0]) {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    writeFileSync(args[0], privateKey.export({ format: 'pem', type: 'pkcs8' }), { mode: 0o600 });
    process.stdout.write(createPublicKey(privateKey).export({ format: 'pem', type: 'spki' }).toString());
    return 0;
  }
  if (command === 'csr' && args[0]) {
    process.stdout.write(
      `${await createCertificateRequest(await loadKeys(args[0]), args[1] ?? 'signer', webcrypto)}\n`,
    );
    return 0;
  }
  if ((command === 'assignment' || command === 'decision') && args[0] && args[1] && args[2]) {
    const keys = await loadKeys(args[0]);
    const content = JSON.parse(readFileSync(args[1], 'utf8')) as Record<string, unknown>;
    content.issuedAt ??= new Date().toISOString();
    content.nonce ??= newNonce(webcrypto);
    const signature = await signContent(webcrypto.subtle, keys.privateKey, content);
    process.stdout.write(`${JSON.stringify({ content, signature, certificateId: args[2] }, null, 2)}\n`);
    return 0;
  }
  process.stderr.write(
    'usage:\n  npm run sign -- keygen <key.pem>\n  npm run sign -- csr <key.pem> [name]\n' +
      '  npm run sign -- assignment <key.pem> <content.json> <certificateId>\n' +
      '  npm run sign -- decision <key.pem> <content.json> <certificateId>\n',
  );
  return 2;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${String((error as Error)?.message ?? error)}\n`);
    process.exit(1);
  },
);
