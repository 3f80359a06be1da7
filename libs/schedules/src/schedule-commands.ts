import { Injectable } from '@nestjs/common';
import { Actor, actingWith, LEADING_ROLES } from '@lt/access';
import { BriefingAccess, weekLabel } from '@lt/briefings';
import { CommandRunner, CommandContext } from '@lt/commands';
import { AppError } from '@lt/common';
import { requireVersion } from '@lt/database';
import { OrgTreeService } from '@lt/org';
import { PeopleService } from '@lt/people';
import { EntityManager } from 'typeorm';
import { ScheduleAccess } from './schedule-access';
import { CreateScheduleDto, SaveScheduleEntriesDto, ScheduleEntryDto } from './schedule.dto';
import type { WorkScheduleChange, WorkScheduleSummary } from './schedule-events';
import { ScheduleViews, WorkScheduleView } from './schedule-views';
import { parseScheduleWeek } from './schedule-week';
import { WorkScheduleEntity, WorkScheduleEntryEntity } from './work-schedule.entity';

/** An entry's fields as compared to tell whether a published engagement changed. */
const entryKey = (e: {
  startsAt: Date;
  endsAt: Date | null;
  place: string;
  content: string;
  leaderIds: string[];
  participants: string;
  preparer: string;
  briefingId: string | null;
}) =>
  JSON.stringify([
    e.startsAt.getTime(),
    e.endsAt?.getTime() ?? null,
    e.place,
    e.content,
    [...e.leaderIds].sort(),
    e.participants,
    e.preparer,
    e.briefingId,
  ]);

/**
 * The work schedule's changes, each one command (audit entry and events in its transaction):
 * the office opens a week's draft, edits its engagements, the head publishes it; edits after
 * publishing mark what changed and tell those concerned.
 */
@Injectable()
export class ScheduleCommands {
  constructor(
    private readonly commands: CommandRunner,
    private readonly access: ScheduleAccess,
    private readonly tree: OrgTreeService,
    private readonly people: PeopleService,
    private readonly briefings: BriefingAccess,
    private readonly views: ScheduleViews,
  ) {}

  /** A week's draft for a unit; one per unit and week. */
  async create(actor: Actor, dto: CreateScheduleDto): Promise<WorkScheduleView> {
    const week = parseScheduleWeek(dto.week);
    const id = await this.commands.run({
      name: 'schedule.create',
      actor,
      uniqueViolations: {
        work_schedules_unit_week_key: new AppError('schedule/week_taken', { week: dto.week }),
      },
      run: async ({ em, audit }) => {
        const unit = await this.tree.requireUnit(dto.unitId, em);
        if (!(await this.access.mayDraft(actor.principal, unit.id, em)))
          throw new AppError('access/forbidden', { permission: 'schedule.draft', unitId: unit.id });
        if (!unit.active) throw new AppError('org/unit_inactive', { unitId: unit.id });
        const saved = await em.getRepository(WorkScheduleEntity).save({
          unitId: unit.id,
          isoYear: week.year,
          isoWeek: week.week,
          state: 'draft',
          draftedBy: actor.principal.userId,
          publishedBy: null,
          publishedAt: null,
          revision: 0,
        });
        await audit({
          actor,
          actingUnitId: unit.id,
          action: 'schedule.create',
          subjectType: 'work_schedule',
          subjectId: saved.id,
          after: { week: dto.week },
        });
        return saved.id;
      },
    });
    return this.views.view(actor, id);
  }

  /**
   * Replaces the engagements. While a draft, simply; once published, an engagement changed is
   * marked changed, one left out is cancelled (kept), a new one marked added, the revision
   * goes up, and the attending leaders (before and after) and the unit's leaders are told.
   */
  async saveEntries(actor: Actor, id: string, dto: SaveScheduleEntriesDto, now = new Date()) {
    await this.commands.change('schedule.entries.save', actor, async (context) => {
      const { em } = context;
      const schedule = await this.access.requireReadable(actor.principal, id, em, true);
      if (!(await this.access.mayDraft(actor.principal, schedule.unitId, em)))
        throw new AppError('schedule/not_drafter', { scheduleId: id });
      requireVersion(schedule, dto.version);
      const week = parseScheduleWeek(weekLabel({ year: schedule.isoYear, week: schedule.isoWeek }));
      const entries = await this.checkedEntries(actor, em, schedule, dto.entries, week.start, week.end);
      const existing = await em.find(WorkScheduleEntryEntity, { where: { scheduleId: id } });
      const byId = new Map(existing.map((e) => [e.id, e]));
      for (const entry of dto.entries)
        if (entry.id && (!byId.has(entry.id) || byId.get(entry.id)!.cancelledAt))
          throw new AppError('schedule/entry_not_found', { scheduleId: id, entryId: entry.id });

      const published = schedule.state === 'published';
      const changes: { entry: WorkScheduleEntryEntity; change: WorkScheduleChange; before?: string[] }[] = [];
      const repository = em.getRepository(WorkScheduleEntryEntity);
      const kept = new Set<string>();
      for (const fields of entries) {
        const before = fields.id ? byId.get(fields.id) : undefined;
        if (before) kept.add(before.id);
        if (before && entryKey(before) === entryKey(fields)) continue;
        const saved = await repository.save({
          ...(before ?? {}),
          ...fields,
          scheduleId: id,
          changedAt: published ? now : null,
          cancelledAt: null,
        });
        if (published)
          changes.push({ entry: saved, change: before ? 'changed' : 'added', before: before?.leaderIds });
      }
      for (const gone of existing.filter((e) => !kept.has(e.id) && !e.cancelledAt)) {
        if (!published) {
          await repository.delete({ id: gone.id });
          continue;
        }
        gone.cancelledAt = now;
        changes.push({ entry: await repository.save(gone), change: 'cancelled' });
      }
      if (published && changes.length === 0) return; // nothing changed: no revision, no notice
      // The version goes up though only entries changed: the next editor's copy is stale.
      const saved = {
        ...schedule,
        revision: schedule.revision + (published ? 1 : 0),
        version: schedule.version + 1,
      };
      await em.query('UPDATE work_schedules SET revision = $2, version = $3 WHERE id = $1', [
        id,
        saved.revision,
        saved.version,
      ]);
      await context.audit({
        actor,
        actingUnitId: schedule.unitId,
        action: 'schedule.entries.save',
        subjectType: 'work_schedule',
        subjectId: id,
        after: { entries: entries.length, revision: saved.revision, changes: changes.length },
      });
      if (!published) return;
      const unitLeaders = (await this.people.holdersIn([schedule.unitId], LEADING_ROLES, em)).map(
        (h) => h.userId,
      );
      const concerned = new Set([
        ...unitLeaders,
        schedule.draftedBy,
        ...changes.flatMap((c) => [...c.entry.leaderIds, ...(c.before ?? [])]),
      ]);
      concerned.delete(actor.principal.userId);
      await context.emit({
        name: 'schedule.changed',
        audience: [...concerned],
        payload: {
          ...(await this.announced(context, actor, saved, now)),
          changes: changes.map((c) => ({
            entryId: c.entry.id,
            change: c.change,
            startsAt: c.entry.startsAt.toISOString(),
            content: c.entry.content,
          })),
        },
      });
    });
    return this.views.view(actor, id);
  }

  /** The head approves the draft: published to everyone in the unit and below. */
  async publish(actor: Actor, id: string, version: number, now = new Date()): Promise<WorkScheduleView> {
    await this.commands.change('schedule.publish', actor, async (context) => {
      const { em } = context;
      const schedule = await this.access.requireReadable(actor.principal, id, em, true);
      const position = this.access.publishingPosition(actor.principal, schedule.unitId);
      if (!position) throw new AppError('schedule/not_head', { scheduleId: id });
      requireVersion(schedule, version);
      if (schedule.state === 'published')
        throw new AppError('schedule/already_published', { scheduleId: id });
      const entries = await em.count(WorkScheduleEntryEntity, { where: { scheduleId: id } });
      if (entries === 0) throw new AppError('schedule/empty', { scheduleId: id });
      const saved = await em.getRepository(WorkScheduleEntity).save({
        ...schedule,
        state: 'published' as const,
        publishedAt: now,
        publishedBy: actor.principal.userId,
      });
      await context.audit({
        actor: actingWith(actor, position),
        actingUnitId: schedule.unitId,
        action: 'schedule.publish',
        subjectType: 'work_schedule',
        subjectId: id,
        before: { state: 'draft' },
        after: { state: 'published', entries },
      });
      const subtree = await this.tree.subtreeIds([schedule.unitId], em);
      const audience = [
        ...new Set((await this.people.holdersIn(subtree, null, em)).map((h) => h.userId)),
      ].filter((userId) => userId !== actor.principal.userId);
      await context.emit({
        name: 'schedule.published',
        audience,
        payload: { ...(await this.announced(context, actor, saved, now)), entries },
      });
    });
    return this.views.view(actor, id);
  }

  /** What both schedule events carry: the schedule as it is now, who acted and when. */
  private async announced(context: CommandContext, actor: Actor, schedule: WorkScheduleEntity, at: Date) {
    const summary: WorkScheduleSummary = await this.views.summary(schedule, context.em);
    return {
      schedule: summary,
      by: { id: actor.principal.userId, fullName: actor.principal.fullName },
      at: at.toISOString(),
    };
  }

  /**
   * The entries as stored: within the week, ending after they start, attended by leaders of
   * the unit, linked only to a briefing of the unit the actor may read.
   */
  private async checkedEntries(
    actor: Actor,
    em: EntityManager,
    schedule: WorkScheduleEntity,
    entries: ScheduleEntryDto[],
    start: Date,
    end: Date,
  ) {
    const leaders = new Set(
      (await this.people.holdersIn([schedule.unitId], LEADING_ROLES, em)).map((h) => h.userId),
    );
    const ids = entries.map((e) => e.id).filter(Boolean);
    if (new Set(ids).size !== ids.length)
      throw new AppError('schedule/entry_twice', { scheduleId: schedule.id });
    return Promise.all(
      entries.map(async (entry, index) => {
        const startsAt = new Date(entry.startsAt);
        const endsAt = entry.endsAt ? new Date(entry.endsAt) : null;
        if (startsAt < start || startsAt >= end)
          throw new AppError('schedule/entry_outside_week', { index, startsAt: entry.startsAt });
        if (endsAt && endsAt <= startsAt)
          throw new AppError('schedule/entry_ends_before_start', { index, endsAt: entry.endsAt });
        const outsider = entry.leaderIds.find((userId) => !leaders.has(userId));
        if (outsider) throw new AppError('schedule/attendee_not_leader', { index, userId: outsider });
        if (entry.briefingId) {
          const briefing = await this.briefings.requireReadable(actor, entry.briefingId, em);
          if (briefing.unitId !== schedule.unitId)
            throw new AppError('schedule/briefing_of_other_unit', { index, briefingId: entry.briefingId });
        }
        return {
          id: entry.id,
          startsAt,
          endsAt,
          place: entry.place.trim(),
          content: entry.content.trim(),
          leaderIds: entry.leaderIds,
          participants: (entry.participants ?? '').trim(),
          preparer: (entry.preparer ?? '').trim(),
          briefingId: entry.briefingId ?? null,
        };
      }),
    );
  }
}
