import type { INestApplication } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import { SwaggerModule } from '@nestjs/swagger';
import { createValidationPipe, toErrorBody } from '@lt/common';
import { AppConfig } from '@lt/config';
import { RealtimeBroker, RealtimeIoAdapter } from '@lt/realtime';
import type { NextFunction, Request, Response } from 'express';
import { json, text } from 'express';
import { Logger } from 'nestjs-pino';
import { buildOpenApiDocument } from './openapi';
import { securityHeaders } from './security-headers';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const API_DOCS_PATH = 'api/docs';

/**
 * Everything about the HTTP surface that is not a route: body limit, validation, error
 * shape, logs, CORS, OpenAPI. Shared by main.ts and the e2e tests, so tests run the real thing.
 */
export async function configureApp(app: NestExpressApplication): Promise<INestApplication> {
  const config = app.get(AppConfig);
  // socket.io on the same port; the adapter between instances needs its connections first.
  const broker = app.get(RealtimeBroker);
  await broker.connect();
  app.useWebSocketAdapter(new RealtimeIoAdapter(app, config, broker));
  app.useLogger(app.get(Logger));
  app.set('trust proxy', config.TRUST_PROXY);
  app.disable('x-powered-by');
  for (const handler of securityHeaders(config, API_DOCS_PATH)) app.use(handler);
  app.use(json({ limit: config.BODY_LIMIT }));
  // edXML packages (docs/edxml.md): attachments travel inside them, so their limit is their own.
  app.use(text({ type: ['application/xml', 'text/xml'], limit: config.EDXML_MAX_BYTES }));
  // Body-parser errors (too large, malformed JSON) happen before Nest's filters; shape them here.
  app.use((error: unknown, req: Request & { id?: unknown }, res: Response, next: NextFunction) => {
    if (!error) return next();
    const body = toErrorBody(error, typeof req.id === 'string' ? req.id : undefined);
    res.status(body.statusCode).json(body);
  });
  // The browser app: index.html at `/`, hashed assets cached for a year. Its routes live
  // after `#`, so they never meet an API route.
  const web = resolve(config.WEB_DIST_DIR);
  if (existsSync(join(web, 'index.html'))) {
    app.useStaticAssets(web, {
      index: 'index.html',
      setHeaders: (res: Response, path: string) =>
        res.setHeader(
          'Cache-Control',
          path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
        ),
    });
  }
  app.useGlobalPipes(createValidationPipe());
  app.enableCors({ origin: config.CORS_ORIGINS.length > 0 ? config.CORS_ORIGINS : false });
  app.enableShutdownHooks();

  const document = buildOpenApiDocument(app);
  SwaggerModule.setup(API_DOCS_PATH, app, document, { jsonDocumentUrl: `${API_DOCS_PATH}-json` });
  return app;
}
