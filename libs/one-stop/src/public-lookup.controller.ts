import { Body, Controller, Get, Header, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import { Public } from '@lt/auth';
import { AppError, ErrorBodyDto } from '@lt/common';
import type { Request } from 'express';
import {
  FeedbackUnitDto,
  PublicFeedbackDto,
  PublicFileStatusDto,
  PublicLookupQuery,
  RatedDto,
  RatingDto,
  SendFeedbackDto,
  SentFeedbackDto,
} from './one-stop.dto';
import { FeedbackMailbox } from './feedback-mailbox';
import { PublicLookup } from './public-lookup';

/** A file code as printed: the OrganId, the day and the number (000.01.32.H17-261207-0001). */
const FILE_CODE = /^[A-Z0-9]{3}\.[A-Z0-9]{2}\.[A-Z0-9]{2}\.[A-Z0-9]{3}-\d{6}-\d{4,6}$/;

/** A feedback code as given on sending: GY-261208-482913. */
const FEEDBACK_CODE = /^GY-\d{6}-\d{6}$/;

function codeLike(code: string, shape: RegExp, example: string): string {
  const normalised = code.trim().toUpperCase();
  if (!shape.test(normalised))
    throw new AppError('request/validation_failed', undefined, [
      { field: 'code', constraints: ['matches'], message: `code must look like ${example}` },
    ]);
  return normalised;
}

/** The citizen's side of the one-stop counter: no account. */
@ApiTags('public')
@Controller('public')
export class PublicLookupController {
  constructor(
    private readonly lookup: PublicLookup,
    private readonly mailbox: FeedbackMailbox,
  ) {}

  @Get('one-stop/files/:code')
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
    return this.lookup.status(codeLike(code, FILE_CODE, '000.01.32.H17-261207-0001'), query.pin, request.ip);
  }

  @Post('one-stop/files/:code/rating')
  @Public()
  @HttpCode(201)
  @ApiOperation({
    summary:
      'Đánh giá mức độ hài lòng: once the result is handed back, one rating per file, by its code and PIN (no account)',
  })
  @ApiCreatedResponse({ type: RatedDto })
  @ApiTooManyRequestsResponse({ type: ErrorBodyDto, description: 'request/rate_limited, with Retry-After' })
  rate(@Param('code') code: string, @Body() dto: RatingDto, @Req() request: Request): Promise<RatedDto> {
    return this.lookup.rate(codeLike(code, FILE_CODE, '000.01.32.H17-261207-0001'), dto, request.ip);
  }

  @Get('feedback/units')
  @Public()
  @ApiOperation({
    summary: 'The units whose feedback mailbox a citizen may write to (those with a one-stop counter)',
  })
  @ApiOkResponse({ type: [FeedbackUnitDto] })
  feedbackUnits(@Req() request: Request): Promise<FeedbackUnitDto[]> {
    return this.mailbox.units(request.ip);
  }

  @Post('feedback')
  @Public()
  @HttpCode(201)
  @ApiOperation({
    summary:
      'Hòm thư góp ý, phản ánh: write to a unit without an account; keep the code and PIN to read the answer',
  })
  @ApiCreatedResponse({ type: SentFeedbackDto })
  @ApiTooManyRequestsResponse({ type: ErrorBodyDto, description: 'request/rate_limited, with Retry-After' })
  sendFeedback(@Body() dto: SendFeedbackDto, @Req() request: Request): Promise<SentFeedbackDto> {
    return this.mailbox.send(dto, request.ip);
  }

  @Get('feedback/:code')
  @Public()
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'A citizen reads their feedback and the unit’s answer, by code and PIN' })
  @ApiOkResponse({ type: PublicFeedbackDto })
  feedback(
    @Param('code') code: string,
    @Query() query: PublicLookupQuery,
    @Req() request: Request,
  ): Promise<PublicFeedbackDto> {
    return this.mailbox.status(codeLike(code, FEEDBACK_CODE, 'GY-261208-482913'), query.pin, request.ip);
  }
}
