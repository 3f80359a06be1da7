import { disciplineCasesOpened } from '@lt/lateness';
import { citizenFileJudgements } from '@lt/one-stop';
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
  /** Citizens' files the unit received whose appointment fell in the month (units only). */
  fileOnTime: number;
  fileLate: number;
  filePending: number;
  disciplineCases: number;
}

/**
 * The figures of one month for every unit and person that had something in it (docs/ranking.md),
 * from the tasks library's figures per lead (leadFigures): units count the tasks they lead (a
 * person of theirs leading or not) and the discipline cases of their lateness; people the tasks
 * they lead by name; units also count the citizens' files they received (citizenFileJudgements)
 * and both kinds' discipline cases. A person's unit is the one they led the most items for that month (the
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
      fileOnTime: 0,
      fileLate: 0,
      filePending: 0,
      disciplineCases: 0,
      unitItems: new Map<string, number>(),
    };
    subject.onTime += lead.onTime;
    subject.late += lead.late;
    subject.pending += lead.pending;
    subject.disciplineCases += lead.disciplineCases;
    subject.unitItems.set(lead.unitId, (subject.unitItems.get(lead.unitId) ?? 0) + lead.items);
    subjects.set(key, subject);
    return subject;
  };
  for (const lead of leads) {
    add('unit', lead.unitId, lead);
    if (lead.userId !== null) add('user', lead.userId, lead);
  }
  // The citizens' files, from the one-stop library: judged for the receiving unit, and their
  // discipline cases for the late unit and its head, as the tasks' are.
  const none = { items: 0, onTime: 0, late: 0, pending: 0, disciplineCases: 0 };
  for (const c of await disciplineCasesOpened(em, 'citizen_file', input.since, input.until)) {
    const lead = { ...none, unitId: c.unitId, userId: c.userId, items: c.cases, disciplineCases: c.cases };
    add('unit', c.unitId, lead);
    if (c.userId !== null) add('user', c.userId, lead);
  }
  for (const f of await citizenFileJudgements(em, input)) {
    const subject = add('unit', f.unitId, { ...none, unitId: f.unitId, userId: null });
    subject.fileOnTime += f.onTime;
    subject.fileLate += f.late;
    subject.filePending += f.pending;
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
    const all = { ...f, counted: f.onTime + f.late };
    return { ...all, onTimeRate: onTimeRate(all, rules.citizenFileWeight), grade: gradeFor(rules, all) };
  });
}
