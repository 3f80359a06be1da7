import { Injectable, OnModuleInit } from '@nestjs/common';
import type { Actor, Principal } from '@lt/access';
import { rooms, SocketHandlers } from '@lt/realtime';
import { DirectiveFollowUp } from './directive-follow-up';
import { DirectiveReceipts } from './directive-receipts';

/** The directive events clients send over the socket, handed to the same services as REST. */
@Injectable()
export class DirectiveSocketHandlers implements OnModuleInit {
  constructor(
    private readonly handlers: SocketHandlers,
    private readonly receipts: DirectiveReceipts,
    private readonly followUp: DirectiveFollowUp,
  ) {}

  onModuleInit(): void {
    const actor = (principal: Principal): Actor => ({ principal });
    this.handlers.register('directive.delivered', {
      handle: async (context, request) => {
        const views = await this.receipts.record(actor(context.principal), 'delivered', request.directiveIds);
        return { updated: views.length };
      },
    });
    this.handlers.register('directive.read', {
      handle: async (context, request) =>
        (await this.receipts.record(actor(context.principal), 'read', [request.directiveId]))[0],
    });
    this.handlers.register('directive.acknowledge', {
      handle: async (context, request) =>
        (
          await this.receipts.record(
            actor(context.principal),
            'acknowledge',
            [request.directiveId],
            request.comment,
          )
        )[0],
    });
    this.handlers.register('directive.watch', {
      handle: async (context, request) => {
        const { counts, room } = await this.followUp.watch(context.principal, request.directiveId);
        context.join(room);
        return counts;
      },
    });
    this.handlers.register('directive.unwatch', {
      handle: (context, request) => {
        context.leave(rooms.directive(request.directiveId));
        return Promise.resolve({});
      },
    });
  }
}
