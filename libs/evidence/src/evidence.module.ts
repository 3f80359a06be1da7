import { Module } from '@nestjs/common';
import { AuditModule } from '@lt/audit';
import { CommandsModule } from '@lt/commands';
import { PeopleModule } from '@lt/people';
import { SigningModule } from '@lt/signing';
import { EvidencePackages } from './evidence-packages';

@Module({
  imports: [AuditModule, CommandsModule, PeopleModule, SigningModule],
  providers: [EvidencePackages],
  exports: [EvidencePackages],
})
export class EvidenceModule {}
