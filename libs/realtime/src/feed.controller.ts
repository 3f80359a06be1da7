import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@lt/access';
import { Authenticated, CurrentActor } from '@lt/auth';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { FeedEnvelope, FeedPage, REALTIME_LIMITS } from './contract';
import { FeedService } from './feed.service';

export class FeedQuery {
  /** The highest `seq` the client has applied; 0 for everything kept. */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  after: number = 0;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(REALTIME_LIMITS.feedPageMax)
  limit?: number;
}

/** One durable event; its payload per event name is described by the AsyncAPI document. */
export class FeedEnvelopeDto {
  @ApiProperty({ description: 'The cursor: apply in this order' }) seq: number;
  @ApiProperty({ example: 'task.changed', description: 'The event name (GET /api/asyncapi.json)' })
  name: string;
  @ApiProperty({ format: 'date-time' }) at: string;
  @ApiProperty({ type: 'object', additionalProperties: true, description: "The event's payload" })
  payload: object;
}

export class FeedPageDto implements FeedPage {
  @ApiProperty({ type: [FeedEnvelopeDto] }) events: FeedEnvelope[];
  @ApiProperty({ description: 'The highest seq of the whole deployment when the page was read' })
  head: number;
  @ApiProperty({ description: 'More events follow: sync again from the last seq of this page' })
  more: boolean;
}

@ApiTags('realtime')
@Controller('feed')
export class FeedController {
  constructor(private readonly feed: FeedService) {}

  @Get()
  @Authenticated()
  @ApiOperation({
    summary: 'My event feed after a cursor (for clients that poll; sockets use feed.sync)',
    description: 'Same envelopes and cursor rules as the socket feed: see GET /api/asyncapi.json.',
  })
  @ApiOkResponse({ type: FeedPageDto })
  page(@CurrentActor() actor: Actor, @Query() query: FeedQuery): Promise<FeedPageDto> {
    return this.feed.page(actor.principal.userId, query.after, query.limit);
  }
}
