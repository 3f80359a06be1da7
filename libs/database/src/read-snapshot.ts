import { DataSource, EntityManager } from 'typeorm';

/**
 * Runs `read` in one repeatable-read transaction: several queries (of several libraries) that
 * must see the same moment — a table's figures, an evidence package's entries and chain heads.
 * A read, not a change: writes go through the command runner (libs/commands).
 */
export function readSnapshot<T>(dataSource: DataSource, read: (em: EntityManager) => Promise<T>): Promise<T> {
  // eslint-disable-next-line no-restricted-syntax -- a read, not a change: one snapshot for several queries.
  return dataSource.transaction('REPEATABLE READ', read);
}
