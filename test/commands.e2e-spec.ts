import type { Actor } from '@lt/access';
import { AppError } from '@lt/common';
import { CommandContext, CommandRunner, IdempotencyKeys } from '@lt/commands';
import { buildOrg, person, SignedIn, startTestApp, TestApp } from './support/test-app';

/**
 * The command runner (libs/commands) on the real database: Idempotency-Keys with one
 * fingerprint rule, nothing kept of a change that failed, two retries racing, and unique
 * violations named by the command turned into the catalogue's errors.
 */
describe('command runner (e2e)', () => {
  let t: TestApp;
  let runner: CommandRunner;
  let actor: Actor;
  let who: SignedIn;
  beforeAll(async () => {
    t = await startTestApp();
    runner = t.app.get(CommandRunner);
    const org = await buildOrg(t);
    who = await person(t, [{ unit: org.w1, role: 'official' }]);
    actor = {
      principal: { userId: who.id, fullName: 'Người thử', positions: [] } as unknown as Actor['principal'],
    };
  });
  afterAll(() => t.close());

  const auditCount = async (subjectId: string) =>
    Number(
      (await t.ds.query('SELECT count(*) AS n FROM audit_entries WHERE subject_id = $1', [subjectId]))[0].n,
    );
  /** A command that audits one entry about `subjectId` and answers a fresh value. */
  const command = (key: string | undefined, request: unknown, subjectId: string, runs: { n: number }) => ({
    name: 'test.command',
    actor,
    idempotency: { key, request, conflict: 'directive/idempotency_conflict' as const },
    run: async (context: CommandContext) => {
      runs.n++;
      await context.audit({
        actor,
        actingUnitId: null,
        action: 'test.command',
        subjectType: 'test',
        subjectId,
      });
      return { made: runs.n, at: new Date().toISOString() };
    },
  });

  it('answers a retry with the first answer and does the change once; another request under the key is refused', async () => {
    const subject = crypto.randomUUID();
    const runs = { n: 0 };
    const key = `cmd-${subject}`;
    const first = await runner.run(command(key, { a: 1, b: [2, 3] }, subject, runs));
    // The same request, its members in another order: the canonical JSON is the same.
    const again = await runner.run(command(key, { b: [2, 3], a: 1 }, subject, runs));
    expect(again).toEqual(first);
    expect(runs.n).toBe(1);
    expect(await auditCount(subject)).toBe(1);
    await expect(runner.run(command(key, { a: 2, b: [2, 3] }, subject, runs))).rejects.toMatchObject({
      code: 'directive/idempotency_conflict',
    });
    // The key is the actor's and the command's: another command may use it.
    const other = await runner.run({ ...command(key, { a: 2 }, subject, runs), name: 'test.other' });
    expect(other.made).toBe(2);
  });

  it('keeps nothing of a change that failed, its key included: the retry runs', async () => {
    const subject = crypto.randomUUID();
    const key = `cmd-${subject}`;
    const failing = command(key, { x: 1 }, subject, { n: 0 });
    await expect(
      runner.run({
        ...failing,
        run: async (context) => {
          await failing.run(context);
          throw new AppError('directive/no_recipients');
        },
      }),
    ).rejects.toMatchObject({ code: 'directive/no_recipients' });
    expect(await auditCount(subject)).toBe(0);
    const runs = { n: 0 };
    await runner.run(command(key, { x: 1 }, subject, runs));
    expect(runs.n).toBe(1);
    expect(await auditCount(subject)).toBe(1);
  });

  it('lets one of two racing retries make the change; the other waits and answers the same', async () => {
    const subject = crypto.randomUUID();
    const key = `cmd-${subject}`;
    const runs = { n: 0 };
    const slow = command(key, { y: 1 }, subject, runs);
    const answers = await Promise.all(
      [0, 1].map(() =>
        runner.run({
          ...slow,
          run: async (context) => {
            const answer = await slow.run(context);
            await context.em.query('SELECT pg_sleep(0.2)');
            return answer;
          },
        }),
      ),
    );
    expect(answers[0]).toEqual(answers[1]);
    expect(runs.n).toBe(1);
    expect(await auditCount(subject)).toBe(1);
  });

  it('turns the unique violations a command names into catalogue errors, and rethrows others', async () => {
    const twice = (constraint: string) =>
      runner.run({
        name: 'test.unique',
        actor,
        uniqueViolations: { t_unique_x: 'directive/number_taken' },
        run: async ({ em }) => {
          await em.query(`CREATE TEMP TABLE t_unique (x int CONSTRAINT ${constraint} UNIQUE) ON COMMIT DROP`);
          await em.query('INSERT INTO t_unique VALUES (1), (1)');
        },
      });
    await expect(twice('t_unique_x')).rejects.toMatchObject({ code: 'directive/number_taken' });
    await expect(twice('t_unique_y')).rejects.toMatchObject({ driverError: { constraint: 't_unique_y' } });
  });

  it('forgets keys older than the worker keeps them: a retry after that makes the change again', async () => {
    const subject = crypto.randomUUID();
    const key = `cmd-${subject}`;
    const runs = { n: 0 };
    await runner.run(command(key, { z: 1 }, subject, runs));
    await t.app.get(IdempotencyKeys).prune(new Date(Date.now() - 86_400_000)); // a day ago: kept
    await runner.run(command(key, { z: 1 }, subject, runs));
    expect(runs.n).toBe(1);
    expect(await t.app.get(IdempotencyKeys).prune(new Date(Date.now() + 1000))).toBeGreaterThan(0);
    await runner.run(command(key, { z: 1 }, subject, runs));
    expect(runs.n).toBe(2);
  });
});
