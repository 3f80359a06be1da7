import { Module } from '@nestjs/common';
import { EvidenceModule } from '@lt/evidence';
import { AuthModule } from '@lt/auth';
import { CommandsModule } from '@lt/commands';
import { AccessModule } from '@lt/access';
import { AuditModule } from '@lt/audit';
import { EscalationModule } from '@lt/escalation';
import { FilesModule } from '@lt/files';
import { OrgModule } from '@lt/org';
import { PeopleModule } from '@lt/people';
import { PushModule } from '@lt/push';
import { RealtimeModule } from '@lt/realtime';
import { DirectiveEscalation } from './directive-escalation';
import { DirectiveFollowUp } from './directive-follow-up';
import { DirectivePushNotices } from './directive-push-notices';
import { DirectiveReaders } from './directive-readers';
import { DirectiveReads } from './directive-reads';
import { DirectiveReceipts } from './directive-receipts';
import { DirectiveSocketHandlers } from './directive-socket-handlers';
import { DirectiveTaskSources } from './directive-task-sources';
import { DirectivesController } from './directives.controller';
import { IssueDirective } from './issue-directive';
import { ViewsModule } from '@lt/views';
import { DirectiveReorganisation } from './directive-reorganisation';

/** Who may read directives, and what others show of them: no HTTP, sockets or timers. */
@Module({
  imports: [OrgModule],
  providers: [DirectiveReaders, DirectiveReorganisation],
  exports: [DirectiveReaders],
})
export class DirectiveReadersModule {}

@Module({
  imports: [
    AccessModule,
    AuditModule,
    AuthModule,
    CommandsModule,
    DirectiveReadersModule,
    EscalationModule,
    EvidenceModule,
    FilesModule,
    OrgModule,
    PeopleModule,
    PushModule,
    RealtimeModule,
    ViewsModule,
  ],
  controllers: [DirectivesController],
  providers: [
    IssueDirective,
    DirectivePushNotices,
    DirectiveFollowUp,
    DirectiveReceipts,
    DirectiveSocketHandlers,
    DirectiveEscalation,
    DirectiveReads,
    DirectiveTaskSources,
  ],
  exports: [
    IssueDirective,
    DirectiveEscalation,
    DirectiveFollowUp,
    DirectiveReads,
    DirectiveReadersModule,
    DirectiveTaskSources,
  ],
})
export class DirectivesModule {}

/** For the worker: the timed rules only, no HTTP or socket handlers. */
@Module({
  imports: [AuditModule, CommandsModule, EscalationModule, OrgModule, PeopleModule, RealtimeModule],
  providers: [DirectiveEscalation],
  exports: [DirectiveEscalation],
})
export class DirectiveRulesModule {}
