import { LeadFigures, leadFigures } from '@lt/tasks';
import { EntityManager } from 'typeorm';
import type { SubjectType } from './ranking.entity';
import { monthBounds } from './ranking-month';
import { DeadlineBasis, Grade, gradeFor, onTimeRate, RankingRules } from './ranking-rules';

export interface SubjectFigures {
  subjectType: SubjectType;
  subjectId: string;
  /** The unit itself; for a person, the unit whose tasks they led that month (most of them). */
  unitId: string;
  onTime: number;
  late: number;
  /** Due later in the month and not submitted yet (only while the month runs). */
  pending: number;
  disciplineCases: number;
}

/**
 * The figures of one month for every unit and person that had something in it (docs/ranking.md),
 * from the tasks library's figures per lead (leadFigures): units count the tasks they lead (a
 * person of theirs leading or not) and the discipline cases of their lateness; people the tasks
 * they lead by name. A person's unit is the one they led the most items for that month (the
 * smallest id among equals, as PostgreSQL's mode() chose).
 */
export async function monthFigures(
  em: EntityManager,
  input: { since: Date; until: Date; basis: DeadlineBasis; asOf: Date },
): Promise<SubjectFigures[]> {
  const leads = await leadFigures(em, {
    since: input.since,
    until: input.until,
    deadline: input.basis,
    asOf: input.asOf,
  });
  const subjects = new Map<string, SubjectFigures & { unitItems: Map<string, number> }>();
  const add = (subjectType: SubjectType, subjectId: string, lead: LeadFigures) => {
    const key = `${subjectType}:${subjectId}`;
    const subject = subjects.get(key) ?? {
      subjectType,
      subjectId,
      unitId: lead.unitId,
      onTime: 0,
      late: 0,
      pending: 0,
      disciplineCases: 0,
      unitItems: new Map<string, number>(),
    };
    subject.onTime += lead.onTime;
    subject.late += lead.late;
    subject.pending += lead.pending;
    subject.disciplineCases += lead.disciplineCases;
    subject.unitItems.set(lead.unitId, (subject.unitItems.get(lead.unitId) ?? 0) + lead.items);
    subjects.set(key, subject);
  };
  for (const lead of leads) {
    add('unit', lead.unitId, lead);
    if (lead.userId !== null) add('user', lead.userId, lead);
  }
  return [...subjects.values()].map(({ unitItems, ...subject }) => ({
    ...subject,
    unitId: [...unitItems].reduce((best, next) =>
      next[1] > best[1] || (next[1] === best[1] && next[0] < best[0]) ? next : best,
    )[0],
  }));
}

export interface RankedFigures extends SubjectFigures {
  counted: number;
  onTimeRate: number | null;
  grade: Grade | null;
}

/** The month's figures graded with `rules`, judged at `asOf` (for a closed month: when it is stored). */
export async function rankMonth(
  em: EntityManager,
  month: string,
  rules: RankingRules,
  asOf: Date,
): Promise<RankedFigures[]> {
  const { since, until } = monthBounds(month);
  const figures = await monthFigures(em, { since, until, basis: rules.deadlineBasis, asOf });
  return figures.map((f) => {
    const counted = f.onTime + f.late;
    const all = { ...f, counted };
    return { ...all, onTimeRate: onTimeRate(all), grade: gradeFor(rules, all) };
  });
}
