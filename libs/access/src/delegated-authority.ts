import type { Role } from '@lt/people/roles';
import type { Permission } from './permissions';
import type { Actor, Principal, PrincipalPosition } from './principal';
import { isHeadRole, isLeadingRole } from './roles';

/**
 * What a leader may hand to another person for a while (ủy quyền, Decree 30/2020 Art. 13):
 * issue directives, sign task assignments, annotate, sign documents, decide discipline cases
 * and publish the work schedule. Nothing else travels: reading rules stay the delegate's own.
 */
export const DELEGABLE_POWERS = [
  'directive.issue',
  'task.assign',
  'annotation.write',
  'document.sign',
  'discipline.decide',
  'schedule.publish',
] as const;
export type DelegablePower = (typeof DELEGABLE_POWERS)[number];

/**
 * `TUQ` — thừa ủy quyền: named powers to a named person; `Q` — quyền (acting head): a deputy
 * stands in for the head with every power while the head is away.
 */
export const DELEGATION_FORMS = ['TUQ', 'Q'] as const;
export type DelegationForm = (typeof DELEGATION_FORMS)[number];

/**
 * A running delegation as the delegate's principal carries it, loaded with the person on every
 * request (so a revocation or an end date applies at once). The position is the delegator's:
 * what the delegate does with it reaches exactly as far as the delegator's own would, and no
 * further than `limitUnitId`'s subtree where one is set.
 */
export interface DelegatedAuthority {
  delegationId: string;
  form: DelegationForm;
  delegatorId: string;
  delegatorName: string;
  /** The delegator's position, its unit and role. */
  positionId: string;
  unitId: string;
  role: Role;
  limitUnitId: string | null;
  powers: DelegablePower[];
  endsAt: string;
}

/** A position someone acts with: their own, or a delegator's (then `delegation` says whose). */
export interface ActingPosition extends PrincipalPosition {
  delegation?: DelegatedAuthority;
}

export function isDelegablePower(value: string): value is DelegablePower {
  return (DELEGABLE_POWERS as readonly string[]).includes(value);
}

/** The delegated positions carrying `power` (any, without one), as positions (own ones are not among them). */
export function delegatedPositions(
  principal: Pick<Principal, 'delegations'>,
  power?: DelegablePower,
): ActingPosition[] {
  return (principal.delegations ?? [])
    .filter((d) => power === undefined || d.powers.includes(power))
    .map((d) => ({ positionId: d.positionId, unitId: d.unitId, role: d.role, delegation: d }));
}

/**
 * The positions someone may use for `power`: their own first (a deputy who may issue in their
 * own right does so as themselves, KT.), then those delegated to them.
 */
export function positionsFor(
  principal: Pick<Principal, 'positions' | 'delegations'>,
  power: DelegablePower,
): ActingPosition[] {
  return [...principal.positions, ...delegatedPositions(principal, power)];
}

/**
 * The position with which someone heads `unitId` for `power`: their own head's post, or a
 * head's post delegated to them with that power and not narrowed below the unit.
 */
export function headingPositionFor(
  principal: Pick<Principal, 'positions' | 'delegations'>,
  power: DelegablePower,
  unitId: string,
): ActingPosition | null {
  return (
    positionsFor(principal, power).find(
      (p) =>
        p.unitId === unitId &&
        isHeadRole(p.role) &&
        (!p.delegation || p.delegation.limitUnitId === null || p.delegation.limitUnitId === unitId),
    ) ?? null
  );
}

/**
 * The actor as an action records them: acting with a delegated position makes the action
 * "thừa ủy quyền" — the audit entry, the record and the signature name both people.
 */
export function actingWith(
  actor: Actor,
  position: { delegation?: DelegatedAuthority } | null | undefined,
): Actor {
  return position?.delegation ? { ...actor, onBehalfOf: position.delegation } : actor;
}

/** Whether a permission of the catalogue may travel by delegation. */
export function delegablePermission(permission: Permission): DelegablePower | null {
  return isDelegablePower(permission) ? permission : null;
}

/** The powers that belong to a unit's head alone (thủ trưởng): only a head delegates them. */
const HEAD_POWERS: readonly DelegablePower[] = ['document.sign', 'discipline.decide', 'schedule.publish'];

/**
 * What a position of `role` may hand on: a leader's or deputy's directives, assignments and
 * annotations; a head's also its signature, discipline decisions and the schedule. Others
 * hold nothing delegable.
 */
export function delegablePowersOf(role: string): DelegablePower[] {
  if (!isLeadingRole(role)) return [];
  return DELEGABLE_POWERS.filter((power) => isHeadRole(role) || !HEAD_POWERS.includes(power));
}
