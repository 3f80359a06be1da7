import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@lt/access';
import { Authenticated, CurrentActor } from '@lt/auth';
import { uuidPipe } from '@lt/common';
import { SignatureBundleDto } from '@lt/signing';
import { DecideDisciplineCase } from './decide-discipline-case';
import { DisciplineCaseListQuery, SignedDisciplineDecisionDto } from './discipline.dto';
import { DisciplineQueries } from './discipline-queries';
import { DisciplineCasePageDto, DisciplineCaseViewDto } from './ranking-views.dto';

/** Discipline review (xem xét trễ hạn lần 2): the cases a head reviews, and the head's decision. */
@ApiTags('discipline')
@Controller('discipline-cases')
export class DisciplineController {
  constructor(
    private readonly queries: DisciplineQueries,
    private readonly decide: DecideDisciplineCase,
  ) {}

  @Get()
  @Authenticated()
  @ApiOperation({
    summary:
      'Cases of the units you lead (to decide, as head) and of those under them (to read), with every lateness, explanation and apology letter',
  })
  @ApiOkResponse({ type: DisciplineCasePageDto })
  list(
    @CurrentActor() actor: Actor,
    @Query() query: DisciplineCaseListQuery,
  ): Promise<DisciplineCasePageDto> {
    return this.queries.list(actor, query);
  }

  @Get(':id')
  @Authenticated()
  @ApiOperation({ summary: 'One case, with the task, its latenesses and the decision' })
  @ApiOkResponse({ type: DisciplineCaseViewDto })
  get(@CurrentActor() actor: Actor, @Param('id', uuidPipe()) id: string): Promise<DisciplineCaseViewDto> {
    return this.queries.get(actor, id);
  }

  @Get(':id/signature')
  @Authenticated()
  @ApiOperation({ summary: 'The head’s signed decision, as a bundle openssl verifies (docs/signing.md)' })
  @ApiOkResponse({ type: SignatureBundleDto })
  signature(@CurrentActor() actor: Actor, @Param('id', uuidPipe()) id: string): Promise<SignatureBundleDto> {
    return this.queries.signature(actor, id);
  }

  @Post(':id/decision')
  @HttpCode(200)
  @Authenticated()
  @ApiOperation({
    summary:
      'Head of the reviewer unit: decide once, signed (accept_explanation, remind, criticise, propose_discipline)',
  })
  @ApiOkResponse({ type: DisciplineCaseViewDto })
  decision(
    @CurrentActor() actor: Actor,
    @Param('id', uuidPipe()) id: string,
    @Body() dto: SignedDisciplineDecisionDto,
  ): Promise<DisciplineCaseViewDto> {
    return this.decide.execute(actor, id, dto);
  }
}
