import {
  applyDecorators,
  createParamDecorator,
  ExecutionContext,
  SetMetadata,
  UseGuards,
} from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { Actor, Permission, Principal } from '@lt/access';
import { ErrorBodyDto } from '@lt/common';
import type { Request } from 'express';
import { IS_PUBLIC, REQUIRED_PERMISSION } from './metadata';
import { PermissionGuard } from './permission.guard';

/** Marks a route that needs no sign-in (sign-in itself, health, docs). */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/**
 * Documents and tightens a protected route. Every route already requires a valid access
 * token (the global guard); `permission` additionally requires a position that grants it
 * somewhere — the per-unit check stays in the service, which knows the unit.
 */
export function Authenticated(options: { permission?: Permission } = {}) {
  return applyDecorators(
    SetMetadata(REQUIRED_PERMISSION, options.permission),
    UseGuards(PermissionGuard),
    ApiBearerAuth(),
    ApiUnauthorizedResponse({
      type: ErrorBodyDto,
      description: 'auth/token_missing, auth/token_invalid, auth/token_expired, auth/session_revoked',
    }),
    ApiForbiddenResponse({ type: ErrorBodyDto, description: 'access/forbidden' }),
  );
}

export type AuthenticatedRequest = Request & { user: Principal; id?: string | number };

/** The acting person and request id, from the auth context (never from the body). */
export const CurrentActor = createParamDecorator((_data: unknown, context: ExecutionContext): Actor => {
  const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
  return { principal: request.user, requestId: request.id === undefined ? undefined : String(request.id) };
});
