import { io } from 'socket.io-client';
import type { FeedEnvelope, DirectiveProgressEvent } from './contract';
import { FeedClient, LtClientSocket } from '@lt/realtime/client/feed-client';
import { DeliveryReceipts } from '@lt/realtime/client/delivery-receipts';
import { onTokens, refreshTokens, storedTokens } from './api';

type Listener = (envelope: FeedEnvelope) => void;
type Status = 'online' | 'offline';

const CURSOR_KEY = 'lt.cursor';
const REFRESH_AHEAD_MS = 60_000;
/** Never sooner than this: a failed refresh is tried again at this pace at most. */
const REFRESH_MIN_MS = 10_000;
const RETRY_MAX_MS = 30_000;

/**
 * The one socket of the app: authenticated in the handshake, re-authenticated when the token
 * is refreshed, and caught up from its cursor (kept in sessionStorage) after every reconnect —
 * a laptop waking up, the network coming back — so each feed event reaches the screens once.
 */
class Live {
  private socket: LtClientSocket | null = null;
  private feed: FeedClient | null = null;
  private receipts: DeliveryReceipts | null = null;
  private readonly listeners = new Set<Listener>();
  private readonly statusListeners = new Set<(s: Status) => void>();
  private readonly progressListeners = new Set<(e: DirectiveProgressEvent) => void>();
  private refreshTimer: ReturnType<typeof setTimeout> | null = null;
  /** Handshakes refused in a row, for the pause before the next attempt. */
  private refusals = 0;
  status: Status = 'offline';

  start(): void {
    const tokens = storedTokens();
    if (!tokens || this.socket) return;
    const socket: LtClientSocket = io({
      transports: ['websocket'],
      auth: (cb) => cb({ token: storedTokens()?.accessToken }),
    });
    this.socket = socket;
    this.receipts = new DeliveryReceipts(socket);
    window.addEventListener('online', this.wake);
    document.addEventListener('visibilitychange', this.wake);
    socket.on('connect', () => {
      this.refusals = 0;
      this.setStatus('online');
    });
    socket.on('disconnect', () => this.setStatus('offline'));
    socket.on('connect_error', (error: Error & { data?: { code?: string } }) => {
      this.setStatus('offline');
      // Refused by the server, socket.io does not try again by itself. An expired token (after
      // sleep, say) is refreshed first; any refusal is retried after a growing pause, so a
      // server that keeps refusing is not hammered. Network errors retry on their own.
      if (socket.active) return;
      const delay = Math.min(RETRY_MAX_MS, 1000 * 2 ** this.refusals++);
      const retry = () => setTimeout(() => this.socket === socket && socket.connect(), delay);
      // A refresh that failed for the network's sake keeps the session: try again all the same.
      if (error.data?.code === 'auth/token_expired')
        void refreshTokens().then(() => storedTokens() && retry());
      else retry();
    });
    socket.on('app.error', (error) => {
      if (error.code === 'auth/token_expired')
        void refreshTokens().then(() => storedTokens() && socket.connect());
    });
    socket.on('session.ready', () => this.scheduleRefresh());
    socket.on('directive.progress', (event) => this.progressListeners.forEach((l) => l(event)));
    const cursor = Number(sessionStorage.getItem(CURSOR_KEY) ?? '0');
    this.feed = new FeedClient(
      socket,
      (envelope) => {
        sessionStorage.setItem(CURSOR_KEY, String(envelope.seq));
        if (envelope.name === 'directive.issued') this.receipts?.add(envelope.payload.id);
        this.listeners.forEach((l) => l(envelope));
      },
      cursor,
    );
  }

  /**
   * Back from sleep or from a network loss: reconnect now rather than at socket.io's next
   * back-off step, and catch up at once if the socket survived.
   */
  private readonly wake = () => {
    if (document.visibilityState === 'hidden' || !this.socket) return;
    // While socket.io waits out a back-off step, connect() alone would wait with it.
    if (!this.socket.connected) this.socket.disconnect().connect();
    else void this.feed?.sync();
  };

  stop(): void {
    this.socket?.disconnect();
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    this.socket = null;
    this.feed = null;
    window.removeEventListener('online', this.wake);
    document.removeEventListener('visibilitychange', this.wake);
    sessionStorage.removeItem(CURSOR_KEY);
    this.setStatus('offline');
  }

  /** Tells the server about a refreshed token so the socket is not closed at expiry. */
  refreshed(token: string): void {
    this.scheduleRefresh();
    if (this.socket?.connected) this.socket.emit('auth.refresh', { token }, () => undefined);
  }

  /**
   * Refreshes the access token a minute before it expires, so the socket is never dropped.
   * Timed from when this browser received the token and its lifetime, both by this browser's
   * clock: a clock that disagrees with the server's cannot make it refresh in a loop.
   */
  private scheduleRefresh(): void {
    const tokens = storedTokens();
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    if (!tokens || !this.socket) return;
    const due = (tokens.receivedAt ?? Date.now()) + tokens.expiresIn * 1000 - REFRESH_AHEAD_MS;
    this.refreshTimer = setTimeout(
      () => void refreshTokens().then((ok) => !ok && this.scheduleRefresh()),
      Math.max(REFRESH_MIN_MS, due - Date.now()),
    );
  }

  onEvent(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  onStatus(listener: (s: Status) => void): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  /** Live acknowledgement counts of a directive the leader follows. */
  watch(directiveId: string, listener: (e: DirectiveProgressEvent) => void): () => void {
    let active = true;
    let events = 0;
    const filtered = (e: DirectiveProgressEvent) => {
      if (e.directiveId !== directiveId) return;
      events += 1;
      listener(e);
    };
    this.progressListeners.add(filtered);
    // (Re)subscribing answers the current counts: after a reconnect they catch up at once —
    // unless a newer progress event overtook the answer, or the watch has ended meanwhile.
    const subscribe = () => {
      const before = events;
      this.socket?.emit('directive.watch', { directiveId }, (answer) => {
        if (answer.ok && active && events === before)
          filtered({ directiveId, counts: answer.data, changes: [] });
      });
    };
    subscribe();
    this.socket?.on('connect', subscribe);
    return () => {
      active = false;
      this.progressListeners.delete(filtered);
      this.socket?.off('connect', subscribe);
      this.socket?.emit('directive.unwatch', { directiveId }, () => undefined);
    };
  }

  private setStatus(status: Status): void {
    this.status = status;
    this.statusListeners.forEach((l) => l(status));
  }
}

export const live = new Live();

onTokens((tokens) => {
  if (!tokens) live.stop();
  else live.refreshed(tokens.accessToken);
});
