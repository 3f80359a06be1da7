import { Actor, Grant, Permission, isLeadingRole, roleGrants } from '@lt/access';
import { EntityManager } from 'typeorm';

/**
 * The positions the actor holds in a root unit (a unit without a parent) that allow
 * `permission`, or are a leader's (lãnh đạo: leader or deputy) when `leaders` is set. Ranking
 * rules and months are kept for the whole deployment, so they belong to the top.
 */
export async function rootGrants(
  em: EntityManager,
  actor: Actor,
  options: { permission: Permission; leaders?: boolean },
): Promise<Grant[]> {
  const positions = actor.principal.positions.filter(
    (p) =>
      roleGrants(p.role, options.permission) !== null || (options.leaders === true && isLeadingRole(p.role)),
  );
  if (positions.length === 0) return [];
  const roots: { id: string }[] = await em.query(
    'SELECT id FROM org_units WHERE id = ANY($1::uuid[]) AND parent_id IS NULL',
    [positions.map((p) => p.unitId)],
  );
  return positions
    .filter((p) => roots.some((r) => r.id === p.unitId))
    .map((p) => ({ unitId: p.unitId, role: p.role, positionId: p.positionId }));
}
