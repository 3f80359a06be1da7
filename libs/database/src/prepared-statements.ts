import { createHash } from 'node:crypto';
import { Client } from 'pg';

/** Named statements one connection keeps; past it, new texts go unnamed (IN-lists vary in length). */
const MAX_PREPARED_PER_CONNECTION = 2000;
const names = new Map<string, string>();

/** A stable name per statement text (the same on every connection). */
function statementName(text: string): string {
  let name = names.get(text);
  if (!name) {
    name = `lt_${createHash('sha1').update(text).digest('base64url')}`;
    if (names.size < 20_000) names.set(text, name);
  }
  return name;
}

/**
 * The pool's connections (TypeORM hands `extra.Client` to pg's Pool): every statement with
 * parameters is sent as a named prepared statement, so each connection parses and analyses a
 * statement once instead of on every call, and PostgreSQL may keep its plan (the plan cache's
 * usual rule: a generic plan once it is no costlier than the custom ones). On the hot paths
 * that is most of the database's work per request: bench:tasks measured planning alone at a
 * quarter of PostgreSQL's time per signed assignment (docs/performance.md).
 *
 * Statements without parameters (BEGIN, COMMIT, DDL in migrations) are sent as before.
 */
export class PreparingClient extends Client {
  private named = 0;

  override query(...args: unknown[]): never {
    const [text, values] = args;
    if (typeof text === 'string' && Array.isArray(values) && values.length > 0) {
      const name = statementName(text);
      const parsed = (this as unknown as { connection: { parsedStatements: Record<string, string> } })
        .connection.parsedStatements;
      if (parsed[name] !== undefined || this.named < MAX_PREPARED_PER_CONNECTION) {
        if (parsed[name] === undefined) this.named++;
        return (super.query as (...a: unknown[]) => never)({ name, text, values }, ...args.slice(2));
      }
    }
    return (super.query as (...a: unknown[]) => never)(...args);
  }
}
