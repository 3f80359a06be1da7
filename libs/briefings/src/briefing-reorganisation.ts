import { Injectable, OnModuleInit } from '@nestjs/common';
import { MovedCounts, ReorganisationPlan, ReorganisationStep, ReorganisationSteps } from '@lt/org';
import { updatedRows } from '@lt/database';
import { EntityManager } from 'typeorm';

/**
 * Briefings' part of a merger: an open weekly briefing of a source is the target's from now
 * on (its leaders chair it), unless the target holds one that week; reports the sources were
 * asked for, in open briefings, are the target's to file. Closed briefings stay.
 */
@Injectable()
export class BriefingReorganisation implements ReorganisationStep, OnModuleInit {
  constructor(private readonly steps: ReorganisationSteps) {}

  onModuleInit(): void {
    this.steps.register('briefings', this);
  }

  async move(em: EntityManager, plan: ReorganisationPlan): Promise<MovedCounts> {
    if (plan.kind !== 'merge') return {};
    const { sourceIds, targetId } = plan;
    // One per week: of several sources' briefings in one week, the first opened moves.
    const briefings = await updatedRows(
      em,
      `UPDATE briefings SET unit_id = $2
        WHERE id IN (SELECT DISTINCT ON (b.iso_year, b.iso_week) b.id FROM briefings b
                      WHERE b.unit_id = ANY($1::uuid[]) AND b.state = 'open'
                        AND NOT EXISTS (SELECT 1 FROM briefings t
                                         WHERE t.unit_id = $2 AND t.iso_year = b.iso_year AND t.iso_week = b.iso_week)
                      ORDER BY b.iso_year, b.iso_week, b.created_at, b.id)
        RETURNING id`,
      [sourceIds, targetId],
    );
    const reporters = await updatedRows(
      em,
      `UPDATE briefing_reporters r SET unit_id = $2 FROM briefings b
        WHERE b.id = r.briefing_id AND b.state = 'open' AND r.unit_id = ANY($1::uuid[])
          AND (r.user_id IS NOT NULL OR NOT EXISTS (SELECT 1 FROM briefing_reporters o
                                                     WHERE o.briefing_id = r.briefing_id AND o.unit_id = $2
                                                       AND o.user_id IS NULL))
        RETURNING r.id`,
      [sourceIds, targetId],
    );
    return { openBriefings: briefings.length, briefingReporters: reporters.length };
  }
}
