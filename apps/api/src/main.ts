import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { ConfigError, loadConfig } from '@lt/config';
import { dataSourceOptions, migrateDatabase } from '@lt/database';
import { AppModule } from './app.module';
import { API_DOCS_PATH, configureApp } from './configure-app';
import { DATABASE_WIRING } from './wiring';

async function bootstrap(): Promise<void> {
  const config = loadConfig();
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

bootstrap().catch((error: unknown) => {
  process.stderr.write(
    `${error instanceof ConfigError ? error.message : String((error as Error)?.stack ?? error)}\n`,
  );
  process.exit(1);
});
