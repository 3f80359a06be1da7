import type { Role } from '@lt/people/roles';
import type { DelegatedAuthority } from './delegated-authority';

export interface PrincipalPosition {
  positionId: string;
  unitId: string;
  role: Role;
}

/** Who is acting: loaded from the database on every request, so revocations apply at once. */
export interface Principal {
  userId: string;
  username: string;
  fullName: string;
  sessionId: string | null;
  positions: PrincipalPosition[];
  /** Delegations running for this person now (ủy quyền to them); none when absent. */
  delegations?: DelegatedAuthority[];
}

/** The acting person and the request they act in; use-cases take it, never the body. */
export interface Actor {
  principal: Principal;
  requestId?: string;
  /** Set while acting with a delegated position: whose authority the action is taken under. */
  onBehalfOf?: DelegatedAuthority;
}

/** The position that allowed an action; its unit is the one the actor acted for. */
export interface Grant {
  unitId: string;
  role: Role;
  positionId: string;
  /** When the position is a delegator's: the delegation the grant travelled by. */
  delegation?: DelegatedAuthority;
}
