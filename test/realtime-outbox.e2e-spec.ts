import {
  FeedEnvelope,
  FeedPayloads,
  FeedService,
  RELAY_QUERIES,
  RealtimeOutbox,
  RealtimeRelay,
} from '@lt/realtime';
import { connect, nextEvent, waitFor } from './support/sockets';
import { buildOrg, person, SignedIn, startTestApp, TestApp } from './support/test-app';

type Reminder = FeedPayloads['directive.reminder'];

/** A feed event carrying `marker` as its directive id. */
const reminder = (marker: string): Reminder => ({
  directiveId: marker,
  notation: '1/TB-TEST',
  subject: 'Nhắc xác nhận',
  ackDueAt: null,
  remindedBy: 'Người thử',
});

describe('outbox, relay and feed (integration)', () => {
  let t: TestApp;
  let someone: SignedIn;

  beforeAll(async () => {
    t = await startTestApp({ REALTIME_POLL_MS: '20' });
    const org = await buildOrg(t);
    someone = await person(t, [{ unit: org.w1, role: 'official' }]);
  });
  afterAll(() => t.close());

  it('loses nothing to transactions that commit out of order while a reader follows the cursor', async () => {
    const outbox = t.app.get(RealtimeOutbox);
    const feed = t.app.get(FeedService);
    const markers = Array.from({ length: 40 }, (_, i) => `m${i}`);
    let cursor = (await feed.page(someone.id, 0, 500)).head;
    // Each writer takes its outbox id early and commits after a random pause: ids and commit
    // order disagree, which is what a cursor over ids would lose events to.
    const writers = Promise.all(
      markers.map((marker) =>
        t.ds.transaction(async (em) => {
          await outbox.add(em, [
            { name: 'directive.reminder', payload: reminder(marker), audience: [someone.id] },
          ]);
          await em.query('SELECT pg_sleep($1)', [Math.random() * 0.2]);
        }),
      ),
    );
    const seen: FeedEnvelope[] = [];
    let done = false;
    void writers.then(() => (done = true));
    for (let idle = 0; idle < 20;) {
      const page = await feed.page(someone.id, cursor, 5);
      seen.push(...page.events);
      if (page.events.length > 0) cursor = page.events[page.events.length - 1].seq;
      idle = done && page.events.length === 0 ? idle + 1 : 0;
      await new Promise((r) => setTimeout(r, 10));
    }
    const got = seen.map((e) => (e.payload as Reminder).directiveId);
    expect([...got].sort()).toEqual([...markers].sort());
    expect(new Set(seen.map((e) => e.seq)).size).toBe(seen.length);
  });

  it('re-emits events a crashed relay sequenced but never published', async () => {
    const outbox = t.app.get(RealtimeOutbox);
    const relay = t.app.get(RealtimeRelay);
    await t.ds.transaction((em) =>
      outbox.add(em, [{ name: 'directive.reminder', payload: reminder('orphan'), audience: [someone.id] }]),
    );
    outbox.kick();
    await waitFor(async () => {
      const [row]: { published: boolean }[] = await t.ds.query(
        `SELECT published_at IS NOT NULL AS published FROM realtime_events WHERE payload->>'directiveId' = 'orphan'`,
      );
      return row.published;
    });
    const socket = await connect(t.url, someone.token);
    try {
      const again = nextEvent<FeedEnvelope>(
        socket,
        'feed.event',
        (e) => (e.payload as Reminder).directiveId === 'orphan',
      );
      // The crash: sequenced, but the emission and the mark never happened.
      await t.ds.query(
        `UPDATE realtime_events SET published_at = NULL WHERE payload->>'directiveId' = 'orphan'`,
      );
      relay.trigger();
      expect((await again).seq).toBeGreaterThan(0);
    } finally {
      socket.disconnect();
    }
  });

  it('finds work through indexes, whatever the size of the published feed it keeps', async () => {
    // The relay runs both searches on every cycle; a plan that scans the table costs more
    // with every event the feed keeps (23 ms at 300,000 rows before the partial index).
    const runner = t.ds.createQueryRunner();
    await runner.startTransaction();
    const explain = async (sql: string) => JSON.stringify(await runner.query(`EXPLAIN (FORMAT JSON) ${sql}`));
    let plans: string[];
    try {
      await runner.query(
        `INSERT INTO realtime_events (seq, name, payload, audience, durable, published_at)
         SELECT -i, 'directive.reminder', '{}', ARRAY[$1::uuid], true, now() FROM generate_series(1, 50000) i`,
        [someone.id],
      );
      await runner.query('ANALYZE realtime_events');
      plans = [await explain(RELAY_QUERIES.orphans), await explain(RELAY_QUERIES.claim)];
    } finally {
      await runner.rollbackTransaction(); // nothing of the 50,000 rows stays
      await runner.release();
    }
    for (const plan of plans) {
      expect(plan).not.toContain('Seq Scan');
      expect(plan).toMatch(/realtime_events_(unpublished|unsequenced)_idx/);
    }
  });

  it('refuses to write events outside a transaction', async () => {
    await expect(
      t.app
        .get(RealtimeOutbox)
        .add(t.ds.manager, [{ name: 'directive.reminder', payload: reminder('x'), audience: [someone.id] }]),
    ).rejects.toThrow(/inside the transaction/);
  });
});
