import { Injectable } from '@nestjs/common';
import { DEPUTY_ROLES, HEAD_ROLES } from '@lt/access';
import { CommandContext, CommandRunner } from '@lt/commands';
import { AppConfig } from '@lt/config';
import { OrgTreeService, UnitInTree } from '@lt/org';
import { PeopleService } from '@lt/people';
import { OutgoingEvent } from '@lt/realtime';
import { EntityManager, In } from 'typeorm';
import { EscalationEntity, EscalationStepEntity, EscalationStop } from './escalation.entity';

/** How many due escalations one transaction of the worker climbs. */
const CLIMB_BATCH = 100;

export interface EscalationOpening {
  subjectId: string;
  /** The unit whose lateness it is. */
  unitId: string;
  /** The first unit whose head is told. */
  startUnitId: string;
  /** When the first step is made: now (made at once, in the caller's transaction) or later. */
  firstAt: Date;
}

/** A step just made, for its source to word the notice. */
export interface EscalationStepMade {
  escalation: EscalationEntity;
  level: number;
  /** The unit told; null when nobody up to the top could be (then nobody is notified). */
  toldUnit: UnitInTree | null;
  toldRole: string | null;
  audience: string[];
  /** Who is still late, as the source said. */
  late: string[];
}

/**
 * What a library that escalates its items tells the ladder: which escalations are still late
 * (with the people whose lateness it is: they are never told of their own), and the notice of
 * each step. Both run in the ladder's transaction.
 */
export interface EscalationSource {
  readonly subjectType: string;
  stillLate(em: EntityManager, escalations: readonly EscalationEntity[]): Promise<Map<string, string[]>>;
  notices(em: EntityManager, steps: readonly EscalationStepMade[]): Promise<OutgoingEvent[]>;
}

/** A unit or a person as an escalation names them. */
export interface EscalationNamed {
  id: string;
  name: string;
}

/** One escalation as an item shows it: each step with the unit told, who, and when. */
export interface EscalationView {
  /** The unit whose lateness climbs. */
  unit: EscalationNamed;
  /** Steps made. */
  level: number;
  /** When the next step is due; null once stopped. */
  nextAt: string | null;
  stoppedAt: string | null;
  stopReason: EscalationStop | null;
  steps: {
    level: number;
    at: string;
    /** null: nobody up to the top could be told. */
    toldUnit: EscalationNamed | null;
    toldRole: string | null;
    told: EscalationNamed[];
    /** Units passed over on the way: nobody in post to tell. */
    passed: EscalationNamed[];
  }[];
}

/**
 * The one way a late item climbs the tree (docs/escalation.md): step by step, every
 * ESCALATION_STEP_HOURS, from the first unit's head to the head of each unit above, up to the
 * top; it stops once the item is handled (its source no longer calls it late) or the top has
 * been told. At each unit the head (leader) in post is told; with none in post, the deputies;
 * with neither (or only the late people themselves), the unit is passed over for the one
 * above — never nobody while anyone above is in post. Each step is recorded with who was
 * told, and its notice is queued in the same transaction; due escalations are claimed with
 * SKIP LOCKED, so two workers never make one step twice.
 */
@Injectable()
export class EscalationLadder {
  private readonly sources = new Map<string, EscalationSource>();

  constructor(
    private readonly commands: CommandRunner,
    private readonly config: AppConfig,
    private readonly tree: OrgTreeService,
    private readonly people: PeopleService,
  ) {}

  /** Called by each source's library once, at start. */
  register(source: EscalationSource): void {
    this.sources.set(source.subjectType, source);
  }

  /**
   * Opens escalations for items that have just become late (once per item, unit and start:
   * opening again changes nothing), in the caller's transaction; those whose first step is
   * due by `now` make it at once.
   */
  async open(
    context: CommandContext,
    subjectType: string,
    openings: readonly EscalationOpening[],
    now: Date,
  ): Promise<void> {
    if (openings.length === 0) return;
    const opened: EscalationEntity[] = await context.em.query(
      `INSERT INTO escalations (subject_type, subject_id, unit_id, start_unit_id, next_unit_id, next_at, opened_at)
       SELECT $1, o.subject_id, o.unit_id, o.start_unit_id, o.start_unit_id, o.first_at, $6
         FROM unnest($2::uuid[], $3::uuid[], $4::uuid[], $5::timestamptz[]) AS o(subject_id, unit_id, start_unit_id, first_at)
       ON CONFLICT (subject_type, subject_id, unit_id, start_unit_id) DO NOTHING
       RETURNING id, subject_type AS "subjectType", subject_id AS "subjectId", unit_id AS "unitId",
                 start_unit_id AS "startUnitId", level, next_unit_id AS "nextUnitId", next_at AS "nextAt"`,
      [
        subjectType,
        openings.map((o) => o.subjectId),
        openings.map((o) => o.unitId),
        openings.map((o) => o.startUnitId),
        openings.map((o) => o.firstAt),
        now,
      ],
    );
    await this.climbRows(
      context,
      opened.filter((e) => e.nextAt !== null && new Date(e.nextAt) <= now),
      now,
    );
  }

  /** Makes every step due by `now` (the worker's rule); returns how many steps were made. */
  async climb(now: Date, limit = CLIMB_BATCH): Promise<number> {
    let total = 0;
    for (;;) {
      const claimed = await this.commands.change('escalation.climb', null, async (context) => {
        const due = await context.em
          .createQueryBuilder(EscalationEntity, 'e')
          .where('e.stopped_at IS NULL AND e.next_at <= :now', { now })
          .orderBy('e.next_at')
          .limit(limit)
          .setLock('pessimistic_write')
          .setOnLocked('skip_locked')
          .getMany();
        await this.climbRows(context, due, now);
        return due.length;
      });
      total += claimed;
      if (claimed < limit) return total;
    }
  }

  /** The escalations of items, for their pages: per item, in the order they were opened. */
  async of(
    em: EntityManager,
    subjectType: string,
    subjectIds: readonly string[],
  ): Promise<Map<string, EscalationView[]>> {
    const result = new Map<string, EscalationView[]>();
    if (subjectIds.length === 0) return result;
    const escalations = await em.find(EscalationEntity, {
      where: { subjectType, subjectId: In([...subjectIds]) },
      order: { openedAt: 'ASC', id: 'ASC' },
    });
    if (escalations.length === 0) return result;
    const steps = await em.find(EscalationStepEntity, {
      where: { escalationId: In(escalations.map((e) => e.id)) },
      order: { level: 'ASC' },
    });
    const unitNames = await this.tree.namesOf(
      [
        ...escalations.map((e) => e.unitId),
        ...steps.flatMap((s) => [...(s.toldUnitId ? [s.toldUnitId] : []), ...s.passedUnitIds]),
      ],
      em,
    );
    const names = await this.people.namesOf(
      steps.flatMap((s) => s.toldUserIds),
      em,
    );
    const unit = (id: string) => ({ id, name: unitNames.get(id) ?? '' });
    for (const e of escalations) {
      const list = result.get(e.subjectId) ?? [];
      result.set(e.subjectId, list);
      list.push({
        unit: unit(e.unitId),
        level: e.level,
        nextAt: e.stoppedAt || !e.nextAt ? null : e.nextAt.toISOString(),
        stoppedAt: e.stoppedAt?.toISOString() ?? null,
        stopReason: e.stopReason,
        steps: steps
          .filter((s) => s.escalationId === e.id)
          .map((s) => ({
            level: s.level,
            at: s.at.toISOString(),
            toldUnit: s.toldUnitId ? unit(s.toldUnitId) : null,
            toldRole: s.toldRole,
            told: s.toldUserIds.map((id) => ({ id, name: names.get(id) ?? '' })),
            passed: s.passedUnitIds.map(unit),
          })),
      });
    }
    return result;
  }

  private async climbRows(context: CommandContext, due: readonly EscalationEntity[], now: Date) {
    const { em } = context;
    for (const [subjectType, rows] of groupBy(due, (e) => e.subjectType)) {
      const source = this.sources.get(subjectType);
      if (!source) throw new Error(`no escalation source registered for ${subjectType}`);
      const late = await source.stillLate(em, rows);
      const handled = rows.filter((e) => !late.has(e.id));
      if (handled.length > 0) await this.stop(em, handled, 'handled', now);
      const made: EscalationStepMade[] = [];
      for (const escalation of rows.filter((e) => late.has(e.id))) {
        const lateUsers = late.get(escalation.id)!;
        const found = await this.addressee(em, escalation.nextUnitId!, lateUsers);
        const level = escalation.level + 1;
        const nextUnitId = found.unit?.parentId ?? null;
        await em.insert(EscalationStepEntity, {
          escalationId: escalation.id,
          level,
          toldUnitId: found.unit?.id ?? null,
          toldRole: found.role,
          toldUserIds: found.audience,
          passedUnitIds: found.passed,
          at: now,
        });
        const top = nextUnitId === null;
        await em.update(
          EscalationEntity,
          { id: escalation.id },
          {
            level,
            nextUnitId,
            nextAt: top ? null : new Date(now.getTime() + this.config.ESCALATION_STEP_HOURS * 3_600_000),
            stoppedAt: top ? now : null,
            stopReason: top ? 'top' : null,
          },
        );
        made.push({
          escalation,
          level,
          toldUnit: found.unit,
          toldRole: found.role,
          audience: found.audience,
          late: lateUsers,
        });
      }
      if (made.length === 0) continue;
      await context.audit(
        ...made.map((s) => ({
          actor: null,
          actingUnitId: s.escalation.unitId,
          action: `${subjectType}.escalation_step`,
          subjectType,
          subjectId: s.escalation.subjectId,
          after: {
            level: s.level,
            unitId: s.escalation.unitId,
            toldUnitId: s.toldUnit?.id ?? null,
            toldRole: s.toldRole,
            told: s.audience.length,
          },
        })),
      );
      await context.emit(...(await source.notices(em, made)));
    }
  }

  /**
   * From `unitId` up: the first unit with a head in post who is not among the late (a late
   * head is passed over: the unit above hears of him), else its deputies; units with neither
   * are passed over.
   */
  private async addressee(em: EntityManager, unitId: string, late: readonly string[]) {
    const chain = (await this.tree.chainAbove(unitId, em)).reverse();
    const holders = await this.people.holdersIn(
      chain.map((u) => u.id),
      [...HEAD_ROLES, ...DEPUTY_ROLES],
      em,
    );
    const passed: string[] = [];
    for (const unit of chain) {
      const inUnit = holders.filter((h) => h.unitId === unit.id);
      const heads = inUnit.filter((h) => (HEAD_ROLES as readonly string[]).includes(h.role));
      const deputies = inUnit.filter((h) => (DEPUTY_ROLES as readonly string[]).includes(h.role));
      const notLate = (list: typeof inUnit) =>
        [...new Set(list.map((h) => h.userId))].filter((id) => !late.includes(id));
      if (heads.length > 0 && notLate(heads).length > 0)
        return { unit, role: HEAD_ROLES[0] as string, audience: notLate(heads), passed };
      if (heads.length === 0 && notLate(deputies).length > 0)
        return { unit, role: DEPUTY_ROLES[0] as string, audience: notLate(deputies), passed };
      passed.push(unit.id);
    }
    return { unit: null, role: null, audience: [] as string[], passed };
  }

  private async stop(
    em: EntityManager,
    rows: readonly EscalationEntity[],
    reason: EscalationStop,
    now: Date,
  ) {
    await em.update(
      EscalationEntity,
      { id: In(rows.map((e) => e.id)) },
      { stoppedAt: now, stopReason: reason, nextAt: null },
    );
  }
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return groups;
}
