import { Actor, Grant, Permission, isLeadingRole, roleGrants } from '@lt/access';
import { OrgTreeService } from '@lt/org';
import { EntityManager } from 'typeorm';

/**
 * The positions the actor holds in a root unit (a unit without a parent) that allow
 * `permission`, or are a leader's (lãnh đạo: leader or deputy) when `leaders` is set. Ranking
 * rules and months are kept for the whole deployment, so they belong to the top.
 */
export async function rootGrants(
  tree: OrgTreeService,
  em: EntityManager,
  actor: Actor,
  options: { permission: Permission; leaders?: boolean },
): Promise<Grant[]> {
  const positions = actor.principal.positions.filter(
    (p) =>
      roleGrants(p.role, options.permission) !== null || (options.leaders === true && isLeadingRole(p.role)),
  );
  if (positions.length === 0) return [];
  const roots = new Set(
    (
      await tree.units(
        positions.map((p) => p.unitId),
        em,
      )
    )
      .filter((u) => u.parentId === null)
      .map((u) => u.id),
  );
  return positions
    .filter((p) => roots.has(p.unitId))
    .map((p) => ({ unitId: p.unitId, role: p.role, positionId: p.positionId }));
}
