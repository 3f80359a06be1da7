import { x509 } from '../../libs/signing/src/x509';
import * as ece from 'http_ece';
import { createECDH, createPublicKey, randomBytes, verify, webcrypto } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { createServer, Server } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** What a browser keeps of its subscription: the endpoint and the private half of its keys. */
export interface FakeBrowser {
  endpoint: string;
  keys: { p256dh: string; auth: string };
  ecdh: ReturnType<typeof createECDH>;
  auth: Buffer;
}

export interface ReceivedPush {
  path: string;
  /** The decrypted payload (RFC 8291, aes128gcm), parsed. */
  notice: Record<string, unknown>;
  ttl: string | undefined;
  urgency: string | undefined;
  /** The VAPID claims, after checking the ES256 signature with the key in the header. */
  vapid: { aud: string; exp: number; sub: string; publicKey: string };
}

/**
 * A push service on loopback, as a browser vendor runs one: HTTPS (a certificate made here,
 * its PEM in `caFile` for PUSH_CA_FILE), it checks each request's VAPID signature (RFC 8292)
 * and decrypts the payload with the subscribed browser's private key — so a test sees what a
 * browser would show. `gone` endpoints answer 410, as for a browser that unsubscribed.
 */
export class PushReceiver {
  readonly received: ReceivedPush[] = [];
  readonly gone = new Set<string>();
  private readonly browsers = new Map<string, FakeBrowser>();
  private server!: Server;
  origin = '';
  caFile = '';

  async start(): Promise<void> {
    const alg = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
    const keys = await webcrypto.subtle.generateKey(alg, true, ['sign', 'verify']);
    const cert = await x509.X509CertificateGenerator.createSelfSigned({
      serialNumber: '01',
      name: 'CN=127.0.0.1',
      notBefore: new Date(Date.now() - 60_000),
      notAfter: new Date(Date.now() + 86_400_000),
      keys,
      signingAlgorithm: alg,
      extensions: [
        new x509.BasicConstraintsExtension(true, undefined, true),
        new x509.SubjectAlternativeNameExtension([{ type: 'ip', value: '127.0.0.1' }]),
      ],
    });
    const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey));
    const key = `-----BEGIN PRIVATE KEY-----\n${pkcs8.toString('base64')}\n-----END PRIVATE KEY-----\n`;
    this.caFile = join(tmpdir(), `lt-push-ca-${process.pid}-${randomBytes(4).toString('hex')}.pem`);
    writeFileSync(this.caFile, cert.toString('pem'));
    this.server = createServer({ key, cert: cert.toString('pem') }, (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const browser = this.browsers.get(req.url ?? '');
        if (!browser || this.gone.has(req.url ?? '')) return res.writeHead(410).end();
        try {
          const vapid = checkVapid(String(req.headers.authorization ?? ''));
          const plain = ece.decrypt(Buffer.concat(chunks), {
            version: 'aes128gcm',
            privateKey: browser.ecdh,
            authSecret: browser.auth,
          });
          this.received.push({
            path: req.url ?? '',
            notice: JSON.parse(plain.toString('utf8')) as Record<string, unknown>,
            ttl: req.headers.ttl as string | undefined,
            urgency: req.headers.urgency as string | undefined,
            vapid,
          });
          res.writeHead(201).end();
        } catch (error) {
          res.writeHead(400).end(String(error));
        }
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.origin = `https://127.0.0.1:${(this.server.address() as { port: number }).port}`;
  }

  /** A browser subscribed at this service: what PushSubscription.toJSON() would give. */
  browser(): FakeBrowser {
    const ecdh = createECDH('prime256v1');
    ecdh.generateKeys();
    const auth = randomBytes(16);
    const path = `/wpush/${randomBytes(12).toString('base64url')}`;
    const browser = {
      endpoint: `${this.origin}${path}`,
      keys: { p256dh: ecdh.getPublicKey().toString('base64url'), auth: auth.toString('base64url') },
      ecdh,
      auth,
    };
    this.browsers.set(path, browser);
    return browser;
  }

  /** The pushes that reached `browser`. */
  to(browser: FakeBrowser): ReceivedPush[] {
    return this.received.filter((r) => browser.endpoint.endsWith(r.path));
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/** RFC 8292: `vapid t=<JWT>, k=<public key>`; the JWT's ES256 signature checked with k. */
function checkVapid(header: string): ReceivedPush['vapid'] {
  const m = header.match(/^vapid t=([^,\s]+),\s*k=([A-Za-z0-9_-]+)$/);
  if (!m) throw new Error(`no VAPID authorization: ${header}`);
  const [token, k] = [m[1], m[2]];
  const [h, p, s] = token.split('.');
  const point = Buffer.from(k, 'base64url');
  const key = createPublicKey({
    format: 'jwk',
    key: {
      kty: 'EC',
      crv: 'P-256',
      x: point.subarray(1, 33).toString('base64url'),
      y: point.subarray(33, 65).toString('base64url'),
    },
  });
  const ok = verify(
    'sha256',
    Buffer.from(`${h}.${p}`),
    { key, dsaEncoding: 'ieee-p1363' },
    Buffer.from(s, 'base64url'),
  );
  if (!ok) throw new Error('VAPID signature does not verify');
  const claims = JSON.parse(Buffer.from(p, 'base64url').toString('utf8')) as {
    aud: string;
    exp: number;
    sub: string;
  };
  return { ...claims, publicKey: k };
}
