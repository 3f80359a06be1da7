import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { IsInstant, NotBlank, PagedQuery } from '@lt/common';
import { BRIEFING_STATES, type BriefingState } from './briefing-events';

export const BRIEFING_LIMITS = {
  titleMax: 300,
  itemsPerSection: 50,
  itemTextMax: 2000,
  commentMax: 2000,
  conclusionMax: 20000,
  reportingUnitsMax: 200,
  reportingPeopleMax: 100,
} as const;

export class OpenBriefingDto {
  @ApiProperty({
    format: 'uuid',
    description: 'The unit whose briefing it is; you lead it (leader or deputy)',
  })
  @IsUUID()
  unitId: string;

  @ApiProperty({ maxLength: BRIEFING_LIMITS.titleMax, example: 'Giao ban tuần 48 năm 2026' })
  @IsString()
  @Length(3, BRIEFING_LIMITS.titleMax)
  @NotBlank()
  title: string;

  @ApiProperty({
    format: 'date-time',
    description: 'Thời gian họp; its ISO week in Vietnam time is the briefing’s week',
  })
  @IsInstant()
  meetingAt: string;

  @ApiProperty({ format: 'date-time', description: 'Hạn nộp báo cáo: in the future, not after the meeting' })
  @IsInstant()
  cutoffAt: string;

  @ApiPropertyOptional({
    type: [String],
    format: 'uuid',
    description: 'Reporting units: direct subordinate units of unitId. Default: every active one',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(BRIEFING_LIMITS.reportingUnitsMax)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  units?: string[];

  @ApiPropertyOptional({
    type: [String],
    format: 'uuid',
    description: 'People of unitId who also report (e.g. heads of sections)',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(BRIEFING_LIMITS.reportingPeopleMax)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  people?: string[];
}

export class ReportItemDto {
  @ApiPropertyOptional({
    format: 'uuid',
    description: 'An item of your earlier submission, kept (with its comments and task) under this id',
  })
  @IsOptional()
  @IsUUID()
  id?: string;

  @ApiProperty({ maxLength: BRIEFING_LIMITS.itemTextMax })
  @IsString()
  @Length(1, BRIEFING_LIMITS.itemTextMax)
  @NotBlank()
  text: string;
}

/**
 * A report: the whole of it, each time. Items given with their `id` are kept (comments and
 * tasks stay with them); earlier items left out are removed; items without `id` are new.
 */
export class SubmitReportDto {
  @ApiPropertyOptional({
    minimum: 1,
    description: 'The version of the report you are replacing; omit it for the first submission',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number;

  @ApiProperty({ type: [ReportItemDto], description: 'Kết quả tuần trước (at least one)' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(BRIEFING_LIMITS.itemsPerSection)
  @ValidateNested({ each: true })
  @Type(() => ReportItemDto)
  done: ReportItemDto[];

  @ApiProperty({ type: [ReportItemDto], description: 'Kế hoạch tuần này (at least one)' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(BRIEFING_LIMITS.itemsPerSection)
  @ValidateNested({ each: true })
  @Type(() => ReportItemDto)
  plan: ReportItemDto[];

  @ApiProperty({ type: [ReportItemDto], description: 'Khó khăn, vướng mắc, đề xuất (may be empty)' })
  @IsArray()
  @ArrayMaxSize(BRIEFING_LIMITS.itemsPerSection)
  @ValidateNested({ each: true })
  @Type(() => ReportItemDto)
  issues: ReportItemDto[];
}

export class CommentItemDto {
  @ApiProperty({ maxLength: BRIEFING_LIMITS.commentMax, description: 'Ý kiến của lãnh đạo' })
  @IsString()
  @Length(1, BRIEFING_LIMITS.commentMax)
  @NotBlank()
  text: string;
}

export class CloseBriefingDto {
  @ApiProperty({ minimum: 1, description: 'The version you saw; a stale one gets 409' })
  @IsInt()
  @Min(1)
  version: number;

  @ApiProperty({ maxLength: BRIEFING_LIMITS.conclusionMax, description: 'Kết luận giao ban' })
  @IsString()
  @Length(1, BRIEFING_LIMITS.conclusionMax)
  @NotBlank()
  conclusion: string;
}

export class BriefingListQuery extends PagedQuery() {
  @ApiPropertyOptional({ format: 'uuid', description: 'Only this unit’s briefings' })
  @IsOptional()
  @IsUUID()
  unitId?: string;

  @ApiPropertyOptional({ description: 'ISO year of the meeting week' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(2000)
  @Max(2100)
  year?: number;

  @ApiPropertyOptional({ enum: BRIEFING_STATES, description: 'open (current) or closed (archive)' })
  @IsOptional()
  @IsIn(BRIEFING_STATES)
  state?: BriefingState;
}

export class BriefingSearchQuery extends PagedQuery({ maxPage: 1000 }) {
  @ApiProperty({
    maxLength: 200,
    description:
      'Words to find, with or without Vietnamese marks ("tien do" finds "tiến độ"); "quoted phrases", -word',
  })
  @IsString()
  @Length(1, 200)
  @NotBlank()
  q: string;
}
