import { NestFactory } from '@nestjs/core';
import { FeedPruner } from '@lt/realtime';
import { HeartbeatService } from '../apps/worker/src/heartbeat.service';
import { WorkerModule } from '../apps/worker/src/worker.module';
import { buildOrg, person, postDirective, startTestApp, testEnv } from './support/test-app';

describe('worker', () => {
  it('starts, connects to the database, beats and stops cleanly', async () => {
    Object.assign(process.env, testEnv(), { WORKER_HEARTBEAT_SECONDS: '1' });
    const app = await NestFactory.createApplicationContext(WorkerModule, { logger: false });
    await app.init();
    const heartbeat = app.get(HeartbeatService);
    expect(heartbeat.heartbeats).toBe(1);
    await new Promise((r) => setTimeout(r, 1200));
    expect(heartbeat.heartbeats).toBeGreaterThanOrEqual(2);
    await app.close();
    const after = heartbeat.heartbeats;
    await new Promise((r) => setTimeout(r, 1200));
    expect(heartbeat.heartbeats).toBe(after);
  });
});

describe('worker timed rules', () => {
  it('prunes old feed events and tells a client whose cursor fell behind to reload', async () => {
    const t = await startTestApp({ REALTIME_POLL_MS: '50' });
    try {
      const org = await buildOrg(t);
      const leader = await person(t, [{ unit: org.d1, role: 'leader' }]);
      const official = await person(t, [{ unit: org.w1, role: 'official' }]);
      for (const subject of ['Thông báo cũ 1', 'Thông báo cũ 2']) {
        await postDirective(t, leader, {
          issuingUnitId: org.d1.id,
          subject,
          body: 'x',
          targets: [{ unitId: org.w1.id }],
        }).expect(201);
      }
      let page: { events: { seq: number }[] } = { events: [] };
      for (let i = 0; i < 100 && page.events.length < 2; i++) {
        page = (await t.http().get('/feed?after=0').set(official.auth).expect(200)).body as typeof page;
        await new Promise((r) => setTimeout(r, 20));
      }
      // The client saw the first notice, not the second, when both were pruned.
      const oldCursor = page.events[0].seq;
      // The worker's pruning rule, with a clock two months on. (Only that rule: the others,
      // run two months ahead over the database every test file shares, would take the whole
      // run's tasks and directives past their deadlines.)
      const worker = await NestFactory.createApplicationContext(WorkerModule, { logger: false });
      try {
        const pruned = await worker.get(FeedPruner).prune(new Date(Date.now() + 61 * 86_400_000));
        expect(pruned.durable).toBeGreaterThan(0);
      } finally {
        await worker.close();
      }
      const expired = await t.http().get(`/feed?after=${oldCursor}`).set(official.auth).expect(410);
      expect(expired.body.code).toBe('feed/cursor_expired');
    } finally {
      await t.close();
    }
  });
});
