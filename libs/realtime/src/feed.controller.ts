import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@lt/access';
import { Authenticated, CurrentActor } from '@lt/auth';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { FeedPage, REALTIME_LIMITS } from './contract';
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
  @ApiOkResponse({ description: '{ events: FeedEnvelope[], head, more }' })
  page(@CurrentActor() actor: Actor, @Query() query: FeedQuery): Promise<FeedPage> {
    return this.feed.page(actor.principal.userId, query.after, query.limit);
  }
}
