import { Injectable } from '@nestjs/common';
import type { Principal } from '@lt/access';
import type { ClientEventName, ClientRequests } from './contract';

/** What a handler may know and do about the socket that sent the event. */
export interface SocketContext {
  principal: Principal;
  socketId: string;
  /** The client's address, through TRUST_PROXY as for HTTP requests (posting limits, audit). */
  address: string;
  join(room: string): void;
  leave(room: string): void;
}

export interface SocketHandler<K extends ClientEventName = ClientEventName> {
  /** Called with a payload already checked against the contract's schema (asyncapi.ts). */
  handle(
    context: SocketContext,
    request: ClientRequests[K]['request'],
  ): Promise<ClientRequests[K]['response']>;
}

/**
 * Capabilities register the client events they answer here (directives its receipts, later
 * tasks and messaging theirs); the gateway authenticates, rate-limits and validates against the contract, then
 * dispatches. The gateway knows no capability and no capability knows sockets.
 */
@Injectable()
export class SocketHandlers {
  private readonly handlers = new Map<string, SocketHandler>();

  register<K extends ClientEventName>(name: K, handler: SocketHandler<K>): void {
    if (this.handlers.has(name)) throw new Error(`socket event ${name} registered twice`);
    this.handlers.set(name, handler);
  }

  get(name: string): SocketHandler | undefined {
    return this.handlers.get(name);
  }
}
