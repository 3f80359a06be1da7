import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@lt/access';
import { Authenticated, CurrentActor } from '@lt/auth';
import { uuidPipe } from '@lt/common';
import { DecideDisciplineCase } from './decide-discipline-case';
import { DisciplineCaseListQuery, DisciplineDecisionDto } from './discipline.dto';
import { DisciplineCasePage, DisciplineQueries } from './discipline-queries';
import type { DisciplineCaseView } from './discipline-views';

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
  list(@CurrentActor() actor: Actor, @Query() query: DisciplineCaseListQuery): Promise<DisciplineCasePage> {
    return this.queries.list(actor, query);
  }

  @Get(':id')
  @Authenticated()
  @ApiOperation({ summary: 'One case, with the task, its latenesses and the decision' })
  get(@CurrentActor() actor: Actor, @Param('id', uuidPipe()) id: string): Promise<DisciplineCaseView> {
    return this.queries.get(actor, id);
  }

  @Post(':id/decision')
  @HttpCode(200)
  @Authenticated()
  @ApiOperation({
    summary:
      'Head of the reviewer unit: decide once (accept_explanation, remind, criticise, propose_discipline)',
  })
  decision(
    @CurrentActor() actor: Actor,
    @Param('id', uuidPipe()) id: string,
    @Body() dto: DisciplineDecisionDto,
  ): Promise<DisciplineCaseView> {
    return this.decide.execute(actor, id, dto);
  }
}
