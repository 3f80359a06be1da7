import { annotationStatus, taskFollowUpStatus } from './follow-up-status';

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
