import { AppError, ErrorCode } from '@lt/common';
import { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';

/**
 * Optimistic concurrency for a change: locks the row, then refuses with 409 when the client
 * changed an older version than the one stored. Saving the entity afterwards bumps its
 * @VersionColumn, so the next writer with the old version is refused too.
 */
export async function lockForChange<T extends ObjectLiteral & { id: string; version: number }>(
  em: EntityManager,
  entity: EntityTarget<T>,
  id: string,
  expectedVersion: number | undefined,
  notFound: ErrorCode,
): Promise<T> {
  const row = await em.findOne(entity, { where: { id } as never, lock: { mode: 'pessimistic_write' } });
  if (!row) throw new AppError(notFound, { id });
  if (expectedVersion !== undefined) requireVersion(row, expectedVersion);
  return row;
}

/**
 * The 409 half of {@link lockForChange}, for callers that must check access between locking
 * and comparing (the answer names the current version: only someone allowed may learn it).
 */
export function requireVersion(row: { id: string; version: number }, expectedVersion: number): void {
  if (row.version !== expectedVersion)
    throw new AppError('request/conflict_version', {
      id: row.id,
      expectedVersion,
      currentVersion: row.version,
    });
}
