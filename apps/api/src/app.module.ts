import { Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import { AdminModule } from '@lt/admin';
import { AnnotationsModule } from '@lt/annotations';
import { AuthModule } from '@lt/auth';
import { BriefingsModule } from '@lt/briefings';
import { SchedulesModule } from '@lt/schedules';
import { OneStopModule } from '@lt/one-stop';
import { DelegationsModule } from '@lt/delegations';
import { ReorganisationModule } from '@lt/reorganisation';
import { ChatModule } from '@lt/chat';
import { HttpErrorFilter } from '@lt/common';
import { AppConfig, ConfigModule } from '@lt/config';
import { DatabaseModule } from '@lt/database';
import { DirectivesModule } from '@lt/directives';
import { DirectoryModule } from '@lt/directory';
import { DocumentsModule } from '@lt/documents';
import { FilesModule } from '@lt/files';
import { RankingModule } from '@lt/ranking';
import { PushDeliveryModule } from '@lt/push';
import { RealtimeGatewayModule } from '@lt/realtime';
import { ReportingModule } from '@lt/reporting';
import { SearchModule } from '@lt/search';
import { AgendaModule } from '@lt/agenda';
import { SigningModule } from '@lt/signing';
import { TasksModule } from '@lt/tasks';
import { randomUUID } from 'node:crypto';
import { LoggerModule } from 'nestjs-pino';
import { DemoSeeder } from './demo-seeder';
import { HealthController } from './health/health.controller';
import { REALTIME_CONTRACT_DOCS } from './realtime-contract';
import { DATABASE_WIRING } from './wiring';

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

@Module({
  imports: [
    ConfigModule,
    LoggerModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        pinoHttp: {
          level: config.LOG_LEVEL,
          // Keep a caller's request id (x-request-id) so one id follows a request across services.
          genReqId: (req, res) => {
            const given = req.headers['x-request-id'];
            const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
            res.setHeader('x-request-id', id);
            return id;
          },
          redact: ['req.headers.authorization', 'req.headers.cookie'],
          autoLogging: { ignore: (req) => req.url === '/health' },
        },
      }),
    }),
    DatabaseModule.forRoot(DATABASE_WIRING),
    TerminusModule,
    AuthModule,
    DirectoryModule,
    AdminModule,
    FilesModule,
    RealtimeGatewayModule.forRoot(REALTIME_CONTRACT_DOCS),
    DirectivesModule,
    SigningModule,
    TasksModule,
    RankingModule,
    DocumentsModule,
    AnnotationsModule,
    ReportingModule,
    BriefingsModule,
    SchedulesModule,
    OneStopModule,
    DelegationsModule,
    ReorganisationModule,
    ChatModule,
    SearchModule,
    AgendaModule,
    PushDeliveryModule,
  ],
  controllers: [HealthController],
  providers: [{ provide: APP_FILTER, useClass: HttpErrorFilter }, DemoSeeder],
})
export class AppModule {}
