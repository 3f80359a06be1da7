import type { FieldError } from '@lt/common';

/** The grades of Decree 90/2020/NĐ-CP (xếp loại chất lượng), best first. */
export const GRADES = ['excellent', 'good', 'done', 'not_done'] as const;
export type Grade = (typeof GRADES)[number];

export const GRADE_NAMES: Record<Grade, { vi: string; en: string }> = {
  excellent: { vi: 'Hoàn thành xuất sắc nhiệm vụ', en: 'Excellent' },
  good: { vi: 'Hoàn thành tốt nhiệm vụ', en: 'Good' },
  done: { vi: 'Hoàn thành nhiệm vụ', en: 'Done' },
  not_done: { vi: 'Không hoàn thành nhiệm vụ', en: 'Not done' },
};

/** The name shown when a month had nothing to grade (grade null). */
export const NO_GRADE_NAME = { vi: 'Không có nhiệm vụ đến hạn', en: 'Nothing was due' } as const;

/**
 * Which deadline a task is judged against: `original` — the signed one, so an approved
 * extension does not excuse lateness; `extended` — the one in force after extensions.
 */
export const DEADLINE_BASES = ['original', 'extended'] as const;
export type DeadlineBasis = (typeof DEADLINE_BASES)[number];

/** One line of the rules; a condition left out does not limit. */
export interface GradeRule {
  grade: Grade;
  /** 0..1; met as well when nothing was due (no rate). */
  minOnTimeRate?: number;
  maxLate?: number;
  maxDisciplineCases?: number;
}

export interface RankingRules {
  deadlineBasis: DeadlineBasis;
  /**
   * How much a citizen's file (hồ sơ một cửa) weighs beside a task, 0–10: 0 leaves the files
   * out, 1 counts a file as a task, 2 as two. Rule sets adopted before the weight existed read
   * as the default (withDefaults).
   */
  citizenFileWeight: number;
  /** Best first; the first line whose conditions all hold gives the grade. */
  grades: GradeRule[];
}

export const DEFAULT_CITIZEN_FILE_WEIGHT = 1;
export const MAX_CITIZEN_FILE_WEIGHT = 10;

export const DEFAULT_RANKING_RULES: RankingRules = {
  deadlineBasis: 'original',
  citizenFileWeight: DEFAULT_CITIZEN_FILE_WEIGHT,
  grades: [
    { grade: 'excellent', minOnTimeRate: 0.95, maxDisciplineCases: 0 },
    { grade: 'good', minOnTimeRate: 0.85, maxDisciplineCases: 1 },
    { grade: 'done', minOnTimeRate: 0.7 },
    { grade: 'not_done' },
  ],
};

export interface Figures {
  /** Tasks judged in the month: onTime + late. */
  counted: number;
  onTime: number;
  late: number;
  /** Citizens' files judged in the month (units only: a file's steps are handled by roles). */
  fileOnTime: number;
  fileLate: number;
  /** Of tasks and files alike. */
  disciplineCases: number;
}

/** The rules as read from a rule set, stored before the files' weight existed or after. */
export function withDefaults(
  rules: Omit<RankingRules, 'citizenFileWeight'> & { citizenFileWeight?: number },
) {
  return { ...rules, citizenFileWeight: rules.citizenFileWeight ?? DEFAULT_CITIZEN_FILE_WEIGHT };
}

/** Tasks and files as one count, each file weighing `weight` tasks. */
export function weighted(figures: Omit<Figures, 'counted' | 'disciplineCases'>, weight: number) {
  const onTime = figures.onTime + weight * figures.fileOnTime;
  const late = figures.late + weight * figures.fileLate;
  return { onTime, late, counted: onTime + late };
}

/** The share on time of tasks and files weighted; null when nothing weighing was due. */
export function onTimeRate(
  figures: Omit<Figures, 'counted' | 'disciplineCases'>,
  weight: number,
): number | null {
  const w = weighted(figures, weight);
  return w.counted === 0 ? null : w.onTime / w.counted;
}

/**
 * The grade of one unit or person for a month: null when nothing was due and no discipline
 * case was opened; otherwise the first line of the rules whose conditions hold (a month with
 * nothing due but a discipline case meets every on-time condition). Tasks and files count
 * together with the rules' weight: the rate is of both, and a late file counts as `weight`
 * late tasks.
 */
export function gradeFor(rules: RankingRules, figures: Figures): Grade | null {
  const w = weighted(figures, rules.citizenFileWeight);
  if (w.counted === 0 && figures.disciplineCases === 0) return null;
  const rate = onTimeRate(figures, rules.citizenFileWeight);
  const line = rules.grades.find(
    (g) =>
      (g.minOnTimeRate === undefined || rate === null || rate >= g.minOnTimeRate) &&
      (g.maxLate === undefined || w.late <= g.maxLate) &&
      (g.maxDisciplineCases === undefined || figures.disciplineCases <= g.maxDisciplineCases),
  );
  // Valid rules end with a line without conditions; the worst grade covers rules that do not.
  return line?.grade ?? 'not_done';
}

const CONDITIONS = ['minOnTimeRate', 'maxLate', 'maxDisciplineCases'] as const;

/**
 * What is wrong with rules that are well-formed field by field (the DTO checks types and
 * ranges): each grade once, best to worst, and a last line without conditions so that
 * everyone with something due gets a grade.
 */
export function rulesProblems(rules: RankingRules): FieldError[] {
  const problems: FieldError[] = [];
  const seen = new Set<Grade>();
  rules.grades.forEach((line, index) => {
    if (seen.has(line.grade))
      problems.push({ field: `grades.${index}.grade`, message: `grade ${line.grade} is listed twice` });
    seen.add(line.grade);
    const previous = rules.grades[index - 1];
    if (previous && GRADES.indexOf(previous.grade) > GRADES.indexOf(line.grade))
      problems.push({
        field: `grades.${index}.grade`,
        message: `grades go from the best to the worst (${GRADES.join(', ')}): ${line.grade} cannot follow ${previous.grade}`,
      });
  });
  const last = rules.grades[rules.grades.length - 1];
  if (last && CONDITIONS.some((c) => last[c] !== undefined))
    problems.push({
      field: `grades.${rules.grades.length - 1}`,
      message:
        'the last grade must have no conditions (minOnTimeRate, maxLate, maxDisciplineCases), so that everyone gets a grade',
    });
  return problems;
}

/** The rules as stored: only the conditions that were given, in a fixed key order. */
export function normaliseRules(rules: RankingRules): RankingRules {
  return {
    deadlineBasis: rules.deadlineBasis,
    citizenFileWeight: rules.citizenFileWeight,
    grades: rules.grades.map((line) => {
      const out: GradeRule = { grade: line.grade };
      for (const c of CONDITIONS) if (line[c] !== undefined && line[c] !== null) out[c] = line[c];
      return out;
    }),
  };
}
