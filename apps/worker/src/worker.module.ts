import { Module } from '@nestjs/common';
import { CommandsModule } from '@lt/commands';
import { BriefingRulesModule } from '@lt/briefings';
import { AppConfig, ConfigModule } from '@lt/config';
import { DatabaseModule } from '@lt/database';
import { DirectiveRulesModule } from '@lt/directives';
import { EscalationModule } from '@lt/escalation';
import { FilesRulesModule } from '@lt/files';
import { RankingWorkerModule } from '@lt/ranking';
import { RealtimeModule } from '@lt/realtime';
import { ReportingRulesModule } from '@lt/reporting';
import { TaskRulesModule } from '@lt/tasks';
import { LoggerModule } from 'nestjs-pino';
import { DATABASE_WIRING } from '../../api/src/wiring';
import { HeartbeatService } from './heartbeat.service';
import { TimedRulesService } from './timed-rules.service';
import { DocumentRulesModule } from '@lt/documents';
import { OneStopRulesModule } from '@lt/one-stop';

@Module({
  imports: [
    ConfigModule,
    LoggerModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({ pinoHttp: { level: config.LOG_LEVEL } }),
    }),
    DatabaseModule.forRoot(DATABASE_WIRING),
    DirectiveRulesModule,
    TaskRulesModule,
    EscalationModule,
    RankingWorkerModule,
    FilesRulesModule,
    RealtimeModule,
    CommandsModule,
    ReportingRulesModule,
    BriefingRulesModule,
    DocumentRulesModule,
    OneStopRulesModule,
  ],
  providers: [HeartbeatService, TimedRulesService],
})
export class WorkerModule {}
