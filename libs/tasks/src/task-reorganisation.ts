import { Injectable, OnModuleInit } from '@nestjs/common';
import { MovedCounts, ReorganisationPlan, ReorganisationStep, ReorganisationSteps } from '@lt/org';
import { updatedRows } from '@lt/database';
import { moveOpenCaseReviews } from '@lt/lateness';
import { EntityManager } from 'typeorm';

/** Open: what a merger hands on. Completed and cancelled tasks stay with the unit that did them. */
const OPEN = `state NOT IN ('completed', 'cancelled')`;

/**
 * Tasks' part of a merger or split: open tasks led, assigned or shared by the sources move to
 * the target (in a split, those the people named lead, assigned or are named in), with the
 * discipline cases still to decide. Closed tasks keep their unit: the summary of what was done
 * and the ranking of past months do not change.
 */
@Injectable()
export class TaskReorganisation implements ReorganisationStep, OnModuleInit {
  constructor(private readonly steps: ReorganisationSteps) {}

  onModuleInit(): void {
    this.steps.register('tasks', this);
  }

  async move(em: EntityManager, plan: ReorganisationPlan): Promise<MovedCounts> {
    const params = [plan.sourceIds, plan.targetId, plan.userIds];
    const led = await updatedRows(
      em,
      `UPDATE tasks SET lead_unit_id = $2
        WHERE lead_unit_id = ANY($1::uuid[]) AND ${OPEN} AND ($3::uuid[] IS NULL OR lead_user_id = ANY($3::uuid[]))
        RETURNING id`,
      params,
    );
    const assigned = await updatedRows(
      em,
      `UPDATE tasks SET assigner_unit_id = $2
        WHERE assigner_unit_id = ANY($1::uuid[]) AND ${OPEN} AND ($3::uuid[] IS NULL OR assigner_id = ANY($3::uuid[]))
        RETURNING id`,
      params,
    );
    const parties = await updatedRows(
      em,
      `UPDATE task_parties p SET unit_id = $2 FROM tasks t
        WHERE t.id = p.task_id AND p.unit_id = ANY($1::uuid[]) AND t.${OPEN}
          AND ($3::uuid[] IS NULL OR p.user_id = ANY($3::uuid[]))
        RETURNING p.id`,
      params,
    );
    // A discipline case is the unit head's to decide: in a merger, the resulting unit's head.
    // (tasks' and citizens' files' alike: the cases are one mechanism's).
    const cases = plan.kind === 'merge' ? await moveOpenCaseReviews(em, plan.sourceIds, plan.targetId) : 0;
    return {
      openTasksLed: led.length,
      openTasksAssigned: assigned.length,
      openTaskParties: parties.length,
      disciplineCases: cases,
    };
  }
}
