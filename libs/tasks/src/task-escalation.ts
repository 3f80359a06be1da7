import { Injectable, OnModuleInit } from '@nestjs/common';
import { CommandContext } from '@lt/commands';
import { AppConfig } from '@lt/config';
import { EscalationEntity, EscalationLadder, EscalationSource, EscalationStepMade } from '@lt/escalation';
import { OrgTreeService } from '@lt/org';
import { OutgoingEvent } from '@lt/realtime';
import { EntityManager } from 'typeorm';
import { TaskViews } from './task-views';

/**
 * Overdue tasks climb the tree (EscalationLadder): the head of the lead unit hears of the
 * lateness at once (`task.overdue`); while the task stays overdue — neither done, cancelled nor
 * given a new deadline — the head of the unit above hears of it after ESCALATION_STEP_HOURS
 * (`task.escalated`), then the head of each unit above in turn, up to the top.
 */
@Injectable()
export class TaskEscalation implements EscalationSource, OnModuleInit {
  readonly subjectType = 'task';

  constructor(
    private readonly ladder: EscalationLadder,
    private readonly config: AppConfig,
    private readonly tree: OrgTreeService,
    private readonly views: TaskViews,
  ) {}

  onModuleInit(): void {
    this.ladder.register(this);
  }

  /** Opens the climb of tasks that have just become overdue, from the unit above their lead unit. */
  async overdue(context: CommandContext, tasks: readonly { id: string; leadUnitId: string }[], now: Date) {
    const parents = new Map(
      (
        await this.tree.units(
          tasks.map((t) => t.leadUnitId),
          context.em,
        )
      ).map((u) => [u.id, u.parentId]),
    );
    const firstAt = new Date(now.getTime() + this.config.ESCALATION_STEP_HOURS * 3_600_000);
    await this.ladder.open(
      context,
      this.subjectType,
      tasks.flatMap((t) => {
        const above = parents.get(t.leadUnitId);
        return above ? [{ subjectId: t.id, unitId: t.leadUnitId, startUnitId: above, firstAt }] : [];
      }),
      now,
    );
  }

  /** Late while still owed past the deadline whose lateness was recorded; its lead is the late one. */
  async stillLate(
    em: EntityManager,
    escalations: readonly EscalationEntity[],
  ): Promise<Map<string, string[]>> {
    const rows: { id: string; leadUserId: string | null }[] = await em.query(
      `SELECT id, lead_user_id AS "leadUserId" FROM tasks
        WHERE id = ANY($1::uuid[]) AND state IN ('assigned', 'accepted', 'in_progress') AND late_for_deadline = deadline`,
      [escalations.map((e) => e.subjectId)],
    );
    const result = new Map<string, string[]>();
    for (const e of escalations) {
      const task = rows.find((r) => r.id === e.subjectId);
      if (task) result.set(e.id, task.leadUserId ? [task.leadUserId] : []);
    }
    return result;
  }

  async notices(em: EntityManager, steps: readonly EscalationStepMade[]): Promise<OutgoingEvent[]> {
    const summaries = await this.views.summaries(
      em,
      steps.map((s) => s.escalation.subjectId),
    );
    return steps
      .filter((s) => s.audience.length > 0)
      .map((s) => {
        const task = summaries.get(s.escalation.subjectId)!;
        return {
          name: 'task.escalated',
          payload: {
            task,
            missedDeadline: task.deadline,
            level: s.level,
            toldUnitId: s.toldUnit!.id,
            toldUnitName: s.toldUnit!.name,
          },
          audience: s.audience,
        };
      });
  }
}
