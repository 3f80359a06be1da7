import { ParseUUIDPipe, ValidationError, ValidationPipe } from '@nestjs/common';
import { buildMessage, isISO8601, ValidateBy, ValidationOptions } from 'class-validator';
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

/**
 * A date and time in ISO 8601 that names a real instant. class-validator's IsISO8601 also
 * accepts forms JavaScript cannot read (week dates, "T10Z", comma fractions, "+2026-…"):
 * those became Invalid Date, passed every comparison and failed only in the database.
 */
export function IsInstant(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isInstant',
      validator: {
        validate: (value: unknown) =>
          typeof value === 'string' &&
          isISO8601(value, { strict: true, strictSeparator: true }) &&
          Number.isFinite(Date.parse(value)),
        defaultMessage: buildMessage(
          (each) => `${each}$property must be a date and time such as 2026-12-01T09:00:00+07:00`,
          options,
        ),
      },
    },
    options,
  );
}

/** Text with something in it: "   " passes a length check, then is stored as '' once trimmed. */
export function NotBlank(): PropertyDecorator {
  return ValidateBy({
    name: 'isNotBlank',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && /\S/.test(value),
      defaultMessage: buildMessage((each) => `${each}$property must not be blank`),
    },
  });
}
