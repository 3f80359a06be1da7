import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AccessService, Actor, LEADING_ROLES, Principal, PrincipalPosition, roleGrants } from '@lt/access';
import { AppError } from '@lt/common';
import { OrgTreeService } from '@lt/org';
import { PeopleService } from '@lt/people';
import { DataSource, EntityManager } from 'typeorm';
import { BriefingEntity } from './briefing.entity';

/** The units where the principal holds a position granting `briefing.read` (leaders, deputies). */
export function ledUnits(principal: Principal): string[] {
  return principal.positions.filter((p) => roleGrants(p.role, 'briefing.read') !== null).map((p) => p.unitId);
}

/** A reporter row as the access rules need it. */
export interface ReporterRow {
  id: string;
  unitId: string;
  userId: string | null;
}

/**
 * Who may do what with a briefing. Reading: the leaders of its unit and of the units above it
 * (`briefing.read`, subtree reach), and its expected reporters, who — like the wards heard at
 * the Monday meeting — read every report of it, not only their own. Anyone else is told it
 * does not exist (404). Acting as its unit's leaders (comment, assign, close): a leader or
 * deputy position in that very unit. Submitting: the reporter itself.
 */
@Injectable()
export class BriefingAccess {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: AccessService,
    private readonly tree: OrgTreeService,
    private readonly people: PeopleService,
  ) {}

  /**
   * The briefing, if `actor` may read it; `briefing/not_found` otherwise. With `lock`, the
   * row is locked (`share` against a concurrent close, `update` to change it).
   */
  async requireReadable(
    actor: Actor,
    id: string,
    em: EntityManager = this.dataSource.manager,
    lock?: 'share' | 'update',
  ): Promise<BriefingEntity> {
    const briefing = await em.findOne(BriefingEntity, {
      where: { id },
      ...(lock ? { lock: { mode: lock === 'share' ? 'pessimistic_read' : 'pessimistic_write' } } : {}),
    });
    if (!briefing || !(await this.mayRead(actor.principal, briefing, em)))
      throw new AppError('briefing/not_found', { id });
    return briefing;
  }

  async mayRead(principal: Principal, briefing: BriefingEntity, em: EntityManager): Promise<boolean> {
    if (await this.access.grantFor(principal, 'briefing.read', briefing.unitId, em)) return true;
    const reporters: ReporterRow[] = await em.query(
      `SELECT id, unit_id AS "unitId", user_id AS "userId" FROM briefing_reporters WHERE briefing_id = $1`,
      [briefing.id],
    );
    return reporters.some((r) => this.reportsAs(principal, r));
  }

  /** The position making the principal one of the leaders of `unitId` (who open, comment, close). */
  unitLeaderPosition(principal: Principal, unitId: string): PrincipalPosition | undefined {
    return principal.positions.find(
      (p) => p.unitId === unitId && roleGrants(p.role, 'briefing.open') !== null,
    );
  }

  requireUnitLeader(principal: Principal, briefing: BriefingEntity): PrincipalPosition {
    const position = this.unitLeaderPosition(principal, briefing.unitId);
    if (!position) throw new AppError('briefing/not_unit_leader', { briefingId: briefing.id });
    return position;
  }

  /** Whether the principal submits for this reporter: the named person, or a leader of the unit. */
  reportsAs(principal: Principal, reporter: ReporterRow): boolean {
    return reporter.userId !== null
      ? reporter.userId === principal.userId
      : this.unitLeaderPosition(principal, reporter.unitId) !== undefined;
  }

  /** The people each reporter stands for (the named person, or the unit's leaders and deputies). */
  async reporterPeople(
    em: EntityManager,
    briefingId: string,
    reporterIds?: string[],
  ): Promise<Map<string, string[]>> {
    const reporters: ReporterRow[] = await em.query(
      `SELECT r.id, r.unit_id AS "unitId", r.user_id AS "userId"
         FROM briefing_reporters r
        WHERE r.briefing_id = $1 AND ($2::uuid[] IS NULL OR r.id = ANY($2::uuid[]))`,
      [briefingId, reporterIds ?? null],
    );
    const leaders = await this.leadersOf(
      em,
      reporters.filter((r) => r.userId === null).map((r) => r.unitId),
    );
    return new Map(
      reporters.map((r) => [r.id, r.userId !== null ? [r.userId] : (leaders.get(r.unitId) ?? [])]),
    );
  }

  /** The leaders and deputies of a unit, with enabled accounts. */
  async unitLeaders(em: EntityManager, unitId: string): Promise<string[]> {
    return (await this.leadersOf(em, [unitId])).get(unitId) ?? [];
  }

  /**
   * What the list and search need for readableBriefingSql (readable-briefing-sql.ts): the
   * units the principal leads, and those with every unit under them.
   */
  async readerReach(principal: Principal, em: EntityManager): Promise<{ led: string[]; reach: string[] }> {
    const led = ledUnits(principal);
    return { led, reach: await this.tree.subtreeIds(led, em) };
  }

  /** The leaders and deputies of each of `unitIds`, with enabled accounts, in one query. */
  private async leadersOf(em: EntityManager, unitIds: string[]): Promise<Map<string, string[]>> {
    const leaders = new Map<string, string[]>();
    for (const { unitId, userId } of await this.people.positionHolders(
      unitIds,
      { roles: LEADING_ROLES, enabledOnly: true },
      em,
    ))
      leaders.set(unitId, [...(leaders.get(unitId) ?? []), userId]);
    return leaders;
  }
}
