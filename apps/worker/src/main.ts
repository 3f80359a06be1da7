import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { failStartup, loadConfig } from '@lt/config';
import { Logger } from 'nestjs-pino';
import { WorkerModule } from './worker.module';

/** The worker: a NestJS application context (no HTTP) that stops cleanly on SIGINT/SIGTERM. */
async function bootstrap(): Promise<void> {
  loadConfig();
  const app = await NestFactory.createApplicationContext(WorkerModule, { bufferLogs: true });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  await app.init();
}

bootstrap().catch((error: unknown) => failStartup(error));
