import type { LeadFigures } from '@lt/tasks';
import type { EntityManager } from 'typeorm';
import { monthFigures } from './ranking-figures';

const A = '00000000-0000-4000-8000-00000000000a';
const B = '00000000-0000-4000-8000-00000000000b';
const C = '00000000-0000-4000-8000-00000000000c';
const P = '00000000-0000-4000-8000-0000000000f1';

/**
 * An entity manager whose query of the tasks answers the tasks library's figures per lead (their
 * discipline cases included); the lateness mechanism's count of cases then answers none more.
 */
const answering = (leads: LeadFigures[]) =>
  ({
    query: (sql: string) => Promise.resolve(sql.includes('FROM discipline_cases') ? [] : leads),
  }) as unknown as EntityManager;

const lead = (unitId: string, userId: string | null, figures: Partial<LeadFigures>): LeadFigures => ({
  unitId,
  userId,
  items: 0,
  onTime: 0,
  late: 0,
  pending: 0,
  disciplineCases: 0,
  ...figures,
});

const input = { since: new Date(0), until: new Date(1), basis: 'original' as const, asOf: new Date(1) };

describe('monthFigures', () => {
  it('sums a unit over its leads, by name or not, and a person over their units', async () => {
    const figures = await monthFigures(
      answering([
        lead(A, null, { items: 2, onTime: 1, late: 1 }),
        lead(A, P, { items: 3, onTime: 2, pending: 1 }),
        lead(B, P, { items: 1, late: 0, disciplineCases: 1 }),
      ]),
      input,
    );
    expect(figures).toEqual(
      expect.arrayContaining([
        { subjectType: 'unit', subjectId: A, unitId: A, onTime: 3, late: 1, pending: 1, disciplineCases: 0 },
        { subjectType: 'unit', subjectId: B, unitId: B, onTime: 0, late: 0, pending: 0, disciplineCases: 1 },
        // Three items led for A against one for B: the person is ranked in A.
        { subjectType: 'user', subjectId: P, unitId: A, onTime: 2, late: 0, pending: 1, disciplineCases: 1 },
      ]),
    );
    expect(figures).toHaveLength(3);
  });

  it("places a person leading as much for two units in the smaller id, as PostgreSQL's mode() did", async () => {
    const figures = await monthFigures(
      answering([lead(C, P, { items: 2, onTime: 2 }), lead(B, P, { items: 2, late: 2 })]),
      input,
    );
    expect(figures.find((f) => f.subjectType === 'user')?.unitId).toBe(B);
  });
});
