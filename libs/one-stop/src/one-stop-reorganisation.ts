import { Injectable, OnModuleInit } from '@nestjs/common';
import { MovedCounts, ReorganisationPlan, ReorganisationStep, ReorganisationSteps } from '@lt/org';
import { updatedRows } from '@lt/database';
import { EntityManager } from 'typeorm';

/** `column`'s steps with every step of a source unit handed to the target. */
const STEPS_MOVED = (column: string) =>
  `(SELECT jsonb_agg(CASE WHEN s->>'unitId' = ANY($1::text[]) THEN jsonb_set(s, '{unitId}', to_jsonb($2::text)) ELSE s END
                     ORDER BY o)
      FROM jsonb_array_elements(${column}) WITH ORDINALITY AS e(s, o))`;
const HAS_SOURCE_STEP = (column: string) =>
  `EXISTS (SELECT 1 FROM jsonb_array_elements(${column}) s WHERE s->>'unitId' = ANY($1::text[]))`;

/**
 * The one-stop counter's part of a merger: the sources' procedures become the target's (where
 * the target has one of the same code, the target's stays and the source's is taken off the
 * counter), files still being handled are the target's to finish (their codes, printed on the
 * citizens' receipts, do not change), and every step a source handled is the target's.
 * Files with their result handed back stay with the unit that handled them; unanswered
 * feedback goes to the target's leaders.
 */
@Injectable()
export class OneStopReorganisation implements ReorganisationStep, OnModuleInit {
  constructor(private readonly steps: ReorganisationSteps) {}

  onModuleInit(): void {
    this.steps.register('oneStop', this);
  }

  async move(em: EntityManager, plan: ReorganisationPlan): Promise<MovedCounts> {
    if (plan.kind !== 'merge') return {};
    const params = [plan.sourceIds, plan.targetId];
    const procedures = await updatedRows(
      em,
      `UPDATE procedures p SET unit_id = $2, version = version + 1, updated_at = now()
        WHERE p.unit_id = ANY($1::uuid[])
          AND NOT EXISTS (SELECT 1 FROM procedures q WHERE q.unit_id = $2 AND q.code = p.code)
          AND p.id = (SELECT r.id FROM procedures r WHERE r.unit_id = ANY($1::uuid[]) AND r.code = p.code
                       ORDER BY array_position($1::uuid[], r.unit_id) LIMIT 1)
        RETURNING id`,
      params,
    );
    await em.query(
      `UPDATE procedures SET active = false, version = version + 1, updated_at = now()
        WHERE unit_id = ANY($1::uuid[]) AND active`,
      [plan.sourceIds],
    );
    const files = await updatedRows(
      em,
      `UPDATE citizen_files SET unit_id = $2, version = version + 1, updated_at = now()
        WHERE unit_id = ANY($1::uuid[]) AND state NOT IN ('done', 'returned') RETURNING id`,
      params,
    );
    const procedureSteps = await updatedRows(
      em,
      `UPDATE procedures SET steps = ${STEPS_MOVED('steps')}, version = version + 1, updated_at = now()
        WHERE ${HAS_SOURCE_STEP('steps')} RETURNING id`,
      params,
    );
    const fileSteps = await updatedRows(
      em,
      `UPDATE citizen_files SET steps = ${STEPS_MOVED('steps')}, version = version + 1, updated_at = now()
        WHERE state NOT IN ('done', 'returned') AND ${HAS_SOURCE_STEP('steps')} RETURNING id`,
      params,
    );
    // Feedback not answered yet is the resulting unit's leaders' to answer.
    const feedback = await updatedRows(
      em,
      `UPDATE feedback_messages SET unit_id = $2, version = version + 1
        WHERE unit_id = ANY($1::uuid[]) AND answered_at IS NULL RETURNING id`,
      params,
    );
    return {
      procedures: procedures.length,
      openFiles: files.length,
      stepsHandedOver: procedureSteps.length + fileSteps.length,
      openFeedback: feedback.length,
    };
  }
}
