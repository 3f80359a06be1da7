import {
  DEFAULT_RANKING_RULES,
  gradeFor,
  normaliseRules,
  RankingRules,
  rulesProblems,
} from './ranking-rules';

const figures = (counted: number, late: number, disciplineCases = 0) => ({
  counted,
  onTime: counted - late,
  late,
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
      grades: [{ grade: 'excellent', maxLate: 0 }, { grade: 'done' }],
    };
    expect(gradeFor(rules, figures(100, 0))).toBe('excellent');
    expect(gradeFor(rules, figures(100, 1))).toBe('done');
  });

  it('accepts the default and refuses duplicates, a wrong order and a last line with conditions', () => {
    expect(rulesProblems(DEFAULT_RANKING_RULES)).toEqual([]);
    const problems = rulesProblems({
      deadlineBasis: 'original',
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
        grades: [{ grade: 'done', minOnTimeRate: 0.5, maxLate: undefined }, { grade: 'not_done' }],
      }),
    ).toEqual({
      deadlineBasis: 'extended',
      grades: [{ grade: 'done', minOnTimeRate: 0.5 }, { grade: 'not_done' }],
    });
  });
});
