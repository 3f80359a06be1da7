import { Controller, Get, Inject, Req } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '@lt/auth';
import type { Request } from 'express';
import { buildAsyncApiDocument, REALTIME_CONTRACT, type RealtimeContract } from './asyncapi';

/** The socket event contract as AsyncAPI, next to the OpenAPI document of the REST routes. */
@ApiExcludeController()
@Controller('api')
export class AsyncApiController {
  constructor(@Inject(REALTIME_CONTRACT) private readonly contract: RealtimeContract) {}

  @Get('asyncapi.json')
  @Public()
  document(@Req() request: Request): Record<string, unknown> {
    return buildAsyncApiDocument(this.contract, {
      serverUrl: request.get('host') ?? undefined,
      version: '0.1.0',
    });
  }
}
