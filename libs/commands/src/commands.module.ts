import { Module } from '@nestjs/common';
import { AuditModule } from '@lt/audit';
import { RealtimeModule } from '@lt/realtime';
import { CommandRunner } from './command-runner';
import { IdempotencyKeys } from './idempotency-keys';

@Module({
  imports: [AuditModule, RealtimeModule],
  providers: [CommandRunner, IdempotencyKeys],
  exports: [CommandRunner, IdempotencyKeys],
})
export class CommandsModule {}
