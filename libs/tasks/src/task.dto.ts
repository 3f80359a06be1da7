import { ApiProperty, ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  Equals,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { IsInstant, NotBlank, PagedQuery } from '@lt/common';
import { AttachmentParams } from '@lt/files';
import { ActingForDto, signedDecisionDto } from '@lt/signing';
import { TASK_STATE_NAMES, TaskStateName } from './task-events';
import { TASK_SOURCE_TYPES, TaskSourceType } from './task.entity';

/** The `kind` of signed assignment content: a signature on anything else is not a task. */
export const ASSIGNMENT_KIND = 'lien-thong/task-assignment@1';
export const MAX_PARTIES = 100;

export class PartyRefDto {
  @ApiProperty({
    format: 'uuid',
    description: 'The unit; with userId, the unit the person holds a position in',
  })
  @IsUUID()
  unitId: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'A person of that unit; omit for the whole unit' })
  @IsOptional()
  @IsUUID()
  userId?: string;
}

export class TaskSourceDto {
  @ApiProperty({ enum: TASK_SOURCE_TYPES })
  @IsIn(TASK_SOURCE_TYPES)
  type: TaskSourceType;

  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  id: string;
}

/**
 * The assignment exactly as the assigner signs it: its RFC 8785 canonical JSON is what the
 * ES256 signature covers. Nothing the server decides (numbers, states) is in it.
 */
export class AssignmentContentDto {
  @ApiProperty({ enum: [ASSIGNMENT_KIND] })
  @Equals(ASSIGNMENT_KIND)
  kind: typeof ASSIGNMENT_KIND;

  @ApiProperty({ maxLength: 500 })
  @IsString()
  @Length(3, 500)
  @NotBlank()
  title: string;

  @ApiProperty({ maxLength: 20000 })
  @IsString()
  @MaxLength(20000)
  description: string;

  @ApiProperty({ type: PartyRefDto, description: 'Chủ trì: exactly one unit or person' })
  @ValidateNested()
  @Type(() => PartyRefDto)
  lead: PartyRefDto;

  @ApiProperty({ type: [PartyRefDto], description: 'Phối hợp' })
  @IsArray()
  @ArrayMaxSize(MAX_PARTIES)
  @ValidateNested({ each: true })
  @Type(() => PartyRefDto)
  coordinators: PartyRefDto[];

  @ApiProperty({ type: [PartyRefDto], description: 'Để biết' })
  @IsArray()
  @ArrayMaxSize(MAX_PARTIES)
  @ValidateNested({ each: true })
  @Type(() => PartyRefDto)
  informed: PartyRefDto[];

  @ApiProperty({ format: 'date-time', description: 'Hạn xử lý' })
  @IsInstant()
  deadline: string;

  @ApiProperty({
    minimum: 0,
    maximum: 4,
    description: '0 thường, 1 khẩn, 2 thượng khẩn, 3 hỏa tốc, 4 hỏa tốc hẹn giờ',
  })
  @IsInt()
  @Min(0)
  @Max(4)
  priority: number;

  @ApiPropertyOptional({
    type: TaskSourceDto,
    nullable: true,
    description: 'A directive, an annotation or a parent task',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => TaskSourceDto)
  source?: TaskSourceDto | null;

  @ApiProperty({ format: 'uuid', description: 'The assigner: the signed-in user' })
  @IsUUID()
  assigner: string;

  @ApiProperty({
    format: 'date-time',
    description: 'When it was signed; within SIGNATURE_MAX_SKEW_SECONDS of the server clock',
  })
  @IsInstant()
  issuedAt: string;

  @ApiPropertyOptional({
    type: ActingForDto,
    nullable: true,
    description: 'Signed thừa ủy quyền (TUQ.) or as acting head (Q.): the delegation it uses',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => ActingForDto)
  actingFor?: ActingForDto | null;

  @ApiProperty({ description: '16–128 characters [A-Za-z0-9_-], never used before by this signer' })
  @Matches(/^[A-Za-z0-9_-]{16,128}$/)
  nonce: string;
}

export class AssignTaskDto {
  @ApiProperty({ type: AssignmentContentDto })
  @ValidateNested()
  @Type(() => AssignmentContentDto)
  content: AssignmentContentDto;

  @ApiProperty({ description: 'ES256 over the RFC 8785 canonical content: base64url of raw r‖s (64 bytes)' })
  @IsString()
  @MaxLength(200)
  signature: string;

  @ApiProperty({ format: 'uuid', description: 'Your certificate (GET /signing/certificates)' })
  @IsUUID()
  certificateId: string;
}

export class VersionedDto {
  @ApiProperty({ minimum: 1, description: 'The version you saw; a stale one gets 409' })
  @IsInt()
  @Min(1)
  version: number;
}

/** Urging (đôn đốc): what the assigner or a leader above presses the lead for. No version: urging does not change the task. */
export class UrgeDto {
  @ApiProperty({ maxLength: 1000, example: 'Đề nghị khẩn trương hoàn thành, báo cáo trước 17 giờ thứ Sáu.' })
  @IsString()
  @Length(3, 1000)
  @NotBlank()
  note: string;
}

export class ReasonDto extends VersionedDto {
  @ApiProperty({ maxLength: 2000 })
  @IsString()
  @Length(3, 2000)
  @NotBlank()
  reason: string;
}

export class ReportDto extends VersionedDto {
  @ApiProperty({ minimum: 0, maximum: 100 })
  @IsInt()
  @Min(0)
  @Max(100)
  percent: number;

  @ApiProperty({ maxLength: 20000 })
  @IsString()
  @Length(1, 20000)
  @NotBlank()
  text: string;

  @ApiPropertyOptional({ type: [String], format: 'uuid', description: 'Files uploaded with POST /files' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsUUID('all', { each: true })
  attachmentIds?: string[];
}

/** A coordinator's contribution to the lead: text and files; it does not move the task. */
export class ContributionDto {
  @ApiProperty({ maxLength: 20000, description: 'Báo cáo kết quả / ý kiến phối hợp' })
  @IsString()
  @Length(1, 20000)
  @NotBlank()
  text: string;

  @ApiPropertyOptional({ type: [String], format: 'uuid' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsUUID('all', { each: true })
  attachmentIds?: string[];
}

/** The lead's final report (báo cáo kết quả): the same text and files, against the version seen. */
export class FinalReportDto extends IntersectionType(VersionedDto, ContributionDto) {}

export class ReopenDto extends ReasonDto {
  @ApiPropertyOptional({
    format: 'date-time',
    description: 'A new deadline; required when the current one has passed',
  })
  @IsOptional()
  @IsInstant()
  deadline?: string;
}

export class ExtensionRequestDto extends ReasonDto {
  @ApiProperty({ format: 'date-time', description: 'The deadline asked for' })
  @IsInstant()
  deadline: string;
}

export class ExtensionDecisionDto extends VersionedDto {
  @ApiPropertyOptional({ maxLength: 2000 })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;
}

export class ExplanationDto extends VersionedDto {
  @ApiProperty({ maxLength: 20000, description: 'Giải trình: why the deadline was missed, and the new plan' })
  @IsString()
  @Length(10, 20000)
  @NotBlank()
  explanation: string;

  @ApiProperty({ maxLength: 20000, description: 'Thư xin lỗi, addressed to the assigner' })
  @IsString()
  @Length(10, 20000)
  @NotBlank()
  apology: string;
}

/*
 * Every decision on a task is signed like the assignment (docs/signing.md): the body is
 * `{ content, signature, certificateId }`, the content the action's fields above plus the
 * decision envelope (subject { type: 'task', id }, action, signer, issuedAt, nonce).
 */
export class SignedVersionedDto extends signedDecisionDto(VersionedDto, 'TaskVersioned') {}
export class SignedReasonDto extends signedDecisionDto(ReasonDto, 'TaskReason') {}
export class SignedReportDto extends signedDecisionDto(ReportDto, 'TaskReport') {}
export class SignedFinalReportDto extends signedDecisionDto(FinalReportDto, 'TaskFinalReport') {}
export class SignedReopenDto extends signedDecisionDto(ReopenDto, 'TaskReopen') {}
export class SignedExtensionRequestDto extends signedDecisionDto(
  ExtensionRequestDto,
  'TaskExtensionRequest',
) {}
export class SignedExtensionDecisionDto extends signedDecisionDto(
  ExtensionDecisionDto,
  'TaskExtensionDecision',
) {}

export const TASK_SCOPES = ['mine', 'assigned', 'unit'] as const;
export type TaskScope = (typeof TASK_SCOPES)[number];
export const MY_ROLES = ['lead', 'coordinate', 'informed'] as const;

export class TaskListQuery extends PagedQuery() {
  @ApiPropertyOptional({
    enum: TASK_SCOPES,
    description:
      'mine (default): I lead, coordinate or am informed; assigned: I assigned; unit: led by my units',
  })
  @IsOptional()
  @IsIn(TASK_SCOPES)
  scope?: TaskScope;

  @ApiPropertyOptional({ enum: MY_ROLES, description: 'With scope=mine: only tasks where I hold this role' })
  @IsOptional()
  @IsIn(MY_ROLES)
  role?: (typeof MY_ROLES)[number];

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'With scope=unit: one of my units (default: all of them)',
  })
  @IsOptional()
  @IsUUID()
  unitId?: string;

  @ApiPropertyOptional({ enum: TASK_STATE_NAMES, isArray: true })
  @IsOptional()
  @Type(() => String)
  @IsIn(TASK_STATE_NAMES, { each: true })
  state?: TaskStateName | TaskStateName[];

  @ApiPropertyOptional({ description: 'Only overdue (blocked) tasks, or only those that are not' })
  @IsOptional()
  @Transform(({ obj, key }: { obj: Record<string, unknown>; key: string }) =>
    obj[key] === 'true' ? true : obj[key] === 'false' ? false : obj[key],
  )
  @IsBoolean()
  overdue?: boolean;

  @ApiPropertyOptional({ format: 'date-time' })
  @IsOptional()
  @IsInstant()
  deadlineFrom?: string;

  @ApiPropertyOptional({ format: 'date-time' })
  @IsOptional()
  @IsInstant()
  deadlineTo?: string;

  @ApiPropertyOptional({ enum: TASK_SOURCE_TYPES })
  @IsOptional()
  @IsIn(TASK_SOURCE_TYPES)
  sourceType?: TaskSourceType;

  @ApiPropertyOptional({
    description:
      'Only tasks assigned thừa ủy quyền (true), or only those assigned in one’s own right (false)',
  })
  @IsOptional()
  @Transform(({ obj, key }: { obj: Record<string, unknown>; key: string }) =>
    obj[key] === 'true' ? true : obj[key] === 'false' ? false : obj[key],
  )
  @IsBoolean()
  delegated?: boolean;
}

/** The path of a progress report's attachment: the task, the report and the file. */
export class ReportAttachmentParams extends AttachmentParams {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  reportId: string;
}
