/**
 * What the AsyncAPI document says about the discipline review's event: hand-written prose and
 * its example, typed by the payload. Server only; the schema is in `discipline-events.ts`.
 */
import { EXAMPLE_IDS as EX, type FeedEventDocs } from '@lt/realtime';
import { EXAMPLE_TASK } from '@lt/tasks';
import { DISCIPLINE_FEED_EVENTS, TaskDisciplineDecidedPayload } from './discipline-events';

export const DISCIPLINE_FEED_DOCS: FeedEventDocs<keyof typeof DISCIPLINE_FEED_EVENTS> = {
  'task.discipline_decided': {
    summary: 'The head decided a discipline case / Thủ trưởng đã quyết định xử lý hồ sơ trễ hạn lần 2',
    description:
      'To the lead of the task (the person, or the leaders of the lead unit): the decision is final. ' +
      '`accept_explanation` chấp nhận giải trình, `remind` nhắc nhở, `criticise` phê bình, ' +
      '`propose_discipline` đề nghị xem xét xử lý kỷ luật.',
    payload: TaskDisciplineDecidedPayload,
    example: {
      caseId: '8e0b2d4f-6a8c-4e0b-a2d4-f6a8c0e2b4d6',
      task: { ...EXAMPLE_TASK, latenessCount: 2 },
      decision: 'remind',
      note: 'Nhắc nhở, yêu cầu rút kinh nghiệm về tiến độ.',
      decidedBy: { id: EX.otherUser, fullName: 'Trần Thị Bình' },
      onBehalfOf: null,
      decidedAt: EX.now,
    },
  },
};
