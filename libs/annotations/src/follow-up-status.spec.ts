import { annotationStatus, progressStatus, taskFollowUpStatus } from './follow-up-status';
import type { TaskSummary } from '@lt/tasks';

const now = new Date('2026-11-26T08:00:00Z');
const hours = (h: number) => new Date(now.getTime() + h * 3_600_000).toISOString();
const atRisk = 48 * 3_600_000;

describe('annotation follow-up status', () => {
  it('judges one task by its state and the time left', () => {
    expect(taskFollowUpStatus({ state: 'in_progress', deadline: hours(100) }, now, atRisk)).toBe('on_track');
    expect(taskFollowUpStatus({ state: 'accepted', deadline: hours(47) }, now, atRisk)).toBe('at_risk');
    expect(taskFollowUpStatus({ state: 'assigned', deadline: hours(0) }, now, atRisk)).toBe('overdue');
    expect(taskFollowUpStatus({ state: 'submitted', deadline: hours(-5) }, now, atRisk)).toBe('done');
    expect(taskFollowUpStatus({ state: 'completed', deadline: hours(-5) }, now, atRisk)).toBe('done');
    expect(taskFollowUpStatus({ state: 'returned', deadline: hours(100) }, now, atRisk)).toBe('at_risk');
    expect(taskFollowUpStatus({ state: 'cancelled', deadline: hours(-5) }, now, atRisk)).toBe('cancelled');
  });

  it('takes the worst of the tasks, ignoring cancelled ones', () => {
    expect(annotationStatus(['done', 'on_track', 'overdue'])).toBe('overdue');
    expect(annotationStatus(['done', 'at_risk', 'on_track'])).toBe('at_risk');
    expect(annotationStatus(['done', 'on_track'])).toBe('on_track');
    expect(annotationStatus(['done', 'cancelled'])).toBe('done');
    expect(annotationStatus(['cancelled'])).toBe('cancelled');
  });
});

describe('status from the progress counts', () => {
  const states: TaskSummary['state'][] = ['assigned', 'in_progress', 'submitted', 'returned', 'cancelled'];
  const deadlines = [-5, 10, 100].map(hours);

  it('agrees with the worst task on every combination of up to three tasks', () => {
    const tasks = states.flatMap((state) => deadlines.map((deadline) => ({ state, deadline })));
    const sets: { state: TaskSummary['state']; deadline: string }[][] = [];
    for (const a of tasks) for (const b of tasks) for (const c of tasks) sets.push([a], [a, b], [a, b, c]);
    for (const set of sets) {
      const owed = set.filter((t) => ['assigned', 'accepted', 'in_progress'].includes(t.state));
      const progress = {
        owed: owed.length,
        done: set.filter((t) => t.state === 'submitted' || t.state === 'completed').length,
        returned: set.filter((t) => t.state === 'returned').length,
        cancelled: set.filter((t) => t.state === 'cancelled').length,
        nextDeadline:
          owed.length === 0 ? null : new Date(Math.min(...owed.map((t) => new Date(t.deadline).getTime()))),
      };
      expect([set, progressStatus(progress, now, atRisk)]).toEqual([
        set,
        annotationStatus(set.map((t) => taskFollowUpStatus(t, now, atRisk))),
      ]);
    }
  });
});
