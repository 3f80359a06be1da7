import { Injectable, OnModuleInit } from '@nestjs/common';
import { MovedCounts, ReorganisationPlan, ReorganisationStep, ReorganisationSteps } from '@lt/org';
import { updatedRows } from '@lt/database';
import { EntityManager } from 'typeorm';

/**
 * Chat's part of a merger: a unit's channel is its people's, so those who moved are in the
 * target's channel at once. Where the target has no channel yet (a new unit), the first
 * source's channel becomes the target's, with its whole history.
 */
@Injectable()
export class ChatReorganisation implements ReorganisationStep, OnModuleInit {
  constructor(private readonly steps: ReorganisationSteps) {}

  onModuleInit(): void {
    this.steps.register('chat', this);
  }

  async move(em: EntityManager, plan: ReorganisationPlan): Promise<MovedCounts> {
    if (plan.kind !== 'merge') return {};
    const moved = await updatedRows(
      em,
      `UPDATE chat_channels SET unit_id = $2
        WHERE id = (SELECT id FROM chat_channels WHERE unit_id = ANY($1::uuid[])
                     ORDER BY array_position($1::uuid[], unit_id) LIMIT 1)
          AND NOT EXISTS (SELECT 1 FROM chat_channels WHERE unit_id = $2)
        RETURNING id`,
      [plan.sourceIds, plan.targetId],
    );
    return { unitChannels: moved.length };
  }
}
