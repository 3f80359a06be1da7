import { Injectable } from '@nestjs/common';
import { CommandRunner } from '@lt/commands';
import { AppConfig } from '@lt/config';
import { TaskLateness } from './task-lateness';
import { TaskViews } from './task-views';

/**
 * The worker's deadline rules, run with the clock it is given (tests pass their own):
 * reminders at each TASK_REMINDER_HOURS offset before the deadline in force, then lateness
 * for everything past it. Reminders are keyed (task, deadline, offset) and inserted with
 * ON CONFLICT DO NOTHING, lateness claims rows with SKIP LOCKED: two workers side by side
 * send each notice once.
 */
@Injectable()
export class TaskDeadlines {
  constructor(
    private readonly commands: CommandRunner,
    private readonly config: AppConfig,
    private readonly lateness: TaskLateness,
    private readonly views: TaskViews,
  ) {}

  async run(now: Date): Promise<{ reminded: number; overdue: number; disciplineCases: number }> {
    const reminded = await this.remind(now);
    let overdue = 0;
    let disciplineCases = 0;
    for (;;) {
      const marked = await this.commands.change('task.overdue', null, (context) =>
        this.lateness.markOverdue(context, now),
      );
      if (marked.length === 0) break;
      overdue += marked.length;
      disciplineCases += marked.filter((m) => m.disciplineCaseId).length;
    }
    return { reminded, overdue, disciplineCases };
  }

  private async remind(now: Date): Promise<number> {
    return this.commands.change('task.deadline_reminder', null, async ({ em, emit }) => {
      // One notice per (task, deadline, offset) that has come due; a task reaching two
      // offsets at once (assigned close to its deadline) is reminded once, at the nearest.
      const rows: { taskId: string; hoursBefore: number }[] = await em.query(
        `WITH due AS (
           SELECT t.id, t.deadline, h.hours FROM tasks t CROSS JOIN unnest($2::int[]) AS h(hours)
            WHERE t.state IN ('assigned', 'accepted', 'in_progress') AND t.blocked_since IS NULL
              AND t.deadline > $1 AND t.deadline - make_interval(hours => h.hours) <= $1)
         INSERT INTO task_deadline_notices (task_id, deadline, hours_before, sent_at)
         SELECT id, deadline, hours, $1 FROM due
         ON CONFLICT DO NOTHING
         RETURNING task_id AS "taskId", hours_before AS "hoursBefore"`,
        [now, this.config.TASK_REMINDER_HOURS],
      );
      const nearest = new Map<string, number>();
      for (const r of rows) nearest.set(r.taskId, Math.min(r.hoursBefore, nearest.get(r.taskId) ?? Infinity));
      if (nearest.size === 0) return 0;
      const ids = [...nearest.keys()];
      const summaries = await this.views.summaries(em, ids);
      const audiences = await this.views.answerablePeople(em, ids, { assigner: false });
      await emit(
        ...ids.map((id) => {
          // The lead is reminded: the person and the lead unit's leaders.
          const payload = { task: summaries.get(id)!, hoursBefore: nearest.get(id)! };
          return { name: 'task.deadline_reminder' as const, payload, audience: audiences.get(id) ?? [] };
        }),
      );
      return ids.length;
    });
  }
}
