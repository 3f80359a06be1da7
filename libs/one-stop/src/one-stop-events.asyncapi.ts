/**
 * What the AsyncAPI document says about the one-stop counter's events: prose and examples,
 * typed by the payloads. Server only; the schemas are in `one-stop-events.ts`.
 */
import { EXAMPLE_IDS as EX, type FeedEventDocs } from '@lt/realtime';
import {
  CitizenFileChangedPayload,
  CitizenFileDisciplineCasePayload,
  CitizenFileReceivedPayload,
  FeedbackReceivedPayload,
  type CitizenFileSummary,
  ONE_STOP_FEED_EVENTS,
} from './one-stop-events';

const EXAMPLE_FILE: CitizenFileSummary = {
  id: '5b7d9f1a-3c5e-4a7b-9d1f-3a5c7e9b1d3f',
  code: '000.01.32.H17-261207-0001',
  unit: { id: EX.unit, name: 'UBND phường An Hải Bắc' },
  procedure: { id: '7d9f1b3c-5e7a-4c9d-8f1b-3c5e7a9d1f3b', code: '1.001193', name: 'Đăng ký khai sinh' },
  state: 'received',
  receivedAt: EX.now,
  appointmentAt: '2026-12-09T10:00:00.000Z',
};

export const ONE_STOP_FEED_DOCS: FeedEventDocs<keyof typeof ONE_STOP_FEED_EVENTS> = {
  'citizen_file.received': {
    summary: "A citizen's file was received at the one-stop counter / Đã tiếp nhận hồ sơ một cửa",
    description:
      'To the people of the receiving unit and of the units that handle its steps; without the applicant’s ' +
      'personal data. Gửi cán bộ đơn vị tiếp nhận và các đơn vị xử lý hồ sơ.',
    payload: CitizenFileReceivedPayload,
    example: { file: EXAMPLE_FILE },
  },
  'citizen_file.changed': {
    summary: "A citizen's file moved on / Hồ sơ một cửa chuyển bước",
    description:
      'To the people of the receiving unit and of the units that handle its steps; without the applicant’s ' +
      'personal data. Gửi cán bộ đơn vị tiếp nhận và các đơn vị xử lý hồ sơ.',
    payload: CitizenFileChangedPayload,
    example: {
      file: { ...EXAMPLE_FILE, state: 'processing' },
      change: 'step_done',
      step: 0,
      by: { id: EX.user, fullName: 'Trần Thị Bình' },
      at: EX.now,
    },
  },
  'citizen_file.discipline_case': {
    summary: 'A citizen’s file was late a second time / Hồ sơ trễ hẹn lần 2: mở hồ sơ xem xét trách nhiệm',
    description:
      'To the head of the unit that reviews the case (the unit above the late step’s unit): “không chấp nhận ' +
      'hồ sơ trễ hẹn 2 lần”. The case is decided in the discipline review, as for tasks.',
    payload: CitizenFileDisciplineCasePayload,
    example: {
      caseId: '8e0b2d4f-6a8c-4e0b-a2d4-f6a8c0e2b4d6',
      file: EXAMPLE_FILE,
      latenessNumber: 2,
      unitId: EX.unit,
    },
  },
  'feedback.received': {
    summary: 'A citizen wrote to the feedback mailbox / Có góp ý, phản ánh mới gửi đơn vị',
    description:
      'To the leaders of the unit written to; without the citizen’s words or contact, which the mailbox shows ' +
      'to those leaders. Answer within FEEDBACK_ANSWER_DAYS working days.',
    payload: FeedbackReceivedPayload,
    example: {
      id: '2d4f6a8c-0e2b-4d6f-8a0c-2e4b6d8f0a2c',
      code: 'GY-261208-482913',
      kind: 'complaint',
      unit: { id: EX.unit, name: 'UBND phường An Hải Bắc' },
      receivedAt: EX.now,
      dueAt: EX.now,
    },
  },
};
