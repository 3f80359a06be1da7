/** Recognises PostgreSQL errors by SQLSTATE (and constraint name) without string matching. */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  return pgCode(error) === '23505' && (constraint === undefined || pgConstraint(error) === constraint);
}

export function isForeignKeyViolation(error: unknown): boolean {
  return pgCode(error) === '23503';
}

function pgCode(error: unknown): string | undefined {
  const e = error as { code?: string; driverError?: { code?: string } };
  return e?.driverError?.code ?? e?.code;
}

function pgConstraint(error: unknown): string | undefined {
  const e = error as { constraint?: string; driverError?: { constraint?: string } };
  return e?.driverError?.constraint ?? e?.constraint;
}
