import type { Ack, AppErrorPayload, ClientEventName, ClientRequests, FeedEnvelope } from '@lt/realtime';
import { FeedClient, LtClientSocket } from '../../libs/realtime/src/client/feed-client';
import { io, ManagerOptions, SocketOptions } from 'socket.io-client';

/** A real socket.io client over WebSocket to the API at `url`. Connected when the promise resolves. */
export async function connect(
  url: string,
  token: string | undefined,
  options: Partial<ManagerOptions & SocketOptions> = {},
): Promise<LtClientSocket> {
  const socket: LtClientSocket = io(url, {
    transports: ['websocket'],
    reconnection: false,
    auth: token === undefined ? {} : { token },
    forceNew: true,
    ...options,
  });
  if (options.autoConnect === false) return socket;
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', (error) => reject(error));
  });
  return socket;
}

/** The refusal of a handshake: connect_error's `data`. */
export async function refusal(
  url: string,
  token: string | undefined,
  options: Partial<ManagerOptions & SocketOptions> = {},
) {
  try {
    const socket = await connect(url, token, options);
    socket.disconnect();
    throw new Error('the handshake was accepted');
  } catch (error) {
    return error as Error & { data?: AppErrorPayload };
  }
}

export function request<K extends ClientEventName>(
  socket: LtClientSocket,
  name: K,
  payload: ClientRequests[K]['request'],
): Promise<Ack<ClientRequests[K]['response']>> {
  return new Promise((resolve, reject) => {
    (socket.timeout(10_000) as unknown as { emit: (...args: unknown[]) => void }).emit(
      name,
      payload,
      (error: Error | null, response: Ack<ClientRequests[K]['response']>) =>
        error ? reject(error) : resolve(response),
    );
  });
}

/** Waits for the next `name` event matching `accept`. */
export function nextEvent<T = unknown>(
  socket: LtClientSocket,
  name: string,
  accept: (data: T) => boolean = () => true,
  ms = 5000,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off(name as never, listener as never);
      reject(new Error(`no ${name} within ${ms} ms`));
    }, ms);
    const listener = (data: T) => {
      if (!accept(data)) return;
      clearTimeout(timer);
      socket.off(name as never, listener as never);
      resolve(data);
    };
    socket.on(name as never, listener as never);
  });
}

/** A FeedClient recording every event it applies. */
export function feedOf(socket: LtClientSocket, cursor = 0) {
  const events: FeedEnvelope[] = [];
  const client = new FeedClient(socket, (e) => events.push(e), cursor);
  return { client, events };
}

export async function waitFor(
  check: () => boolean | Promise<boolean>,
  ms = 5000,
  what = 'condition',
): Promise<void> {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
