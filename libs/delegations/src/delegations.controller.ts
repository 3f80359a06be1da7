import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@lt/access';
import { Authenticated, CurrentActor } from '@lt/auth';
import { ApiIdempotencyKey, IdempotencyKey, uuidPipe } from '@lt/common';
import { DelegationCommands } from './delegation-commands';
import {
  DelegablePositionDto,
  DelegationListQuery,
  DelegationViewDto,
  GiveDelegationDto,
  RevokeDelegationDto,
} from './delegation.dto';
import { DelegationViews } from './delegation-views';

/** Delegation of authority (ủy quyền): give, see, revoke. */
@ApiTags('delegations')
@Controller('delegations')
export class DelegationsController {
  constructor(
    private readonly commands: DelegationCommands,
    private readonly views: DelegationViews,
  ) {}

  @Post()
  @HttpCode(201)
  @Authenticated()
  @ApiOperation({
    summary:
      'Delegate powers of one of my positions to a person of my unit or below, for a period (TUQ.), or make a deputy acting head (Q.)',
  })
  @ApiIdempotencyKey('delegation')
  @ApiCreatedResponse({ type: DelegationViewDto })
  give(
    @CurrentActor() actor: Actor,
    @Body() dto: GiveDelegationDto,
    @IdempotencyKey() idempotencyKey?: string,
  ): Promise<DelegationViewDto> {
    return this.commands.give(actor, dto, idempotencyKey);
  }

  @Get()
  @Authenticated()
  @ApiOperation({
    summary: 'Delegations I gave or received, newest first; with unitId, those of a unit I administer',
  })
  @ApiQuery({ name: 'unitId', required: false, type: String })
  @ApiOkResponse({ type: [DelegationViewDto] })
  list(@CurrentActor() actor: Actor, @Query() query: DelegationListQuery): Promise<DelegationViewDto[]> {
    return this.views.list(actor, query.unitId);
  }

  @Get('choices')
  @Authenticated()
  @ApiOperation({ summary: 'My positions with something to delegate, and whom to (deputies first)' })
  @ApiOkResponse({ type: [DelegablePositionDto] })
  choices(@CurrentActor() actor: Actor): Promise<DelegablePositionDto[]> {
    return this.views.choices(actor);
  }

  @Get(':id')
  @Authenticated()
  @ApiOperation({ summary: 'One delegation (for its two people and the admins over its unit)' })
  @ApiOkResponse({ type: DelegationViewDto })
  one(@CurrentActor() actor: Actor, @Param('id', uuidPipe('id')) id: string): Promise<DelegationViewDto> {
    return this.views.one(actor, id);
  }

  @Post(':id/revoke')
  @HttpCode(200)
  @Authenticated()
  @ApiOperation({ summary: 'End a delegation now (its delegator, or an admin over the unit)' })
  @ApiOkResponse({ type: DelegationViewDto })
  revoke(
    @CurrentActor() actor: Actor,
    @Param('id', uuidPipe('id')) id: string,
    @Body() dto: RevokeDelegationDto,
  ): Promise<DelegationViewDto> {
    return this.commands.revoke(actor, id, dto);
  }
}
