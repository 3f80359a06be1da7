import type { EntityManager } from 'typeorm';

/**
 * The rows of `sql` for a list of ids, keyed by their `id` (and mapped by `value`): `sql` reads
 * the ids, deduplicated, as `$1::uuid[]`. An empty list is answered without a query. The
 * batch lookups of the repositories ("the titles of these tasks", "the names of these people").
 */
export async function keyedById<R extends { id: string }, V = R>(
  em: EntityManager,
  sql: string,
  ids: readonly string[],
  value: (row: R) => V = (row) => row as unknown as V,
): Promise<Map<string, V>> {
  if (ids.length === 0) return new Map();
  const rows: R[] = await em.query(sql, [[...new Set(ids)]]);
  return new Map(rows.map((row) => [row.id, value(row)]));
}
