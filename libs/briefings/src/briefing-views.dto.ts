import { ApiProperty } from '@nestjs/swagger';
import { PageInfoDto, PersonRefDto, UnitRefDto } from '@lt/common';
import {
  BRIEFING_REPORTER_STATUSES,
  BRIEFING_SECTIONS,
  BRIEFING_STATES,
  BriefingCounts,
  BriefingReporterRef,
  BriefingReporterStatus,
  BriefingSection,
  BriefingState,
  BriefingSummary,
} from './briefing-events';
import { AssignedTaskDto } from '@lt/tasks';
import type { ItemTask } from './assign-from-item';
import type { BriefingSearchHit, BriefingSearchPage } from './briefing-search';
import type {
  BriefingAction,
  BriefingCommentView,
  BriefingItemSource,
  BriefingItemView,
  BriefingListItem,
  BriefingPage,
  BriefingReporterView,
  BriefingReportView,
  BriefingView,
} from './briefing-views';

/** A weekly briefing (giao ban) as events and lists carry it (BriefingSummary of the event contract). */
export class BriefingSummaryDto implements BriefingSummary {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ type: UnitRefDto, description: 'The unit whose briefing it is' }) unit: UnitRefDto;
  @ApiProperty({ example: '2026-W48', description: 'ISO week of the meeting, Vietnam time' }) week: string;
  @ApiProperty() title: string;
  @ApiProperty({ format: 'date-time' }) meetingAt: string;
  @ApiProperty({ format: 'date-time', description: 'Hạn nộp báo cáo' }) cutoffAt: string;
  @ApiProperty({ enum: BRIEFING_STATES }) state: BriefingState;
  @ApiProperty({ nullable: true, type: String, description: 'Kết luận, once closed' }) conclusion:
    string | null;
}

export class BriefingCountsDto implements BriefingCounts {
  @ApiProperty() expected: number;
  @ApiProperty() onTime: number;
  @ApiProperty() late: number;
  @ApiProperty() missing: number;
  @ApiProperty() pending: number;
  @ApiProperty({ description: 'Reports resubmitted after the cut-off' }) revisedAfterCutoff: number;
}

export class BriefingCommentViewDto implements BriefingCommentView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) itemId: string;
  @ApiProperty() text: string;
  @ApiProperty({ type: PersonRefDto }) author: PersonRefDto;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class BriefingItemViewDto implements BriefingItemView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: BRIEFING_SECTIONS }) section: BriefingSection;
  @ApiProperty() text: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'The task it became' })
  taskId: string | null;
  @ApiProperty({ type: [BriefingCommentViewDto] }) comments: BriefingCommentViewDto[];
  @ApiProperty({ description: 'Commented or tasked: a resubmission must keep it as it is' }) locked: boolean;
}

export class BriefingReportViewDto implements BriefingReportView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() version: number;
  @ApiProperty({ format: 'date-time' }) firstSubmittedAt: string;
  @ApiProperty({ format: 'date-time' }) submittedAt: string;
  @ApiProperty({ type: PersonRefDto }) submittedBy: PersonRefDto;
  @ApiProperty() late: boolean;
  @ApiProperty() revisedAfterCutoff: boolean;
  @ApiProperty({ type: [BriefingItemViewDto] }) done: BriefingItemViewDto[];
  @ApiProperty({ type: [BriefingItemViewDto] }) plan: BriefingItemViewDto[];
  @ApiProperty({ type: [BriefingItemViewDto] }) issues: BriefingItemViewDto[];
}

export class BriefingReporterRefDto implements BriefingReporterRef {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ type: UnitRefDto }) unit: UnitRefDto;
  @ApiProperty({ type: PersonRefDto, nullable: true, description: 'The person, when a person reports' })
  user: PersonRefDto | null;
}

export class BriefingReporterViewDto extends BriefingReporterRefDto implements BriefingReporterView {
  @ApiProperty({ enum: BRIEFING_REPORTER_STATUSES }) status: BriefingReporterStatus;
  @ApiProperty({ description: 'I submit for this reporter, and the briefing is open' }) canSubmit: boolean;
  @ApiProperty({ type: BriefingReportViewDto, nullable: true }) report: BriefingReportViewDto | null;
}

const BRIEFING_ACTIONS = ['comment', 'assign', 'close'] as const satisfies readonly BriefingAction[];

export class BriefingViewDto extends BriefingSummaryDto implements BriefingView {
  @ApiProperty() isoYear: number;
  @ApiProperty() isoWeek: number;
  @ApiProperty({ type: PersonRefDto }) openedBy: PersonRefDto;
  @ApiProperty({ format: 'date-time' }) openedAt: string;
  @ApiProperty({ type: PersonRefDto, nullable: true }) closedBy: PersonRefDto | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) closedAt: string | null;
  @ApiProperty() version: number;
  @ApiProperty({ type: BriefingCountsDto }) counts: BriefingCountsDto;
  @ApiProperty({
    enum: BRIEFING_ACTIONS,
    isArray: true,
    description: 'What I may do as a leader, while open',
  })
  allowedActions: BriefingAction[];
  @ApiProperty({ type: [BriefingReporterViewDto] }) reporters: BriefingReporterViewDto[];
  @ApiProperty({ format: 'date-time' }) generatedAt: string;
}

export class MyReporterStatusDto {
  @ApiProperty({ format: 'uuid' }) reporterId: string;
  @ApiProperty({ enum: BRIEFING_REPORTER_STATUSES }) status: BriefingReporterStatus;
  @ApiProperty() revisedAfterCutoff: boolean;
}

export class BriefingListItemDto extends BriefingSummaryDto implements BriefingListItem {
  @ApiProperty({ format: 'date-time' }) openedAt: string;
  @ApiProperty() version: number;
  @ApiProperty({ type: BriefingCountsDto }) counts: BriefingCountsDto;
  @ApiProperty({ type: [MyReporterStatusDto], description: 'The reporters I submit for' })
  mine: MyReporterStatusDto[];
}

export class BriefingPageDto extends PageInfoDto implements BriefingPage {
  @ApiProperty({ type: [BriefingListItemDto] }) items: BriefingListItemDto[];
}

const SEARCH_HIT_KINDS = ['briefing', 'item', 'comment'] as const;

export class BriefingSearchHitDto implements BriefingSearchHit {
  @ApiProperty({ enum: SEARCH_HIT_KINDS, description: 'What matched' })
  kind: (typeof SEARCH_HIT_KINDS)[number];
  @ApiProperty({ type: BriefingSummaryDto }) briefing: BriefingSummaryDto;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) itemId: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) commentId: string | null;
  @ApiProperty({ enum: BRIEFING_SECTIONS, nullable: true }) section: BriefingSection | null;
  @ApiProperty({ nullable: true, type: String, description: 'Who reported the item or wrote the comment' })
  by: string | null;
  @ApiProperty({ description: 'The matching text as written, "…" marking what was left out' }) text: string;
  @ApiProperty() rank: number;
}

export class BriefingSearchPageDto extends PageInfoDto implements BriefingSearchPage {
  @ApiProperty({ type: [BriefingSearchHitDto] }) items: BriefingSearchHitDto[];
}

export class BriefingRefDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() title: string;
  @ApiProperty({ format: 'date-time' }) meetingAt: string;
}

export class BriefingItemSourceDto implements BriefingItemSource {
  @ApiProperty({ format: 'uuid' }) itemId: string;
  @ApiProperty({ enum: BRIEFING_SECTIONS }) section: BriefingSection;
  @ApiProperty() text: string;
  @ApiProperty({ type: BriefingRefDto }) briefing: BriefingRefDto;
}

export class ItemTaskDto implements ItemTask {
  @ApiProperty({ format: 'uuid' }) itemId: string;
  @ApiProperty({ type: AssignedTaskDto }) task: AssignedTaskDto;
}
