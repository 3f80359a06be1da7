import { keyedById } from '@lt/database';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AppError } from '@lt/common';
import { OrgTreeService } from '@lt/org';
import { DataSource, EntityManager, In } from 'typeorm';
import { PositionEntity, Role } from './position.entity';
import { UserEntity } from './user.entity';

export interface PositionView {
  id: string;
  unitId: string;
  unitName: string;
  unitKind: string;
  role: Role;
  title: string | null;
}

export interface PersonView {
  id: string;
  username: string;
  fullName: string;
  email: string | null;
  disabled: boolean;
  version: number;
  positions: PositionView[];
}

/** A position held by a person whose account is enabled (PeopleService.holdersIn). */
export interface PositionHolder {
  userId: string;
  fullName: string;
  unitId: string;
  role: Role;
  title: string | null;
}

/** Named queries over people and their positions. Writes live in the admin use-cases. */
@Injectable()
export class PeopleService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tree: OrgTreeService,
  ) {}

  normaliseUsername(username: string): string {
    return username.trim().toLowerCase();
  }

  async findForSignIn(username: string): Promise<UserEntity | null> {
    return this.dataSource
      .getRepository(UserEntity)
      .createQueryBuilder('u')
      .addSelect('u.passwordHash')
      .where('u.username = :username', { username: this.normaliseUsername(username) })
      .getOne();
  }

  async requireUser(id: string, em: EntityManager = this.dataSource.manager): Promise<UserEntity> {
    const user = await em.findOne(UserEntity, { where: { id } });
    if (!user) throw new AppError('person/not_found', { personId: id });
    return user;
  }

  async positionsOf(userId: string, em: EntityManager = this.dataSource.manager): Promise<PositionEntity[]> {
    return em.find(PositionEntity, { where: { userId }, order: { createdAt: 'ASC' } });
  }

  /** The titles of the posts `positionIds` (those that exist), keyed by post: one query for all. */
  async positionTitles(
    positionIds: readonly string[],
    em: EntityManager = this.dataSource.manager,
  ): Promise<Map<string, string | null>> {
    if (positionIds.length === 0) return new Map();
    const held = await em.find(PositionEntity, { where: { id: In([...new Set(positionIds)]) } });
    return new Map(held.map((p) => [p.id, p.title]));
  }

  async view(userId: string, em: EntityManager = this.dataSource.manager): Promise<PersonView> {
    const [person] = await this.views([userId], em);
    if (!person) throw new AppError('person/not_found', { personId: userId });
    return person;
  }

  async views(userIds: string[], em: EntityManager = this.dataSource.manager): Promise<PersonView[]> {
    if (userIds.length === 0) return [];
    const users = await em.find(UserEntity, { where: { id: In(userIds) }, order: { fullName: 'ASC' } });
    const held = await em.find(PositionEntity, {
      where: { userId: In(userIds) },
      order: { createdAt: 'ASC' },
    });
    const units = new Map(
      (await this.tree.units([...new Set(held.map((p) => p.unitId))], em)).map((u) => [u.id, u]),
    );
    const positions: (PositionView & { userId: string })[] = held.map((p) => ({
      id: p.id,
      userId: p.userId,
      unitId: p.unitId,
      unitName: units.get(p.unitId)!.name,
      unitKind: units.get(p.unitId)!.kind,
      role: p.role,
      title: p.title,
    }));
    return users.map((u) => ({
      id: u.id,
      username: u.username,
      fullName: u.fullName,
      email: u.email,
      disabled: u.disabledAt !== null,
      version: u.version,
      positions: positions.filter((p) => p.userId === u.id).map(({ userId: _userId, ...p }) => p),
    }));
  }

  /** People holding any position in `unitId` itself. */
  async peopleInUnit(unitId: string): Promise<PersonView[]> {
    const rows: { id: string }[] = await this.dataSource.query(
      'SELECT DISTINCT user_id AS id FROM positions WHERE unit_id = $1',
      [unitId],
    );
    return this.views(rows.map((r) => r.id));
  }

  /** The full names of `userIds`, keyed by id, in name order (the database's collation). */
  namesOf(
    userIds: readonly string[],
    em: EntityManager = this.dataSource.manager,
  ): Promise<Map<string, string>> {
    return keyedById(
      em,
      'SELECT id, full_name AS "fullName" FROM users WHERE id = ANY($1::uuid[]) ORDER BY full_name, id',
      userIds,
      (r: { id: string; fullName: string }) => r.fullName,
    );
  }

  /**
   * The positions held in `unitIds` by people whose account is enabled, with their names;
   * only those of `roles` unless null. In name order (the database's collation), then by
   * when the position was created.
   */
  async holdersIn(
    unitIds: readonly string[],
    roles: readonly Role[] | null,
    em: EntityManager = this.dataSource.manager,
  ): Promise<PositionHolder[]> {
    if (unitIds.length === 0 || roles?.length === 0) return [];
    return em.query(
      `SELECT p.user_id AS "userId", u.full_name AS "fullName", p.unit_id AS "unitId", p.role, p.title
         FROM positions p JOIN users u ON u.id = p.user_id AND u.disabled_at IS NULL
        WHERE p.unit_id = ANY($1::uuid[]) AND ($2::varchar[] IS NULL OR p.role = ANY($2::varchar[]))
        ORDER BY u.full_name, u.id, p.created_at`,
      [[...new Set(unitIds)], roles],
    );
  }

  /**
   * Those of `userIds` whose account is enabled, each with the positions they hold (possibly
   * none) — one query, for rules deciding what people may read.
   */
  async enabledWithPositions(
    userIds: readonly string[],
    em: EntityManager = this.dataSource.manager,
  ): Promise<PersonPositions[]> {
    if (userIds.length === 0) return [];
    return em.query(
      `SELECT u.id AS "userId",
              COALESCE((SELECT jsonb_agg(jsonb_build_object('unitId', p.unit_id, 'role', p.role))
                          FROM positions p WHERE p.user_id = u.id), '[]'::jsonb) AS positions
         FROM users u WHERE u.id = ANY($1::uuid[]) AND u.disabled_at IS NULL`,
      [userIds],
    );
  }

  /**
   * Who holds a position in each of `unitIds`, each (unit, person) once: in one of `roles` when
   * given (the caller names them, e.g. the leading roles of libs/access), and only enabled
   * accounts with `enabledOnly`.
   */
  async positionHolders(
    unitIds: readonly string[],
    options: { roles?: readonly Role[]; enabledOnly?: boolean } = {},
    em: EntityManager = this.dataSource.manager,
  ): Promise<{ unitId: string; userId: string }[]> {
    if (unitIds.length === 0) return [];
    return em.query(
      `SELECT DISTINCT p.unit_id AS "unitId", p.user_id AS "userId"
         FROM positions p JOIN users u ON u.id = p.user_id
        WHERE p.unit_id = ANY($1::uuid[]) AND ($2::varchar[] IS NULL OR p.role = ANY($2::varchar[]))
          AND (NOT $3 OR u.disabled_at IS NULL)`,
      [[...new Set(unitIds)], options.roles ?? null, options.enabledOnly === true],
    );
  }

  /** How many positions are held in `unitId` itself. */
  async positionCount(unitId: string, em: EntityManager = this.dataSource.manager): Promise<number> {
    return em.count(PositionEntity, { where: { unitId } });
  }

  /**
   * Whether `userId` still holds position `positionId` in that unit and role, share-locked so
   * a removal cannot commit before the caller's transaction does.
   */
  async lockHeldPosition(
    em: EntityManager,
    position: { positionId: string; userId: string; unitId: string; role: string },
  ): Promise<boolean> {
    const [held]: { ok: boolean }[] = await em.query(
      `SELECT TRUE AS ok FROM positions
        WHERE id = $1 AND user_id = $2 AND unit_id = $3 AND role = $4 FOR SHARE`,
      [position.positionId, position.userId, position.unitId, position.role],
    );
    return held !== undefined;
  }

  /** Of the (person, unit) pairs, those where the person is enabled and holds a position in the unit, with their names. */
  async servingIn(
    pairs: readonly { userId: string; unitId: string }[],
    em: EntityManager = this.dataSource.manager,
  ): Promise<{ userId: string; unitId: string; fullName: string }[]> {
    if (pairs.length === 0) return [];
    return em.query(
      `SELECT DISTINCT p.user_id AS "userId", p.unit_id AS "unitId", u.full_name AS "fullName"
         FROM positions p JOIN users u ON u.id = p.user_id AND u.disabled_at IS NULL
        WHERE (p.user_id, p.unit_id) IN (SELECT * FROM unnest($1::uuid[], $2::uuid[]))`,
      [pairs.map((p) => p.userId), pairs.map((p) => p.unitId)],
    );
  }
}

/** A person and the positions they hold, as reading rules take them. */
export interface PersonPositions {
  userId: string;
  positions: { unitId: string; role: Role }[];
}
