import { Module } from '@nestjs/common';
import { AccessModule } from '@lt/access';
import { OrgModule } from '@lt/org';
import { PeopleModule } from '@lt/people';
import { TaskViewsModule } from '@lt/tasks';
import { ViewsModule } from '@lt/views';
import { DocumentsModule } from '@lt/documents';
import { OneStopModule } from '@lt/one-stop';
import { DocumentHandlingReport } from './document-handling-report';
import { ReportingController } from './reporting.controller';
import { TaskSummaryFolding, TaskSummaryFoldingSchedule } from './task-summary-folding';
import { TaskSummaryRepository } from './task-summary.repository';
import { TaskSummaryService } from './task-summary.service';

/** Reports: the task summary table, its drill-downs, trend and exports; documents; the one-stop counter's exports. */
@Module({
  imports: [
    AccessModule,
    DocumentsModule,
    OneStopModule,
    OrgModule,
    PeopleModule,
    TaskViewsModule,
    ViewsModule,
  ],
  controllers: [ReportingController],
  providers: [TaskSummaryRepository, TaskSummaryService, TaskSummaryFolding, DocumentHandlingReport],
  exports: [TaskSummaryService, TaskSummaryFolding],
})
export class ReportingModule {}

/** For the worker: folding the summary's pending deltas on a timer. */
@Module({
  providers: [TaskSummaryFolding, TaskSummaryFoldingSchedule],
  exports: [TaskSummaryFolding],
})
export class ReportingRulesModule {}
