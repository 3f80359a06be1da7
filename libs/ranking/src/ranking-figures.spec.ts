import type { CitizenFileJudgement } from '@lt/one-stop';
import type { LeadFigures } from '@lt/tasks';
import type { EntityManager } from 'typeorm';
import { monthFigures } from './ranking-figures';

const A = '00000000-0000-4000-8000-00000000000a';
const B = '00000000-0000-4000-8000-00000000000b';
const C = '00000000-0000-4000-8000-00000000000c';
const P = '00000000-0000-4000-8000-0000000000f1';

/**
 * An entity manager whose query of the tasks answers the tasks library's figures per lead (their
 * discipline cases included); the lateness mechanism's count of cases answers `cases` (the
 * citizens' files' only: the tasks' are in the leads), and the one-stop library's judgement of
 * files `files`.
 */
const answering = (
  leads: LeadFigures[],
  files: CitizenFileJudgement[] = [],
  cases: { unitId: string; userId: string | null; cases: number }[] = [],
) =>
  ({
    query: (sql: string, params: unknown[]) =>
      Promise.resolve(
        sql.includes('FROM discipline_cases')
          ? params[0] === 'citizen_file'
            ? cases
            : []
          : sql.includes('FROM citizen_files')
            ? files
            : leads,
      ),
  }) as unknown as EntityManager;

const noFiles = { fileOnTime: 0, fileLate: 0, filePending: 0 };

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
        {
          subjectType: 'unit',
          subjectId: A,
          unitId: A,
          onTime: 3,
          late: 1,
          pending: 1,
          disciplineCases: 0,
          ...noFiles,
        },
        {
          subjectType: 'unit',
          subjectId: B,
          unitId: B,
          onTime: 0,
          late: 0,
          pending: 0,
          disciplineCases: 1,
          ...noFiles,
        },
        // Three items led for A against one for B: the person is ranked in A.
        {
          subjectType: 'user',
          subjectId: P,
          unitId: A,
          onTime: 2,
          late: 0,
          pending: 1,
          disciplineCases: 1,
          ...noFiles,
        },
      ]),
    );
    expect(figures).toHaveLength(3);
  });

  it('counts citizens’ files for the receiving unit, and their discipline cases for the late unit and head', async () => {
    const figures = await monthFigures(
      answering(
        [lead(A, P, { items: 1, onTime: 1 })],
        [
          { unitId: A, onTime: 4, late: 1, pending: 2 },
          { unitId: C, onTime: 0, late: 1, pending: 0 },
        ],
        [{ unitId: B, userId: P, cases: 1 }],
      ),
      input,
    );
    expect(figures).toEqual(
      expect.arrayContaining([
        {
          subjectType: 'unit',
          subjectId: A,
          unitId: A,
          onTime: 1,
          late: 0,
          pending: 0,
          disciplineCases: 0,
          fileOnTime: 4,
          fileLate: 1,
          filePending: 2,
        },
        {
          subjectType: 'unit',
          subjectId: B,
          unitId: B,
          onTime: 0,
          late: 0,
          pending: 0,
          disciplineCases: 1,
          ...noFiles,
        },
        {
          subjectType: 'unit',
          subjectId: C,
          unitId: C,
          onTime: 0,
          late: 0,
          pending: 0,
          disciplineCases: 0,
          ...noFiles,
          fileLate: 1,
        },
        // Files are handled by roles: a person gets the case, not the file counts.
        {
          subjectType: 'user',
          subjectId: P,
          unitId: A,
          onTime: 1,
          late: 0,
          pending: 0,
          disciplineCases: 1,
          ...noFiles,
        },
      ]),
    );
    expect(figures).toHaveLength(4);
  });

  it("places a person leading as much for two units in the smaller id, as PostgreSQL's mode() did", async () => {
    const figures = await monthFigures(
      answering([lead(C, P, { items: 2, onTime: 2 }), lead(B, P, { items: 2, late: 2 })]),
      input,
    );
    expect(figures.find((f) => f.subjectType === 'user')?.unitId).toBe(B);
  });
});
