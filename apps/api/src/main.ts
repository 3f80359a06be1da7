import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { AppConfig, failStartup, loadConfig } from '@lt/config';
import { dataSourceOptions, migrateDatabase } from '@lt/database';
import { AppModule } from './app.module';
import { API_DOCS_PATH, configureApp } from './configure-app';
import { DATABASE_WIRING } from './wiring';

let config: AppConfig | undefined;

async function bootstrap(): Promise<void> {
  config = loadConfig();
  await migrateDatabase(dataSourceOptions(config.DATABASE_URL, DATABASE_WIRING));
  const app = await NestFactory.create<NestExpressApplication>(AppModule, {
    bufferLogs: true,
    bodyParser: false,
  });
  await configureApp(app);
  await app.listen(config.PORT, config.HOST);
  const url = (await app.getUrl()).replace('[::1]', 'localhost').replace('127.0.0.1', 'localhost');
  process.stdout.write(`${JSON.stringify({ msg: 'api listening', url, docs: `${url}/${API_DOCS_PATH}` })}\n`);
}

bootstrap().catch((error: unknown) => failStartup(error, config && { host: config.HOST, port: config.PORT }));
