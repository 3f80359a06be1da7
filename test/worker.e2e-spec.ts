import { NestFactory } from '@nestjs/core';
import { HeartbeatService } from '../apps/worker/src/heartbeat.service';
import { WorkerModule } from '../apps/worker/src/worker.module';
import { testEnv } from './support/test-app';

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
