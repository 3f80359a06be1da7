import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, MaxLength, Min, ValidateIf } from 'class-validator';
import { NotBlank, PagedQuery } from '@lt/common';
import { signedDecisionDto } from '@lt/signing';
import { DISCIPLINE_DECISIONS, type DisciplineDecision } from '@lt/lateness';

export const CASE_STATES = ['open', 'decided'] as const;
export type CaseState = (typeof CASE_STATES)[number];

export class DisciplineCaseListQuery extends PagedQuery() {
  @ApiPropertyOptional({ enum: CASE_STATES, description: 'open: waiting for the head; decided' })
  @IsOptional()
  @IsIn(CASE_STATES)
  state?: CaseState;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'Only cases reviewed in this unit (one you lead or follow) or under it',
  })
  @IsOptional()
  @IsUUID()
  unitId?: string;
}

/** Decisions that must say why (all but accepting the explanation). */
const NOTE_OPTIONAL: DisciplineDecision = 'accept_explanation';

export class DisciplineDecisionDto {
  @ApiProperty({
    enum: DISCIPLINE_DECISIONS,
    description:
      'accept_explanation: chấp nhận giải trình; remind: nhắc nhở; criticise: phê bình; ' +
      'propose_discipline: đề nghị xem xét xử lý kỷ luật',
  })
  @IsIn(DISCIPLINE_DECISIONS)
  decision: DisciplineDecision;

  @ApiPropertyOptional({
    maxLength: 2000,
    description: 'The head’s note (ý kiến); required for every decision but accept_explanation',
  })
  @ValidateIf(
    (o: DisciplineDecisionDto) => o.decision !== NOTE_OPTIONAL || (o.note !== undefined && o.note !== null),
  )
  @IsString({ message: 'note is required unless the decision is accept_explanation' })
  @MaxLength(2000)
  @NotBlank()
  note?: string;

  @ApiProperty({ description: 'The version of the case you read' })
  @IsInt()
  @Min(1)
  version: number;
}

/** The head's decision, signed like every decision (subject { type: 'discipline_case', id }, action 'decide'). */
export class SignedDisciplineDecisionDto extends signedDecisionDto(
  DisciplineDecisionDto,
  'DisciplineDecision',
) {}
