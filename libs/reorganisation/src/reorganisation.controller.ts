import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@lt/access';
import { Authenticated, CurrentActor } from '@lt/auth';
import { IsUUID } from 'class-validator';
import { ApiProperty } from '@nestjs/swagger';
import { ReorganisationViewDto, ReorganiseDto } from './reorganisation.dto';
import { ReorganiseUnits } from './reorganise-units';

export class ReorganisationListQuery {
  @ApiProperty({
    format: 'uuid',
    description: 'A unit I administer: the reorganisations into it or below it',
  })
  @IsUUID()
  unitId: string;
}

/** Merging (sáp nhập) and splitting (chia tách) units, by the admin over both ends. */
@ApiTags('reorganisations')
@Controller('reorganisations')
export class ReorganisationController {
  constructor(private readonly reorganise: ReorganiseUnits) {}

  @Post('preview')
  @HttpCode(200)
  @Authenticated({ permission: 'unit.manage' })
  @ApiOperation({
    summary: 'Dry run: every check, and what each library would move, without changing anything',
  })
  @ApiOkResponse({ type: ReorganisationViewDto })
  preview(@CurrentActor() actor: Actor, @Body() dto: ReorganiseDto): Promise<ReorganisationViewDto> {
    return this.reorganise.execute(actor, dto, true);
  }

  @Post()
  @HttpCode(201)
  @Authenticated({ permission: 'unit.manage' })
  @ApiOperation({
    summary:
      'Merge units into one (their open work moves, they retire into it with their history) or split one (the people named move with what they handle); one transaction, audited',
  })
  @ApiCreatedResponse({ type: ReorganisationViewDto })
  carryOut(@CurrentActor() actor: Actor, @Body() dto: ReorganiseDto): Promise<ReorganisationViewDto> {
    return this.reorganise.execute(actor, dto);
  }

  @Get()
  @Authenticated({ permission: 'unit.manage' })
  @ApiOperation({ summary: 'The reorganisations into a unit I administer or below it, newest first' })
  @ApiOkResponse({ type: [ReorganisationViewDto] })
  list(
    @CurrentActor() actor: Actor,
    @Query() query: ReorganisationListQuery,
  ): Promise<ReorganisationViewDto[]> {
    return this.reorganise.list(actor, query.unitId);
  }
}
