import { PagedQuery } from '@lt/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsUUID, Matches, Max, Min, ValidateIf } from 'class-validator';
import { MONTH_PATTERN } from './report-period';
import { SUMMARY_CATEGORIES, SummaryCategory } from './summary-figures';

const MONTH_MESSAGE = { message: '$property must be a month such as 2026-03' };

export class SummaryQuery {
  @ApiPropertyOptional({
    format: 'uuid',
    description: 'A unit you follow (default: the highest unit you lead)',
  })
  @IsOptional()
  @IsUUID()
  unitId?: string;

  @ApiPropertyOptional({
    example: '2026-01',
    description: 'First month of the period, Vietnam time (default: January of `to`’s year)',
  })
  @IsOptional()
  @Matches(MONTH_PATTERN, MONTH_MESSAGE)
  from?: string;

  @ApiPropertyOptional({ example: '2026-03', description: 'Last month of the period (default: this month)' })
  @IsOptional()
  @Matches(MONTH_PATTERN, MONTH_MESSAGE)
  to?: string;
}

export class SummaryTasksQuery extends PagedQuery({}, SummaryQuery) {
  @ApiProperty({ enum: SUMMARY_CATEGORIES, description: 'The figure to list the tasks of' })
  @IsIn(SUMMARY_CATEGORIES)
  category: SummaryCategory;

  @ApiPropertyOptional({
    default: true,
    description: 'true: tasks led anywhere in the unit’s subtree; false: led by the unit itself (trực tiếp)',
  })
  @IsOptional()
  @Transform(({ obj, key }: { obj: Record<string, unknown>; key: string }) =>
    obj[key] === 'true' ? true : obj[key] === 'false' ? false : obj[key],
  )
  @IsBoolean()
  subtree?: boolean;

  @ApiPropertyOptional({
    description: 'Only the tasks the unit leads through this person (a user id), or as a unit (`none`)',
  })
  @IsOptional()
  @ValidateIf((query: SummaryTasksQuery) => query.person !== 'none')
  @IsUUID()
  person?: string;
}

export class TrendQuery {
  @ApiPropertyOptional({
    format: 'uuid',
    description: 'A unit you follow (default: the highest unit you lead)',
  })
  @IsOptional()
  @IsUUID()
  unitId?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 36, default: 12, description: 'How many months' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(36)
  months?: number;

  @ApiPropertyOptional({ example: '2026-03', description: 'The last month (default: this month)' })
  @IsOptional()
  @Matches(MONTH_PATTERN, MONTH_MESSAGE)
  to?: string;
}

/** The document handling report: a unit whose registers you read (default: yours), a period of months. */
export class HandlingQuery {
  @ApiPropertyOptional({
    format: 'uuid',
    description: 'A unit whose registers you read (default: your first)',
  })
  @IsOptional()
  @IsUUID()
  unitId?: string;

  @ApiPropertyOptional({ example: '2026-01', description: 'First month, Vietnam time (default: January)' })
  @IsOptional()
  @Matches(MONTH_PATTERN, MONTH_MESSAGE)
  from?: string;

  @ApiPropertyOptional({ example: '2026-12', description: 'Last month (default: this month)' })
  @IsOptional()
  @Matches(MONTH_PATTERN, MONTH_MESSAGE)
  to?: string;
}
