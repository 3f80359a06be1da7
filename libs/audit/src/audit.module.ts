import { Module } from '@nestjs/common';
import { AuditLog } from './audit-log.service';
import { AuditSegments } from './audit-segment';

@Module({ providers: [AuditLog, AuditSegments], exports: [AuditLog, AuditSegments] })
export class AuditModule {}
