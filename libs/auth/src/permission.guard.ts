import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Permission, Principal, roleGrants } from '@lt/access';
import { AppError } from '@lt/common';
import { REQUIRED_PERMISSION } from './metadata';

/** Coarse check: the principal holds some position granting the route's permission. */
@Injectable()
export class PermissionGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const permission = this.reflector.get<Permission | undefined>(REQUIRED_PERMISSION, context.getHandler());
    if (!permission) return true;
    const principal = context.switchToHttp().getRequest<{ user?: Principal }>().user;
    if (principal?.positions.some((p) => roleGrants(p.role, permission) !== null)) return true;
    throw new AppError('access/forbidden', { permission });
  }
}
