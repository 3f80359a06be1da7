import type { INestApplicationContext } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { AppConfig } from '@lt/config';
import type { IncomingMessage } from 'node:http';
import type { Server, ServerOptions } from 'socket.io';
import { RealtimeBroker } from './realtime-broker';

/**
 * Browsers must come from an allowed origin: the API's own (the web app it serves) or one
 * in CORS_ORIGINS. Clients that send no Origin (servers, scripts, native apps) are not
 * browsers and are judged by their token alone. CORS headers alone would not do: they do
 * not apply to WebSocket upgrades.
 */
export function originAllowed(request: IncomingMessage, allowed: string[]): boolean {
  const origin = request.headers.origin;
  if (!origin) return true;
  if (allowed.includes(origin)) return true;
  try {
    return new URL(origin).host === request.headers.host;
  } catch {
    return false;
  }
}

/** The socket.io server of the API: its limits, origin check and the adapter shared by instances (Redis or PostgreSQL). */
export class RealtimeIoAdapter extends IoAdapter {
  constructor(
    app: INestApplicationContext,
    private readonly config: AppConfig,
    private readonly broker: RealtimeBroker,
  ) {
    super(app);
  }

  override createIOServer(port: number, options?: ServerOptions): Server {
    const allowed = this.config.CORS_ORIGINS;
    const server = super.createIOServer(port, {
      ...options,
      path: '/socket.io',
      serveClient: false,
      maxHttpBufferSize: this.config.SOCKET_MAX_MESSAGE_BYTES,
      cors: { origin: allowed.length > 0 ? allowed : false },
      allowRequest: (
        request: IncomingMessage,
        callback: (error: string | null | undefined, success: boolean) => void,
      ) => callback(null, originAllowed(request, allowed)),
    }) as Server;
    const adapter = this.broker.adapter();
    if (adapter) server.adapter(adapter);
    return server;
  }
}
