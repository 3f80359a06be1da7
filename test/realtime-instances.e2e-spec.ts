import type { FeedEnvelope } from '@lt/realtime';
import { Client } from 'pg';
import { createClient } from 'redis';
import { ApiProcess, startApiProcess } from './support/api-process';
import { describeWith, REDIS_URL } from './support/machine';
import { connect, feedOf, nextEvent, request, waitFor } from './support/sockets';
import { buildOrg, Org, person, SignedIn, startTestApp, TestApp } from './support/test-app';

/**
 * Two API processes sharing live events, through each adapter a deployment can choose: the
 * socket.io PostgreSQL adapter on the database they already share (no REDIS_URL: any machine
 * with Node.js), and the socket.io Redis adapter on the machine's real Redis (REDIS_URL).
 * This process also runs an API (for building test data) joined to the same channel: three
 * instances.
 */
const ADAPTERS = {
  postgres: {
    env: {},
    features: [],
    /** Each instance holds one session that LISTENs on the deployment's channel. */
    listeners: async (prefix: string) => {
      const pg = new Client({ connectionString: process.env.LT_TEST_DATABASE_URL });
      await pg.connect();
      try {
        const { rows } = await pg.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'lien-thong-adapter' AND query = $1`,
          [`LISTEN "${prefix}#/"`],
        );
        return rows[0].n;
      } finally {
        await pg.end();
      }
    },
  },
  redis: {
    env: { REDIS_URL },
    features: ['redis' as const],
    /** The adapter subscribes each instance to its request channel (and a pattern for broadcasts). */
    listeners: async (prefix: string) => {
      const redis = createClient({ url: REDIS_URL });
      await redis.connect();
      try {
        const channel = `${prefix}-request#/#`;
        return (await redis.pubSubNumSub(channel))[channel];
      } finally {
        await redis.quit();
      }
    },
  },
};

describe.each(Object.entries(ADAPTERS))('several API instances over %s (e2e)', (adapterName, adapter) => {
  describeWith(adapter.features, `through the ${adapterName} adapter`, () => scenario(adapter));
});

function scenario(adapter: (typeof ADAPTERS)[keyof typeof ADAPTERS]): void {
  const env = {
    ...adapter.env,
    REALTIME_CHANNEL_PREFIX: `lt-test-${process.pid}-${Date.now()}`,
    REALTIME_POLL_MS: '100',
  };
  let t: TestApp;
  let a: ApiProcess;
  let b: ApiProcess;
  let org: Org;
  let leader: SignedIn;
  let official: SignedIn;
  const sockets: { disconnect(): unknown }[] = [];

  beforeAll(async () => {
    t = await startTestApp(env);
    [a, b] = await Promise.all([startApiProcess(env), startApiProcess(env)]);
    org = await buildOrg(t);
    leader = await person(t, [{ unit: org.d1, role: 'leader' }]);
    official = await person(t, [{ unit: org.w1, role: 'official' }]);
  }, 90_000);
  afterEach(() => sockets.splice(0).forEach((s) => s.disconnect()));
  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await t?.close();
  });

  const open = async (url: string, who: SignedIn) => {
    const socket = await connect(url, who.token);
    sockets.push(socket);
    return socket;
  };
  const issueThrough = async (url: string, subject: string) => {
    const response = await fetch(`${url}/directives`, {
      method: 'POST',
      headers: { ...leader.auth, 'content-type': 'application/json' },
      body: JSON.stringify({
        issuingUnitId: org.d1.id,
        type: 'CT',
        subject,
        body: 'Nội dung',
        urgency: 1,
        targets: [{ unitId: org.w1.id }],
      }),
    });
    expect(response.status).toBe(201);
    return (await response.json()) as { id: string };
  };

  it('delivers a directive issued through one instance to a socket on the other, and progress back', async () => {
    const onB = await open(b.url, official);
    const leaderOnA = await open(a.url, leader);
    const received = nextEvent<FeedEnvelope>(onB, 'feed.event', (e) => e.name === 'directive.issued');
    const issued = await issueThrough(a.url, 'Phát qua phiên bản A');
    expect((await received).payload).toMatchObject({ id: issued.id });

    expect((await request(leaderOnA, 'directive.watch', { directiveId: issued.id })).ok).toBe(true);
    const progress = nextEvent<{ counts: { acknowledged: number } }>(
      leaderOnA,
      'directive.progress',
      (p) => p.counts.acknowledged === 1,
    );
    expect((await request(onB, 'directive.acknowledge', { directiveId: issued.id })).ok).toBe(true);
    expect((await progress).counts.acknowledged).toBe(1);
  });

  it("delivers a unit channel's message posted through one instance to a member on the other", async () => {
    const colleague = await person(t, [{ unit: org.w1, role: 'official' }]);
    const list = await fetch(`${a.url}/chat/channels`, { headers: official.auth });
    const channel = ((await list.json()) as { id: string; unit: { id: string } | null }[]).find(
      (c) => c.unit?.id === org.w1.id,
    )!;
    const onB = await open(b.url, colleague);
    const received = nextEvent<FeedEnvelope>(onB, 'feed.event', (e) => e.name === 'chat.message');
    const onA = await open(a.url, official);
    const sent = await request(onA, 'chat.send', { channelId: channel.id, body: 'Gửi qua phiên bản A' });
    expect(sent.ok).toBe(true);
    expect((await received).payload).toMatchObject({
      channel: { id: channel.id },
      message: { body: 'Gửi qua phiên bản A', author: { id: official.id } },
    });
  });

  it('really goes through the adapter: every instance listens on the deployment channel', async () => {
    expect(await adapter.listeners(env.REALTIME_CHANNEL_PREFIX)).toBe(3);
  });

  it('lets a client move from one instance to the other and catch up without loss or duplicates', async () => {
    const onB = await open(b.url, official);
    const first = feedOf(onB);
    await first.client.sync();
    const cursor = first.client.cursor;
    onB.disconnect();
    const missed = [
      await issueThrough(a.url, 'Khi đang chuyển 1'),
      await issueThrough(b.url, 'Khi đang chuyển 2'),
    ];

    const onA = await open(a.url, official);
    const moved = feedOf(onA, cursor);
    const live = await issueThrough(b.url, 'Sau khi chuyển');
    await waitFor(
      () => moved.events.some((e) => (e.payload as { id?: string }).id === live.id),
      10_000,
      'the live directive',
    );
    const ids = moved.events
      .filter((e) => e.name === 'directive.issued')
      .map((e) => (e.payload as { id: string }).id);
    expect(ids).toEqual([...missed.map((m) => m.id), live.id]);
  });

  it('keeps delivering when one instance dies', async () => {
    const onA = await open(a.url, official);
    await b.stop('SIGKILL');
    const received = nextEvent<FeedEnvelope>(onA, 'feed.event', (e) => e.name === 'directive.issued');
    const issued = await issueThrough(a.url, 'Sau khi B dừng đột ngột');
    expect((await received).payload).toMatchObject({ id: issued.id });
  });
}
