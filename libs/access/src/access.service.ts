import { Injectable } from '@nestjs/common';
import { AppError } from '@lt/common';
import { OrgTreeService } from '@lt/org';
import { EntityManager } from 'typeorm';
import { ActingPosition, delegablePermission, delegatedPositions, positionsFor } from './delegated-authority';
import { Permission, roleGrants } from './permissions';
import { Grant, Principal } from './principal';

const DIRECTORY_READS: readonly Permission[] = ['unit.read', 'person.read'];

/**
 * The one answer to "may this person do this in that unit?", used by every capability.
 * A position reaching its `unit` grants only there; one reaching its `subtree` grants in the
 * unit and everything under it. Nobody reaches sideways or upwards into another branch.
 */
@Injectable()
export class AccessService {
  constructor(private readonly tree: OrgTreeService) {}

  /** The position granting `permission` in `unitId`, preferring one held in that very unit. */
  async grantFor(
    principal: Principal,
    permission: Permission,
    unitId: string,
    em?: EntityManager,
  ): Promise<Grant | null> {
    const grants = await this.grantsFor(principal, permission, [unitId], em);
    return grants.get(unitId) ?? null;
  }

  async require(
    principal: Principal,
    permission: Permission,
    unitId: string,
    em?: EntityManager,
  ): Promise<Grant> {
    const grant = await this.grantFor(principal, permission, unitId, em);
    if (!grant) throw new AppError('access/forbidden', { permission, unitId });
    return grant;
  }

  /** Requires `permission` in every one of `unitIds`; returns the grant for the first. */
  async requireAll(
    principal: Principal,
    permission: Permission,
    unitIds: string[],
    em?: EntityManager,
  ): Promise<Grant> {
    const grants = await this.grantsFor(principal, permission, unitIds, em);
    const missing = unitIds.find((id) => !grants.has(id));
    if (missing !== undefined || unitIds.length === 0) {
      throw new AppError('access/forbidden', { permission, unitId: missing });
    }
    return grants.get(unitIds[0])!;
  }

  /**
   * For each of `unitIds` the principal may act on, the position that allows it: their own
   * first; for a delegable power, then a delegator's position delegated to them (reaching as
   * far as the delegator's would, narrowed to the delegation's unit where it names one).
   */
  async grantsFor(
    principal: Principal,
    permission: Permission,
    unitIds: string[],
    em?: EntityManager,
  ): Promise<Map<string, Grant>> {
    const result = new Map<string, Grant>();
    const power = delegablePermission(permission);
    // A delegate reads the directory (units, people) over the reach delegated to them, or they
    // could not use it; every other reading rule stays their own.
    const held: ActingPosition[] = power
      ? positionsFor(principal, power)
      : DIRECTORY_READS.includes(permission)
        ? [...principal.positions, ...delegatedPositions(principal)]
        : principal.positions;
    const positions = held
      .map((p) => ({
        ...p,
        reach: roleGrants(p.role, permission),
        root: p.delegation?.limitUnitId ?? p.unitId,
      }))
      .filter((p) => p.reach !== null);
    const toGrant = (p: (typeof positions)[number]): Grant => ({
      unitId: p.unitId,
      role: p.role,
      positionId: p.positionId,
      ...(p.delegation ? { delegation: p.delegation } : {}),
    });
    for (const unitId of unitIds) {
      const own = positions.find((p) => p.root === unitId);
      if (own) result.set(unitId, toGrant(own));
    }
    const subtreeRoots = positions.filter((p) => p.reach === 'subtree');
    const open = unitIds.filter((id) => !result.has(id));
    if (open.length === 0 || subtreeRoots.length === 0) return result;
    const pairs = await this.tree.ancestryPairs([...new Set(subtreeRoots.map((p) => p.root))], open, em);
    for (const root of subtreeRoots) {
      for (const pair of pairs) {
        if (pair.ancestorId === root.root && !result.has(pair.unitId)) result.set(pair.unitId, toGrant(root));
      }
    }
    return result;
  }
}
