/**
 * Who heads a unit: its leader and its deputy leaders (lãnh đạo, cấp phó). The one answer to
 * "is this position a leader?" for the server and for the browser (apps/web imports this
 * file: it has no dependencies). What each role may do is permissions.ts.
 */
export const LEADING_ROLES = ['leader', 'deputy_leader'] as const;

export function isLeadingRole(role: string): boolean {
  return (LEADING_ROLES as readonly string[]).includes(role);
}

interface Positions {
  positions: readonly { unitId: string; role: string }[];
}

/** The units a person heads. */
export function ledUnitIds(person: Positions): string[] {
  return [...new Set(person.positions.filter((p) => isLeadingRole(p.role)).map((p) => p.unitId))];
}

/** Whether the person heads `unitId` itself (not only a unit above it). */
export function leadsUnit(person: Positions, unitId: string): boolean {
  return person.positions.some((p) => p.unitId === unitId && isLeadingRole(p.role));
}

/**
 * Who heads a unit alone — the one who decides and answers for it (thủ trưởng): its leader,
 * not the deputies. Escalations climb to the head; a discipline case is the head's to decide.
 */
export const HEAD_ROLES = ['leader'] as const;

export function isHeadRole(role: string): boolean {
  return (HEAD_ROLES as readonly string[]).includes(role);
}

/**
 * Who stands in for a unit's head while no leader is in post (vacant, or the leader disabled):
 * its deputies. An escalation that finds no head tells them before climbing higher.
 */
export const DEPUTY_ROLES = ['deputy_leader'] as const;

/** Whether the person is a deputy head of `unitId` itself (cấp phó). */
export function deputisesUnit(person: Positions, unitId: string): boolean {
  return person.positions.some(
    (p) => p.unitId === unitId && (DEPUTY_ROLES as readonly string[]).includes(p.role),
  );
}

/** Whether the person is the head of `unitId` itself. */
export function headsUnit(person: Positions, unitId: string): boolean {
  return person.positions.some((p) => p.unitId === unitId && isHeadRole(p.role));
}

/** For SQL that filters positions by role: `p.role IN (${LEADING_ROLES_SQL})` (constants, never input). */
export const LEADING_ROLES_SQL = LEADING_ROLES.map((r) => `'${r}'`).join(', ');

/** A person as reading rules take them: who they are and the positions they hold. */
export interface Reader extends Positions {
  userId: string;
}
