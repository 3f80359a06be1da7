/**
 * What the AsyncAPI document says about the incoming documents' event: hand-written prose and
 * its example, typed by the payload. Server only; the schema is in `document-events.ts`.
 */
import { EXAMPLE_IDS as EX, type FeedEventDocs } from '@lt/realtime';
import { DOCUMENT_FEED_EVENTS, DocumentRoutedPayload } from './document-events';

export const DOCUMENT_FEED_DOCS: FeedEventDocs<keyof typeof DOCUMENT_FEED_EVENTS> = {
  'document.routed': {
    summary: 'A document waits for your annotation / Văn bản trình đồng chí cho ý kiến',
    description:
      'To the leader an incoming document was routed to by the clerk (or another leader): it waits in ' +
      '`GET /documents/waiting` until annotated. Gửi lãnh đạo được trình văn bản đến.',
    payload: DocumentRoutedPayload,
    example: {
      document: {
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
      },
      by: { id: EX.otherUser, fullName: 'Võ Hữu Hà' },
      note: 'Kính trình đồng chí Chủ tịch cho ý kiến chỉ đạo.',
      at: EX.now,
    },
  },
};
