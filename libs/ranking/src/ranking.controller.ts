import { Body, Controller, Get, HttpCode, Post, Put, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@lt/access';
import { Authenticated, CurrentActor } from '@lt/auth';
import { ComputeMonthQuery, RankingQuery, UpdateRankingRulesDto } from './ranking.dto';
import { MonthlyRanking, StoredMonth } from './monthly-ranking';
import { RankingQueries, RankingView } from './ranking-queries';
import { RankingRuleSets, RuleSetView } from './ranking-rule-sets';

/** Monthly ranking (xếp loại hàng tháng): the rules, the months, and what a leader sees. */
@ApiTags('ranking')
@Controller('ranking')
export class RankingController {
  constructor(
    private readonly ruleSets: RankingRuleSets,
    private readonly monthly: MonthlyRanking,
    private readonly queries: RankingQueries,
  ) {}

  @Get()
  @Authenticated()
  @ApiOperation({
    summary:
      'Units and staff of your reach graded for a month: stored once it has ended, provisional for the current one',
  })
  view(@CurrentActor() actor: Actor, @Query() query: RankingQuery): Promise<RankingView> {
    return this.queries.view(actor, query);
  }

  @Get('rules')
  @Authenticated()
  @ApiOperation({ summary: 'The ranking rules in force (the newest rule set)' })
  rules(): Promise<RuleSetView> {
    return this.ruleSets.view();
  }

  @Put('rules')
  @Authenticated({ permission: 'ranking.configure' })
  @ApiOperation({
    summary: 'Adopt new ranking rules (admin of a root unit); months already stored keep theirs',
  })
  updateRules(@CurrentActor() actor: Actor, @Body() dto: UpdateRankingRulesDto): Promise<RuleSetView> {
    return this.ruleSets.update(actor, dto);
  }

  @Post('compute')
  @HttpCode(201)
  @Authenticated()
  @ApiOperation({
    summary: 'Compute and store an ended month not stored yet (leaders of a root unit, or its admin)',
  })
  compute(@CurrentActor() actor: Actor, @Query() query: ComputeMonthQuery): Promise<StoredMonth> {
    return this.monthly.compute(actor, query.month);
  }
}
