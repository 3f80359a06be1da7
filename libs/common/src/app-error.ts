import { ERROR_CATALOGUE, ErrorCode } from './error-codes';

/** A field-level problem in a request, keyed by the field's path (`positions.0.role`). */
export interface FieldError {
  field: string;
  message: string;
  constraints?: string[];
  row?: number;
}

/** The one error shape every response uses. */
export interface ErrorBody {
  statusCode: number;
  code: ErrorCode;
  message: { vi: string; en: string };
  fields?: FieldError[];
  details?: Record<string, unknown>;
  requestId?: string;
}

/** A domain error with a stable code; the HTTP filter turns it into an ErrorBody. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly details?: Record<string, unknown>,
    readonly fields?: FieldError[],
  ) {
    super(`${code}: ${ERROR_CATALOGUE[code].en}`);
  }

  get status(): number {
    return ERROR_CATALOGUE[this.code].status;
  }

  toBody(requestId?: string): ErrorBody {
    const { vi, en } = ERROR_CATALOGUE[this.code];
    return {
      statusCode: this.status,
      code: this.code,
      message: { vi, en },
      ...(this.fields ? { fields: this.fields } : {}),
      ...(this.details ? { details: this.details } : {}),
      ...(requestId ? { requestId } : {}),
    };
  }
}
