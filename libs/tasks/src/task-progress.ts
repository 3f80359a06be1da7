import { EntityManager } from 'typeorm';

/**
 * A parent's progress is derived from its sub-tasks: the mean of their progress, counting
 * completed ones as 100 and leaving out cancelled and returned ones. Walks up the chain from
 * `parentId`, so a change deep down reaches the root in the same transaction. Raw SQL on
 * purpose: a derived figure is not a change anyone could conflict with, so no version bump.
 */
export async function rollUpProgress(em: EntityManager, parentId: string | null): Promise<void> {
  let current = parentId;
  while (current) {
    // Locked first, in a statement of its own: a sibling's change that committed while we
    // waited for the lock is then in the snapshot of the UPDATE below. (Waiting inside the
    // UPDATE would recompute the mean from the snapshot taken before the wait.)
    await em.query('SELECT 1 FROM tasks WHERE id = $1 FOR UPDATE', [current]);
    const [rows]: [{ parentId: string | null }[], number] = await em.query(
      `UPDATE tasks p SET progress = COALESCE((
           SELECT round(avg(CASE WHEN c.state = 'completed' THEN 100 ELSE c.progress END))::int
             FROM tasks c WHERE c.parent_id = p.id AND c.state NOT IN ('cancelled', 'returned')), p.progress)
        WHERE p.id = $1
       RETURNING p.parent_id AS "parentId"`,
      [current],
    );
    current = rows[0]?.parentId ?? null;
  }
}
