import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';

/**
 * The OpenAPI document of every route, from the controllers' decorators and the DTO classes.
 * Served by configureApp and turned into the browser's types by scripts/openapi-types.ts.
 */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  return SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Liên Thông API')
      .setDescription(
        'Cơ quan điện tử liên thông — electronic office for local government. Every route needs a Bearer ' +
          'access token from POST /auth/sign-in unless marked otherwise. Errors share one shape: ' +
          '`{ statusCode, code, message: { vi, en }, fields?, details?, requestId }` (ErrorBodyDto).',
      )
      .setVersion('0.1.0')
      .addBearerAuth()
      .build(),
  );
}
