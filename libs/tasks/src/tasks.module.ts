import { Module } from '@nestjs/common';
import { CommandsModule } from '@lt/commands';
import { AccessModule } from '@lt/access';
import { AuditModule } from '@lt/audit';
import { FilesModule } from '@lt/files';
import { DirectivesModule } from '@lt/directives';
import { EscalationModule } from '@lt/escalation';
import { LatenessModule } from '@lt/lateness';
import { OrgModule } from '@lt/org';
import { PeopleModule } from '@lt/people';
import { RealtimeModule } from '@lt/realtime';
import { SigningModule } from '@lt/signing';
import { EvidenceModule } from '@lt/evidence';
import { AssignTask } from './assign-task';
import { TaskCounts } from './task-counts';
import { TaskDeadlines } from './task-deadlines';
import { TaskEscalation } from './task-escalation';
import { TaskLateness } from './task-lateness';
import { TaskQueries } from './task-queries';
import { TaskReaders } from './task-readers';
import { TaskReads } from './task-reads';
import { TaskWorkflow } from './task-workflow';
import { TasksController } from './tasks.controller';
import { TaskViews } from './task-views';
import { ViewsModule } from '@lt/views';
import { TaskReorganisation } from './task-reorganisation';

/** Tasks as other capabilities read them: summaries with their names, their audiences, counts by outcome. */
@Module({
  imports: [OrgModule, PeopleModule],
  providers: [TaskViews, TaskCounts, TaskReorganisation],
  exports: [TaskViews, TaskCounts],
})
export class TaskViewsModule {}

@Module({
  imports: [
    CommandsModule,
    AccessModule,
    AuditModule,
    DirectivesModule,
    EscalationModule,
    EvidenceModule,
    FilesModule,
    LatenessModule,
    OrgModule,
    PeopleModule,
    RealtimeModule,
    SigningModule,
    TaskViewsModule,
    ViewsModule,
  ],
  controllers: [TasksController],
  providers: [AssignTask, TaskWorkflow, TaskQueries, TaskLateness, TaskEscalation, TaskReads, TaskReaders],
  exports: [AssignTask, TaskWorkflow, TaskQueries, TaskViewsModule, TaskReads, TaskReaders],
})
export class TasksModule {}

/** For the worker: the deadline rules only. */
@Module({
  imports: [
    AuditModule,
    CommandsModule,
    EscalationModule,
    LatenessModule,
    OrgModule,
    PeopleModule,
    RealtimeModule,
    TaskViewsModule,
  ],
  providers: [TaskLateness, TaskEscalation, TaskDeadlines],
  exports: [TaskDeadlines],
})
export class TaskRulesModule {}
