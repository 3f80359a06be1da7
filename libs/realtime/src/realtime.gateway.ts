import { Inject, Logger, OnModuleDestroy } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import {
  OnGatewayConnection,
  OnGatewayDisconnect,
  OnGatewayInit,
  WebSocketGateway,
} from '@nestjs/websockets';
import type { Principal } from '@lt/access';
import { AccessTokenPayload, AuthService } from '@lt/auth';
import { AppError, toErrorBody } from '@lt/common';
import { AppConfig } from '@lt/config';
import proxyaddr from 'proxy-addr';
import type { Server, Socket } from 'socket.io';
import {
  AppErrorPayload,
  ClientEventName,
  ClientRequests,
  ClientToServerEvents,
  rooms,
  ServerToClientEvents,
} from './contract';
import { REALTIME_CONTRACT, type RealtimeContract, requestSchemas } from './asyncapi';
import { FeedService } from './feed.service';
import { TokenBucket } from './rate-limiter';
import { RealtimeBroker } from './realtime-broker';
import { RealtimeRelay } from './realtime-relay';
import { SlowConsumers } from './slow-consumers';
import { SocketPayloads } from './socket-payloads';
import { SocketContext, SocketHandler, SocketHandlers } from './socket-handlers';

interface SocketData {
  principal: Principal;
  address: string;
  expiresAt: number;
  expiry: NodeJS.Timeout | null;
  bucket: TokenBucket;
  unitRooms: string[];
}

type LtSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
type LtServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

/** A refused client gets the same error shape as the REST API, minus the HTTP status. */
function errorPayload(error: unknown, event?: string): AppErrorPayload {
  const body = toErrorBody(error);
  const details = { ...(body.details ?? {}), ...(body.fields ? { fields: body.fields } : {}) };
  return {
    code: body.code,
    message: body.message,
    ...(event ? { event } : {}),
    ...(Object.keys(details).length > 0 ? { details } : {}),
  };
}

/**
 * The socket.io gateway. Guards and pipes do not run on connections, so it authenticates
 * in a handshake middleware (`auth.token`, never the query string), re-checks when the
 * token expires, rate-limits and validates every client event itself, and hands valid
 * ones to the handler their capability registered. It never writes state of its own and
 * never emits domain events: those come from the outbox through the relay.
 */
@WebSocketGateway()
export class RealtimeGateway
  implements
    OnGatewayInit<LtServer>,
    OnGatewayConnection<LtSocket>,
    OnGatewayDisconnect<LtSocket>,
    OnModuleDestroy
{
  private readonly logger = new Logger(RealtimeGateway.name);
  private readonly builtIn: Partial<Record<ClientEventName, SocketHandler>>;
  private readonly payloads: SocketPayloads;
  private readonly slowConsumers: SlowConsumers;
  /** Express's `trust proxy` rule, from the same setting: a socket's address is found as a request's. */
  private readonly trustProxy: ReturnType<typeof proxyaddr.compile>;

  constructor(
    private readonly jwt: JwtService,
    private readonly auth: AuthService,
    private readonly feed: FeedService,
    private readonly relay: RealtimeRelay,
    private readonly broker: RealtimeBroker,
    private readonly handlers: SocketHandlers,
    private readonly config: AppConfig,
    @Inject(REALTIME_CONTRACT) contract: RealtimeContract,
  ) {
    this.payloads = new SocketPayloads(requestSchemas(contract));
    this.slowConsumers = new SlowConsumers(config.SOCKET_MAX_QUEUED_BYTES);
    this.trustProxy = proxyaddr.compile(config.TRUST_PROXY);
    this.builtIn = {
      'feed.sync': {
        handle: (context, request: ClientRequests['feed.sync']['request']) =>
          this.feed.page(context.principal.userId, request.after, request.limit),
      } satisfies SocketHandler<'feed.sync'>,
    };
  }

  afterInit(server: LtServer): void {
    server.use((socket, next) => {
      this.authenticate(socket).then(
        () => next(),
        (error: unknown) => {
          const refusal = new Error(errorPayload(error).code) as Error & { data: AppErrorPayload };
          refusal.data = errorPayload(error);
          next(refusal);
        },
      );
    });
    this.relay.start({ server, flush: () => this.broker.flush() });
    this.slowConsumers.start(server);
  }

  onModuleDestroy(): void {
    this.slowConsumers.stop();
  }

  private async authenticate(socket: LtSocket): Promise<void> {
    const token: unknown = (socket.handshake.auth as Record<string, unknown> | undefined)?.token;
    if (typeof token !== 'string' || token === '') throw new AppError('auth/token_missing');
    const { principal, expiresAt } = await this.verify(token);
    socket.data = {
      principal,
      address: proxyaddr(socket.request, this.trustProxy),
      expiresAt,
      expiry: null,
      bucket: new TokenBucket(this.config.SOCKET_RATE_PER_SECOND, this.config.SOCKET_RATE_BURST, Date.now()),
      unitRooms: [],
    };
  }

  private async verify(token: string): Promise<{ principal: Principal; expiresAt: number }> {
    let payload: AccessTokenPayload & { exp: number };
    try {
      payload = await this.jwt.verifyAsync(token, { algorithms: ['HS256'] });
    } catch (error) {
      throw new AppError(
        (error as Error).name === 'TokenExpiredError' ? 'auth/token_expired' : 'auth/token_invalid',
      );
    }
    if (payload.typ !== 'access' || typeof payload.exp !== 'number') throw new AppError('auth/token_invalid');
    const principal = await this.auth.loadPrincipal(payload.sub, payload.sid);
    return { principal, expiresAt: payload.exp * 1000 };
  }

  async handleConnection(socket: LtSocket): Promise<void> {
    const { principal } = socket.data;
    // All client events are answered by one middleware and never reach per-event listeners:
    // nothing per socket to keep in memory. Registered first, so no early event is missed.
    socket.use((packet, _next) => void this.dispatch(socket, packet));
    await socket.join(rooms.user(principal.userId));
    await this.joinUnitRooms(socket);
    this.scheduleExpiry(socket);
    socket.emit('session.ready', {
      userId: principal.userId,
      tokenExpiresAt: new Date(socket.data.expiresAt).toISOString(),
      head: await this.feed.head(),
    });
  }

  handleDisconnect(socket: LtSocket): void {
    if (socket.data?.expiry) clearTimeout(socket.data.expiry);
  }

  private async joinUnitRooms(socket: LtSocket): Promise<void> {
    const next = [...new Set(socket.data.principal.positions.map((p) => rooms.unit(p.unitId)))];
    for (const room of socket.data.unitRooms) if (!next.includes(room)) await socket.leave(room);
    await socket.join(next);
    socket.data.unitRooms = next;
  }

  /** When the access token expires the socket must have presented a new one, or it is closed. */
  private scheduleExpiry(socket: LtSocket): void {
    if (socket.data.expiry) clearTimeout(socket.data.expiry);
    const delay = Math.max(0, socket.data.expiresAt - Date.now());
    socket.data.expiry = setTimeout(
      () => {
        socket.emit('app.error', errorPayload(new AppError('auth/token_expired')));
        socket.disconnect(true);
      },
      Math.min(delay, 2 ** 31 - 1),
    );
    socket.data.expiry.unref();
  }

  private async refresh(socket: LtSocket, token: string): Promise<{ tokenExpiresAt: string }> {
    const { principal, expiresAt } = await this.verify(token);
    if (principal.userId !== socket.data.principal.userId) throw new AppError('auth/token_invalid');
    socket.data.principal = principal;
    socket.data.expiresAt = expiresAt;
    // Positions may have changed since the socket connected.
    await this.joinUnitRooms(socket);
    this.scheduleExpiry(socket);
    return { tokenExpiresAt: new Date(expiresAt).toISOString() };
  }

  private async dispatch(socket: LtSocket, packet: unknown[]): Promise<void> {
    const [event, ...args] = packet as [string, ...unknown[]];
    const ack =
      typeof args[args.length - 1] === 'function' ? (args.pop() as (response: unknown) => void) : null;
    try {
      if (!socket.data.bucket.take(Date.now())) {
        // Keeps flooding after being told (more refusals within a second than the burst): close
        // it rather than keep answering.
        if (socket.data.bucket.refusedThisSecond > this.config.SOCKET_RATE_BURST) socket.disconnect(true);
        throw new AppError('realtime/rate_limited');
      }
      const result = await this.answer(socket, event, args[0]);
      ack?.({ ok: true, data: result });
    } catch (error) {
      const payload = errorPayload(error, typeof event === 'string' ? event.slice(0, 64) : undefined);
      if (payload.code === 'internal/error') this.logger.error({ err: error, event }, 'socket event failed');
      if (socket.connected) socket.emit('app.error', payload);
      ack?.({ ok: false, error: payload });
    }
  }

  private async answer(socket: LtSocket, event: string, payload: unknown): Promise<unknown> {
    if (!this.payloads.has(event)) throw new AppError('realtime/unknown_event');
    if (event === 'auth.refresh') return this.refresh(socket, this.payloads.check(event, payload).token);
    const handler = this.builtIn[event] ?? this.handlers.get(event);
    if (!handler) throw new AppError('realtime/unknown_event');
    const request = this.payloads.check(event, payload);
    const context: SocketContext = {
      principal: socket.data.principal,
      socketId: socket.id,
      address: socket.data.address,
      join: (room) => void socket.join(room),
      leave: (room) => void socket.leave(room),
    };
    return handler.handle(context, request);
  }
}
