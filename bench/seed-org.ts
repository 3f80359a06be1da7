import type { Client } from 'pg';

/** Never used to sign in: the benchmarks mint access tokens for sessions they insert. */
export const DUMMY_PASSWORD_HASH =
  '$argon2id$v=19$m=19456,t=2,p=1$YmVuY2htYXJrLXNhbHQ$bm90LWEtcmVhbC1wYXNzd29yZC1oYXNo';

/**
 * A city with `districts` districts of `wardsPerDistrict` wards each, and their closure rows,
 * in four set-based statements (run inside the caller's transaction). Returns the city's id.
 */
export async function seedCity(db: Client, districts: number, wardsPerDistrict: number): Promise<string> {
  const [{ id: cityId }] = (
    await db.query<{ id: string }>(
      `INSERT INTO org_units (kind, name, code, organ_id, version)
       VALUES ('city', 'Thành phố Thử tải', 'BENCH', 'BEN.00.00.000', 1) RETURNING id`,
    )
  ).rows;
  await db.query(
    `INSERT INTO org_units (parent_id, kind, name, code, organ_id, version)
     SELECT $1, 'district', 'Quận ' || d, 'BENCH-D' || lpad(d::text, 2, '0'), 'BEN.' || lpad(d::text, 2, '0') || '.00.000', 1
       FROM generate_series(1, $2::int) d`,
    [cityId, districts],
  );
  await db.query(
    `INSERT INTO org_units (parent_id, kind, name, code, organ_id, version)
     SELECT p.id, 'ward', 'Phường ' || w || ', ' || p.name, p.code || '-W' || lpad(w::text, 2, '0'),
            substr(p.organ_id, 1, 7) || lpad(w::text, 2, '0') || '.000', 1
       FROM org_units p CROSS JOIN generate_series(1, $1::int) w
      WHERE p.kind = 'district'`,
    [wardsPerDistrict],
  );
  // Closure rows, as OrgTreeService.insertUnit writes them: every (ancestor, unit, depth), self included.
  await db.query(
    `INSERT INTO org_unit_closure (ancestor_id, descendant_id, depth)
     WITH RECURSIVE up(descendant_id, ancestor_id, depth) AS (
       SELECT id, id, 0 FROM org_units
       UNION ALL
       SELECT up.descendant_id, u.parent_id, up.depth + 1 FROM up JOIN org_units u ON u.id = up.ancestor_id
        WHERE u.parent_id IS NOT NULL)
     SELECT ancestor_id, descendant_id, depth FROM up`,
  );
  return cityId;
}
