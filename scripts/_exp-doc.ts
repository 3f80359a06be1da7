import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { AppModule } from '../apps/api/src/app.module';
import { writeFileSync } from 'node:fs';
async function main() {
  const app = await NestFactory.create(AppModule, { preview: true, logger: false, abortOnError: false });
  const doc = SwaggerModule.createDocument(app, new DocumentBuilder().addBearerAuth().build());
  writeFileSync('/tmp/rest-exp/doc.json', JSON.stringify(doc, null, 1));
  await app.close();
}
main().catch((e) => { console.error(e); process.exit(1); });
