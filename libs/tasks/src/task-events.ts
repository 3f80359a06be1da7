/**
 * The tasks' part of the socket contract: their payloads as TypeBox schemas (the types derive
 * from them) and their entries in the contract's registry. Browser-safe: TypeBox and the
 * generic contract only; prose and examples are in `task-events.asyncapi.ts`.
 */
import {
  DateTime,
  Nullable,
  PersonRef,
  StringEnum,
  UnitRef,
  Urgency,
  Uuid,
  PayloadsOf,
} from '@lt/realtime/contract';
import { type Static, Type } from '@sinclair/typebox';

export const TASK_STATE_NAMES = [
  'assigned',
  'accepted',
  'returned',
  'in_progress',
  'submitted',
  'completed',
  'cancelled',
] as const;

/** giao → nhận / trả lại → đang thực hiện → đã báo cáo → hoàn thành; or hủy. */
export const TaskStateName = StringEnum(TASK_STATE_NAMES, {
  $id: 'TaskState',
  description:
    'assigned (đã giao) → accepted (đã nhận) or returned (trả lại) → in_progress (đang thực hiện) → ' +
    'submitted (đã báo cáo kết quả) → completed (hoàn thành), or reopened to in_progress; cancelled (đã hủy).',
});
export type TaskStateName = Static<typeof TaskStateName>;

export const PartyView = Type.Object(
  {
    unit: UnitRef(),
    /** The person, when a person (not the whole unit) holds the role. */
    user: Nullable(PersonRef()),
  },
  {
    $id: 'PartyView',
    description: 'A unit, or a person in a unit, holding a role in a task. / Đơn vị hoặc cán bộ.',
  },
);
export type PartyView = Static<typeof PartyView>;

/** A task as everyone involved sees it in lists and events. */
export const TaskSummary = Type.Object(
  {
    id: Uuid('Task id.'),
    title: Type.String({ description: 'Tên nhiệm vụ — title.' }),
    state: TaskStateName,
    priority: Urgency,
    deadline: DateTime('Hạn xử lý — the deadline in force.'),
    /** An approved extension moves `deadline` only. */
    originalDeadline: DateTime('Hạn ban đầu — the signed deadline, kept for ranking.'),
    issuedAt: DateTime('Ngày giao — when it was signed.'),
    progress: Type.Integer({
      description: 'Percent done. / Phần trăm hoàn thành.',
      minimum: 0,
      maximum: 100,
    }),
    blocked: Type.Boolean({
      description: 'Overdue and stopped until the explanation and apology letter are filed.',
    }),
    latenessCount: Type.Integer({
      description: 'How many deadlines it missed. / Số lần trễ hạn.',
      minimum: 0,
    }),
    urgedCount: Type.Integer({
      description:
        'How many times it was urged (đôn đốc) by its assigner or a leader above. / Số lần đôn đốc.',
      minimum: 0,
    }),
    lastUrgedAt: Nullable(DateTime('When it was last urged; null if never.')),
    lead: PartyView,
    assigner: Type.Object(
      {
        id: Uuid('User id.'),
        fullName: Type.String({ description: 'Full name.' }),
        unitId: Uuid('Unit id.'),
        onBehalfOf: Nullable(
          PersonRef('Assigned thừa ủy quyền: the delegator whose authority was used. / Người ủy quyền.'),
        ),
      },
      { description: 'Người giao việc — the assigner, and the unit they signed for.' },
    ),
    source: Nullable(
      Type.Object(
        {
          type: StringEnum(['directive', 'annotation', 'task', 'briefing'] as const, {
            description: '`directive`, `annotation`, `task` (a parent task) or `briefing` (a briefing item).',
          }),
          id: Uuid('Its id.'),
        },
        { description: 'What it was assigned from. / Nguồn giao việc.' },
      ),
    ),
    parentId: Nullable(Uuid('The parent task of a sub-task; null otherwise.')),
    version: Type.Integer({
      description: 'Optimistic-concurrency version; send it back with every action.',
      minimum: 1,
    }),
  },
  { $id: 'TaskSummary', description: 'A task (nhiệm vụ) as the people involved see it. / Nhiệm vụ.' },
);
export type TaskSummary = Static<typeof TaskSummary>;

export const TaskChangedPayload = Type.Object(
  {
    task: TaskSummary,
    action: Type.String({ description: 'What happened, e.g. `assign`, `accept`, `report`, `explain`.' }),
    by: Nullable(PersonRef()),
    at: DateTime('When.'),
    note: Nullable(
      Type.String({ description: 'Reason or report text given with the action; null when none.' }),
    ),
  },
  { $id: 'TaskChangedPayload' },
);

export const TaskDeadlineReminderPayload = Type.Object(
  {
    task: TaskSummary,
    hoursBefore: Type.Integer({ description: 'The reminder offset that was reached.', minimum: 1 }),
  },
  { $id: 'TaskDeadlineReminderPayload' },
);

export const TaskOverduePayload = Type.Object(
  {
    task: TaskSummary,
    latenessNumber: Type.Integer({
      description: '1 for the first lateness of the task, 2 for the second …',
      minimum: 1,
    }),
    missedDeadline: DateTime('The deadline that was missed.'),
  },
  { $id: 'TaskOverduePayload' },
);

export const TaskEscalatedPayload = Type.Object(
  {
    task: TaskSummary,
    missedDeadline: DateTime('The deadline that was missed.'),
    level: Type.Integer({
      description:
        'The step of the climb: 1 for the head of the unit above the lead unit, then one unit higher each time. / Bậc báo cáo.',
      minimum: 1,
    }),
    toldUnitId: Uuid('The unit whose head (or deputy, while no head is in post) is told.'),
    toldUnitName: Type.String({ description: 'Its name. / Đơn vị được báo cáo.' }),
  },
  { $id: 'TaskEscalatedPayload' },
);

export { DISCIPLINE_DECISIONS } from '@lt/lateness/lateness-subjects';
export type { DisciplineDecision } from '@lt/lateness/lateness-subjects';

export const TaskDisciplineCasePayload = Type.Object(
  {
    caseId: Uuid('Discipline case id.'),
    task: TaskSummary,
    latenessNumber: Type.Integer({ description: 'The lateness that opened it (2 or more).', minimum: 2 }),
    unitId: Uuid('The unit that was late.'),
  },
  { $id: 'TaskDisciplineCasePayload' },
);

export const TASK_FEED_EVENTS = {
  /** A task you are involved in was assigned or changed. */
  'task.changed': TaskChangedPayload,
  /** A task you lead is due soon. */
  'task.deadline_reminder': TaskDeadlineReminderPayload,
  /** A task you lead, assigned or answer for went past its deadline and is blocked. */
  'task.overdue': TaskOverduePayload,
  /** Still overdue a step later: to the head of the next unit up. */
  'task.escalated': TaskEscalatedPayload,
  /** A second lateness on one task: a discipline case for you, as head, to review. */
  'task.discipline_case': TaskDisciplineCasePayload,
};

declare module '@lt/realtime/contract' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- adds this capability's events to the registry
  interface FeedPayloads extends PayloadsOf<typeof TASK_FEED_EVENTS> {}
}
