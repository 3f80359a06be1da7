import type { Urgency } from '@lt/realtime';
import type { DirectiveSummary, ProgressCounts, ReceiptState, ReceiptView } from './directive-events';
import type { AttachmentMeta } from '@lt/files';
import type { DirectiveEntity, DirectiveRecipientEntity } from './directive.entity';

export interface DirectiveNames {
  unitName: string;
  signerName: string;
  /** The delegator's name, when issued thừa ủy quyền. */
  onBehalfOfName?: string;
}

export function toSummary(
  d: DirectiveEntity,
  names: DirectiveNames,
  attachments: AttachmentMeta[],
): DirectiveSummary {
  return {
    id: d.id,
    notation: d.notation,
    number: d.number,
    year: d.year,
    type: d.type,
    subject: d.subject,
    body: d.body,
    urgency: d.urgency as Urgency,
    issuingUnit: { id: d.issuingUnitId, name: names.unitName },
    signer: { id: d.signerId, fullName: names.signerName },
    onBehalfOf: d.signerOnBehalfOfId
      ? { id: d.signerOnBehalfOfId, fullName: names.onBehalfOfName ?? '' }
      : null,
    issuedAt: d.issuedAt.toISOString(),
    ackRequired: d.ackRequired,
    ackDueAt: d.ackDueAt?.toISOString() ?? null,
    attachments,
    recalledAt: d.recalledAt?.toISOString() ?? null,
    recallReason: d.recallReason,
  };
}

export function receiptState(
  r: Pick<DirectiveRecipientEntity, 'deliveredAt' | 'readAt' | 'acknowledgedAt'>,
): ReceiptState {
  if (r.acknowledgedAt) return 'acknowledged';
  if (r.readAt) return 'read';
  if (r.deliveredAt) return 'delivered';
  return 'pending';
}

export function toReceipt(r: DirectiveRecipientEntity): ReceiptView {
  return {
    directiveId: r.directiveId,
    userId: r.userId,
    unitId: r.unitId,
    state: receiptState(r),
    deliveredAt: r.deliveredAt?.toISOString() ?? null,
    readAt: r.readAt?.toISOString() ?? null,
    acknowledgedAt: r.acknowledgedAt?.toISOString() ?? null,
    comment: r.ackComment,
  };
}

export function toCounts(
  d: Pick<DirectiveEntity, 'recipientCount' | 'deliveredCount' | 'readCount' | 'ackCount'>,
): ProgressCounts {
  return {
    recipients: d.recipientCount,
    delivered: d.deliveredCount,
    read: d.readCount,
    acknowledged: d.ackCount,
  };
}
