import type { EntityManager } from 'typeorm';

/**
 * The rows an UPDATE … RETURNING (or DELETE … RETURNING) answers. TypeORM's PostgreSQL driver
 * answers those statements as `[rows, affectedCount]`, unlike a SELECT or an INSERT: reading
 * its answer as the rows counts two.
 */
export async function updatedRows<T = { id: string }>(
  em: EntityManager,
  sql: string,
  params: unknown[],
): Promise<T[]> {
  const [rows]: [T[], number] = await em.query(sql, params);
  return rows;
}
