import { io } from 'socket.io-client';
import type { FeedEnvelope, DirectiveProgressEvent } from '@lt/realtime/contract';
import { FeedClient, LtClientSocket } from '@lt/realtime/client/feed-client';
import { DeliveryReceipts } from '@lt/realtime/client/delivery-receipts';
import { onTokens, refreshTokens, storedTokens } from './api';

type Listener = (envelope: FeedEnvelope) => void;
type Status = 'online' | 'offline';

const CURSOR_KEY = 'lt.cursor';

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
    socket.on('connect', () => this.setStatus('online'));
    socket.on('disconnect', () => this.setStatus('offline'));
    socket.on('connect_error', (error: Error & { data?: { code?: string } }) => {
      this.setStatus('offline');
      // An expired token in the handshake: refresh, and the next attempt uses the new one.
      if (error.data?.code === 'auth/token_expired') void refreshTokens();
    });
    socket.on('app.error', (error) => {
      if (error.code === 'auth/token_expired') void refreshTokens().then(() => socket.connect());
    });
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

  stop(): void {
    this.socket?.disconnect();
    this.socket = null;
    this.feed = null;
    sessionStorage.removeItem(CURSOR_KEY);
    this.setStatus('offline');
  }

  /** Tells the server about a refreshed token so the socket is not closed at expiry. */
  refreshed(token: string): void {
    if (this.socket?.connected) this.socket.emit('auth.refresh', { token }, () => undefined);
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
    const subscribe = () => this.socket?.emit('directive.watch', { directiveId }, () => undefined);
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
