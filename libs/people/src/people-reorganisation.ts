import { Injectable, OnModuleInit } from '@nestjs/common';
import { MovedCounts, ReorganisationPlan, ReorganisationStep, ReorganisationSteps } from '@lt/org';
import { updatedRows } from '@lt/database';
import { EntityManager } from 'typeorm';

/**
 * People's part of a merger or split: the posts held in the sources move to the target (in a
 * split, those of the people named). Accounts, names and positions' ids stay: a person keeps
 * signing in as before, now in the resulting unit.
 */
@Injectable()
export class PeopleReorganisation implements ReorganisationStep, OnModuleInit {
  constructor(private readonly steps: ReorganisationSteps) {}

  onModuleInit(): void {
    this.steps.register('people', this);
  }

  async move(em: EntityManager, plan: ReorganisationPlan): Promise<MovedCounts> {
    const moved = await updatedRows<{ userId: string }>(
      em,
      `UPDATE positions SET unit_id = $2
        WHERE unit_id = ANY($1::uuid[]) AND ($3::uuid[] IS NULL OR user_id = ANY($3::uuid[]))
        RETURNING user_id AS "userId"`,
      [plan.sourceIds, plan.targetId, plan.userIds],
    );
    return { positions: moved.length, people: new Set(moved.map((m) => m.userId)).size };
  }
}
