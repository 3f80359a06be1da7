import { Module } from '@nestjs/common';
import { CommandsModule } from '@lt/commands';
import { AccessModule } from '@lt/access';
import { AuditModule } from '@lt/audit';
import { OrgModule } from '@lt/org';
import { PeopleModule } from '@lt/people';
import { RealtimeModule } from '@lt/realtime';
import { SigningModule } from '@lt/signing';
import { CitizenFileViewsModule } from '@lt/one-stop';
import { TaskViewsModule } from '@lt/tasks';
import { DecideDisciplineCase } from './decide-discipline-case';
import { DisciplineController } from './discipline.controller';
import { DisciplineQueries } from './discipline-queries';
import { DisciplineCaseViews } from './discipline-views';
import { MonthlyRanking } from './monthly-ranking';
import { RankingController } from './ranking.controller';
import { RankingQueries } from './ranking-queries';
import { RankingRuleSets } from './ranking-rule-sets';

@Module({
  imports: [
    CommandsModule,
    AccessModule,
    AuditModule,
    CitizenFileViewsModule,
    OrgModule,
    PeopleModule,
    RealtimeModule,
    SigningModule,
    TaskViewsModule,
  ],
  controllers: [RankingController, DisciplineController],
  providers: [
    RankingRuleSets,
    MonthlyRanking,
    RankingQueries,
    DisciplineCaseViews,
    DisciplineQueries,
    DecideDisciplineCase,
  ],
  exports: [DisciplineQueries],
})
export class RankingModule {}

/** For the worker: closing the month that has just ended. */
@Module({
  imports: [AuditModule, CommandsModule, OrgModule, PeopleModule],
  providers: [RankingRuleSets, MonthlyRanking],
  exports: [MonthlyRanking],
})
export class RankingWorkerModule {}
