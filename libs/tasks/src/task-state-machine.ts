import { TASK_STATE_NAMES, type TaskStateName } from './task-events';
import type { TaskEntity } from './task.entity';

/**
 * The task workflow, in one place (diagram: docs/tasks.md).
 *
 *   assigned ──accept──▶ accepted ──start/report──▶ in_progress ──submit──▶ submitted ──complete──▶ completed
 *      │                    └──────────submit──────────────────────────────▲      │                    │
 *      └──return──▶ returned                                                       └──reopen──▶ in_progress ◀┘
 *   cancel (by the assigner) from any state that is not completed or cancelled.
 *
 * Overdue is not a state: a task past its deadline is blocked (every action refused) until its
 * lead files an explanation and an apology letter; then it continues in the state it was in.
 */
// The states are part of the event contract shared with clients; the rules here use that list.
export const TASK_STATES = TASK_STATE_NAMES;
export type TaskState = TaskStateName;

/** States in which the deadline runs: the lead owes work. */
export const DEADLINE_STATES: readonly TaskState[] = ['assigned', 'accepted', 'in_progress'];

/** Who may take an action: the lead (a person, or the leaders of a lead unit) or the assigner. */
export type ActingRole = 'lead' | 'assigner';

export const TASK_ACTIONS = {
  accept: { by: 'lead', from: ['assigned'], to: 'accepted' },
  return: { by: 'lead', from: ['assigned'], to: 'returned' },
  start: { by: 'lead', from: ['accepted'], to: 'in_progress' },
  report: { by: 'lead', from: ['accepted', 'in_progress'], to: 'in_progress' },
  request_extension: { by: 'lead', from: ['accepted', 'in_progress'], to: null },
  submit: { by: 'lead', from: ['accepted', 'in_progress'], to: 'submitted' },
  approve_extension: { by: 'assigner', from: ['accepted', 'in_progress'], to: null },
  refuse_extension: { by: 'assigner', from: ['accepted', 'in_progress'], to: null },
  complete: { by: 'assigner', from: ['submitted'], to: 'completed' },
  reopen: { by: 'assigner', from: ['submitted', 'completed'], to: 'in_progress' },
  cancel: {
    by: 'assigner',
    from: ['assigned', 'accepted', 'returned', 'in_progress', 'submitted'],
    to: 'cancelled',
  },
} as const satisfies Record<string, { by: ActingRole; from: readonly TaskState[]; to: TaskState | null }>;
export type TaskAction = keyof typeof TASK_ACTIONS;

/** The state after `action`, or null when the action is not allowed from `state`. */
export function nextState(state: TaskState, action: TaskAction): TaskState | null {
  const rule = TASK_ACTIONS[action];
  if (!(rule.from as readonly TaskState[]).includes(state)) return null;
  return rule.to ?? state;
}

/** The actions `who` may take on a task in `state` (what a client shows as buttons). */
export function allowedActions(state: TaskState, who: readonly ActingRole[], blocked: boolean): TaskAction[] {
  if (blocked) return [];
  return (Object.keys(TASK_ACTIONS) as TaskAction[]).filter(
    (a) => who.includes(TASK_ACTIONS[a].by) && nextState(state, a) !== null,
  );
}

/**
 * Past its deadline, still owed, and this deadline's lateness not yet recorded: such a task
 * is overdue even before the worker's next pass has marked it.
 */
export function overdueUnexplained(
  task: Pick<TaskEntity, 'state' | 'deadline' | 'blockedSince' | 'lateForDeadline'>,
  now: Date,
): boolean {
  if (task.blockedSince) return true;
  return (
    DEADLINE_STATES.includes(task.state) &&
    task.deadline <= now &&
    task.lateForDeadline?.getTime() !== task.deadline.getTime()
  );
}

/**
 * {@link overdueUnexplained} in SQL, over the tasks row `alias`, for list filters. `now` is
 * the placeholder of the same instant the summaries are judged at (the app's clock, not the
 * database's), so a filtered row and its summary never disagree.
 */
export const overdueUnexplainedSql = (alias: string, now: string): string =>
  `(${alias}.blocked_since IS NOT NULL OR (${alias}.state IN (${DEADLINE_STATES.map((s) => `'${s}'`).join(', ')})
    AND ${alias}.deadline <= ${now} AND ${alias}.late_for_deadline IS DISTINCT FROM ${alias}.deadline))`;
