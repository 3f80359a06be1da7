import type { TaskSummary } from '@lt/tasks';
import type { FollowUpStatus } from './annotation.dto';

/**
 * What became of one instruction (theo dõi thực hiện bút phê), per task:
 * - done: submitted or completed;
 * - overdue: still owed and past its deadline;
 * - at risk: still owed and due within FOLLOW_UP_AT_RISK_HOURS, or returned by its lead
 *   (nobody works on it until the leader reassigns it);
 * - on track: still owed, with time left;
 * - cancelled.
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

/** Where an annotation's tasks stand (the `annotation_progress` row the trigger keeps). */
export interface AnnotationProgress {
  owed: number;
  done: number;
  returned: number;
  cancelled: number;
  /** The nearest deadline among the owed tasks. */
  nextDeadline: Date | null;
}

/**
 * {@link annotationStatus} from the progress counts alone: the worst task is overdue exactly
 * when the nearest owed deadline has passed, at risk when a task was returned or that
 * deadline is near. {@link progressStatusSql} is the same in SQL; a spec checks the two rules
 * agree on every combination.
 */
export function progressStatus(p: AnnotationProgress, now: Date, atRiskMs: number): FollowUpStatus {
  if (p.owed + p.done + p.returned === 0) return 'cancelled';
  const left = p.owed > 0 && p.nextDeadline ? p.nextDeadline.getTime() - now.getTime() : null;
  if (left !== null && left <= 0) return 'overdue';
  if (p.returned > 0 || (left !== null && left <= atRiskMs)) return 'at_risk';
  return p.owed > 0 ? 'on_track' : 'done';
}

/** {@link progressStatus} over the annotation_progress row `p`; `now` and `atRisk` are placeholders. */
export const progressStatusSql = (now: string, atRisk: string): string =>
  `CASE WHEN p.owed + p.done + p.returned = 0 THEN 'cancelled'
        WHEN p.owed > 0 AND p.next_deadline <= ${now} THEN 'overdue'
        WHEN p.returned > 0 OR (p.owed > 0 AND p.next_deadline <= ${now} + ${atRisk}) THEN 'at_risk'
        WHEN p.owed > 0 THEN 'on_track'
        ELSE 'done' END`;
