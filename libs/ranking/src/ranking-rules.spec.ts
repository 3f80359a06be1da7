import {
  DEFAULT_RANKING_RULES,
  gradeFor,
  normaliseRules,
  onTimeRate,
  RankingRules,
  rulesProblems,
  withDefaults,
} from './ranking-rules';

const figures = (counted: number, late: number, disciplineCases = 0) => ({
  counted,
  onTime: counted - late,
  late,
  fileOnTime: 0,
  fileLate: 0,
  disciplineCases,
});

describe('ranking rules', () => {
  it('grades with the default rules, first matching line wins', () => {
    const g = (counted: number, late: number, cases = 0) =>
      gradeFor(DEFAULT_RANKING_RULES, figures(counted, late, cases));
    expect(g(20, 1)).toBe('excellent'); // 95 % exactly
    expect(g(20, 1, 1)).toBe('good'); // a discipline case takes excellent away
    expect(g(20, 2)).toBe('good'); // 90 %
    expect(g(20, 3)).toBe('good'); // 85 % exactly
    expect(g(20, 4)).toBe('done'); // 80 %
    expect(g(20, 3, 2)).toBe('done'); // two cases: not good
    expect(g(10, 3)).toBe('done'); // 70 % exactly
    expect(g(10, 4)).toBe('not_done');
    expect(g(3, 1)).toBe('not_done'); // 66.7 %
  });

  it('gives no grade when nothing was due and no case was opened; a case alone is graded', () => {
    expect(gradeFor(DEFAULT_RANKING_RULES, figures(0, 0))).toBeNull();
    expect(gradeFor(DEFAULT_RANKING_RULES, figures(0, 0, 1))).toBe('good');
  });

  it('applies maxLate', () => {
    const rules: RankingRules = {
      deadlineBasis: 'original',
      citizenFileWeight: 1,
      grades: [{ grade: 'excellent', maxLate: 0 }, { grade: 'done' }],
    };
    expect(gradeFor(rules, figures(100, 0))).toBe('excellent');
    expect(gradeFor(rules, figures(100, 1))).toBe('done');
  });

  it('weighs citizens’ files beside tasks with the rules’ weight, and leaves them out at 0', () => {
    const month = { ...figures(10, 1), fileOnTime: 2, fileLate: 8 };
    const weight = (citizenFileWeight: number) => ({ ...DEFAULT_RANKING_RULES, citizenFileWeight });
    // Tasks alone: 90 % → good; a file as a task: 11 of 20 → not done; half a task: 10 of 15 → not done.
    expect(gradeFor(weight(0), month)).toBe('good');
    expect(onTimeRate(month, 0)).toBe(0.9);
    expect(onTimeRate(month, 1)).toBe(0.55);
    expect(onTimeRate(month, 0.5)).toBeCloseTo(10 / 15);
    expect(gradeFor(weight(1), month)).toBe('not_done');
    // Files alone grade a month with no task due; at weight 0 they leave it ungraded.
    const filesOnly = { ...figures(0, 0), fileOnTime: 19, fileLate: 1 };
    expect(gradeFor(weight(1), filesOnly)).toBe('excellent');
    expect(gradeFor(weight(0), filesOnly)).toBeNull();
    // A late file counts as `weight` late tasks for maxLate.
    const strict = {
      ...weight(2),
      grades: [{ grade: 'excellent' as const, maxLate: 1 }, { grade: 'done' as const }],
    };
    expect(gradeFor(strict, { ...figures(10, 0), fileOnTime: 5, fileLate: 1 })).toBe('done');
    expect(
      gradeFor({ ...strict, citizenFileWeight: 0.5 }, { ...figures(10, 0), fileOnTime: 5, fileLate: 1 }),
    ).toBe('excellent');
  });

  it('reads a rule set stored before the weight existed with the default weight', () => {
    const { citizenFileWeight: _w, ...old } = DEFAULT_RANKING_RULES;
    expect(withDefaults(old).citizenFileWeight).toBe(1);
    expect(withDefaults({ ...old, citizenFileWeight: 0 }).citizenFileWeight).toBe(0);
  });

  it('accepts the default and refuses duplicates, a wrong order and a last line with conditions', () => {
    expect(rulesProblems(DEFAULT_RANKING_RULES)).toEqual([]);
    const problems = rulesProblems({
      deadlineBasis: 'original',
      citizenFileWeight: 1,
      grades: [
        { grade: 'good', minOnTimeRate: 0.9 },
        { grade: 'excellent', minOnTimeRate: 0.95 },
        { grade: 'excellent', minOnTimeRate: 0.5 },
      ],
    });
    expect(problems.map((p) => p.field)).toEqual(['grades.1.grade', 'grades.2.grade', 'grades.2']);
    expect(problems.map((p) => p.message).join(' | ')).toMatch(
      /cannot follow good.*listed twice.*last grade must have no conditions/,
    );
  });

  it('stores only the conditions given', () => {
    expect(
      normaliseRules({
        deadlineBasis: 'extended',
        citizenFileWeight: 0.5,
        grades: [{ grade: 'done', minOnTimeRate: 0.5, maxLate: undefined }, { grade: 'not_done' }],
      }),
    ).toEqual({
      deadlineBasis: 'extended',
      citizenFileWeight: 0.5,
      grades: [{ grade: 'done', minOnTimeRate: 0.5 }, { grade: 'not_done' }],
    });
  });
});
