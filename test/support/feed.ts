import type { FeedEnvelope } from '@lt/realtime';
import { waitFor } from './sockets';
import type { SignedIn, TestApp } from './test-app';

/** Waits until `who`'s feed (GET /feed) holds an event `name` matching `match`. */
export async function waitForFeedEvent(
  t: TestApp,
  who: SignedIn,
  name: string,
  match: (payload: Record<string, unknown>) => boolean = () => true,
): Promise<void> {
  await waitFor(
    async () =>
      (
        (await t.http().get('/feed?after=0&limit=500').set(who.auth).expect(200)).body as {
          events: FeedEnvelope[];
        }
      ).events.some((e) => e.name === name && match(e.payload)),
    5000,
    name,
  );
}
