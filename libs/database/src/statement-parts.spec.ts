import { combineParts } from './statement-parts';

describe('combineParts', () => {
  it('sends one part as it is', () => {
    const part = { sql: 'UPDATE t SET a = $1 WHERE id = $2', params: [1, 'x'] };
    expect(combineParts([part])).toBe(part);
  });

  it('renumbers each part’s parameters after the ones before it, two-digit numbers included', () => {
    const many = Array.from({ length: 10 }, (_, i) => i);
    const combined = combineParts([
      { sql: 'INSERT INTO a (x, y) VALUES ($1, $2)', params: ['a1', 'a2'] },
      { sql: `INSERT INTO b (v) VALUES (${many.map((i) => `$${i + 1}`).join(', ')})`, params: many },
      { sql: 'UPDATE c SET z = $1', params: ['c1'] },
    ]);
    expect(combined.sql).toBe(
      'WITH part0 AS (INSERT INTO a (x, y) VALUES ($1, $2)),\n' +
        'part1 AS (INSERT INTO b (v) VALUES ($3, $4, $5, $6, $7, $8, $9, $10, $11, $12)),\n' +
        'part2 AS (UPDATE c SET z = $13) SELECT 1',
    );
    expect(combined.params).toEqual(['a1', 'a2', ...many, 'c1']);
  });
});
