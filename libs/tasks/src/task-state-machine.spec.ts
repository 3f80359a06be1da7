import {
  allowedActions,
  nextState,
  TASK_ACTIONS,
  TASK_STATES,
  TaskAction,
  TaskState,
} from './task-state-machine';

/**
 * The workflow written out by hand, independently of TASK_ACTIONS: for every action, the
 * state it leads to from each state where it is allowed. Every other (state, action) pair
 * must be refused.
 */
const EXPECTED: Record<TaskAction, Partial<Record<TaskState, TaskState>>> = {
  accept: { assigned: 'accepted' },
  return: { assigned: 'returned' },
  start: { accepted: 'in_progress' },
  report: { accepted: 'in_progress', in_progress: 'in_progress' },
  request_extension: { accepted: 'accepted', in_progress: 'in_progress' },
  submit: { accepted: 'submitted', in_progress: 'submitted' },
  approve_extension: { accepted: 'accepted', in_progress: 'in_progress' },
  refuse_extension: { accepted: 'accepted', in_progress: 'in_progress' },
  complete: { submitted: 'completed' },
  reopen: { submitted: 'in_progress', completed: 'in_progress' },
  cancel: {
    assigned: 'cancelled',
    accepted: 'cancelled',
    returned: 'cancelled',
    in_progress: 'cancelled',
    submitted: 'cancelled',
  },
};

describe('task state machine', () => {
  const pairs = TASK_STATES.flatMap((state) =>
    (Object.keys(TASK_ACTIONS) as TaskAction[]).map((action) => [state, action] as const),
  );

  it.each(pairs)('from %s, %s', (state, action) => {
    expect(nextState(state, action)).toBe(EXPECTED[action][state] ?? null);
  });

  it('names every action in the expected table', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual(Object.keys(TASK_ACTIONS).sort());
  });

  it('leaves completed tasks only to a reopen, and cancelled ones to nothing', () => {
    expect(allowedActions('completed', ['lead', 'assigner'], false)).toEqual(['reopen']);
    expect(allowedActions('cancelled', ['lead', 'assigner'], false)).toEqual([]);
  });

  it('splits actions between the lead and the assigner', () => {
    expect(allowedActions('assigned', ['lead'], false)).toEqual(['accept', 'return']);
    expect(allowedActions('assigned', ['assigner'], false)).toEqual(['cancel']);
    expect(allowedActions('in_progress', ['lead'], false)).toEqual(['report', 'request_extension', 'submit']);
    expect(allowedActions('in_progress', ['assigner'], false)).toEqual([
      'approve_extension',
      'refuse_extension',
      'cancel',
    ]);
  });

  it('allows nothing while the task is blocked by lateness', () => {
    for (const state of TASK_STATES) expect(allowedActions(state, ['lead', 'assigner'], true)).toEqual([]);
  });
});
