import { Injectable } from '@nestjs/common';
import { ActingPosition, Actor, delegatedPositions, isDelegablePower } from '@lt/access';
import { AppError } from '@lt/common';
import { AppConfig } from '@lt/config';
import { PeopleService } from '@lt/people';
import { createHash, KeyObject, verify, X509Certificate } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { canonicalJson } from './canonical-json';
import { CertificateAuthority } from './certificate-authority';
import { certificateStatus } from './signer-certificates';
import { SignerCertificateEntity } from './signer-certificate.entity';

/** What every signed content carries besides its own fields. */
export interface SignedContentBase {
  /** What is signed and in which version, e.g. `lien-thong/task-assignment@1`. */
  kind: string;
  /** When the signer signed (ISO 8601); must be close to the server's clock. */
  issuedAt: string;
  /** Used once per signer, ever: a replayed signature is refused. */
  nonce: string;
  /**
   * Signing thừa ủy quyền: the delegation and its delegator, inside the signed bytes, so the
   * signature itself names both people. Absent when signing in one's own right.
   */
  actingFor?: { delegationId: string; delegatorId: string } | null;
}

export interface SignedSubmission<C extends SignedContentBase> {
  content: C;
  /** ES256: base64url of the raw 64-byte r‖s ECDSA P-256 signature over the canonical bytes. */
  signature: string;
  certificateId: string;
}

export interface VerifiedSignature {
  signatureId: string;
  certificate: SignerCertificateEntity;
  /**
   * The position the content is signed with, which decides what it may ask: the one the
   * certificate names, or — signed thừa ủy quyền — the delegator's, its `delegation` set.
   */
  position: ActingPosition;
  /** What a record made from the content cites: the signature and when it was signed. */
  signed: { signatureId: string; issuedAt: string };
}

/** The delegable power a signature's purpose uses, where the two are not named alike. */
const POWER_OF_PURPOSE: Record<string, string> = {
  'annotation.sign': 'annotation.write',
  'discipline_case.decide': 'discipline.decide',
};

const SIGNATURE_BYTES = 64;
const BASE64URL = /^[A-Za-z0-9_-]+$/;

/**
 * Checks a signed content before anything it asks for is accepted, and records it: the
 * certificate exists, belongs to the caller and to a position they still hold, is within
 * its validity and not revoked, was issued by this deployment's CA; the signature matches
 * the RFC 8785 bytes of the content; `issuedAt` is recent and the nonce is new. Runs in
 * the caller's transaction, so the signature is stored exactly when the change commits.
 */
@Injectable()
export class SignatureVerifier {
  /** Parsed keys and CA checks per certificate; a certificate's bytes never change. */
  private readonly keys = new Map<string, { publicKey: KeyObject; issuedByCa: boolean }>();

  constructor(
    private readonly authority: CertificateAuthority,
    private readonly config: AppConfig,
    private readonly people: PeopleService,
  ) {}

  async verifyAndRecord<C extends SignedContentBase>(
    em: EntityManager,
    actor: Actor,
    purpose: string,
    submission: SignedSubmission<C>,
    now = new Date(),
  ): Promise<VerifiedSignature> {
    const { principal } = actor;
    // FOR SHARE: a revocation committing meanwhile waits for this transaction, or this one
    // sees it — never a task accepted on a certificate revoked before it committed.
    const certificate = await em.findOne(SignerCertificateEntity, {
      where: { id: submission.certificateId },
      lock: { mode: 'pessimistic_read' },
    });
    if (!certificate)
      throw new AppError('signature/certificate_not_found', { certificateId: submission.certificateId });
    if (certificate.userId !== principal.userId) throw new AppError('signature/certificate_not_yours');
    const status = certificateStatus(certificate, now);
    if (status === 'revoked')
      throw new AppError('signature/certificate_revoked', {
        revokedAt: certificate.revokedAt,
        reason: certificate.revocationReason,
      });
    if (status !== 'valid')
      throw new AppError('signature/certificate_expired', {
        notBefore: certificate.notBefore,
        notAfter: certificate.notAfter,
      });
    const key = await this.keyOf(certificate);
    if (!key.issuedByCa) throw new AppError('signature/certificate_untrusted');
    // The position must still be the caller's, in the unit and role the certificate names
    // (a person moved to another unit keeps the position's id), read under a share lock so a
    // removal cannot commit in between.
    const held = await this.people.lockHeldPosition(em, {
      positionId: certificate.positionId,
      userId: principal.userId,
      unitId: certificate.unitId,
      role: certificate.role,
    });
    const position = principal.positions.find((p) => p.positionId === certificate.positionId);
    if (!held || !position)
      throw new AppError('signature/position_not_held', { positionId: certificate.positionId });

    const actingFor = this.delegatedPosition(principal, purpose, submission.content.actingFor);

    const signature = decodeSignature(submission.signature);
    const canonical = canonicalJson(submission.content);
    const valid = verifyEs256(key.publicKey, canonical, signature);
    if (!valid) throw new AppError('signature/invalid');

    const issuedAt = new Date(submission.content.issuedAt);
    const skewMs = this.config.SIGNATURE_MAX_SKEW_SECONDS * 1000;
    if (Number.isNaN(issuedAt.getTime()) || Math.abs(issuedAt.getTime() - now.getTime()) > skewMs)
      throw new AppError('signature/stale', {
        issuedAt: submission.content.issuedAt,
        maxSkewSeconds: skewMs / 1000,
      });

    const [row]: { id: string }[] = await em.query(
      `INSERT INTO signatures (purpose, signer_id, certificate_id, nonce, canonical, content_sha256, signature, signed_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (signer_id, nonce) DO NOTHING RETURNING id`,
      [
        purpose,
        principal.userId,
        certificate.id,
        submission.content.nonce,
        canonical,
        createHash('sha256').update(canonical).digest('hex'),
        signature,
        issuedAt,
      ],
    );
    if (!row) throw new AppError('signature/nonce_reused', { nonce: submission.content.nonce });
    return {
      signatureId: row.id,
      certificate,
      position: actingFor ?? position,
      signed: { signatureId: row.id, issuedAt: submission.content.issuedAt },
    };
  }

  /**
   * The delegator's position a content signed thừa ủy quyền uses: a delegation running now,
   * to the signer, from that delegator, carrying the power the purpose names.
   */
  private delegatedPosition(
    principal: Actor['principal'],
    purpose: string,
    actingFor: SignedContentBase['actingFor'],
  ): ActingPosition | null {
    if (!actingFor) return null;
    const power = POWER_OF_PURPOSE[purpose] ?? purpose;
    const delegated = isDelegablePower(power)
      ? delegatedPositions(principal, power).find(
          (p) =>
            p.delegation!.delegationId === actingFor.delegationId &&
            p.delegation!.delegatorId === actingFor.delegatorId,
        )
      : undefined;
    if (!delegated) throw new AppError('delegation/not_running', { delegationId: actingFor.delegationId });
    return delegated;
  }

  private async keyOf(certificate: SignerCertificateEntity) {
    const cached = this.keys.get(certificate.id);
    if (cached) return cached;
    const ca = await this.authority.current();
    const parsed = new X509Certificate(certificate.der);
    const caCertificate = new X509Certificate(Buffer.from(ca.certificate.rawData));
    const entry = {
      publicKey: parsed.publicKey,
      issuedByCa: parsed.checkIssued(caCertificate) && parsed.verify(caCertificate.publicKey),
    };
    if (this.keys.size > 10_000) this.keys.clear();
    this.keys.set(certificate.id, entry);
    return entry;
  }
}

function decodeSignature(text: string): Buffer {
  const bytes = BASE64URL.test(text) ? Buffer.from(text, 'base64url') : Buffer.alloc(0);
  if (bytes.length !== SIGNATURE_BYTES)
    throw new AppError('signature/malformed', { expectedBytes: SIGNATURE_BYTES });
  return bytes;
}

/** ES256: ECDSA P-256 with SHA-256 over `message`, the signature as raw r‖s (IEEE P1363). */
export function verifyEs256(publicKey: KeyObject, message: Buffer, signature: Buffer): boolean {
  return verify('sha256', message, { key: publicKey, dsaEncoding: 'ieee-p1363' }, signature);
}
