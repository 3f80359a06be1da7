import { EscalationViewDto } from '@lt/escalation';
import { ApiProperty } from '@nestjs/swagger';
import { PageInfoDto, PersonRefDto, UnitRefDto } from '@lt/common';
import { AttachmentMetaDto } from '@lt/files';
import { URGENCIES, Urgency } from '@lt/realtime';
import { SignatureBundleDto } from '@lt/signing';
import type { AssignedTask } from './assign-task';
import { PartyView, TASK_STATE_NAMES, TaskStateName, TaskSummary } from './task-events';
import type { TaskDetail, TaskPage, TaskPartyDetail, TaskReportView, TaskSignatures } from './task-queries';
import { TASK_ACTIONS } from './task-state-machine';
import { TASK_SOURCE_TYPES } from './task.entity';
import type { TaskRole } from './task-views';

export class PartyViewDto implements PartyView {
  @ApiProperty({ type: UnitRefDto }) unit: UnitRefDto;
  @ApiProperty({
    type: PersonRefDto,
    nullable: true,
    description: 'The person, when a person holds the role',
  })
  user: PersonRefDto | null;
}

export class TaskAssignerDto extends PersonRefDto {
  @ApiProperty({ format: 'uuid', description: 'The unit the assigner signed for' }) unitId: string;
  @ApiProperty({
    type: PersonRefDto,
    nullable: true,
    description: 'Assigned thừa ủy quyền: whose authority (người ủy quyền); null in their own right',
  })
  onBehalfOf: PersonRefDto | null;
}

export class TaskSourceRefDto {
  @ApiProperty({ enum: TASK_SOURCE_TYPES }) type: (typeof TASK_SOURCE_TYPES)[number];
  @ApiProperty({ format: 'uuid' }) id: string;
}

/** A task as everyone involved sees it in lists and events (TaskSummary of the event contract). */
export class TaskSummaryDto implements TaskSummary {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() title: string;
  @ApiProperty({ enum: TASK_STATE_NAMES }) state: TaskStateName;
  @ApiProperty({ enum: URGENCIES, description: 'edXML priority: 0 thường … 4 hỏa tốc hẹn giờ' })
  priority: Urgency;
  @ApiProperty({ format: 'date-time', description: 'The deadline in force' }) deadline: string;
  @ApiProperty({ format: 'date-time', description: 'The deadline as signed' }) originalDeadline: string;
  @ApiProperty({ format: 'date-time' }) issuedAt: string;
  @ApiProperty({ description: 'Percent, 0–100' }) progress: number;
  @ApiProperty({ description: 'Overdue and stopped until its lead files an explanation' }) blocked: boolean;
  @ApiProperty() latenessCount: number;
  @ApiProperty({ description: 'How many times it was urged (đôn đốc)' }) urgedCount: number;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) lastUrgedAt: string | null;
  @ApiProperty({ type: PartyViewDto }) lead: PartyViewDto;
  @ApiProperty({ type: TaskAssignerDto }) assigner: TaskAssignerDto;
  @ApiProperty({ type: TaskSourceRefDto, nullable: true }) source: TaskSourceRefDto | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) parentId: string | null;
  @ApiProperty({ description: 'Send back with every change (optimistic concurrency)' }) version: number;
}

export class AssignedTaskDto extends TaskSummaryDto implements AssignedTask {
  @ApiProperty({ format: 'uuid', description: 'The signature on the assignment' }) signatureId: string;
}

export class TaskPageDto extends PageInfoDto implements TaskPage {
  @ApiProperty({ type: [TaskSummaryDto] }) items: TaskSummaryDto[];
}

export class TaskPartyDetailDto extends PartyViewDto implements TaskPartyDetail {
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) acknowledgedAt: string | null;
}

export class TaskChainLinkDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() title: string;
  @ApiProperty({ enum: TASK_STATE_NAMES }) state: TaskStateName;
}

export class TaskReportViewDto implements TaskReportView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: ['progress', 'final', 'contribution'] }) kind: 'progress' | 'final' | 'contribution';
  @ApiProperty({ type: PersonRefDto }) author: PersonRefDto;
  @ApiProperty({ nullable: true, type: Number }) percent: number | null;
  @ApiProperty() text: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ type: [AttachmentMetaDto] }) attachments: AttachmentMetaDto[];
}

const EXTENSION_STATES = ['pending', 'approved', 'refused', 'withdrawn'] as const;

export class TaskExtensionDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: EXTENSION_STATES }) state: (typeof EXTENSION_STATES)[number];
  @ApiProperty({ format: 'date-time' }) currentDeadline: string;
  @ApiProperty({ format: 'date-time' }) requestedDeadline: string;
  @ApiProperty() reason: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) decidedAt: string | null;
  @ApiProperty({ nullable: true, type: String }) decisionNote: string | null;
}

export class TaskLatenessDto {
  @ApiProperty({ description: '1 for the first lateness' }) number: number;
  @ApiProperty({ format: 'date-time' }) missedDeadline: string;
  @ApiProperty({ format: 'date-time' }) overdueAt: string;
  @ApiProperty({ nullable: true, type: String }) explanation: string | null;
  @ApiProperty({ nullable: true, type: String }) apology: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) filedAt: string | null;
}

export class TaskUrgingDto {
  @ApiProperty({ type: PersonRefDto }) by: PersonRefDto;
  @ApiProperty() note: string;
  @ApiProperty({ format: 'date-time' }) at: string;
}

const TASK_ROLES = ['lead', 'assigner', 'coordinate', 'informed'] as const satisfies readonly TaskRole[];
const DETAIL_ACTIONS = [
  ...(Object.keys(TASK_ACTIONS) as (keyof typeof TASK_ACTIONS)[]),
  'file_explanation',
  'contribute',
  'acknowledge',
  'urge',
] as const;

export class TaskDetailDto extends TaskSummaryDto implements TaskDetail {
  @ApiProperty() description: string;
  @ApiProperty({ type: [TaskPartyDetailDto] }) coordinators: TaskPartyDetailDto[];
  @ApiProperty({ type: [TaskPartyDetailDto] }) informed: TaskPartyDetailDto[];
  @ApiProperty({ enum: TASK_ROLES, isArray: true }) myRoles: TaskRole[];
  @ApiProperty({ enum: DETAIL_ACTIONS, isArray: true, description: 'What I may do now' })
  allowedActions: TaskDetail['allowedActions'];
  @ApiProperty({ type: [TaskChainLinkDto], description: 'Root first, the direct parent last' })
  chain: TaskChainLinkDto[];
  @ApiProperty({ type: [TaskSummaryDto] }) children: TaskSummaryDto[];
  @ApiProperty({ type: [TaskReportViewDto] }) reports: TaskReportViewDto[];
  @ApiProperty({ type: [TaskExtensionDto] }) extensions: TaskExtensionDto[];
  @ApiProperty({ type: [TaskLatenessDto] }) latenesses: TaskLatenessDto[];
  @ApiProperty({ type: [TaskUrgingDto], description: 'Each urging (đôn đốc), oldest first' })
  urgings: TaskUrgingDto[];
  @ApiProperty({
    type: [EscalationViewDto],
    description: 'How its lateness climbed the tree (báo cáo vượt cấp)',
  })
  escalations: EscalationViewDto[];
  @ApiProperty({ nullable: true, type: String }) returnReason: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) submittedAt: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) completedAt: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) cancelledAt: string | null;
  @ApiProperty({ format: 'uuid' }) signatureId: string;
}

export class SignedDecisionViewDto {
  @ApiProperty({ example: 'accept', description: 'The action signed (accept, report, approve_extension…)' })
  action: string;
  @ApiProperty({ format: 'uuid' }) signatureId: string;
  @ApiProperty({ type: PersonRefDto }) signer: PersonRefDto;
  @ApiProperty({ format: 'date-time' }) signedAt: string;
  @ApiProperty({ type: SignatureBundleDto }) bundle: SignatureBundleDto;
}

export class TaskSignaturesDto implements TaskSignatures {
  @ApiProperty({ type: SignatureBundleDto, description: 'The assigner’s signature on the assignment' })
  assignment: SignatureBundleDto;
  @ApiProperty({ type: [SignedDecisionViewDto], description: 'Every signed decision since, oldest first' })
  decisions: SignedDecisionViewDto[];
}
