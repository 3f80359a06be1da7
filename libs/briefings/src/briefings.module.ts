import { Module } from '@nestjs/common';
import { CommandsModule } from '@lt/commands';
import { AccessModule } from '@lt/access';
import { AuditModule } from '@lt/audit';
import { OrgModule } from '@lt/org';
import { PeopleModule } from '@lt/people';
import { RealtimeModule } from '@lt/realtime';
import { SigningModule } from '@lt/signing';
import { TasksModule } from '@lt/tasks';
import { AssignFromItem } from './assign-from-item';
import { BriefingAccess } from './briefing-access';
import { BriefingReminders } from './briefing-reminders';
import { BriefingSearch } from './briefing-search';
import { BriefingSummaries } from './briefing-summaries';
import { BriefingViews } from './briefing-views';
import { BriefingsController } from './briefings.controller';
import { CloseBriefing } from './close-briefing';
import { CommentItem } from './comment-item';
import { OpenBriefing } from './open-briefing';
import { SubmitReport } from './submit-report';
import { BriefingReorganisation } from './briefing-reorganisation';

@Module({
  imports: [
    CommandsModule,
    AccessModule,
    AuditModule,
    OrgModule,
    PeopleModule,
    RealtimeModule,
    SigningModule,
    TasksModule,
  ],
  controllers: [BriefingsController],
  providers: [
    BriefingReorganisation,
    BriefingAccess,
    BriefingSummaries,
    BriefingViews,
    BriefingSearch,
    OpenBriefing,
    SubmitReport,
    CommentItem,
    AssignFromItem,
    CloseBriefing,
  ],
  exports: [OpenBriefing, SubmitReport, CommentItem, CloseBriefing, BriefingSearch, BriefingAccess],
})
export class BriefingsModule {}

/** For the worker: the reminder before the cut-off only. */
@Module({
  imports: [AccessModule, CommandsModule, OrgModule, PeopleModule, RealtimeModule],
  providers: [BriefingAccess, BriefingSummaries, BriefingReminders],
  exports: [BriefingReminders],
})
export class BriefingRulesModule {}
