import { ApiProperty } from '@nestjs/swagger';
import { LocalizedTextDto, PageInfoDto, PersonRefDto, UnitRefDto } from '@lt/common';
import { DISCIPLINE_DECISIONS, type DisciplineDecision } from '@lt/lateness';
import { CITIZEN_FILE_STATES, type CitizenFileState } from '@lt/one-stop/one-stop-events';
import { TaskSummaryDto } from '@lt/tasks';
import type { DisciplineCasePage } from './discipline-queries';
import type { DisciplineCaseView, LatenessView } from './discipline-views';
import type { StoredMonth } from './monthly-ranking';
import type { RankingFiguresView, RankingView, StaffRankingView, UnitRankingView } from './ranking-queries';
import type { RuleSetView } from './ranking-rule-sets';
import { DEADLINE_BASES, DeadlineBasis, Grade, GRADE_NAMES, GRADES, RankingRules } from './ranking-rules';
import { GradeRuleDto } from './ranking.dto';

export class RankingFileFiguresDto {
  @ApiProperty({ description: 'Files the unit received whose appointment fell in the month: onTime + late' })
  counted: number;
  @ApiProperty() onTime: number;
  @ApiProperty({ description: 'Ready after the appointment, or counted late once' }) late: number;
  @ApiProperty({ description: 'Appointment later this month, or waiting for papers' }) pending: number;
}

export class RankingFiguresDto implements RankingFiguresView {
  @ApiProperty({ description: 'Tasks judged in the month: onTime + late' }) counted: number;
  @ApiProperty() onTime: number;
  @ApiProperty() late: number;
  @ApiProperty({ description: 'Due later this month and not yet submitted' }) pending: number;
  @ApiProperty({ type: () => RankingFileFiguresDto, description: 'Citizens’ files (units only)' })
  citizenFiles: RankingFileFiguresDto;
  @ApiProperty({ description: 'Of tasks and files alike' }) disciplineCases: number;
  @ApiProperty({
    nullable: true,
    type: Number,
    description: 'Tasks and files on time over those judged, files weighted by the rule set; 4 decimals',
  })
  onTimeRate: number | null;
  @ApiProperty({ enum: GRADES, nullable: true, description: 'null: nothing was due and no case' })
  grade: Grade | null;
  @ApiProperty({ type: LocalizedTextDto }) gradeName: LocalizedTextDto;
}

export class RankedUnitDto extends UnitRefDto {
  @ApiProperty() kind: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) parentId: string | null;
}

export class UnitRankingDto extends RankingFiguresDto implements UnitRankingView {
  @ApiProperty({ type: RankedUnitDto }) unit: RankedUnitDto;
}

export class StaffRankingDto extends RankingFiguresDto implements StaffRankingView {
  @ApiProperty({ type: PersonRefDto }) user: PersonRefDto;
  @ApiProperty({ type: UnitRefDto }) unit: UnitRefDto;
}

export class RankingRuleSetRefDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() version: number;
}

export class RankingViewRuleSetDto extends RankingRuleSetRefDto {
  @ApiProperty({ enum: DEADLINE_BASES }) deadlineBasis: DeadlineBasis;
  @ApiProperty({ description: 'How much a citizen’s file weighs beside a task' }) citizenFileWeight: number;
}

export class RankingViewDto implements RankingView {
  @ApiProperty({ example: '2026-11' }) month: string;
  @ApiProperty({ description: 'The current month, computed for this answer and not stored' })
  provisional: boolean;
  @ApiProperty({ format: 'date-time' }) computedAt: string;
  @ApiProperty({ type: RankingViewRuleSetDto }) ruleSet: RankingViewRuleSetDto;
  @ApiProperty({ type: [UnitRankingDto], description: 'Every unit of your reach' }) units: UnitRankingDto[];
  @ApiProperty({ type: [StaffRankingDto] }) staff: StaffRankingDto[];
}

export class RankingRulesDto implements RankingRules {
  @ApiProperty({ enum: DEADLINE_BASES }) deadlineBasis: DeadlineBasis;
  @ApiProperty({ description: 'How much a citizen’s file weighs beside a task, 0–10' })
  citizenFileWeight: number;
  @ApiProperty({ type: [GradeRuleDto], description: 'Best first; the first line whose conditions hold' })
  grades: GradeRuleDto[];
}

export class GradeNamesDto implements Record<Grade, LocalizedTextDto> {
  @ApiProperty({ type: LocalizedTextDto }) excellent: LocalizedTextDto;
  @ApiProperty({ type: LocalizedTextDto }) good: LocalizedTextDto;
  @ApiProperty({ type: LocalizedTextDto }) done: LocalizedTextDto;
  @ApiProperty({ type: LocalizedTextDto }) not_done: LocalizedTextDto;
}

export class RuleSetViewDto implements RuleSetView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ description: 'Send it back with PUT' }) version: number;
  @ApiProperty({ type: RankingRulesDto }) rules: RankingRulesDto;
  @ApiProperty({ type: GradeNamesDto }) gradeNames: typeof GRADE_NAMES;
  @ApiProperty({ type: PersonRefDto, nullable: true }) createdBy: PersonRefDto | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class StoredMonthDto implements StoredMonth {
  @ApiProperty({ example: '2026-11' }) month: string;
  @ApiProperty({ type: RankingRuleSetRefDto }) ruleSet: RankingRuleSetRefDto;
  @ApiProperty({ format: 'date-time' }) computedAt: string;
  @ApiProperty({ description: 'Unit rows stored' }) units: number;
  @ApiProperty({ description: 'Person rows stored' }) people: number;
}

export class DisciplineLatenessDto implements LatenessView {
  @ApiProperty() number: number;
  @ApiProperty({ format: 'date-time' }) missedDeadline: string;
  @ApiProperty({ format: 'date-time' }) overdueAt: string;
  @ApiProperty({ nullable: true, type: String, description: 'Giải trình' }) explanation: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Thư xin lỗi' }) apology: string | null;
  @ApiProperty({ type: PersonRefDto, nullable: true }) filedBy: PersonRefDto | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) filedAt: string | null;
  @ApiProperty({
    format: 'date-time',
    nullable: true,
    type: String,
    description: 'The new appointment the letter promised the citizen (a file); null for a task',
  })
  newDueAt: string | null;
}

export class DisciplineFileProcedureDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() code: string;
  @ApiProperty() name: string;
}

/** A citizen's file as the review shows it: no personal data. */
export class DisciplineCitizenFileDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: '000.01.32.H17-261207-0001' }) code: string;
  @ApiProperty({ type: UnitRefDto }) unit: UnitRefDto;
  @ApiProperty({ type: DisciplineFileProcedureDto }) procedure: DisciplineFileProcedureDto;
  @ApiProperty({ enum: CITIZEN_FILE_STATES }) state: CitizenFileState;
  @ApiProperty({ format: 'date-time' }) receivedAt: string;
  @ApiProperty({ format: 'date-time' }) appointmentAt: string;
}

export class DisciplineDecisionViewDto {
  @ApiProperty({ enum: DISCIPLINE_DECISIONS }) decision: DisciplineDecision;
  @ApiProperty({ type: LocalizedTextDto }) name: LocalizedTextDto;
  @ApiProperty({ nullable: true, type: String }) note: string | null;
  @ApiProperty({ type: PersonRefDto }) decidedBy: PersonRefDto;
  @ApiProperty({
    type: PersonRefDto,
    nullable: true,
    description: 'Decided thừa ủy quyền (TUQ.) or as acting head (Q.): the head whose post was used',
  })
  onBehalfOf: PersonRefDto | null;
  @ApiProperty({ format: 'date-time' }) decidedAt: string;
}

export class DecidingForDto {
  @ApiProperty({ format: 'uuid' }) delegationId: string;
  @ApiProperty({ format: 'uuid' }) delegatorId: string;
  @ApiProperty() delegatorName: string;
}

const CASE_STATES = ['open', 'decided'] as const;

export class DisciplineCaseViewDto implements DisciplineCaseView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: CASE_STATES }) state: (typeof CASE_STATES)[number];
  @ApiProperty({ format: 'date-time' }) openedAt: string;
  @ApiProperty({ description: 'The lateness that opened the case (2 for a second lateness)' })
  latenessNumber: number;
  @ApiProperty({ type: UnitRefDto, description: 'The unit that was late' }) unit: UnitRefDto;
  @ApiProperty({ type: UnitRefDto, description: 'The unit whose head reviews the case' })
  reviewerUnit: UnitRefDto;
  @ApiProperty({ type: TaskSummaryDto, nullable: true, description: 'The late task; null for a file' })
  task: TaskSummaryDto | null;
  @ApiProperty({
    type: DisciplineCitizenFileDto,
    nullable: true,
    description: 'The late citizen’s file (hồ sơ một cửa); null for a task',
  })
  citizenFile: DisciplineCitizenFileDto | null;
  @ApiProperty({ type: [DisciplineLatenessDto] }) latenesses: DisciplineLatenessDto[];
  @ApiProperty({ type: DisciplineDecisionViewDto, nullable: true })
  decision: DisciplineDecisionViewDto | null;
  @ApiProperty({ description: 'You head the reviewer unit and the case is open' }) mayDecide: boolean;
  @ApiProperty({
    type: DecidingForDto,
    nullable: true,
    description:
      'You decide it by delegation: sign your decision with `actingFor: {delegationId, delegatorId}` from here',
  })
  decidingFor: DecidingForDto | null;
  @ApiProperty({ description: 'Send it back with the decision' }) version: number;
}

export class DisciplineCasePageDto extends PageInfoDto implements DisciplineCasePage {
  @ApiProperty({ type: [DisciplineCaseViewDto] }) items: DisciplineCaseViewDto[];
}
