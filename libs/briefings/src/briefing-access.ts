import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  AccessService,
  Actor,
  LEADING_ROLES_SQL,
  Principal,
  PrincipalPosition,
  roleGrants,
} from '@lt/access';
import { AppError } from '@lt/common';
import { DataSource, EntityManager } from 'typeorm';
import { BriefingEntity } from './briefing.entity';

/** The units where the principal holds a position granting `briefing.read` (leaders, deputies). */
export function ledUnits(principal: Principal): string[] {
  return principal.positions.filter((p) => roleGrants(p.role, 'briefing.read') !== null).map((p) => p.unitId);
}

/**
 * Who reads a briefing, in SQL, for `b` (briefings) with `me` (uuid) and `led` (uuid[], the
 * units of {@link ledUnits}): the leaders of its unit and of every unit above it, and its
 * expected reporters — a reporting unit's leaders, a named person. The same rule as
 * {@link BriefingAccess.requireReadable}, for lists and search.
 */
export function readableBriefingSql(b: string, me: string, led: string): string {
  return `(EXISTS (SELECT 1 FROM org_unit_closure rc WHERE rc.descendant_id = ${b}.unit_id AND rc.ancestor_id = ANY(${led}))
           OR EXISTS (SELECT 1 FROM briefing_reporters rr WHERE rr.briefing_id = ${b}.id
                        AND (rr.user_id = ${me} OR (rr.user_id IS NULL AND rr.unit_id = ANY(${led})))))`;
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
    const rows: { id: string; people: string[] }[] = await em.query(
      `SELECT r.id,
              CASE WHEN r.user_id IS NOT NULL THEN ARRAY[r.user_id]
                   ELSE ARRAY(SELECT DISTINCT p.user_id FROM positions p JOIN users u ON u.id = p.user_id AND u.disabled_at IS NULL
                               WHERE p.unit_id = r.unit_id AND p.role IN (${LEADING_ROLES_SQL})) END AS people
         FROM briefing_reporters r
        WHERE r.briefing_id = $1 AND ($2::uuid[] IS NULL OR r.id = ANY($2::uuid[]))`,
      [briefingId, reporterIds ?? null],
    );
    return new Map(rows.map((r) => [r.id, r.people]));
  }

  /** The leaders and deputies of a unit, with enabled accounts. */
  async unitLeaders(em: EntityManager, unitId: string): Promise<string[]> {
    const rows: { userId: string }[] = await em.query(
      `SELECT DISTINCT p.user_id AS "userId" FROM positions p JOIN users u ON u.id = p.user_id AND u.disabled_at IS NULL
        WHERE p.unit_id = $1 AND p.role IN (${LEADING_ROLES_SQL})`,
      [unitId],
    );
    return rows.map((r) => r.userId);
  }
}
