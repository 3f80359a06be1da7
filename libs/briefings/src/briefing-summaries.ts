import { Injectable } from '@nestjs/common';
import { OrgTreeService } from '@lt/org';
import { PeopleService } from '@lt/people';
import type { BriefingReporterRef, BriefingSummary } from './briefing-events';
import { EntityManager } from 'typeorm';
import { weekLabel } from './briefing-week';

/** A briefings row as a BriefingSummary needs it; its unit is named by libs/org. */
export interface SummaryRow {
  id: string;
  unitId: string;
  isoYear: number;
  isoWeek: number;
  title: string;
  meetingAt: Date;
  cutoffAt: Date;
  state: BriefingSummary['state'];
  conclusion: string | null;
}

/** The columns of a {@link SummaryRow}; `b` is briefings. */
export const BRIEFING_SUMMARY_COLUMNS = `b.id, b.unit_id AS "unitId", b.iso_year AS "isoYear",
  b.iso_week AS "isoWeek", b.title, b.meeting_at AS "meetingAt", b.cutoff_at AS "cutoffAt", b.state, b.conclusion`;

export function toBriefingSummary(row: SummaryRow, unitName: string): BriefingSummary {
  return {
    id: row.id,
    unit: { id: row.unitId, name: unitName },
    week: weekLabel({ year: row.isoYear, week: row.isoWeek }),
    title: row.title,
    meetingAt: new Date(row.meetingAt).toISOString(),
    cutoffAt: new Date(row.cutoffAt).toISOString(),
    state: row.state,
    conclusion: row.conclusion,
  };
}

/** Briefings and their reporters as events and lists name them, read in the caller's transaction. */
@Injectable()
export class BriefingSummaries {
  constructor(
    private readonly tree: OrgTreeService,
    private readonly people: PeopleService,
  ) {}

  /** A briefing's summary as events carry it. */
  async summary(em: EntityManager, id: string): Promise<BriefingSummary> {
    const [row]: SummaryRow[] = await em.query(
      `SELECT ${BRIEFING_SUMMARY_COLUMNS} FROM briefings b WHERE b.id = $1`,
      [id],
    );
    const [summary] = await this.summarise(em, [row]);
    return summary;
  }

  /** The summaries of `rows`, in their order, their units named in one call. */
  async summarise(em: EntityManager, rows: readonly SummaryRow[]): Promise<BriefingSummary[]> {
    const unitName = await this.unitNames(
      em,
      rows.map((r) => r.unitId),
    );
    return rows.map((r) => toBriefingSummary(r, unitName.get(r.unitId) ?? ''));
  }

  /** The names of `unitIds`, keyed by id. */
  async unitNames(em: EntityManager, unitIds: readonly string[]): Promise<Map<string, string>> {
    return new Map((await this.tree.units(unitIds, em)).map((u) => [u.id, u.name]));
  }

  /** Reporters as events name them, keyed by id, in their order. */
  async reporterRefs(em: EntityManager, briefingId: string): Promise<Map<string, BriefingReporterRef>> {
    const rows: { id: string; unitId: string; userId: string | null }[] = await em.query(
      `SELECT r.id, r.unit_id AS "unitId", r.user_id AS "userId"
         FROM briefing_reporters r WHERE r.briefing_id = $1 ORDER BY r.sort_order`,
      [briefingId],
    );
    const unitName = await this.unitNames(
      em,
      rows.map((r) => r.unitId),
    );
    const fullName = await this.people.namesOf(
      rows.flatMap((r) => (r.userId ? [r.userId] : [])),
      em,
    );
    return new Map(
      rows.map((r) => [
        r.id,
        {
          id: r.id,
          unit: { id: r.unitId, name: unitName.get(r.unitId) ?? '' },
          user: r.userId ? { id: r.userId, fullName: fullName.get(r.userId) ?? '' } : null,
        },
      ]),
    );
  }
}
