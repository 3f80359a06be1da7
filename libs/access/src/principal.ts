import type { Role } from '@lt/people';

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
}

/** The acting person and the request they act in; use-cases take it, never the body. */
export interface Actor {
  principal: Principal;
  requestId?: string;
}

/** The position that allowed an action; its unit is the one the actor acted for. */
export interface Grant {
  unitId: string;
  role: Role;
  positionId: string;
}
