import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsUUID,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { MONTH_PATTERN } from './ranking-month';
import { DEADLINE_BASES, DeadlineBasis, Grade, GRADES, MAX_CITIZEN_FILE_WEIGHT } from './ranking-rules';

const MONTH_MESSAGE = { message: '$property must be a month written YYYY-MM, e.g. 2026-04' };

export class RankingQuery {
  @ApiPropertyOptional({ example: '2026-04', description: 'YYYY-MM (Vietnam calendar); default: this month' })
  @IsOptional()
  @Matches(MONTH_PATTERN, MONTH_MESSAGE)
  month?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Only this unit (one you follow) and those under it' })
  @IsOptional()
  @IsUUID()
  unitId?: string;
}

export class ComputeMonthQuery {
  @ApiProperty({ example: '2026-04', description: 'An ended month not stored yet, YYYY-MM' })
  @Matches(MONTH_PATTERN, MONTH_MESSAGE)
  month: string;
}

export class GradeRuleDto {
  @ApiProperty({ enum: GRADES })
  @IsIn(GRADES)
  grade: Grade;

  @ApiPropertyOptional({ minimum: 0, maximum: 1, description: 'Share of tasks on time, at least' })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1)
  minOnTimeRate?: number;

  @ApiPropertyOptional({ minimum: 0, description: 'Late tasks, at most' })
  @IsOptional()
  @IsInt()
  @Min(0)
  maxLate?: number;

  @ApiPropertyOptional({ minimum: 0, description: 'Discipline cases opened in the month, at most' })
  @IsOptional()
  @IsInt()
  @Min(0)
  maxDisciplineCases?: number;
}

export class UpdateRankingRulesDto {
  @ApiProperty({
    description: 'The version of the rules you read; a newer one gives 409 request/conflict_version',
  })
  @IsInt()
  @Min(1)
  version: number;

  @ApiProperty({
    enum: DEADLINE_BASES,
    description:
      'original: judged against the signed deadline; extended: against the one in force after extensions',
  })
  @IsIn(DEADLINE_BASES)
  deadlineBasis: DeadlineBasis;

  @ApiPropertyOptional({
    minimum: 0,
    maximum: MAX_CITIZEN_FILE_WEIGHT,
    description:
      'How much a citizen’s file weighs beside a task (0: files left out, 1: as a task); left out: unchanged',
  })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(MAX_CITIZEN_FILE_WEIGHT)
  citizenFileWeight?: number;

  @ApiProperty({
    type: [GradeRuleDto],
    description: 'Best grade first; the first line whose conditions hold gives the grade; the last has none',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(GRADES.length)
  @ValidateNested({ each: true })
  @Type(() => GradeRuleDto)
  grades: GradeRuleDto[];
}
