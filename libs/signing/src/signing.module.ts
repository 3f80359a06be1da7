import { Module } from '@nestjs/common';
import { CommandsModule } from '@lt/commands';
import { AccessModule } from '@lt/access';
import { AuditModule } from '@lt/audit';
import { OrgModule } from '@lt/org';
import { PeopleModule } from '@lt/people';
import { CertificateAuthority } from './certificate-authority';
import { SignatureVerifier } from './signature-verifier';
import { SignatureBundles } from './signature-bundles';
import { SignedDecisions } from './signed-decision';
import { SignerCertificates } from './signer-certificates';
import { SigningController } from './signing.controller';

@Module({
  imports: [CommandsModule, AccessModule, AuditModule, OrgModule, PeopleModule],
  controllers: [SigningController],
  providers: [CertificateAuthority, SignerCertificates, SignatureVerifier, SignedDecisions, SignatureBundles],
  exports: [CertificateAuthority, SignerCertificates, SignatureVerifier, SignedDecisions, SignatureBundles],
})
export class SigningModule {}
