import type { TaskSummary } from '@lt/realtime';
import type { FollowUpStatus } from './annotation.dto';

/**
 * What became of one instruction (theo dõi thực hiện bút phê), per task:
 * - done: submitted or completed;
 * - overdue: still owed and past its deadline;
 * - at risk: still owed and due within FOLLOW_UP_AT_RISK_HOURS, or returned by its lead
 *   (nobody works on it until the leader reassigns it);
 * - on track: still owed, with time left;
 * - cancelled.
 * {@link taskFollowUpSql} is the same rule in SQL, for the follow-up list.
 */
export function taskFollowUpStatus(
  task: Pick<TaskSummary, 'state' | 'deadline'>,
  now: Date,
  atRiskMs: number,
): FollowUpStatus {
  switch (task.state) {
    case 'cancelled':
      return 'cancelled';
    case 'submitted':
    case 'completed':
      return 'done';
    case 'returned':
      return 'at_risk';
    default: {
      const left = new Date(task.deadline).getTime() - now.getTime();
      if (left <= 0) return 'overdue';
      return left <= atRiskMs ? 'at_risk' : 'on_track';
    }
  }
}

/** An annotation is as far as its worst task: overdue, then at risk, then on track; done when all are. */
export function annotationStatus(tasks: FollowUpStatus[]): FollowUpStatus {
  const live = tasks.filter((s) => s !== 'cancelled');
  if (live.length === 0) return 'cancelled';
  for (const status of ['overdue', 'at_risk', 'on_track'] as const) if (live.includes(status)) return status;
  return 'done';
}

/** {@link taskFollowUpStatus} over the tasks row `t`; `now` and `atRisk` are placeholders. */
export const taskFollowUpSql = (now: string, atRisk: string): string =>
  `CASE WHEN t.state = 'cancelled' THEN 'cancelled'
        WHEN t.state IN ('submitted', 'completed') THEN 'done'
        WHEN t.state = 'returned' THEN 'at_risk'
        WHEN t.deadline <= ${now} THEN 'overdue'
        WHEN t.deadline <= ${now} + ${atRisk} THEN 'at_risk'
        ELSE 'on_track' END`;

/** {@link annotationStatus} as an aggregate over rows with a `status` column. */
export const ANNOTATION_STATUS_SQL = `CASE WHEN bool_and(status = 'cancelled') THEN 'cancelled'
        WHEN bool_or(status = 'overdue') THEN 'overdue'
        WHEN bool_or(status = 'at_risk') THEN 'at_risk'
        WHEN bool_or(status = 'on_track') THEN 'on_track'
        ELSE 'done' END`;
