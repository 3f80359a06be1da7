import { Controller, Get, Header, Param, Query, Req } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import { Public } from '@lt/auth';
import { AppError, ErrorBodyDto } from '@lt/common';
import type { Request } from 'express';
import { PublicFileStatusDto, PublicLookupQuery } from './one-stop.dto';
import { PublicLookup } from './public-lookup';

/** A file code as printed: the OrganId, the day and the number (000.01.32.H17-261207-0001). */
const FILE_CODE = /^[A-Z0-9]{3}\.[A-Z0-9]{2}\.[A-Z0-9]{2}\.[A-Z0-9]{3}-\d{6}-\d{4,6}$/;

/** The citizen's side of the one-stop counter: no account. */
@ApiTags('public')
@Controller('public/one-stop')
export class PublicLookupController {
  constructor(private readonly lookup: PublicLookup) {}

  @Get('files/:code')
  @Public()
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary:
      'Tra cứu hồ sơ: where a file stands, by its code and the PIN on the receipt (no account; limited per address and per code)',
  })
  @ApiOkResponse({ type: PublicFileStatusDto })
  @ApiTooManyRequestsResponse({ type: ErrorBodyDto, description: 'request/rate_limited, with Retry-After' })
  status(
    @Param('code') code: string,
    @Query() query: PublicLookupQuery,
    @Req() request: Request,
  ): Promise<PublicFileStatusDto> {
    const normalised = code.trim().toUpperCase();
    if (!FILE_CODE.test(normalised))
      throw new AppError('request/validation_failed', undefined, [
        { field: 'code', constraints: ['matches'], message: 'code must look like 000.01.32.H17-261207-0001' },
      ]);
    return this.lookup.status(normalised, query.pin, request.ip);
  }
}
