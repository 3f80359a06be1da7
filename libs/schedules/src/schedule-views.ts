import { weekLabel } from '@lt/briefings';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Actor, LEADING_ROLES } from '@lt/access';
import { AppError } from '@lt/common';
import { OrgTreeService } from '@lt/org';
import { PeopleService } from '@lt/people';
import { DataSource, EntityManager, In } from 'typeorm';
import { ScheduleAccess } from './schedule-access';
import type { WorkScheduleSummary } from './schedule-events';
import { parseScheduleWeek } from './schedule-week';
import { WorkScheduleEntity, WorkScheduleEntryEntity } from './work-schedule.entity';

interface PersonRef {
  id: string;
  fullName: string;
}

export interface ScheduleEntryView {
  id: string;
  startsAt: string;
  endsAt: string | null;
  place: string;
  content: string;
  leaders: PersonRef[];
  participants: string;
  preparer: string;
  briefingId: string | null;
  changedAt: string | null;
  cancelledAt: string | null;
}

export interface WorkScheduleView extends WorkScheduleSummary {
  monday: string;
  draftedBy: PersonRef;
  publishedBy: PersonRef | null;
  version: number;
  entries: ScheduleEntryView[];
  mayEdit: boolean;
  mayPublish: boolean;
  attendable: PersonRef[];
}

/** An engagement of someone's calendar (iCalendar export). */
export interface CalendarEntry {
  id: string;
  unitName: string;
  startsAt: Date;
  endsAt: Date | null;
  place: string;
  content: string;
  participants: string;
  cancelled: boolean;
  revision: number;
}

/** Reading schedules: one, a week's for a reader, and a person's engagements for a calendar. */
@Injectable()
export class ScheduleViews {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: ScheduleAccess,
    private readonly tree: OrgTreeService,
    private readonly people: PeopleService,
  ) {}

  async summary(schedule: WorkScheduleEntity, em: EntityManager = this.dataSource.manager) {
    const names = await this.tree.namesOf([schedule.unitId], em);
    return this.summaryOf(schedule, names);
  }

  async view(actor: Actor, id: string): Promise<WorkScheduleView> {
    const schedule = await this.access.requireReadable(actor.principal, id);
    return (await this.views(actor, [schedule]))[0];
  }

  /**
   * The week's schedules the reader follows: of `unitId` (which they must follow), or of every
   * unit they hold a position in and every unit above those, the nearest first; drafts only
   * where they draft or publish.
   */
  async week(actor: Actor, label: string, unitId?: string): Promise<WorkScheduleView[]> {
    const week = parseScheduleWeek(label);
    let unitIds: string[];
    if (unitId) {
      if (!(await this.access.followsUnit(actor.principal, unitId)))
        throw new AppError('access/forbidden', { permission: 'schedule.read', unitId });
      unitIds = [unitId];
    } else {
      const chains = await Promise.all(
        [...new Set(actor.principal.positions.map((p) => p.unitId))].map((u) => this.tree.chainAbove(u)),
      );
      // Nearest first: each position's unit, then up its chain.
      unitIds = [...new Set(chains.flatMap((chain) => chain.map((u) => u.id).reverse()))];
    }
    const schedules = await this.dataSource.getRepository(WorkScheduleEntity).find({
      where: { unitId: In(unitIds), isoYear: week.year, isoWeek: week.week },
    });
    const readable: WorkScheduleEntity[] = [];
    for (const schedule of schedules)
      if (schedule.state === 'published' || (await this.access.mayRead(actor.principal, schedule)))
        readable.push(schedule);
    readable.sort((a, b) => unitIds.indexOf(a.unitId) - unitIds.indexOf(b.unitId));
    return this.views(actor, readable);
  }

  /** The published engagements `userId` attends from `from` to `to`, cancelled ones included. */
  async attendedBy(userId: string, from: Date, to: Date): Promise<CalendarEntry[]> {
    const entries = await this.dataSource
      .getRepository(WorkScheduleEntryEntity)
      .createQueryBuilder('e')
      .innerJoinAndSelect('e.schedule', 's')
      .where(':userId = ANY(e.leader_ids)', { userId })
      .andWhere("s.state = 'published'")
      .andWhere('e.starts_at >= :from AND e.starts_at < :to', { from, to })
      .orderBy('e.starts_at')
      .getMany();
    const names = await this.tree.namesOf([...new Set(entries.map((e) => e.schedule!.unitId))]);
    return entries.map((e) => ({
      id: e.id,
      unitName: names.get(e.schedule!.unitId) ?? '',
      startsAt: e.startsAt,
      endsAt: e.endsAt,
      place: e.place,
      content: e.content,
      participants: e.participants,
      cancelled: e.cancelledAt !== null,
      revision: e.schedule!.revision,
    }));
  }

  /** Whether the reader edits the unit's schedule, and then whom its engagements may name. */
  private async editing(actor: Actor, unitId: string) {
    if (!(await this.access.mayDraft(actor.principal, unitId))) return { mayEdit: false, attendable: [] };
    const holders = await this.people.holdersIn([unitId], LEADING_ROLES);
    const attendable = [
      ...new Map(holders.map((h) => [h.userId, { id: h.userId, fullName: h.fullName }])).values(),
    ];
    return { mayEdit: true, attendable };
  }

  private summaryOf(schedule: WorkScheduleEntity, names: Map<string, string>): WorkScheduleSummary {
    return {
      id: schedule.id,
      unit: { id: schedule.unitId, name: names.get(schedule.unitId) ?? '' },
      week: weekLabel({ year: schedule.isoYear, week: schedule.isoWeek }),
      state: schedule.state,
      revision: schedule.revision,
      publishedAt: schedule.publishedAt?.toISOString() ?? null,
    };
  }

  private async views(actor: Actor, schedules: WorkScheduleEntity[]): Promise<WorkScheduleView[]> {
    if (schedules.length === 0) return [];
    const entries = await this.dataSource.getRepository(WorkScheduleEntryEntity).find({
      where: { scheduleId: In(schedules.map((s) => s.id)) },
      order: { startsAt: 'ASC', id: 'ASC' },
    });
    const names = await this.tree.namesOf(schedules.map((s) => s.unitId));
    const personIds = new Set([
      ...schedules.flatMap((s) => [s.draftedBy, ...(s.publishedBy ? [s.publishedBy] : [])]),
      ...entries.flatMap((e) => e.leaderIds),
    ]);
    const people = new Map((await this.people.views([...personIds])).map((p) => [p.id, p]));
    const ref = (id: string): PersonRef => ({ id, fullName: people.get(id)?.fullName ?? '' });
    return Promise.all(
      schedules.map(async (schedule) => ({
        ...this.summaryOf(schedule, names),
        monday: parseScheduleWeek(weekLabel({ year: schedule.isoYear, week: schedule.isoWeek })).monday,
        draftedBy: ref(schedule.draftedBy),
        publishedBy: schedule.publishedBy ? ref(schedule.publishedBy) : null,
        version: schedule.version,
        entries: entries
          .filter((e) => e.scheduleId === schedule.id)
          .map((e) => ({
            id: e.id,
            startsAt: e.startsAt.toISOString(),
            endsAt: e.endsAt?.toISOString() ?? null,
            place: e.place,
            content: e.content,
            leaders: e.leaderIds.map(ref),
            participants: e.participants,
            preparer: e.preparer,
            briefingId: e.briefingId,
            changedAt: e.changedAt?.toISOString() ?? null,
            cancelledAt: e.cancelledAt?.toISOString() ?? null,
          })),
        mayPublish: schedule.state === 'draft' && this.access.mayPublish(actor.principal, schedule.unitId),
        ...(await this.editing(actor, schedule.unitId)),
      })),
    );
  }
}
