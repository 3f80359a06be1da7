import type { Role } from '@lt/people/roles';

/**
 * The permission catalogue: every capability names what it checks here, and one pure
 * function says which positions grant it and how far down the tree (after ghostfolio's
 * permissions.ts). Later capabilities add their permissions to this list.
 */
export const PERMISSIONS = [
  'unit.read',
  'unit.manage',
  'person.read',
  'person.manage',
  'org.import',
  'directive.issue',
  'task.assign',
  'task.follow',
  'document.register',
  'document.read',
  'annotation.write',
  'ranking.configure',
  'briefing.open',
  'briefing.read',
  'schedule.draft',
  'procedure.manage',
  'citizen_file.receive',
  'citizen_file.read',
  'feedback.answer',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

/**
 * How far a position reaches: `unit` — the unit itself; `subtree` — the unit and every unit
 * under it. Leaders answer for their unit's subtree ("the head of a unit answers for the
 * unit's subtree"); officials and clerks act within their own unit.
 */
export type Reach = 'unit' | 'subtree';

const READ: Permission[] = ['unit.read', 'person.read'];
/** The one-stop counter's work: receiving citizens' files and reading those one handles. */
const COUNTER: Permission[] = ['citizen_file.receive', 'citizen_file.read'];
const LEADER: Permission[] = [
  ...READ,
  'directive.issue',
  'task.assign',
  'task.follow',
  'document.read',
  'annotation.write',
  'briefing.open',
  'briefing.read',
  'schedule.draft',
  'procedure.manage',
  'citizen_file.read',
  'feedback.answer',
];

const GRANTS: Record<Role, { reach: Reach; permissions: readonly Permission[] }> = {
  // Leaders issue directives from their own unit and follow (remind, recall) those of units below.
  // They assign tasks anywhere below them and follow every task led or assigned there.
  // They read the documents of their subtree and annotate them (bút phê).
  // They keep their units' catalogue of procedures (thủ tục) and read the citizens' files below them.
  // They open their own unit's weekly briefing (giao ban; the use-case holds them to a position
  // in that very unit) and read the briefings of every unit below them.
  leader: { reach: 'subtree', permissions: LEADER },
  deputy_leader: { reach: 'subtree', permissions: LEADER },
  // Officials split their own work into sub-tasks for colleagues of their unit. They staff the
  // one-stop counter (một cửa) with the clerks: they receive citizens' files and handle them.
  official: { reach: 'unit', permissions: [...READ, 'task.assign', ...COUNTER] },
  // Clerks (văn thư) register their unit's incoming and outgoing documents and route them.
  // They draft the leaders' weekly schedule (lịch công tác) of their unit, and those of an
  // office (a department) of the unit directly above (the use-case decides the unit).
  clerk: {
    reach: 'unit',
    permissions: [...READ, 'document.register', 'document.read', 'schedule.draft', ...COUNTER],
  },
  // An admin of the root unit keeps the ranking rules (xếp loại) with the rest of the set-up.
  unit_admin: {
    reach: 'subtree',
    permissions: [
      ...READ,
      'unit.manage',
      'person.manage',
      'org.import',
      'ranking.configure',
      'procedure.manage',
    ],
  },
};

/** What a role may do and how far; pure, so it is unit-tested on its own. */
export function grantsOf(role: Role): { reach: Reach; permissions: readonly Permission[] } {
  return GRANTS[role];
}

export function roleGrants(role: Role, permission: Permission): Reach | null {
  const grant = GRANTS[role];
  return grant.permissions.includes(permission) ? grant.reach : null;
}

/** Every permission some of these roles grant (somewhere): what the browser may offer. */
export function permissionsOf(roles: readonly Role[]): Permission[] {
  return PERMISSIONS.filter((permission) => roles.some((role) => roleGrants(role, permission) !== null));
}

/**
 * Where a person holds `permission`: the units where it covers the unit alone, and those where
 * it covers the unit's subtree — for reading rules that answer with data for many people at
 * once (DocumentReaders) what {@link AccessService.grantFor} answers for one.
 */
export function grantedUnits(
  person: { positions: readonly { unitId: string; role: string }[] },
  permission: Permission,
): { unit: string[]; subtree: string[] } {
  const granted = { unit: new Set<string>(), subtree: new Set<string>() };
  for (const p of person.positions) {
    const reach = roleGrants(p.role as Role, permission);
    if (reach) granted[reach].add(p.unitId);
  }
  return { unit: [...granted.unit], subtree: [...granted.subtree] };
}
