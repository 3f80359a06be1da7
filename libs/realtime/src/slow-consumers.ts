import { Logger } from '@nestjs/common';

/**
 * What engine.io holds for one connection and does not declare: packets waiting for the
 * transport (`writeBuffer`, private in its types) and, on WebSocket, the `ws` socket whose
 * `bufferedAmount` is what the kernel has not taken yet. Read, never written.
 */
interface EngineConnection {
  writeBuffer?: { data?: unknown }[];
  transport: { name: string; socket?: { bufferedAmount?: number; terminate?: () => void } };
  close(discard?: boolean): void;
}

/** This instance's connections, as socket.io keeps them (whatever the event types). */
interface LocalSockets {
  sockets: { sockets: Map<string, { id: string; conn: unknown; data: unknown }> };
}

function sizeOf(data: unknown): number {
  if (typeof data === 'string') return Buffer.byteLength(data);
  if (data instanceof ArrayBuffer || ArrayBuffer.isView(data)) return data.byteLength;
  return 0;
}

/** Bytes the server holds for a connection that its client has not read. */
export function queuedBytes(connection: EngineConnection): number {
  const waiting = (connection.writeBuffer ?? []).reduce((sum, packet) => sum + sizeOf(packet.data), 0);
  const inSocket =
    connection.transport.name === 'websocket' ? connection.transport.socket?.bufferedAmount : 0;
  return waiting + (inSocket ?? 0);
}

/**
 * A client that stops reading (a frozen tab, a dead link the kernel has not noticed) would
 * otherwise have every event queued for it in the server's memory until the ping timeout,
 * ~45 s later. Once its queue passes the limit it is cut off at once: it misses nothing,
 * since on reconnect it syncs the durable feed from its cursor.
 */
export class SlowConsumers {
  private readonly logger = new Logger(SlowConsumers.name);
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly maxQueuedBytes: number,
    private readonly everyMs = 500,
  ) {}

  start(server: LocalSockets): void {
    this.stop();
    this.timer = setInterval(() => this.sweep(server), this.everyMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Cuts off this instance's connections whose queue is over the limit; returns how many. */
  sweep(server: LocalSockets): number {
    let cut = 0;
    for (const socket of server.sockets.sockets.values()) {
      const connection = socket.conn as EngineConnection;
      const queued = queuedBytes(connection);
      if (queued <= this.maxQueuedBytes) continue;
      cut++;
      this.logger.warn(
        {
          socketId: socket.id,
          userId: (socket.data as { principal?: { userId: string } }).principal?.userId,
          queued,
        },
        'slow consumer disconnected',
      );
      // A graceful close would queue its frame behind the unread data and keep it all for
      // ws's 30 s close timeout; terminate frees it now. Polling has no such socket.
      const ws = connection.transport.name === 'websocket' ? connection.transport.socket : undefined;
      if (ws?.terminate) ws.terminate();
      else connection.close(true);
    }
    return cut;
  }
}
