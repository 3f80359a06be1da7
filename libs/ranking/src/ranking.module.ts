import { Module } from '@nestjs/common';
import { CommandsModule } from '@lt/commands';
import { AccessModule } from '@lt/access';
import { AuditModule } from '@lt/audit';
import { RealtimeModule } from '@lt/realtime';
import { TaskViewsModule } from '@lt/tasks';
import { DecideDisciplineCase } from './decide-discipline-case';
import { DisciplineController } from './discipline.controller';
import { DisciplineQueries } from './discipline-queries';
import { MonthlyRanking } from './monthly-ranking';
import { RankingController } from './ranking.controller';
import { RankingQueries } from './ranking-queries';
import { RankingRuleSets } from './ranking-rule-sets';

@Module({
  imports: [CommandsModule, AccessModule, AuditModule, RealtimeModule, TaskViewsModule],
  controllers: [RankingController, DisciplineController],
  providers: [RankingRuleSets, MonthlyRanking, RankingQueries, DisciplineQueries, DecideDisciplineCase],
})
export class RankingModule {}

/** For the worker: closing the month that has just ended. */
@Module({
  imports: [AuditModule, CommandsModule],
  providers: [RankingRuleSets, MonthlyRanking],
  exports: [MonthlyRanking],
})
export class RankingWorkerModule {}
