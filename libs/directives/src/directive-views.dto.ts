import { EscalationViewDto } from '@lt/escalation';
import { ApiProperty } from '@nestjs/swagger';
import { PersonRefDto, UnitRefDto } from '@lt/common';
import { AttachmentMetaDto } from '@lt/files';
import { URGENCIES, Urgency } from '@lt/realtime';
import { DirectiveSummary, ProgressCounts, ReceiptState, ReceiptView } from './directive-events';
import type { DirectiveProgress, InboxItem, IssuedItem, UnitProgress } from './directive-follow-up';
import type { IssuedDirective } from './issue-directive';

const RECEIPT_STATES = [
  'pending',
  'delivered',
  'read',
  'acknowledged',
] as const satisfies readonly ReceiptState[];

/** A directive as its recipients and issuers see it (DirectiveSummary of the event contract). */
export class DirectiveSummaryDto implements DirectiveSummary {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: '29/CT-UBND', description: 'Số, ký hiệu' }) notation: string;
  @ApiProperty() number: number;
  @ApiProperty() year: number;
  @ApiProperty({ example: 'CT' }) type: string;
  @ApiProperty() subject: string;
  @ApiProperty() body: string;
  @ApiProperty({ enum: URGENCIES, description: 'edXML priority: 0 thường … 4 hỏa tốc hẹn giờ' })
  urgency: Urgency;
  @ApiProperty({ type: UnitRefDto }) issuingUnit: UnitRefDto;
  @ApiProperty({ type: PersonRefDto }) signer: PersonRefDto;
  @ApiProperty({
    type: PersonRefDto,
    nullable: true,
    description: 'Issued thừa ủy quyền: whose authority (người ủy quyền); null in their own right',
  })
  onBehalfOf: PersonRefDto | null;
  @ApiProperty({ format: 'date-time' }) issuedAt: string;
  @ApiProperty() ackRequired: boolean;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) ackDueAt: string | null;
  @ApiProperty({ type: [AttachmentMetaDto] }) attachments: AttachmentMetaDto[];
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) recalledAt: string | null;
  @ApiProperty({ nullable: true, type: String }) recallReason: string | null;
}

export class IssuedDirectiveDto extends DirectiveSummaryDto implements IssuedDirective {
  @ApiProperty() recipientCount: number;
  @ApiProperty() version: number;
}

export class ReceiptViewDto implements ReceiptView {
  @ApiProperty({ format: 'uuid' }) directiveId: string;
  @ApiProperty({ format: 'uuid' }) userId: string;
  @ApiProperty({ format: 'uuid' }) unitId: string;
  @ApiProperty({ enum: RECEIPT_STATES }) state: ReceiptState;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) deliveredAt: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) readAt: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) acknowledgedAt: string | null;
  @ApiProperty({ nullable: true, type: String }) comment: string | null;
}

export class ProgressCountsDto implements ProgressCounts {
  @ApiProperty() recipients: number;
  @ApiProperty() delivered: number;
  @ApiProperty() read: number;
  @ApiProperty() acknowledged: number;
}

/** A directive I received, with my receipt. */
export class InboxItemDto extends DirectiveSummaryDto implements InboxItem {
  @ApiProperty({ type: ReceiptViewDto }) receipt: ReceiptViewDto;
}

/** A directive my unit issued, with its recipients' counts. */
export class IssuedItemDto extends DirectiveSummaryDto implements IssuedItem {
  @ApiProperty({ type: ProgressCountsDto }) counts: ProgressCountsDto;
  @ApiProperty() version: number;
}

const PENDING_STATES = ['pending', 'delivered', 'read'] as const;

export class PendingRecipientDto {
  @ApiProperty({ format: 'uuid' }) userId: string;
  @ApiProperty() fullName: string;
  @ApiProperty({ enum: PENDING_STATES }) state: (typeof PENDING_STATES)[number];
}

export class UnitProgressDto extends ProgressCountsDto implements UnitProgress {
  @ApiProperty({ format: 'uuid' }) unitId: string;
  @ApiProperty() unitName: string;
  @ApiProperty({ type: [PendingRecipientDto], description: 'Who has not acknowledged yet (the call list)' })
  pending: PendingRecipientDto[];
}

export class DirectiveProgressDto implements DirectiveProgress {
  @ApiProperty({ format: 'uuid' }) directiveId: string;
  @ApiProperty({ type: ProgressCountsDto }) counts: ProgressCountsDto;
  @ApiProperty({ type: [UnitProgressDto] }) units: UnitProgressDto[];
  @ApiProperty({
    type: [EscalationViewDto],
    description: 'How late units climbed the tree (báo cáo vượt cấp)',
  })
  escalations: EscalationViewDto[];
}

export class RemindedDto {
  @ApiProperty({ description: 'Recipients reminded' }) reminded: number;
}
