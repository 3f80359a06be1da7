import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/**
 * A merger (sáp nhập) or a split (chia tách) as every library sees it: its work in `sourceIds`
 * moves to `targetId` from `effectiveAt`. In a merge everything open moves; in a split only
 * what the people in `userIds` hold or handle themselves.
 */
export interface ReorganisationPlan {
  kind: 'merge' | 'split';
  sourceIds: string[];
  targetId: string;
  effectiveAt: Date;
  userIds: string[] | null;
}

/** What a step moved, by item (e.g. `{ openTasks: 4, parties: 2 }`): the dry run lists it. */
export type MovedCounts = Record<string, number>;

/**
 * A library's part of a reorganisation: it moves its own open work — and only its own tables'
 * rows — from the sources to the target, in the caller's transaction, and says how much.
 * Closed history stays with the unit that did it.
 */
export interface ReorganisationStep {
  move(em: EntityManager, plan: ReorganisationPlan): Promise<MovedCounts>;
}

/**
 * Where the libraries put their steps (each registers when its module starts), so that the
 * reorganisation runs them all in one transaction without reaching into their tables.
 */
@Injectable()
export class ReorganisationSteps {
  private readonly steps = new Map<string, ReorganisationStep>();

  register(name: string, step: ReorganisationStep): void {
    this.steps.set(name, step);
  }

  /** In the order they registered (module order): each step's moves are its own. */
  all(): [string, ReorganisationStep][] {
    return [...this.steps];
  }
}
