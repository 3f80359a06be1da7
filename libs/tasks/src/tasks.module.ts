import { Module } from '@nestjs/common';
import { CommandsModule } from '@lt/commands';
import { AccessModule } from '@lt/access';
import { AuditModule } from '@lt/audit';
import { FilesModule } from '@lt/files';
import { OrgModule } from '@lt/org';
import { PeopleModule } from '@lt/people';
import { RealtimeModule } from '@lt/realtime';
import { SigningModule } from '@lt/signing';
import { AssignTask } from './assign-task';
import { TaskDeadlines } from './task-deadlines';
import { TaskLateness } from './task-lateness';
import { TaskQueries } from './task-queries';
import { TaskReaders } from './task-readers';
import { TaskReads } from './task-reads';
import { TaskWorkflow } from './task-workflow';
import { TasksController } from './tasks.controller';

@Module({
  imports: [
    CommandsModule,
    AccessModule,
    AuditModule,
    FilesModule,
    OrgModule,
    PeopleModule,
    RealtimeModule,
    SigningModule,
  ],
  controllers: [TasksController],
  providers: [AssignTask, TaskWorkflow, TaskQueries, TaskLateness, TaskReads, TaskReaders],
  exports: [AssignTask, TaskWorkflow, TaskQueries, TaskReads, TaskReaders],
})
export class TasksModule {}

/** For the worker: the deadline rules only. */
@Module({
  imports: [AuditModule, CommandsModule, RealtimeModule],
  providers: [TaskLateness, TaskDeadlines],
  exports: [TaskDeadlines],
})
export class TaskRulesModule {}
