/**
 * The incoming documents' part of the socket contract: the payload as a TypeBox schema (the
 * type derives from it) and its entry in the contract's registry. Browser-safe: TypeBox and
 * the generic contract only; prose and examples are in `document-events.asyncapi.ts`.
 */
import { DateTime, Nullable, PersonRef, Urgency, Uuid, PayloadsOf } from '@lt/realtime/contract';
import { type Static, Type } from '@sinclair/typebox';

/** An incoming document handed to a leader for annotation (trình). */
export const RoutedDocument = Type.Object({
  id: Uuid('Document id.'),
  unit: Type.Object({
    id: Uuid('The unit whose register holds it.'),
    name: Type.String({ description: 'Its name.' }),
  }),
  registerNumber: Type.Integer({ description: 'Số đến: the arrival number in that register.', minimum: 1 }),
  codeNumber: Type.String({ description: 'Số: the number the issuer gave it.' }),
  codeNotation: Type.String({ description: 'Ký hiệu.' }),
  organName: Type.String({ description: 'Cơ quan ban hành.' }),
  typeName: Type.String({ description: 'Loại văn bản.' }),
  subject: Type.String({ description: 'Trích yếu.' }),
  priority: Urgency,
  dueDate: Nullable(DateTime('Hạn xử lý, if any.')),
});
export type RoutedDocument = Static<typeof RoutedDocument>;

export const DocumentRoutedPayload = Type.Object(
  {
    document: RoutedDocument,
    by: PersonRef(undefined, 'Who routed it.'),
    note: Nullable(Type.String({ description: 'The routing note. / Ghi chú khi trình.' })),
    at: DateTime('When.'),
  },
  { $id: 'DocumentRoutedPayload' },
);

export const DocumentUrgedPayload = Type.Object(
  {
    document: RoutedDocument,
    by: PersonRef(undefined, 'Who urged: its clerk or a leader above.'),
    note: Type.String({ description: 'What they press for. / Nội dung đôn đốc.' }),
    count: Type.Integer({ description: 'Times it has been urged, this one included.', minimum: 1 }),
    at: DateTime('When.'),
  },
  { $id: 'DocumentUrgedPayload' },
);

export const DocumentDraftChangedPayload = Type.Object(
  {
    draft: Type.Object({
      id: Uuid('Draft id (the document keeps it once issued).'),
      subject: Type.String({ description: 'Trích yếu.' }),
      state: Type.String({ description: 'drafting, in_review, approved or issued.' }),
      typeName: Type.String({ description: 'Loại văn bản.' }),
    }),
    change: Type.String({ description: 'submitted, approve, return, forward or issued.' }),
    by: PersonRef(undefined, 'Who acted.'),
    comment: Nullable(Type.String({ description: 'The reviewer’s comment. / Ý kiến.' })),
    at: DateTime('When.'),
  },
  { $id: 'DocumentDraftChangedPayload' },
);

/** A document issued inside the deployment, as its recipients and its sender see it move. */
export const DeliveredDocument = Type.Object({
  id: Uuid('The outgoing document.'),
  subject: Type.String({ description: 'Trích yếu.' }),
  codeNumber: Type.String({ description: 'Số.' }),
  codeNotation: Type.String({ description: 'Ký hiệu.' }),
  organName: Type.String({ description: 'Cơ quan ban hành.' }),
});

export const DocumentArrivedPayload = Type.Object(
  { document: DeliveredDocument, at: DateTime('When it arrived.') },
  { $id: 'DocumentArrivedPayload' },
);

export const DocumentDeliveryStatusPayload = Type.Object(
  {
    document: DeliveredDocument,
    unit: Type.Object({ id: Uuid('The recipient unit.'), name: Type.String({ description: 'Its name.' }) }),
    status: Type.String({ description: 'edXML status: 01 arrived, 02 refused, 03 accepted, 04–06 later.' }),
    statusName: Type.Object({ vi: Type.String(), en: Type.String() }),
    by: PersonRef(undefined, 'The clerk who decided.'),
    reason: Nullable(Type.String({ description: 'Why it was refused. / Lý do từ chối.' })),
    at: DateTime('When.'),
  },
  { $id: 'DocumentDeliveryStatusPayload' },
);

export const DocumentRecalledPayload = Type.Object(
  {
    document: DeliveredDocument,
    reason: Type.String({ description: 'Lý do thu hồi.' }),
    at: DateTime('When.'),
  },
  { $id: 'DocumentRecalledPayload' },
);

export const DocumentReminderPayload = Type.Object(
  {
    document: RoutedDocument,
    overdue: Type.Boolean({ description: 'Its due date has passed. / Đã quá hạn.' }),
    at: DateTime('When.'),
  },
  { $id: 'DocumentReminderPayload' },
);

export const DOCUMENT_FEED_EVENTS = {
  /** An incoming document was routed to you for annotation (trình lãnh đạo cho ý kiến). */
  'document.routed': DocumentRoutedPayload,
  /** A document waiting with you was urged (đôn đốc) by its clerk or a leader above. */
  'document.urged': DocumentUrgedPayload,
  /** A draft moved to you: to review, to sign, returned to you, or issued. */
  'document.draft_changed': DocumentDraftChangedPayload,
  /** A document issued by another unit arrived in your unit's inbox (văn bản đến liên thông). */
  'document.arrived': DocumentArrivedPayload,
  /** A recipient of a document your unit issued accepted or refused it. */
  'document.delivery_status': DocumentDeliveryStatusPayload,
  /** A document you received, or that waits with you, was recalled by its sender (thu hồi). */
  'document.recalled': DocumentRecalledPayload,
  /** An incoming document waiting with you (or your unit's register) is due soon or overdue. */
  'document.reminder': DocumentReminderPayload,
};

declare module '@lt/realtime/contract' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- adds this capability's events to the registry
  interface FeedPayloads extends PayloadsOf<typeof DOCUMENT_FEED_EVENTS> {}
}
