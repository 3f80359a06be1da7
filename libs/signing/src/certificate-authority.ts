import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AppConfig } from '@lt/config';
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes, webcrypto } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { SigningAuthorityEntity } from './signing-authority.entity';
import { CryptoKey, ES256, x509 } from './x509';

/** Serialises the creation of the CA between API instances starting at once. */
const CA_CREATION_LOCK = 7_405_112_301;
const CA_VALIDITY_YEARS = 20;

export interface LoadedAuthority {
  id: string;
  name: string;
  certificate: x509.X509Certificate;
  pem: string;
  privateKey: CryptoKey;
}

export interface CertificateSubject {
  fullName: string;
  userId: string;
  role: string;
  unitName: string;
}

/**
 * The deployment's certificate authority: created at first start, then loaded. It issues
 * signers' certificates for public keys they enrolled and signs the revocation list. Its
 * private key is sealed at rest and only ever used here.
 */
@Injectable()
export class CertificateAuthority implements OnApplicationBootstrap {
  private loaded: Promise<LoadedAuthority> | null = null;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.current();
  }

  /** The CA, created on first use; the same instance for the process's lifetime. */
  current(): Promise<LoadedAuthority> {
    this.loaded ??= this.loadOrCreate().catch((error: unknown) => {
      this.loaded = null;
      throw error;
    });
    return this.loaded;
  }

  /** Issues a signer's certificate for `publicKey`, naming the person, role and unit. */
  async issue(
    publicKey: x509.PublicKey,
    subject: CertificateSubject,
    validity: { notBefore: Date; notAfter: Date },
  ): Promise<x509.X509Certificate> {
    const ca = await this.current();
    return x509.X509CertificateGenerator.create({
      serialNumber: serialNumber(),
      issuer: ca.certificate.subject,
      subject: [
        { '2.5.4.3': [subject.fullName] },
        { '2.5.4.12': [subject.role] },
        { '2.5.4.11': [subject.unitName] },
        { '2.5.4.10': [ca.name] },
        { '0.9.2342.19200300.100.1.1': [subject.userId] },
      ],
      notBefore: validity.notBefore,
      notAfter: validity.notAfter,
      publicKey,
      signingKey: ca.privateKey,
      signingAlgorithm: ES256,
      extensions: [
        new x509.BasicConstraintsExtension(false, undefined, true),
        new x509.KeyUsagesExtension(
          x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation,
          true,
        ),
        await x509.SubjectKeyIdentifierExtension.create(publicKey),
        await x509.AuthorityKeyIdentifierExtension.create(ca.certificate.publicKey),
      ],
    });
  }

  /**
   * The deployment's own signature on `bytes` (an evidence package's checksum list): ES256,
   * DER-encoded so `openssl dgst -sha256 -verify` reads it with the CA certificate's key.
   */
  async attest(bytes: Uint8Array): Promise<Buffer> {
    const ca = await this.current();
    const raw = await webcrypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, ca.privateKey, bytes);
    const der = new x509.AsnEcSignatureFormatter().toAsnSignature(ES256, raw);
    if (!der) throw new Error('cannot DER-encode an ES256 signature');
    return Buffer.from(der);
  }

  /** A certificate revocation list of `entries`, for `openssl verify -crl_check`. */
  async revocationList(
    entries: { serial: string; revokedAt: Date; reason: x509.X509CrlReason }[],
    now = new Date(),
  ): Promise<x509.X509Crl> {
    const ca = await this.current();
    return x509.X509CrlGenerator.create({
      issuer: ca.certificate.subject,
      thisUpdate: now,
      nextUpdate: new Date(now.getTime() + 24 * 3600_000),
      entries: entries.map((e) => ({
        serialNumber: e.serial,
        revocationDate: e.revokedAt,
        reason: e.reason,
      })),
      signingKey: ca.privateKey,
      signingAlgorithm: ES256,
    });
  }

  private async loadOrCreate(): Promise<LoadedAuthority> {
    const existing = await this.dataSource.manager.findOne(SigningAuthorityEntity, {
      where: {},
      order: { createdAt: 'ASC' },
    });
    // Not a command: the deployment's CA is made once, lazily, by whichever process first
    // needs it (no actor, no audit of its own, nothing to announce).
    // eslint-disable-next-line no-restricted-syntax -- the CA is made once, lazily
    const row = existing ?? (await this.dataSource.transaction((em) => this.create(em)));
    const certificate = new x509.X509Certificate(row.certificateDer);
    const privateKey = await webcrypto.subtle.importKey(
      'pkcs8',
      this.unseal(row.privateKeySealed),
      { name: 'ECDSA', namedCurve: 'P-256' },
      false,
      ['sign'],
    );
    return {
      id: row.id,
      name: row.name,
      certificate,
      pem: certificate.toString('pem'),
      privateKey,
    };
  }

  private async create(em: EntityManager): Promise<SigningAuthorityEntity> {
    await em.query('SELECT pg_advisory_xact_lock($1)', [CA_CREATION_LOCK]);
    const raced = await em.findOne(SigningAuthorityEntity, { where: {}, order: { createdAt: 'ASC' } });
    if (raced) return raced;
    const keys = await webcrypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, [
      'sign',
      'verify',
    ]);
    const notBefore = new Date();
    const notAfter = new Date(notBefore);
    notAfter.setUTCFullYear(notAfter.getUTCFullYear() + CA_VALIDITY_YEARS);
    const certificate = await x509.X509CertificateGenerator.createSelfSigned({
      serialNumber: serialNumber(),
      name: [{ '2.5.4.3': [this.config.CA_NAME] }, { '2.5.4.10': [this.config.CA_NAME] }],
      notBefore,
      notAfter,
      keys,
      signingAlgorithm: ES256,
      extensions: [
        new x509.BasicConstraintsExtension(true, 0, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
        await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
      ],
    });
    const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey));
    return em.save(
      SigningAuthorityEntity,
      em.create(SigningAuthorityEntity, {
        name: this.config.CA_NAME,
        certificateDer: Buffer.from(certificate.rawData),
        privateKeySealed: this.seal(pkcs8),
      }),
    );
  }

  private sealingKey(): Buffer {
    const secret = this.config.CA_KEY_SECRET ?? this.config.JWT_SECRET;
    return Buffer.from(hkdfSync('sha256', secret, 'lien-thong', 'signing-ca-private-key', 32));
  }

  private seal(plain: Buffer): Buffer {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.sealingKey(), iv);
    const body = Buffer.concat([cipher.update(plain), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]);
  }

  private unseal(sealed: Buffer): Buffer {
    const decipher = createDecipheriv('aes-256-gcm', this.sealingKey(), sealed.subarray(0, 12));
    decipher.setAuthTag(sealed.subarray(12, 28));
    try {
      return Buffer.concat([decipher.update(sealed.subarray(28)), decipher.final()]);
    } catch {
      throw new Error(
        'Cannot open the certificate authority key: CA_KEY_SECRET (or JWT_SECRET) differs from the one it was created with',
      );
    }
  }
}

/** A positive 128-bit serial number, as RFC 5280 recommends (random, ≤ 20 octets). */
function serialNumber(): string {
  const bytes = randomBytes(16);
  bytes[0] &= 0x7f;
  bytes[0] |= 0x01;
  return bytes.toString('hex');
}
