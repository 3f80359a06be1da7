import { ApiProperty } from '@nestjs/swagger';
import { PageInfoDto, PersonRefDto, UnitRefDto } from '@lt/common';
import { TaskSummaryDto } from '@lt/tasks';
import { FOLLOW_UP_STATUSES, FollowUpStatus } from './annotation.dto';
import { ANNOTATION_SUBJECTS, AnnotationSubjectType } from './annotation.entity';
import type { FollowUpItem, FollowUpPage } from './annotation-follow-up';
import type { AnnotationView } from './annotation-views';
import { TRAIL_KINDS, TrailItem, TrailKind } from './document-trail';

export class AnnotatedSubjectDto {
  @ApiProperty({ enum: ANNOTATION_SUBJECTS }) type: AnnotationSubjectType;
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() title: string;
}

export class AnnotationTaskDto extends TaskSummaryDto {
  @ApiProperty({ enum: FOLLOW_UP_STATUSES }) followUp: FollowUpStatus;
}

/** A signed annotation (bút phê) with the tasks it assigned. */
export class AnnotationViewDto implements AnnotationView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ type: AnnotatedSubjectDto }) subject: AnnotatedSubjectDto;
  @ApiProperty() text: string;
  @ApiProperty({ type: PersonRefDto }) author: PersonRefDto;
  @ApiProperty({
    type: PersonRefDto,
    nullable: true,
    description: 'Signed thừa ủy quyền (TUQ.) or as acting head (Q.): the leader whose post the author used',
  })
  onBehalfOf: PersonRefDto | null;
  @ApiProperty({ type: UnitRefDto }) authorUnit: UnitRefDto;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'uuid' }) signatureId: string;
  @ApiProperty({
    enum: FOLLOW_UP_STATUSES,
    nullable: true,
    description: 'Derived from its tasks; null for a remark that assigned nothing',
  })
  status: FollowUpStatus | null;
  @ApiProperty({ type: [AnnotationTaskDto] }) tasks: AnnotationTaskDto[];
}

export class FollowUpTaskCountsDto {
  @ApiProperty() total: number;
  @ApiProperty() done: number;
  @ApiProperty() onTrack: number;
  @ApiProperty() atRisk: number;
  @ApiProperty() overdue: number;
  @ApiProperty() cancelled: number;
}

export class FollowUpItemDto implements FollowUpItem {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty() text: string;
  @ApiProperty({ type: PersonRefDto }) author: PersonRefDto;
  @ApiProperty({ type: PersonRefDto, nullable: true, description: 'Signed thừa ủy quyền: for whom' })
  onBehalfOf: PersonRefDto | null;
  @ApiProperty({ type: AnnotatedSubjectDto }) subject: AnnotatedSubjectDto;
  @ApiProperty({ enum: FOLLOW_UP_STATUSES }) status: FollowUpStatus;
  @ApiProperty({ type: FollowUpTaskCountsDto }) tasks: FollowUpTaskCountsDto;
  @ApiProperty({
    format: 'date-time',
    nullable: true,
    type: String,
    description: 'The nearest deadline still owed',
  })
  nextDeadline: string | null;
  @ApiProperty({ type: [UnitRefDto] }) leadUnits: UnitRefDto[];
}

export class FollowUpCountsDto implements Record<FollowUpStatus, number> {
  @ApiProperty() done: number;
  @ApiProperty() on_track: number;
  @ApiProperty() at_risk: number;
  @ApiProperty() overdue: number;
  @ApiProperty() cancelled: number;
}

export class FollowUpPageDto extends PageInfoDto implements FollowUpPage {
  @ApiProperty({ type: [FollowUpItemDto] }) items: FollowUpItemDto[];
  @ApiProperty({
    type: FollowUpCountsDto,
    description: 'The whole selection (before the status filter), by status',
  })
  counts: FollowUpCountsDto;
  @ApiProperty({ format: 'date-time' }) generatedAt: string;
}

const TRAIL_REF_TYPES = ['document', 'annotation', 'task', 'task_report'] as const;

export class TrailRefDto {
  @ApiProperty({ enum: TRAIL_REF_TYPES }) type: (typeof TRAIL_REF_TYPES)[number];
  @ApiProperty({ format: 'uuid' }) id: string;
}

/** One step of a document's handling trail. */
export class TrailItemDto implements TrailItem {
  @ApiProperty({ format: 'date-time' }) at: string;
  @ApiProperty({ enum: TRAIL_KINDS }) kind: TrailKind;
  @ApiProperty({ type: PersonRefDto, nullable: true }) by: PersonRefDto | null;
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'The note, the annotation, the title, the report',
  })
  text: string | null;
  @ApiProperty({
    nullable: true,
    type: String,
    description: "A reviewer's decision (approved, returned, forwarded) or a draft version's number",
  })
  decision: string | null;
  @ApiProperty({ type: TrailRefDto, description: 'The record the step made' }) ref: TrailRefDto;
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'The leader routed to, the unit leading the task',
  })
  to: string | null;
  @ApiProperty({ nullable: true, type: Number }) percent: number | null;
}
