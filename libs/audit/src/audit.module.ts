import { Module } from '@nestjs/common';
import { AuditLog } from './audit-log.service';
import { AuditReads } from './audit-reads';
import { AuditSegments } from './audit-segment';

@Module({ providers: [AuditLog, AuditSegments, AuditReads], exports: [AuditLog, AuditSegments, AuditReads] })
export class AuditModule {}
