import { ApiProperty, ApiPropertyOptional, PickType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  Equals,
  IsArray,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { IsInstant, NotBlank, PagedQuery } from '@lt/common';
import { ActingForDto } from '@lt/signing';
import { AssignmentContentDto } from '@lt/tasks';
import { ANNOTATION_SUBJECTS, AnnotationSubjectType } from './annotation.entity';

/** The `kind` of signed annotation content. */
export const ANNOTATION_KIND = 'lien-thong/annotation@1';
export const MAX_ASSIGNMENTS = 20;

export class AnnotationSubjectDto {
  @ApiProperty({ enum: ANNOTATION_SUBJECTS })
  @IsIn(ANNOTATION_SUBJECTS)
  type: AnnotationSubjectType;

  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  id: string;
}

/**
 * One instruction of the annotation: who leads, who helps, who is informed, by when — the
 * fields of a signed assignment, validated the same way.
 */
export class AnnotationAssignmentDto extends PickType(AssignmentContentDto, [
  'title',
  'lead',
  'coordinators',
  'informed',
  'deadline',
  'priority',
] as const) {}

/**
 * The annotation exactly as the leader signs it (RFC 8785 canonical JSON, ES256): the text
 * and every assignment it makes. Its tasks carry this signature.
 */
export class AnnotationContentDto {
  @ApiProperty({ enum: [ANNOTATION_KIND] })
  @Equals(ANNOTATION_KIND)
  kind: typeof ANNOTATION_KIND;

  @ApiProperty({ type: AnnotationSubjectDto })
  @ValidateNested()
  @Type(() => AnnotationSubjectDto)
  subject: AnnotationSubjectDto;

  @ApiProperty({ maxLength: 20000, description: 'Ý kiến chỉ đạo' })
  @IsString()
  @Length(1, 20000)
  @NotBlank()
  text: string;

  @ApiProperty({ type: [AnnotationAssignmentDto], description: 'Empty for a remark without tasks' })
  @IsArray()
  @ArrayMaxSize(MAX_ASSIGNMENTS)
  @ValidateNested({ each: true })
  @Type(() => AnnotationAssignmentDto)
  assignments: AnnotationAssignmentDto[];

  @ApiProperty({ format: 'uuid', description: 'The author: the signed-in leader' })
  @IsUUID()
  author: string;

  @ApiProperty({ format: 'date-time', description: 'When it was signed' })
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

export class AnnotateDto {
  @ApiProperty({ type: AnnotationContentDto })
  @ValidateNested()
  @Type(() => AnnotationContentDto)
  content: AnnotationContentDto;

  @ApiProperty({ description: 'ES256 over the RFC 8785 canonical content: base64url of raw r‖s (64 bytes)' })
  @IsString()
  @MaxLength(200)
  signature: string;

  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  certificateId: string;
}

export class ThreadQuery {
  @ApiProperty({ enum: ANNOTATION_SUBJECTS })
  @IsIn(ANNOTATION_SUBJECTS)
  subjectType: AnnotationSubjectType;

  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  subjectId: string;
}

export const FOLLOW_UP_STATUSES = ['done', 'on_track', 'at_risk', 'overdue', 'cancelled'] as const;
export type FollowUpStatus = (typeof FOLLOW_UP_STATUSES)[number];

export class FollowUpQuery extends PagedQuery({ maxPage: 100000, defaultPageSize: 50 }) {
  @ApiPropertyOptional({ format: 'date-time', description: 'Annotated from (inclusive)' })
  @IsOptional()
  @IsInstant()
  from?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Annotated before (exclusive)' })
  @IsOptional()
  @IsInstant()
  to?: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'Only annotations assigning work in this unit’s subtree',
  })
  @IsOptional()
  @IsUUID()
  unitId?: string;

  @ApiPropertyOptional({ enum: FOLLOW_UP_STATUSES })
  @IsOptional()
  @IsIn(FOLLOW_UP_STATUSES)
  status?: FollowUpStatus;

  @ApiPropertyOptional({
    enum: ['mine', 'unit'],
    description: 'Mine only, or also my unit’s leaders (default)',
  })
  @IsOptional()
  @IsIn(['mine', 'unit'])
  scope?: 'mine' | 'unit';
}
