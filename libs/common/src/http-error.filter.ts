import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AppError, ErrorBody } from './app-error';
import { ErrorCode } from './error-codes';

const codeForStatus: Partial<Record<number, ErrorCode>> = {
  [HttpStatus.NOT_FOUND]: 'request/not_found',
  [HttpStatus.PAYLOAD_TOO_LARGE]: 'request/too_large',
  [HttpStatus.UNAUTHORIZED]: 'auth/token_missing',
  [HttpStatus.FORBIDDEN]: 'access/forbidden',
  [HttpStatus.TOO_MANY_REQUESTS]: 'auth/too_many_attempts',
  [HttpStatus.BAD_REQUEST]: 'request/validation_failed',
};

function sqlState(error: unknown): string | undefined {
  const e = error as { code?: unknown; driverError?: { code?: unknown } } | null;
  const code = e?.driverError?.code ?? e?.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}

/** How long a client should wait before retrying while the database is away. */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

const UNREACHABLE_ERRNO = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENOTFOUND',
]);

/**
 * The database is away (stopped, restarting, failing over, out of connections) rather than
 * the request wrong: SQLSTATE class 08 and 57P01–57P03, 53300, the socket errors, and the
 * pool's own connection failures.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  const state = sqlState(error);
  if (state && (state.startsWith('08') || ['57P01', '57P02', '57P03', '53300'].includes(state))) return true;
  const e = error as {
    code?: unknown;
    message?: unknown;
    driverError?: { code?: unknown; message?: unknown };
  } | null;
  const errno = e?.driverError?.code ?? e?.code;
  if (typeof errno === 'string' && UNREACHABLE_ERRNO.has(errno)) return true;
  const raw = e?.driverError?.message ?? e?.message;
  const message = typeof raw === 'string' ? raw : '';
  return /Connection terminated|timeout exceeded when trying to connect|Connection terminated due to connection timeout|the database system is (starting up|shutting down)/i.test(
    message,
  );
}

/** Maps any thrown value to the single ErrorBody shape. */
export function toErrorBody(exception: unknown, requestId?: string): ErrorBody {
  if (exception instanceof AppError) return exception.toBody(requestId);
  const status =
    exception instanceof HttpException
      ? exception.getStatus()
      : typeof (exception as { status?: unknown })?.status === 'number'
        ? (exception as { status: number }).status
        : 500;
  // PostgreSQL's class 22, data exceptions: a value the checks above the database let through
  // (a length counted differently, a NUL character, 30 February) is the request's fault.
  if (isDatabaseUnavailable(exception))
    return new AppError('service/database_unavailable', {
      retryAfterSeconds: DATABASE_RETRY_AFTER_SECONDS,
    }).toBody(requestId);
  // A 503 of its own (the health check: terminus' report of each indicator in details).
  if (exception instanceof HttpException && exception.getStatus() === 503)
    return new AppError('service/unavailable', {
      retryAfterSeconds: DATABASE_RETRY_AFTER_SECONDS,
      report: exception.getResponse(),
    }).toBody(requestId);
  if (sqlState(exception)?.startsWith('22'))
    return new AppError('request/unstorable_value').toBody(requestId);
  const type = (exception as { type?: string })?.type;
  if (type === 'entity.parse.failed') return new AppError('request/malformed_json').toBody(requestId);
  if (type === 'entity.too.large') return new AppError('request/too_large').toBody(requestId);
  const code = codeForStatus[status] ?? 'internal/error';
  const body = new AppError(code).toBody(requestId);
  return { ...body, statusCode: code === 'internal/error' ? 500 : status };
}

@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpErrorFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<Request & { id?: string }>();
    const response = http.getResponse<Response>();
    const body = toErrorBody(exception, request.id === undefined ? undefined : String(request.id));
    if (body.code.startsWith('service/'))
      this.logger.warn(`database unavailable: ${String((exception as Error)?.message ?? exception)}`);
    else if (body.statusCode >= 500) this.logger.error(exception);
    if (
      // "Try again later" answers say when.
      (body.statusCode === 429 || body.statusCode === 503) &&
      typeof body.details?.retryAfterSeconds === 'number'
    ) {
      response.setHeader('Retry-After', String(body.details.retryAfterSeconds));
    }
    response.status(body.statusCode).json(body);
  }
}
