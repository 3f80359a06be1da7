import { Controller, Get, Req } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '@lt/auth';
import type { Request } from 'express';
import { buildAsyncApiDocument } from './asyncapi';

/** The socket event contract as AsyncAPI, next to the OpenAPI document of the REST routes. */
@ApiExcludeController()
@Controller('api')
export class AsyncApiController {
  @Get('asyncapi.json')
  @Public()
  document(@Req() request: Request): Record<string, unknown> {
    return buildAsyncApiDocument({ serverUrl: request.get('host') ?? undefined, version: '0.1.0' });
  }
}
