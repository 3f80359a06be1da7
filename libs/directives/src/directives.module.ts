import { Module } from '@nestjs/common';
import { AuthModule } from '@lt/auth';
import { CommandsModule } from '@lt/commands';
import { AccessModule } from '@lt/access';
import { AuditModule } from '@lt/audit';
import { FilesModule } from '@lt/files';
import { OrgModule } from '@lt/org';
import { PeopleModule } from '@lt/people';
import { RealtimeModule } from '@lt/realtime';
import { DirectiveEscalation } from './directive-escalation';
import { DirectiveFollowUp } from './directive-follow-up';
import { DirectiveReads } from './directive-reads';
import { DirectiveReceipts } from './directive-receipts';
import { DirectiveSocketHandlers } from './directive-socket-handlers';
import { DirectivesController } from './directives.controller';
import { IssueDirective } from './issue-directive';

@Module({
  imports: [
    AccessModule,
    AuditModule,
    AuthModule,
    CommandsModule,
    FilesModule,
    OrgModule,
    PeopleModule,
    RealtimeModule,
  ],
  controllers: [DirectivesController],
  providers: [
    IssueDirective,
    DirectiveFollowUp,
    DirectiveReceipts,
    DirectiveSocketHandlers,
    DirectiveEscalation,
    DirectiveReads,
  ],
  exports: [IssueDirective, DirectiveEscalation, DirectiveReads],
})
export class DirectivesModule {}

/** For the worker: the timed rules only, no HTTP or socket handlers. */
@Module({
  imports: [AuditModule, CommandsModule, OrgModule, PeopleModule, RealtimeModule],
  providers: [DirectiveEscalation],
  exports: [DirectiveEscalation],
})
export class DirectiveRulesModule {}
