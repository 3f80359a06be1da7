import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AppError } from '@lt/common';
import { DataSource, EntityManager } from 'typeorm';
import { OrgUnitEntity } from './org-unit.entity';
import { OrgUnitNameEntity } from './org-unit-name.entity';

/** Serialises structural changes of the tree (inserts and moves) across transactions. */
const ORG_TREE_LOCK = 7_405_112_027;

/** What renaming a unit may change: what it is called and known by. */
export type UnitIdentity = Pick<OrgUnitEntity, 'name' | 'code' | 'organId'>;

/** How deep a chain of mergers is followed (a unit merged into one merged in turn, …). */
const MAX_MERGE_CHAIN = 16;

export interface UnitInTree {
  id: string;
  parentId: string | null;
  kind: OrgUnitEntity['kind'];
  name: string;
  code: string;
  organId: string;
  active: boolean;
  version: number;
  depth: number;
}

/**
 * Reads and restructures the org tree. The named queries here are the only place that knows
 * the closure table; every capability asks its questions through them.
 */
@Injectable()
export class OrgTreeService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async findUnit(id: string, em: EntityManager = this.dataSource.manager): Promise<OrgUnitEntity | null> {
    return em.findOne(OrgUnitEntity, { where: { id } });
  }

  async requireUnit(id: string, em: EntityManager = this.dataSource.manager): Promise<OrgUnitEntity> {
    const unit = await this.findUnit(id, em);
    if (!unit) throw new AppError('org/unit_not_found', { unitId: id });
    return unit;
  }

  /** Everything under `unitId`, itself first, then by depth and name; `depth` is relative. */
  async subtree(
    unitId: string,
    maxDepth?: number,
    em: EntityManager = this.dataSource.manager,
  ): Promise<UnitInTree[]> {
    const rows: UnitInTree[] = await em.query(
      `SELECT u.id, u.parent_id AS "parentId", u.kind, u.name, u.code, u.organ_id AS "organId",
              u.active, u.version, c.depth
         FROM org_unit_closure c JOIN org_units u ON u.id = c.descendant_id
        WHERE c.ancestor_id = $1 AND ($2::int IS NULL OR c.depth <= $2)
        ORDER BY c.depth, u.name`,
      [unitId, maxDepth ?? null],
    );
    return rows;
  }

  /** The chain above `unitId`: root first, the unit itself last. */
  async chainAbove(unitId: string, em: EntityManager = this.dataSource.manager): Promise<UnitInTree[]> {
    return em.query(
      `SELECT u.id, u.parent_id AS "parentId", u.kind, u.name, u.code, u.organ_id AS "organId",
              u.active, u.version, c.depth
         FROM org_unit_closure c JOIN org_units u ON u.id = c.ancestor_id
        WHERE c.descendant_id = $1
        ORDER BY c.depth DESC`,
      [unitId],
    );
  }

  /** The (ancestor, unit) pairs where a unit of `unitIds` lies at or under one of `ancestorIds`. */
  async ancestryPairs(
    ancestorIds: readonly string[],
    unitIds: readonly string[],
    em: EntityManager = this.dataSource.manager,
  ): Promise<{ ancestorId: string; unitId: string }[]> {
    if (ancestorIds.length === 0 || unitIds.length === 0) return [];
    return em.query(
      `SELECT ancestor_id AS "ancestorId", descendant_id AS "unitId" FROM org_unit_closure
        WHERE ancestor_id = ANY($1::uuid[]) AND descendant_id = ANY($2::uuid[])`,
      [ancestorIds, unitIds],
    );
  }

  /** Inserts a unit under `parentId` (or as a root) with its closure rows. */
  async insertUnit(
    em: EntityManager,
    unit: Pick<OrgUnitEntity, 'kind' | 'name' | 'code' | 'organId'> & { parentId: string | null },
  ): Promise<OrgUnitEntity> {
    await em.query('SELECT pg_advisory_xact_lock($1)', [ORG_TREE_LOCK]);
    const saved = await em.save(OrgUnitEntity, em.create(OrgUnitEntity, { ...unit, active: true }));
    await em.query(
      `INSERT INTO org_unit_closure (ancestor_id, descendant_id, depth)
       SELECT ancestor_id, $1, depth + 1 FROM org_unit_closure WHERE descendant_id = $2
       UNION ALL SELECT $1::uuid, $1::uuid, 0`,
      [saved.id, unit.parentId],
    );
    return saved;
  }

  /**
   * Moves `unitId` with its whole subtree under `newParentId`. Refuses a move under the unit
   * itself or one of its descendants, which would cut the subtree off into a cycle. Only the
   * closure rows change here; the caller saves the unit's new parent_id with its version.
   */
  async moveSubtree(em: EntityManager, unitId: string, newParentId: string): Promise<void> {
    await em.query('SELECT pg_advisory_xact_lock($1)', [ORG_TREE_LOCK]);
    const [{ inside }]: { inside: boolean }[] = await em.query(
      `SELECT EXISTS (SELECT 1 FROM org_unit_closure WHERE ancestor_id = $1 AND descendant_id = $2) AS inside`,
      [unitId, newParentId],
    );
    if (inside) throw new AppError('org/move_into_descendant', { unitId, newParentId });
    // Cut the links from the old ancestors to every node of the subtree ...
    await em.query(
      `DELETE FROM org_unit_closure
        WHERE descendant_id IN (SELECT descendant_id FROM org_unit_closure WHERE ancestor_id = $1)
          AND ancestor_id IN (SELECT ancestor_id FROM org_unit_closure WHERE descendant_id = $1 AND depth > 0)`,
      [unitId],
    );
    // ... and link every ancestor of the new parent (itself included) to every node of it.
    await em.query(
      `INSERT INTO org_unit_closure (ancestor_id, descendant_id, depth)
       SELECT a.ancestor_id, d.descendant_id, a.depth + d.depth + 1
         FROM org_unit_closure a CROSS JOIN org_unit_closure d
        WHERE a.descendant_id = $2 AND d.ancestor_id = $1`,
      [unitId, newParentId],
    );
  }

  /** Locks the units' rows for a structural change, in id order (two changes never deadlock). */
  async lockUnits(em: EntityManager, unitIds: readonly string[]): Promise<OrgUnitEntity[]> {
    const rows: { id: string }[] = await em.query(
      'SELECT id FROM org_units WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE',
      [[...new Set(unitIds)]],
    );
    return em.getRepository(OrgUnitEntity).findBy(rows.map((r) => ({ id: r.id })));
  }

  /**
   * Retires `unitId` into `intoId` (sáp nhập): its active sub-units move under `intoId`, then
   * the unit itself, inactive, marked merged — kept in the tree under the resulting unit, so its
   * records stay attributed to it and within the resulting unit's reach.
   */
  async retireInto(em: EntityManager, unitId: string, intoId: string, at: Date): Promise<void> {
    const children: { id: string }[] = await em.query(
      'SELECT id FROM org_units WHERE parent_id = $1 AND active ORDER BY id',
      [unitId],
    );
    for (const child of children) {
      await this.moveSubtree(em, child.id, intoId);
      await em.query('UPDATE org_units SET parent_id = $2, version = version + 1 WHERE id = $1', [
        child.id,
        intoId,
      ]);
    }
    await this.moveSubtree(em, unitId, intoId);
    await em.query(
      `UPDATE org_units SET parent_id = $2, active = false, merged_into_id = $2, retired_at = $3,
              version = version + 1, updated_at = now()
        WHERE id = $1`,
      [unitId, intoId, at],
    );
  }

  /**
   * The unit, then the unit it was merged into, and on up the chain: a merged unit's people
   * went there, so what was the unit's own (its channel) is theirs now.
   */
  async mergeChain(unitId: string, em: EntityManager = this.dataSource.manager): Promise<string[]> {
    const rows: { id: string }[] = await em.query(
      `WITH RECURSIVE chain(id, n) AS (
         SELECT $1::uuid, 0
         UNION ALL
         SELECT u.merged_into_id, chain.n + 1 FROM org_units u JOIN chain ON u.id = chain.id
          WHERE u.merged_into_id IS NOT NULL AND chain.n < $2)
       SELECT id FROM chain ORDER BY n`,
      [unitId, MAX_MERGE_CHAIN],
    );
    return rows.map((r) => r.id);
  }

  /** The units merged into one of `unitIds`, directly or through a unit merged in turn, and when. */
  async mergedInto(
    unitIds: readonly string[],
    em: EntityManager = this.dataSource.manager,
  ): Promise<{ id: string; retiredAt: Date }[]> {
    if (unitIds.length === 0) return [];
    return em.query(
      `WITH RECURSIVE merged(id, retired_at, n) AS (
         SELECT u.id, u.retired_at, 1 FROM org_units u WHERE u.merged_into_id = ANY($1::uuid[])
         UNION ALL
         SELECT u.id, u.retired_at, m.n + 1 FROM org_units u JOIN merged m ON u.merged_into_id = m.id
          WHERE m.n < $2)
       SELECT DISTINCT id, retired_at AS "retiredAt" FROM merged`,
      [[...new Set(unitIds)], MAX_MERGE_CHAIN],
    );
  }

  /**
   * Renames or re-codes a locked unit: what it bore until `at` goes into its former names,
   * so records written under them still find it. Nothing else changes: the unit keeps its id.
   */
  async rename(
    em: EntityManager,
    unit: OrgUnitEntity,
    changes: Partial<UnitIdentity>,
    by: { at: Date; changedBy: string | null; reorganisationId?: string | null },
  ): Promise<OrgUnitEntity> {
    const changed = (['name', 'code', 'organId'] as const).filter(
      (key) => changes[key] !== undefined && changes[key] !== unit[key],
    );
    if (changed.length === 0) return unit;
    await em.insert(OrgUnitNameEntity, {
      unitId: unit.id,
      name: unit.name,
      code: unit.code,
      organId: unit.organId,
      validUntil: by.at,
      reorganisationId: by.reorganisationId ?? null,
      changedBy: by.changedBy,
    });
    for (const key of changed) unit[key] = changes[key]!;
    return em.save(unit);
  }

  /** What each of `unitIds` was called before, the latest first. */
  async formerNames(
    unitIds: readonly string[],
    em: EntityManager = this.dataSource.manager,
  ): Promise<Map<string, OrgUnitNameEntity[]>> {
    const names = new Map<string, OrgUnitNameEntity[]>(unitIds.map((id) => [id, []]));
    if (unitIds.length === 0) return names;
    const rows = await em
      .getRepository(OrgUnitNameEntity)
      .createQueryBuilder('n')
      .where('n.unit_id = ANY(:ids)', { ids: [...new Set(unitIds)] })
      .orderBy('n.valid_until', 'DESC')
      .addOrderBy('n.created_at', 'DESC')
      .getMany();
    for (const row of rows) names.get(row.unitId)!.push(row);
    return names;
  }

  /**
   * The ids of units whose name or code, now or formerly, contains `text` (marks and case
   * ignored: "hoa cuong" finds "Phường Hòa Cường"), at most `limit`, by name.
   */
  async idsNamed(
    text: string,
    limit: number,
    em: EntityManager = this.dataSource.manager,
  ): Promise<string[]> {
    // LIKE's own wildcards in the text are taken literally.
    const pattern = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const rows: { id: string }[] = await em.query(
      `SELECT u.id FROM org_units u
        WHERE lt_fold(u.name) LIKE lt_fold($1) OR lt_fold(u.code) LIKE lt_fold($1)
           OR EXISTS (SELECT 1 FROM org_unit_names n
                       WHERE n.unit_id = u.id AND (lt_fold(n.name) LIKE lt_fold($1) OR lt_fold(n.code) LIKE lt_fold($1)))
        ORDER BY u.active DESC, u.name, u.id LIMIT $2`,
      [pattern, limit],
    );
    return rows.map((r) => r.id);
  }

  /** The names of `unitIds`, keyed by id, in name order (the database's collation). */
  async namesOf(
    unitIds: readonly string[],
    em: EntityManager = this.dataSource.manager,
  ): Promise<Map<string, string>> {
    const units = await this.unitsOf(unitIds, em);
    return new Map([...units.values()].map((u) => [u.id, u.name]));
  }

  /** The units `unitIds` (those that exist), keyed by id, in name order (the database's collation). */
  async unitsOf(
    unitIds: readonly string[],
    em: EntityManager = this.dataSource.manager,
  ): Promise<Map<string, OrgUnitEntity>> {
    if (unitIds.length === 0) return new Map();
    const units = await em
      .getRepository(OrgUnitEntity)
      .createQueryBuilder('u')
      .where('u.id = ANY(:ids)', { ids: [...new Set(unitIds)] })
      .orderBy('u.name')
      .addOrderBy('u.id')
      .getMany();
    return new Map(units.map((u) => [u.id, u]));
  }

  /**
   * The active units each root reaches: itself, and with `includeSubtree` everything under
   * it, with the depth below that root; `root` is the root's index in `roots`. One query for
   * all the roots.
   */
  async activeReach(
    roots: readonly { unitId: string; includeSubtree: boolean }[],
    em: EntityManager = this.dataSource.manager,
  ): Promise<{ root: number; unitId: string; depth: number }[]> {
    if (roots.length === 0) return [];
    const rows: { root: string; unitId: string; depth: number }[] = await em.query(
      `SELECT r.ord AS root, c.descendant_id AS "unitId", c.depth
         FROM unnest($1::uuid[], $2::boolean[]) WITH ORDINALITY AS r(unit_id, include_subtree, ord)
         JOIN org_unit_closure c ON c.ancestor_id = r.unit_id AND (r.include_subtree OR c.depth = 0)
         JOIN org_units u ON u.id = c.descendant_id AND u.active`,
      [roots.map((r) => r.unitId), roots.map((r) => r.includeSubtree)],
    );
    return rows.map((r) => ({ root: Number(r.root) - 1, unitId: r.unitId, depth: r.depth }));
  }

  /** The units of `ids` that exist, by name; `depth` is counted from their root (a root is 0). */
  async units(ids: readonly string[], em: EntityManager = this.dataSource.manager): Promise<UnitInTree[]> {
    if (ids.length === 0) return [];
    return em.query(
      `SELECT u.id, u.parent_id AS "parentId", u.kind, u.name, u.code, u.organ_id AS "organId",
              u.active, u.version, (SELECT max(c.depth) FROM org_unit_closure c WHERE c.descendant_id = u.id) AS depth
         FROM org_units u WHERE u.id = ANY($1::uuid[])
        ORDER BY u.name, u.id`,
      [[...new Set(ids)]],
    );
  }

  /** The ids of every unit at or under one of `rootIds` (the roots included). */
  async subtreeIds(
    rootIds: readonly string[],
    em: EntityManager = this.dataSource.manager,
  ): Promise<string[]> {
    if (rootIds.length === 0) return [];
    const rows: { id: string }[] = await em.query(
      'SELECT DISTINCT descendant_id AS id FROM org_unit_closure WHERE ancestor_id = ANY($1::uuid[])',
      [[...new Set(rootIds)]],
    );
    return rows.map((r) => r.id);
  }

  /** How many units sit directly under `unitId` (only the active ones, if asked). */
  async childCount(
    unitId: string,
    { activeOnly }: { activeOnly: boolean },
    em: EntityManager = this.dataSource.manager,
  ): Promise<number> {
    return em.count(OrgUnitEntity, { where: { parentId: unitId, ...(activeOnly ? { active: true } : {}) } });
  }
}
