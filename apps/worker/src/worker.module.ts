import { Module } from '@nestjs/common';
import { AppConfig, ConfigModule } from '@lt/config';
import { DatabaseModule } from '@lt/database';
import { LoggerModule } from 'nestjs-pino';
import { DATABASE_WIRING } from '../../api/src/wiring';
import { HeartbeatService } from './heartbeat.service';

@Module({
  imports: [
    ConfigModule,
    LoggerModule.forRootAsync({ inject: [AppConfig], useFactory: (config: AppConfig) => ({ pinoHttp: { level: config.LOG_LEVEL } }) }),
    DatabaseModule.forRoot(DATABASE_WIRING),
  ],
  providers: [HeartbeatService],
})
export class WorkerModule {}
