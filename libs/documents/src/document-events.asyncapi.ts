/**
 * What the AsyncAPI document says about the incoming documents' event: hand-written prose and
 * its example, typed by the payload. Server only; the schema is in `document-events.ts`.
 */
import { EXAMPLE_IDS as EX, type FeedEventDocs } from '@lt/realtime';
import {
  DOCUMENT_FEED_EVENTS,
  DocumentArrivedPayload,
  DocumentDeliveryStatusPayload,
  DocumentDraftChangedPayload,
  DocumentRecalledPayload,
  DocumentReminderPayload,
  DocumentRoutedPayload,
  DocumentUrgedPayload,
  RoutedDocument,
} from './document-events';
import type { Static } from '@sinclair/typebox';

const EXAMPLE_DOCUMENT: Static<typeof RoutedDocument> = {
  id: EX.directive,
  unit: { id: EX.unit, name: 'Văn phòng HĐND và UBND quận Sơn Trà' },
  registerNumber: 12,
  codeNumber: '4120',
  codeNotation: 'UBND-KT',
  organName: 'Ủy ban nhân dân thành phố Đà Nẵng',
  typeName: 'Công văn',
  subject: 'Về việc triển khai thu phí vệ sinh môi trường năm 2027',
  priority: 1,
  dueDate: EX.ackDueAt,
};

const EXAMPLE_DELIVERED = {
  id: EX.directive,
  subject: 'Kế hoạch phòng, chống bão năm 2027',
  codeNumber: '12',
  codeNotation: 'KH-UBND',
  organName: 'UBND quận Sơn Trà',
};

export const DOCUMENT_FEED_DOCS: FeedEventDocs<keyof typeof DOCUMENT_FEED_EVENTS> = {
  'document.routed': {
    summary: 'A document waits for your annotation / Văn bản trình đồng chí cho ý kiến',
    description:
      'To the leader an incoming document was routed to by the clerk (or another leader): it waits in ' +
      '`GET /documents/waiting` until annotated. Gửi lãnh đạo được trình văn bản đến.',
    payload: DocumentRoutedPayload,
    example: {
      document: EXAMPLE_DOCUMENT,
      by: { id: EX.otherUser, fullName: 'Võ Hữu Hà' },
      note: 'Kính trình đồng chí Chủ tịch cho ý kiến chỉ đạo.',
      at: EX.now,
    },
  },
  'document.urged': {
    summary: 'A document waiting with you was urged / Văn bản đang chờ đồng chí cho ý kiến được đôn đốc',
    description:
      'To the leader an incoming document waits with (`routedTo`), when its clerk or a leader above urges ' +
      'it with `POST /documents/:id/urge`; at most once per URGE_MIN_INTERVAL_MINUTES per document.',
    payload: DocumentUrgedPayload,
    example: {
      document: EXAMPLE_DOCUMENT,
      by: { id: EX.otherUser, fullName: 'Võ Hữu Hà' },
      note: 'Văn bản hỏa tốc, đề nghị đồng chí cho ý kiến trong buổi sáng.',
      count: 1,
      at: EX.now,
    },
  },
  'document.draft_changed': {
    summary: 'A draft waits for you / Dự thảo chờ đồng chí xử lý',
    description:
      'To whoever acts next on a draft (dự thảo): the first reviewer when it is submitted, the next one ' +
      'after an approval, the one it is forwarded to, the signer after the last approval, the drafter ' +
      'when it is returned or issued.',
    payload: DocumentDraftChangedPayload,
    example: {
      draft: {
        id: EX.directive,
        subject: 'Kế hoạch phòng, chống bão năm 2027',
        state: 'in_review',
        typeName: 'Kế hoạch',
      },
      change: 'approve',
      by: { id: EX.otherUser, fullName: 'Võ Hữu Hà' },
      comment: 'Đồng ý, kính trình Phó Chủ tịch.',
      at: EX.now,
    },
  },
  'document.arrived': {
    summary: 'A document arrived for your unit / Văn bản đến từ đơn vị khác',
    description:
      "To the recipient unit's clerks when a document issued inside the deployment names their unit: " +
      'accept it (`POST /arrivals/:id/accept`, numbered in the incoming register) or refuse it with a reason.',
    payload: DocumentArrivedPayload,
    example: { document: EXAMPLE_DELIVERED, at: EX.now },
  },
  'document.delivery_status': {
    summary: 'A recipient accepted or refused your document / Đơn vị nhận đã tiếp nhận hoặc từ chối',
    description:
      "To the issuing side (its clerks, the drafter, reviewers and signer): one recipient's new edXML status.",
    payload: DocumentDeliveryStatusPayload,
    example: {
      document: EXAMPLE_DELIVERED,
      unit: { id: EX.unit, name: 'UBND phường An Hải Bắc' },
      status: '03',
      statusName: { vi: 'Đã tiếp nhận', en: 'Accepted' },
      by: { id: EX.otherUser, fullName: 'Võ Hữu Hà' },
      reason: null,
      at: EX.now,
    },
  },
  'document.recalled': {
    summary: 'A document was recalled / Văn bản đã bị thu hồi',
    description: "To the recipients' clerks and whoever it waits with: it is frozen, its trail kept.",
    payload: DocumentRecalledPayload,
    example: { document: EXAMPLE_DELIVERED, reason: 'Ban hành nhầm đối tượng.', at: EX.now },
  },
  'document.reminder': {
    summary: 'A document waiting with you is due / Văn bản đến sắp đến hạn hoặc quá hạn xử lý',
    description:
      'To the leader an incoming document waits with, or to its unit’s clerks while it waits with nobody: ' +
      'its due date is DOCUMENT_REMINDER_HOURS away or has passed and it is not annotated yet. Once per due date.',
    payload: DocumentReminderPayload,
    example: { document: EXAMPLE_DOCUMENT, overdue: false, at: EX.now },
  },
};
