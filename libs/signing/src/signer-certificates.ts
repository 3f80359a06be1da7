import { Injectable } from '@nestjs/common';
import { CommandRunner } from '@lt/commands';
import { InjectDataSource } from '@nestjs/typeorm';
import { AccessService, Actor } from '@lt/access';
import { AppError } from '@lt/common';
import { AppConfig } from '@lt/config';
import { OrgTreeService } from '@lt/org';
import { PeopleService } from '@lt/people';
import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';
import { CertificateAuthority } from './certificate-authority';
import { RevocationReason, SignerCertificateEntity } from './signer-certificate.entity';
import { x509 } from './x509';

export type CertificateStatus = 'valid' | 'not_yet_valid' | 'expired' | 'revoked';

export interface CertificateView {
  id: string;
  serial: string;
  userId: string;
  positionId: string;
  unitId: string;
  role: string;
  subject: string;
  issuer: string;
  keySha256: string;
  notBefore: string;
  notAfter: string;
  status: CertificateStatus;
  /** The CA's signature on it checks out. */
  chainValid: boolean;
  revokedAt: string | null;
  revocationReason: RevocationReason | null;
  pem: string;
}

/**
 * Enrolment, listing, checking and revocation of signers' certificates. A signer sends a
 * PKCS#10 request made with their own key (which proves they hold it); the server never
 * sees a private key.
 */
@Injectable()
export class SignerCertificates {
  constructor(
    private readonly commands: CommandRunner,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly authority: CertificateAuthority,
    private readonly access: AccessService,
    private readonly tree: OrgTreeService,
    private readonly config: AppConfig,
    private readonly people: PeopleService,
  ) {}

  async enrol(
    actor: Actor,
    csrPem: string,
    positionId: string,
    validity?: { notBefore: Date; notAfter: Date },
  ): Promise<CertificateView> {
    const { principal } = actor;
    const position = principal.positions.find((p) => p.positionId === positionId);
    if (!position) throw new AppError('certificate/position_not_held', { positionId });
    const request = await parseRequest(csrPem);
    const spki = Buffer.from(request.publicKey.rawData);
    const keySha256 = createHash('sha256').update(spki).digest('hex');
    const unit = await this.tree.requireUnit(position.unitId);
    // The title people use ("Chủ tịch UBND phường") when the position has one, else the role.
    const held = (await this.people.positionsOf(principal.userId)).find((p) => p.id === positionId);
    const notBefore = validity?.notBefore ?? new Date();
    const notAfter =
      validity?.notAfter ??
      new Date(notBefore.getTime() + this.config.CERTIFICATE_VALIDITY_DAYS * 86_400_000);
    const certificate = await this.authority.issue(
      request.publicKey,
      {
        fullName: principal.fullName,
        userId: principal.userId,
        role: held?.title ?? position.role,
        unitName: unit.name,
      },
      { notBefore, notAfter },
    );
    const ca = await this.authority.current();
    const saved = await this.commands.run({
      name: 'certificate.enrol',
      actor,
      uniqueViolations: {
        signer_certificates_key_key: new AppError('certificate/key_already_enrolled', { keySha256 }),
      },
      run: async (context) => {
        const { em } = context;
        const row = await em.save(
          SignerCertificateEntity,
          em.create(SignerCertificateEntity, {
            serial: certificate.serialNumber,
            authorityId: ca.id,
            userId: principal.userId,
            positionId,
            unitId: position.unitId,
            role: position.role,
            subject: certificate.subject,
            keySha256,
            der: Buffer.from(certificate.rawData),
            notBefore: certificate.notBefore,
            notAfter: certificate.notAfter,
            revokedAt: null,
            revocationReason: null,
            revokedBy: null,
          }),
        );
        await context.audit({
          actor,
          actingUnitId: position.unitId,
          action: 'certificate.enrol',
          subjectType: 'certificate',
          subjectId: row.id,
          after: { serial: row.serial, keySha256, notAfter: row.notAfter, positionId },
        });
        return row;
      },
    });
    return this.view(saved);
  }

  async mine(actor: Actor): Promise<CertificateView[]> {
    const rows = await this.dataSource.manager.find(SignerCertificateEntity, {
      where: { userId: actor.principal.userId },
      order: { createdAt: 'DESC' },
    });
    return Promise.all(rows.map((r) => this.view(r)));
  }

  /** Its owner, and whoever may read people of its unit, may check a certificate. */
  async get(actor: Actor, id: string): Promise<CertificateView> {
    const row = await this.dataSource.manager.findOne(SignerCertificateEntity, { where: { id } });
    if (!row) throw new AppError('certificate/not_found', { id });
    if (row.userId !== actor.principal.userId) {
      const grant = await this.access.grantFor(actor.principal, 'person.read', row.unitId);
      if (!grant) throw new AppError('certificate/not_found', { id });
    }
    return this.view(row);
  }

  /** Revoked by its owner (a lost key) or by a unit administrator over its unit. */
  async revoke(actor: Actor, id: string, reason: RevocationReason): Promise<CertificateView> {
    const saved = await this.commands.change('certificate.revoke', actor, async (context) => {
      const { em } = context;
      const row = await em.findOne(SignerCertificateEntity, {
        where: { id },
        lock: { mode: 'pessimistic_write' },
      });
      if (!row) throw new AppError('certificate/not_found', { id });
      let actingUnitId = row.unitId;
      if (row.userId !== actor.principal.userId) {
        const grant = await this.access.grantFor(actor.principal, 'person.manage', row.unitId, em);
        if (!grant) {
          const visible = await this.access.grantFor(actor.principal, 'person.read', row.unitId, em);
          if (!visible) throw new AppError('certificate/not_found', { id });
          throw new AppError('access/forbidden', { permission: 'person.manage', unitId: row.unitId });
        }
        actingUnitId = grant.unitId;
      }
      if (row.revokedAt) throw new AppError('certificate/already_revoked', { id, revokedAt: row.revokedAt });
      row.revokedAt = new Date();
      row.revocationReason = reason;
      row.revokedBy = actor.principal.userId;
      await em.save(row);
      await context.audit({
        actor,
        actingUnitId,
        action: 'certificate.revoke',
        subjectType: 'certificate',
        subjectId: row.id,
        after: { serial: row.serial, reason, revokedAt: row.revokedAt },
      });
      return row;
    });
    return this.view(saved);
  }

  /** The current CRL (PEM) of every revoked certificate. */
  async revocationListPem(): Promise<string> {
    const revoked: { serial: string; revokedAt: Date; reason: RevocationReason }[] =
      await this.dataSource.query(
        `SELECT serial, revoked_at AS "revokedAt", revocation_reason AS reason
         FROM signer_certificates WHERE revoked_at IS NOT NULL ORDER BY revoked_at`,
      );
    const crl = await this.authority.revocationList(
      revoked.map((r) => ({
        serial: r.serial,
        revokedAt: r.revokedAt,
        reason: x509.X509CrlReason[r.reason],
      })),
    );
    // openssl reads only the RFC 7468 label 'X509 CRL'.
    return x509.PemConverter.encode(crl.rawData, 'X509 CRL');
  }

  private async view(row: SignerCertificateEntity): Promise<CertificateView> {
    const certificate = new x509.X509Certificate(row.der);
    const ca = await this.authority.current();
    return {
      id: row.id,
      serial: row.serial,
      userId: row.userId,
      positionId: row.positionId,
      unitId: row.unitId,
      role: row.role,
      subject: row.subject,
      issuer: certificate.issuer,
      keySha256: row.keySha256,
      notBefore: row.notBefore.toISOString(),
      notAfter: row.notAfter.toISOString(),
      status: certificateStatus(row, new Date()),
      chainValid: await certificate.verify({ publicKey: ca.certificate.publicKey, signatureOnly: true }),
      revokedAt: row.revokedAt?.toISOString() ?? null,
      revocationReason: row.revocationReason,
      pem: certificate.toString('pem'),
    };
  }
}

export function certificateStatus(
  row: Pick<SignerCertificateEntity, 'revokedAt' | 'notBefore' | 'notAfter'>,
  now: Date,
): CertificateStatus {
  // Any revocation counts, whatever the clocks of the instances that stamped it.
  if (row.revokedAt) return 'revoked';
  if (now < row.notBefore) return 'not_yet_valid';
  if (now > row.notAfter) return 'expired';
  return 'valid';
}

/** Parses a PEM certificate request, checks its self-signature and that its key is P-256. */
async function parseRequest(pem: string): Promise<x509.Pkcs10CertificateRequest> {
  let request: x509.Pkcs10CertificateRequest;
  try {
    request = new x509.Pkcs10CertificateRequest(pem);
  } catch {
    throw new AppError('certificate/request_invalid', { reason: 'not a PEM PKCS#10 certificate request' });
  }
  // The library names an id-ecPublicKey key 'ECDSA' and reads its curve from the parameters.
  const algorithm = request.publicKey.algorithm as { name: string; namedCurve?: string };
  if (algorithm.name !== 'ECDSA' || algorithm.namedCurve !== 'P-256')
    throw new AppError('certificate/key_not_p256');
  let valid = false;
  try {
    valid = await request.verify();
  } catch {
    valid = false;
  }
  if (!valid)
    throw new AppError('certificate/request_invalid', { reason: 'the request is not signed by its key' });
  return request;
}
