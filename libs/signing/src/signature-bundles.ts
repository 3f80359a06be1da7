import { Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { CertificateAuthority } from './certificate-authority';
import { SignatureBundle, signatureBundle } from './signature-bundle';
import { SignatureRecordEntity } from './signature-record.entity';
import { SignerCertificateEntity } from './signer-certificate.entity';

/** Stored signatures as bundles an inspector re-verifies with openssl (docs/signing.md). */
@Injectable()
export class SignatureBundles {
  constructor(private readonly authority: CertificateAuthority) {}

  /** The bundles of these signatures, by id (an unknown id is left out). */
  async of(em: EntityManager, signatureIds: string[]): Promise<Map<string, SignatureBundle>> {
    const bundles = new Map<string, SignatureBundle>();
    if (signatureIds.length === 0) return bundles;
    const records = await em.find(SignatureRecordEntity, { where: { id: In(signatureIds) } });
    const certificates = await em.find(SignerCertificateEntity, {
      where: { id: In([...new Set(records.map((r) => r.certificateId))]) },
    });
    const der = new Map(certificates.map((c) => [c.id, c.der]));
    const caPem = (await this.authority.current()).pem;
    for (const record of records)
      bundles.set(record.id, signatureBundle(record, der.get(record.certificateId)!, caPem));
    return bundles;
  }

  async one(em: EntityManager, signatureId: string): Promise<SignatureBundle> {
    const bundle = (await this.of(em, [signatureId])).get(signatureId);
    if (!bundle) throw new Error(`signature ${signatureId} not found`);
    return bundle;
  }
}
