import { ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { AppError } from '@lt/common';
import { IS_PUBLIC } from './metadata';

/** Turns what passport reports into our error codes. */
function rethrow(error: unknown, info: unknown, fallback: AppError): never {
  if (error instanceof AppError) throw error;
  if (error) throw error instanceof Error ? error : new AppError('auth/token_invalid');
  const name = (info as { name?: string } | undefined)?.name;
  if (name === 'TokenExpiredError') throw new AppError('auth/token_expired');
  const message = (info as { message?: string } | undefined)?.message ?? '';
  if (message === 'No auth token') throw new AppError('auth/token_missing');
  if (message === 'Missing credentials') {
    throw new AppError('request/validation_failed', undefined, [
      { field: 'username', message: 'username and password are required' },
    ]);
  }
  throw fallback;
}

/** The global guard: every route needs a valid access token unless marked @Public(). */
@Injectable()
export class JwtAuthGuard extends AuthGuard('jwt') {
  constructor(private readonly reflector: Reflector) {
    super();
  }

  override canActivate(context: ExecutionContext) {
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [
      context.getHandler(),
      context.getClass(),
    ]);
    return isPublic ? true : super.canActivate(context);
  }

  override handleRequest<T>(error: unknown, user: T, info: unknown): T {
    if (error || !user) rethrow(error, info, new AppError('auth/token_invalid'));
    return user;
  }
}

/** Runs passport-local on the sign-in route. */
@Injectable()
export class LocalAuthGuard extends AuthGuard('local') {
  override handleRequest<T>(error: unknown, user: T, info: unknown): T {
    if (error || !user) rethrow(error, info, new AppError('auth/invalid_credentials'));
    return user;
  }
}
