import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AppError } from '@lt/common';
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
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

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

  async view(userId: string, em: EntityManager = this.dataSource.manager): Promise<PersonView> {
    const [person] = await this.views([userId], em);
    if (!person) throw new AppError('person/not_found', { personId: userId });
    return person;
  }

  async views(userIds: string[], em: EntityManager = this.dataSource.manager): Promise<PersonView[]> {
    if (userIds.length === 0) return [];
    const users = await em.find(UserEntity, { where: { id: In(userIds) }, order: { fullName: 'ASC' } });
    const positions: (PositionView & { userId: string })[] = await em.query(
      `SELECT p.id, p.user_id AS "userId", p.unit_id AS "unitId", u.name AS "unitName", u.kind AS "unitKind",
              p.role, p.title
         FROM positions p JOIN org_units u ON u.id = p.unit_id
        WHERE p.user_id = ANY($1::uuid[]) ORDER BY p.created_at`,
      [userIds],
    );
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
  async namesOf(
    userIds: readonly string[],
    em: EntityManager = this.dataSource.manager,
  ): Promise<Map<string, string>> {
    if (userIds.length === 0) return new Map();
    const rows: { id: string; fullName: string }[] = await em.query(
      'SELECT id, full_name AS "fullName" FROM users WHERE id = ANY($1::uuid[]) ORDER BY full_name, id',
      [[...new Set(userIds)]],
    );
    return new Map(rows.map((r) => [r.id, r.fullName]));
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
}
