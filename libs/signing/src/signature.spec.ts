import fc from 'fast-check';
import { createPublicKey, webcrypto } from 'node:crypto';
import { canonicalBytes, signContent } from './client/content-signer';
import { canonicalJson } from './canonical-json';
import { verifyEs256 } from './signature-verifier';

/** Random assignment-shaped content: the fields of a task assignment with random values. */
const party = fc.record({ unitId: fc.uuid(), userId: fc.option(fc.uuid(), { nil: undefined }) });
const content = fc.record({
  kind: fc.constant('lien-thong/task-assignment@1'),
  title: fc.string({ minLength: 3, maxLength: 60, unit: 'grapheme' }),
  description: fc.string({ maxLength: 200, unit: 'grapheme' }),
  lead: party,
  coordinators: fc.array(party, { maxLength: 3 }),
  informed: fc.array(party, { maxLength: 3 }),
  deadline: fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
  priority: fc.integer({ min: 0, max: 4 }),
  source: fc.option(fc.record({ type: fc.constantFrom('directive', 'task'), id: fc.uuid() }), { nil: null }),
  assigner: fc.uuid(),
  issuedAt: fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
  nonce: fc.stringMatching(/^[A-Za-z0-9_-]{16,40}$/),
});

describe('ES256 over RFC 8785 content (property-based)', () => {
  let keys: webcrypto.CryptoKeyPair;
  let publicKey: ReturnType<typeof createPublicKey>;

  beforeAll(async () => {
    keys = await webcrypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, [
      'sign',
      'verify',
    ]);
    const spki = Buffer.from(await webcrypto.subtle.exportKey('spki', keys.publicKey));
    publicKey = createPublicKey({ key: spki, format: 'der', type: 'spki' });
  });

  it('verifies what the client signed, whatever the key order the server received it in', async () => {
    await fc.assert(
      fc.asyncProperty(content, async (c) => {
        const signature = Buffer.from(await signContent(webcrypto.subtle, keys.privateKey, c), 'base64url');
        const reordered = Object.fromEntries(Object.entries(c).reverse());
        expect(canonicalJson(reordered).equals(Buffer.from(canonicalBytes(c)))).toBe(true);
        expect(verifyEs256(publicKey, canonicalJson(reordered), signature)).toBe(true);
      }),
      { numRuns: 100 },
    );
  });

  it('refuses the content with any byte flipped', async () => {
    await fc.assert(
      fc.asyncProperty(content, fc.nat(), fc.integer({ min: 1, max: 255 }), async (c, at, mask) => {
        const signature = Buffer.from(await signContent(webcrypto.subtle, keys.privateKey, c), 'base64url');
        const bytes = canonicalJson(c);
        bytes[at % bytes.length] ^= mask;
        expect(verifyEs256(publicKey, bytes, signature)).toBe(false);
      }),
      { numRuns: 200 },
    );
  });

  it('refuses the signature with any byte flipped', async () => {
    await fc.assert(
      fc.asyncProperty(
        content,
        fc.integer({ min: 0, max: 63 }),
        fc.integer({ min: 1, max: 255 }),
        async (c, at, mask) => {
          const signature = Buffer.from(await signContent(webcrypto.subtle, keys.privateKey, c), 'base64url');
          signature[at] ^= mask;
          expect(verifyEs256(publicKey, canonicalJson(c), signature)).toBe(false);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('refuses a signature made by another key', async () => {
    const other = await webcrypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign']);
    await fc.assert(
      fc.asyncProperty(content, async (c) => {
        const signature = Buffer.from(await signContent(webcrypto.subtle, other.privateKey, c), 'base64url');
        expect(verifyEs256(publicKey, canonicalJson(c), signature)).toBe(false);
      }),
      { numRuns: 50 },
    );
  });
});
