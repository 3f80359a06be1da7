/** The roles a position may have (the positions_role_check constraint lists the same). No dependencies: the browser imports it. */
export const ROLES = ['leader', 'deputy_leader', 'official', 'clerk', 'unit_admin'] as const;
export type Role = (typeof ROLES)[number];
