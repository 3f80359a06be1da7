import { Injectable, OnModuleInit } from '@nestjs/common';
import { MovedCounts, ReorganisationPlan, ReorganisationStep, ReorganisationSteps } from '@lt/org';
import { updatedRows } from '@lt/database';
import { EntityManager } from 'typeorm';

/**
 * Directives' part of a merger or split: receipts still to acknowledge, of directives not
 * recalled, are the target's from now on (its leaders follow them). Acknowledged receipts and
 * the directives the sources issued stay as they were.
 */
@Injectable()
export class DirectiveReorganisation implements ReorganisationStep, OnModuleInit {
  constructor(private readonly steps: ReorganisationSteps) {}

  onModuleInit(): void {
    this.steps.register('directives', this);
  }

  async move(em: EntityManager, plan: ReorganisationPlan): Promise<MovedCounts> {
    const pending = await updatedRows(
      em,
      `UPDATE directive_recipients r SET unit_id = $2 FROM directives d
        WHERE d.id = r.directive_id AND r.unit_id = ANY($1::uuid[]) AND r.acknowledged_at IS NULL
          AND d.recalled_at IS NULL AND ($3::uuid[] IS NULL OR r.user_id = ANY($3::uuid[]))
        RETURNING r.user_id`,
      [plan.sourceIds, plan.targetId, plan.userIds],
    );
    return { pendingReceipts: pending.length };
  }
}
