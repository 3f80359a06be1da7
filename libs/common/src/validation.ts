import { ParseUUIDPipe, ValidationError, ValidationPipe } from '@nestjs/common';
import { AppError, FieldError } from './app-error';

/** Flattens class-validator's nested errors into `path: message` entries. */
export function toFieldErrors(errors: ValidationError[], prefix = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    const own: FieldError[] = error.constraints
      ? [
          {
            field,
            constraints: Object.keys(error.constraints),
            message: Object.values(error.constraints).join('; '),
          },
        ]
      : [];
    return own.concat(toFieldErrors(error.children ?? [], field));
  });
}

/**
 * The one validation setup of the API: unknown fields are refused (not silently dropped),
 * payloads become DTO instances, and every problem is reported per field.
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    stopAtFirstError: false,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => new AppError('request/validation_failed', undefined, toFieldErrors(errors)),
  });
}

/** A path parameter that must be a UUID, refused with a field-level error otherwise. */
export function uuidPipe(field = 'id'): ParseUUIDPipe {
  return new ParseUUIDPipe({
    exceptionFactory: () =>
      new AppError('request/validation_failed', undefined, [
        { field, constraints: ['isUuid'], message: `${field} must be a UUID` },
      ]),
  });
}
