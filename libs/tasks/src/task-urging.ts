import { AccessService, Principal } from '@lt/access';
import { EntityManager } from 'typeorm';
import { TaskEntity } from './task.entity';
import { TaskRole } from './task-views';

/** The states of an open task: it can be urged. */
export const URGEABLE_STATES: readonly TaskEntity['state'][] = [
  'assigned',
  'accepted',
  'in_progress',
  'submitted',
];

/**
 * Who may urge (đôn đốc) a task: its assigner, or a leader following it (the `task.follow`
 * permission over its lead or assigner unit) — not whoever leads it.
 */
export async function mayUrge(
  access: AccessService,
  principal: Principal,
  task: Pick<TaskEntity, 'leadUnitId' | 'assignerUnitId'>,
  roles: ReadonlySet<TaskRole>,
  em: EntityManager,
): Promise<boolean> {
  if (roles.has('lead')) return false;
  if (roles.has('assigner')) return true;
  return (
    (await access.grantsFor(principal, 'task.follow', [task.leadUnitId, task.assignerUnitId], em)).size > 0
  );
}
