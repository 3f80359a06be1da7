/**
 * What the AsyncAPI document says about the tasks' events: hand-written prose and examples,
 * typed by the payloads. Server only; the schemas are in `task-events.ts`.
 */
import { EXAMPLE_IDS as EX, type FeedEventDocs } from '@lt/realtime';
import {
  TASK_FEED_EVENTS,
  TaskChangedPayload,
  TaskDeadlineReminderPayload,
  TaskDisciplineCasePayload,
  TaskOverduePayload,
  TaskEscalatedPayload,
  type TaskSummary,
} from './task-events';

export const EXAMPLE_TASK: TaskSummary = {
  id: '4a6c8e0b-2d4f-4a6c-8e0b-2d4f6a8c0e2b',
  title: 'Rà soát, lập danh sách hộ dân cần sơ tán trước mùa mưa bão',
  state: 'in_progress',
  priority: 1,
  deadline: '2026-03-10T10:00:00.000Z',
  originalDeadline: '2026-03-10T10:00:00.000Z',
  issuedAt: EX.issuedAt,
  progress: 40,
  blocked: false,
  latenessCount: 0,
  urgedCount: 0,
  lastUrgedAt: null,
  lead: { unit: { id: EX.unit, name: 'Ủy ban nhân dân xã Tân Phú' }, user: null },
  assigner: { id: EX.signer, fullName: 'Nguyễn Văn An', unitId: EX.issuingUnit, onBehalfOf: null },
  source: { type: 'directive', id: EX.directive },
  parentId: null,
  version: 3,
};

export const TASK_FEED_DOCS: FeedEventDocs<keyof typeof TASK_FEED_EVENTS> = {
  'task.changed': {
    summary: 'A task you are involved in changed / Nhiệm vụ liên quan đến bạn có thay đổi',
    description:
      'You lead it (or lead its unit), assigned it, coordinate or are informed: it was assigned, or someone acted on it. ' +
      'Replace your copy when `task.version` is higher than the one you hold. ' +
      'Bạn chủ trì, giao, phối hợp hoặc được để biết nhiệm vụ: nhiệm vụ vừa được giao hoặc có thao tác mới.',
    payload: TaskChangedPayload,
    example: {
      task: EXAMPLE_TASK,
      action: 'report',
      by: { id: EX.user, fullName: 'Trần Thị Bình' },
      at: EX.now,
      note: 'Đã rà soát 4/10 tổ dân phố.',
    },
  },
  'task.deadline_reminder': {
    summary: 'A task is due soon / Nhiệm vụ sắp đến hạn',
    description:
      'Sent once per configured offset before the deadline in force (TASK_REMINDER_HOURS). ' +
      'Gửi một lần cho mỗi mốc nhắc trước hạn xử lý.',
    payload: TaskDeadlineReminderPayload,
    example: { task: EXAMPLE_TASK, hoursBefore: 24 },
  },
  'task.overdue': {
    summary: 'A task went past its deadline / Nhiệm vụ đã trễ hạn',
    description:
      'To its lead, its assigner and the head of the lead unit. The task accepts nothing but its lead filing an explanation and an apology letter. ' +
      'Gửi người chủ trì, người giao và thủ trưởng đơn vị chủ trì; nhiệm vụ dừng cho tới khi có giải trình và thư xin lỗi.',
    payload: TaskOverduePayload,
    example: {
      task: { ...EXAMPLE_TASK, blocked: true, latenessCount: 1 },
      latenessNumber: 1,
      missedDeadline: EXAMPLE_TASK.deadline,
    },
  },
  'task.escalated': {
    summary: 'An overdue task climbs to you / Nhiệm vụ trễ hạn được báo cáo lên cấp trên',
    description:
      'A task led in a unit below you is still overdue ESCALATION_STEP_HOURS after the step below: it climbs one unit ' +
      'each time (`level`) until it is done, cancelled or given a new deadline, up to the top. A unit with no head in ' +
      'post is told through its deputies, or passed over. ' +
      'Nhiệm vụ của đơn vị cấp dưới vẫn trễ hạn; được báo cáo lên từng cấp cho tới khi được xử lý.',
    payload: TaskEscalatedPayload,
    example: {
      task: { ...EXAMPLE_TASK, blocked: true, latenessCount: 1 },
      missedDeadline: EXAMPLE_TASK.deadline,
      level: 1,
      toldUnitId: EX.issuingUnit,
      toldUnitName: 'Ủy ban nhân dân huyện Tân Phú',
    },
  },
  'task.discipline_case': {
    summary: 'Second lateness: a discipline case to review / Trễ hạn lần 2: hồ sơ cần xem xét',
    description:
      'The task was late a second time; you, as head, review the case. ' +
      'Nhiệm vụ trễ hạn lần thứ hai; thủ trưởng xem xét xử lý.',
    payload: TaskDisciplineCasePayload,
    example: {
      caseId: '8e0b2d4f-6a8c-4e0b-a2d4-f6a8c0e2b4d6',
      task: { ...EXAMPLE_TASK, blocked: true, latenessCount: 2 },
      latenessNumber: 2,
      unitId: EX.unit,
    },
  },
};
