import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AccessService, Actor } from '@lt/access';
import { CommandRunner } from '@lt/commands';
import { AppError } from '@lt/common';
import { OrgTreeService } from '@lt/org';
import { Between, DataSource, EntityManager } from 'typeorm';
import type { HolidaysDto, HolidaysViewDto } from './one-stop.dto';
import { PublicHolidayEntity } from './one-stop.entity';
import { vietnamDay } from './working-days';

/**
 * The public holidays of each year, entered as the Government announces them: deployment-wide,
 * so only the admin of a root unit replaces a year's list. Everyone reads them.
 */
@Injectable()
export class PublicHolidays {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly commands: CommandRunner,
    private readonly access: AccessService,
    private readonly tree: OrgTreeService,
  ) {}

  async year(year: number, em: EntityManager = this.dataSource.manager): Promise<HolidaysViewDto> {
    const rows = await em.find(PublicHolidayEntity, {
      where: { day: Between(`${year}-01-01`, `${year}-12-31`) },
      order: { day: 'ASC' },
    });
    return { year, days: rows.map((r) => ({ day: r.day, name: r.name })) };
  }

  /** The holidays between two days, and the years among them with none entered. */
  async between(
    em: EntityManager,
    from: string,
    to: string,
  ): Promise<{ days: Set<string>; yearsMissing: number[] }> {
    const rows: { day: string; year: number }[] = await em.query(
      `SELECT to_char(day, 'YYYY-MM-DD') AS day, extract(year FROM day)::int AS year
         FROM public_holidays WHERE day BETWEEN make_date($1, 1, 1) AND make_date($2, 12, 31)`,
      [Number(from.slice(0, 4)), Number(to.slice(0, 4))],
    );
    const entered = new Set(rows.map((r) => r.year));
    const yearsMissing: number[] = [];
    for (let y = Number(from.slice(0, 4)); y <= Number(to.slice(0, 4)); y++)
      if (!entered.has(y)) yearsMissing.push(y);
    return { days: new Set(rows.map((r) => r.day)), yearsMissing };
  }

  /** The holidays a plan starting at `from` can run into: a legal time of up to 365 working days ends within two years and a half. */
  async ahead(em: EntityManager, from: Date): Promise<Set<string>> {
    const day = vietnamDay(from);
    return (await this.between(em, day, `${Number(day.slice(0, 4)) + 2}-12-31`)).days;
  }

  /** Replaces a year's holidays with `dto.days`, audited. */
  replaceYear(actor: Actor, year: number, dto: HolidaysDto): Promise<HolidaysViewDto> {
    return this.commands.change('holidays.replace', actor, async ({ em, audit }) => {
      const roots = actor.principal.positions.map((p) => p.unitId);
      const rootUnits = (await this.tree.units(roots, em)).filter((u) => u.parentId === null);
      const grant = await this.firstGrant(
        actor,
        rootUnits.map((u) => u.id),
        em,
      );
      const seen = new Set<string>();
      for (const { day } of dto.days) {
        const parsed = new Date(`${day}T00:00:00Z`);
        if (
          !day.startsWith(`${year}-`) ||
          Number.isNaN(parsed.getTime()) ||
          parsed.toISOString().slice(0, 10) !== day ||
          seen.has(day)
        )
          throw new AppError('one_stop/holiday_outside_year', { year, day });
        seen.add(day);
      }
      const before = await this.year(year, em);
      await em.delete(PublicHolidayEntity, { day: Between(`${year}-01-01`, `${year}-12-31`) });
      if (dto.days.length > 0)
        await em.insert(
          PublicHolidayEntity,
          dto.days.map((d) => ({ day: d.day, name: d.name.trim(), enteredBy: actor.principal.userId })),
        );
      const after = await this.year(year, em);
      await audit({
        actor,
        actingUnitId: grant,
        action: 'holidays.replace',
        subjectType: 'holidays',
        subjectId: String(year),
        before: { year, days: before.days },
        after: { year, days: after.days },
      });
      return after;
    });
  }

  /** The root unit the person administers (holidays are the whole deployment's). */
  private async firstGrant(actor: Actor, rootIds: string[], em: EntityManager): Promise<string> {
    const grants = await this.access.grantsFor(actor.principal, 'unit.manage', rootIds, em);
    const first = [...grants.keys()][0];
    if (!first) throw new AppError('access/forbidden', { permission: 'unit.manage', scope: 'root unit' });
    return first;
  }
}
