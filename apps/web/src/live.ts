import { io } from 'socket.io-client';
import type { FeedEnvelope, DirectiveProgressEvent } from '@lt/realtime/contract';
import { FeedClient, LtClientSocket } from '@lt/realtime/client/feed-client';
import { DeliveryReceipts } from '@lt/realtime/client/delivery-receipts';
import { onTokens, refreshTokens, storedTokens } from './api';

type Listener = (envelope: FeedEnvelope) => void;
type Status = 'online' | 'offline';

const CURSOR_KEY = 'lt.cursor';
const REFRESH_AHEAD_MS = 60_000;

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
    socket.on('connect', () => this.setStatus('online'));
    socket.on('disconnect', () => this.setStatus('offline'));
    socket.on('connect_error', () => {
      this.setStatus('offline');
      // Refused by the server (an expired token after sleep, say): socket.io does not try
      // again by itself. Refresh, then reconnect; a network error retries on its own.
      if (!socket.active) void refreshTokens().then((ok) => ok && socket.connect());
    });
    socket.on('app.error', (error) => {
      if (error.code === 'auth/token_expired') void refreshTokens().then((ok) => ok && socket.connect());
    });
    socket.on('session.ready', (ready) => this.refreshBefore(ready.tokenExpiresAt));
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
    if (!this.socket.connected) this.socket.connect();
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
    if (!this.socket?.connected) return; // the next handshake carries the new token
    this.socket.emit('auth.refresh', { token }, (answer) => {
      if (answer.ok) this.refreshBefore(answer.data.tokenExpiresAt);
    });
  }

  /** Refreshes the access token a minute before it expires, so the socket is never dropped. */
  private refreshBefore(expiresAt: string): void {
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    const delay = Math.max(0, new Date(expiresAt).getTime() - Date.now() - REFRESH_AHEAD_MS);
    this.refreshTimer = setTimeout(() => void refreshTokens(), delay);
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
    const filtered = (e: DirectiveProgressEvent) => e.directiveId === directiveId && listener(e);
    this.progressListeners.add(filtered);
    // (Re)subscribing answers the current counts: after a reconnect they catch up at once.
    const subscribe = () =>
      this.socket?.emit('directive.watch', { directiveId }, (answer) => {
        if (answer.ok) filtered({ directiveId, counts: answer.data, changes: [] });
      });
    subscribe();
    this.socket?.on('connect', subscribe);
    return () => {
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
