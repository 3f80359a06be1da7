import { Injectable, OnModuleInit } from '@nestjs/common';
import { MovedCounts, ReorganisationPlan, ReorganisationStep, ReorganisationSteps } from '@lt/org';
import { updatedRows } from '@lt/database';
import { EntityManager } from 'typeorm';

/**
 * The work schedule's part of a merger: a source's schedule of the merger's week or later is
 * the target's (one per week: the target's own wins), so the leaders' plans go on. Past weeks
 * stay with the unit they planned.
 */
@Injectable()
export class ScheduleReorganisation implements ReorganisationStep, OnModuleInit {
  constructor(private readonly steps: ReorganisationSteps) {}

  onModuleInit(): void {
    this.steps.register('schedules', this);
  }

  async move(em: EntityManager, plan: ReorganisationPlan): Promise<MovedCounts> {
    if (plan.kind !== 'merge') return {};
    const moved = await updatedRows(
      em,
      `UPDATE work_schedules SET unit_id = $2
        WHERE id IN (SELECT DISTINCT ON (s.iso_year, s.iso_week) s.id FROM work_schedules s
                      WHERE s.unit_id = ANY($1::uuid[])
                        AND EXISTS (SELECT 1 FROM work_schedule_entries e WHERE e.schedule_id = s.id AND e.starts_at >= $3)
                        AND NOT EXISTS (SELECT 1 FROM work_schedules t
                                         WHERE t.unit_id = $2 AND t.iso_year = s.iso_year AND t.iso_week = s.iso_week)
                      ORDER BY s.iso_year, s.iso_week, s.created_at, s.id)
        RETURNING id`,
      [plan.sourceIds, plan.targetId, plan.effectiveAt],
    );
    return { schedules: moved.length };
  }
}
