/**
 * What the AsyncAPI document says about the discipline review's event: hand-written prose and
 * its example, typed by the payload. Server only; the schema is in `discipline-events.ts`.
 */
import { EXAMPLE_IDS as EX, type FeedEventDocs } from '@lt/realtime';
import { EXAMPLE_TASK } from '@lt/tasks';
import {
  CitizenFileDisciplineDecidedPayload,
  DISCIPLINE_FEED_EVENTS,
  TaskDisciplineDecidedPayload,
} from './discipline-events';

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
  'citizen_file.discipline_decided': {
    summary:
      'The head decided the discipline case of a late citizen’s file / Thủ trưởng đã quyết định xử lý hồ sơ một cửa trễ hẹn lần 2',
    description:
      'To the leaders of the unit whose step made the file late a second time; the file carries no personal data.',
    payload: CitizenFileDisciplineDecidedPayload,
    example: {
      caseId: '8e0b2d4f-6a8c-4e0b-a2d4-f6a8c0e2b4d6',
      file: {
        id: '5b7d9f1a-3c5e-4a7b-9d1f-3a5c7e9b1d3f',
        code: '000.01.32.H17-261207-0001',
        unit: { id: EX.unit, name: 'UBND phường An Hải Bắc' },
        procedure: {
          id: '7d9f1b3c-5e7a-4c9d-8f1b-3c5e7a9d1f3b',
          code: '1.001193',
          name: 'Đăng ký khai sinh',
        },
        state: 'processing',
        receivedAt: EX.now,
        appointmentAt: EX.now,
      },
      decision: 'criticise',
      note: 'Phê bình, yêu cầu bộ phận tư pháp rút kinh nghiệm.',
      decidedBy: { id: EX.otherUser, fullName: 'Trần Thị Bình' },
      onBehalfOf: null,
      decidedAt: EX.now,
    },
  },
};
