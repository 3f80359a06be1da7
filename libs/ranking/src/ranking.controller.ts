import { Body, Controller, Get, HttpCode, Post, Put, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@lt/access';
import { Authenticated, CurrentActor } from '@lt/auth';
import { ComputeMonthQuery, RankingQuery, UpdateRankingRulesDto } from './ranking.dto';
import { MonthlyRanking } from './monthly-ranking';
import { RankingQueries } from './ranking-queries';
import { RankingRuleSets } from './ranking-rule-sets';
import { RankingViewDto, RuleSetViewDto, StoredMonthDto } from './ranking-views.dto';

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
  @ApiOkResponse({ type: RankingViewDto })
  view(@CurrentActor() actor: Actor, @Query() query: RankingQuery): Promise<RankingViewDto> {
    return this.queries.view(actor, query);
  }

  @Get('rules')
  @Authenticated()
  @ApiOperation({ summary: 'The ranking rules in force (the newest rule set)' })
  @ApiOkResponse({ type: RuleSetViewDto })
  rules(): Promise<RuleSetViewDto> {
    return this.ruleSets.view();
  }

  @Put('rules')
  @Authenticated({ permission: 'ranking.configure' })
  @ApiOperation({
    summary: 'Adopt new ranking rules (admin of a root unit); months already stored keep theirs',
  })
  @ApiOkResponse({ type: RuleSetViewDto })
  updateRules(@CurrentActor() actor: Actor, @Body() dto: UpdateRankingRulesDto): Promise<RuleSetViewDto> {
    return this.ruleSets.update(actor, dto);
  }

  @Post('compute')
  @HttpCode(201)
  @Authenticated()
  @ApiOperation({
    summary: 'Compute and store an ended month not stored yet (leaders of a root unit, or its admin)',
  })
  @ApiCreatedResponse({ type: StoredMonthDto })
  compute(@CurrentActor() actor: Actor, @Query() query: ComputeMonthQuery): Promise<StoredMonthDto> {
    return this.monthly.compute(actor, query.month);
  }
}
