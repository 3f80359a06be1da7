import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsInt,
  Max,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { IsInstant, NotBlank, PersonRefDto, UnitRefDto } from '@lt/common';
import { WORK_SCHEDULE_STATES, type WorkScheduleState, WorkScheduleSummary } from './schedule-events';

export const SCHEDULE_LIMITS = {
  entries: 200,
  placeMax: 300,
  contentMax: 2000,
  participantsMax: 2000,
  preparerMax: 300,
  leadersPerEntry: 20,
} as const;

/** `2026-W50`: an ISO week, Monday first, Vietnam time. */
export const ISO_WEEK_PATTERN = /^\d{4}-W(0[1-9]|[1-4]\d|5[0-3])$/;

export class CreateScheduleDto {
  @ApiProperty({ format: 'uuid', description: 'The unit whose leaders it plans' })
  @IsUUID()
  unitId: string;

  @ApiProperty({ example: '2026-W50', description: 'ISO week, Vietnam time' })
  @Matches(ISO_WEEK_PATTERN, { message: 'week must look like 2026-W50' })
  week: string;
}

export class ScheduleEntryDto {
  @ApiPropertyOptional({
    format: 'uuid',
    description: 'An engagement already in the schedule, to keep or change; none for a new one',
  })
  @IsOptional()
  @IsUUID()
  id?: string;

  @ApiProperty({ format: 'date-time', description: 'Bắt đầu; within the schedule’s week' })
  @IsInstant()
  startsAt: string;

  @ApiPropertyOptional({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'Kết thúc; after the start',
  })
  @IsOptional()
  @IsInstant()
  endsAt?: string | null;

  @ApiProperty({ maxLength: SCHEDULE_LIMITS.placeMax, example: 'Phòng họp số 1, Trung tâm Hành chính' })
  @IsString()
  @Length(1, SCHEDULE_LIMITS.placeMax)
  @NotBlank()
  place: string;

  @ApiProperty({ maxLength: SCHEDULE_LIMITS.contentMax, example: 'Họp Ban Chỉ đạo phòng, chống thiên tai' })
  @IsString()
  @Length(1, SCHEDULE_LIMITS.contentMax)
  @NotBlank()
  content: string;

  @ApiProperty({
    type: [String],
    format: 'uuid',
    description:
      'The leaders of the unit who attend (chủ trì, dự): people holding a leader or deputy position in it',
  })
  @IsArray()
  @ArrayMaxSize(SCHEDULE_LIMITS.leadersPerEntry)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  leaderIds: string[];

  @ApiPropertyOptional({
    maxLength: SCHEDULE_LIMITS.participantsMax,
    description: 'Thành phần: who else takes part',
  })
  @IsOptional()
  @IsString()
  @MaxLength(SCHEDULE_LIMITS.participantsMax)
  participants?: string;

  @ApiPropertyOptional({ maxLength: SCHEDULE_LIMITS.preparerMax, description: 'Chuẩn bị: who prepares it' })
  @IsOptional()
  @IsString()
  @MaxLength(SCHEDULE_LIMITS.preparerMax)
  preparer?: string;

  @ApiPropertyOptional({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'The weekly briefing (giao ban) of the unit this meeting is',
  })
  @IsOptional()
  @IsUUID()
  briefingId?: string | null;
}

export class SaveScheduleEntriesDto {
  @ApiProperty({ description: 'The schedule’s version you edited (optimistic concurrency)' })
  @IsInt()
  @Min(1)
  version: number;

  @ApiProperty({
    type: [ScheduleEntryDto],
    description:
      'Every engagement of the week, replacing the list. Once published, those left out are cancelled and those changed are marked',
  })
  @IsArray()
  @ArrayMaxSize(SCHEDULE_LIMITS.entries)
  @ValidateNested({ each: true })
  @Type(() => ScheduleEntryDto)
  entries: ScheduleEntryDto[];
}

export class PublishScheduleDto {
  @ApiProperty({ description: 'The version you approve' })
  @IsInt()
  @Min(1)
  version: number;
}

export class ScheduleWeekQuery {
  @ApiProperty({ example: '2026-W50', description: 'ISO week, Vietnam time' })
  @Matches(ISO_WEEK_PATTERN, { message: 'week must look like 2026-W50' })
  week: string;
}

export class ScheduleListQuery extends ScheduleWeekQuery {
  @ApiPropertyOptional({ format: 'uuid', description: 'Only this unit’s schedule (one you follow)' })
  @IsOptional()
  @IsUUID()
  unitId?: string;
}

export class CalendarQuery {
  @ApiPropertyOptional({ example: '2026-W50', description: 'First week (default: this week, Vietnam time)' })
  @IsOptional()
  @Matches(ISO_WEEK_PATTERN, { message: 'week must look like 2026-W50' })
  week?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 26, default: 5, description: 'How many weeks' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(26)
  weeks?: number;
}

export class WorkScheduleSummaryDto implements WorkScheduleSummary {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ type: UnitRefDto }) unit: UnitRefDto;
  @ApiProperty({ example: '2026-W50' }) week: string;
  @ApiProperty({ enum: WORK_SCHEDULE_STATES }) state: WorkScheduleState;
  @ApiProperty({ description: 'Changes since it was published' }) revision: number;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) publishedAt: string | null;
}

export class ScheduleEntryViewDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'date-time' }) startsAt: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) endsAt: string | null;
  @ApiProperty() place: string;
  @ApiProperty() content: string;
  @ApiProperty({ type: [PersonRefDto] }) leaders: PersonRefDto[];
  @ApiProperty() participants: string;
  @ApiProperty() preparer: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) briefingId: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: 'Changed after publishing' })
  changedAt: string | null;
  @ApiProperty({
    format: 'date-time',
    nullable: true,
    type: String,
    description: 'Cancelled after publishing',
  })
  cancelledAt: string | null;
}

export class WorkScheduleViewDto extends WorkScheduleSummaryDto {
  @ApiProperty({ format: 'date', description: 'The Monday of the week' }) monday: string;
  @ApiProperty({ type: PersonRefDto }) draftedBy: PersonRefDto;
  @ApiProperty({ type: PersonRefDto, nullable: true }) publishedBy: PersonRefDto | null;
  @ApiProperty() version: number;
  @ApiProperty({ type: [ScheduleEntryViewDto], description: 'By start time' })
  entries: ScheduleEntryViewDto[];
  @ApiProperty({ description: 'You may edit its engagements (drafter or the unit’s leader)' })
  mayEdit: boolean;
  @ApiProperty({ description: 'You may publish it (the unit’s head), while a draft' }) mayPublish: boolean;
  @ApiProperty({
    type: [PersonRefDto],
    description:
      'The unit’s leaders, who may attend its engagements; for those who may edit (empty otherwise)',
  })
  attendable: PersonRefDto[];
}
