import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { ApiHeader } from '@nestjs/swagger';
import type { Request } from 'express';
import { AppError } from './app-error';

const IDEMPOTENCY_KEY = /^[A-Za-z0-9._:-]{8,128}$/;

/**
 * The optional `Idempotency-Key` header of a create request, validated: a retry with the
 * same key returns what the first request made. Pair with {@link ApiIdempotencyKey}.
 */
export const IdempotencyKey = createParamDecorator((_data: unknown, context: ExecutionContext) => {
  const value = context.switchToHttp().getRequest<Request>().headers['idempotency-key'];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !IDEMPOTENCY_KEY.test(value)) {
    throw new AppError('request/validation_failed', undefined, [
      { field: 'Idempotency-Key', message: 'Idempotency-Key must be 8–128 letters, digits or ._:-' },
    ]);
  }
  return value;
});

export const ApiIdempotencyKey = (what: string) =>
  ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: `Retrying with the same key returns the first ${what}`,
  });
