import type { EntityManager } from 'typeorm';

/**
 * One data-modifying statement a library gives for sending along with others' (INSERT,
 * UPDATE or DELETE without a WITH of its own), its parameters numbered from $1. The library
 * still writes only its own tables; who sends the parts decides only how many round trips
 * they take.
 */
export interface StatementPart {
  sql: string;
  params: unknown[];
}

/**
 * Sends the parts as one statement, each a CTE of one `WITH`, parameters renumbered: one
 * round trip instead of one per part (issue 20; each round trip costs the API more CPU than
 * most statements cost PostgreSQL, docs/performance.md). The parts run on one snapshot and
 * must not read each other's rows.
 */
export async function sendTogether(em: EntityManager, parts: readonly StatementPart[]): Promise<void> {
  if (parts.length === 0) return;
  const { sql, params } = combineParts(parts);
  await em.query(sql, params);
}

/** The one statement `sendTogether` sends (a single part as it is). */
export function combineParts(parts: readonly StatementPart[]): StatementPart {
  if (parts.length === 1) return parts[0];
  const params: unknown[] = [];
  const ctes = parts.map((part, i) => {
    const offset = params.length;
    params.push(...part.params);
    return `part${i} AS (${part.sql.replace(/\$(\d+)/g, (_, n: string) => `$${Number(n) + offset}`)})`;
  });
  return { sql: `WITH ${ctes.join(',\n')} SELECT 1`, params };
}
