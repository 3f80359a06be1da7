import { Injectable, OnModuleInit } from '@nestjs/common';
import { PostingLimits } from '@lt/auth';
import { SocketHandlers } from '@lt/realtime';
import { ChatChannels } from './chat-channels';
import { PostMessage } from './post-message';

/** The chat events clients send over the socket, handed to the same services as REST. */
@Injectable()
export class ChatSocketHandlers implements OnModuleInit {
  constructor(
    private readonly handlers: SocketHandlers,
    private readonly posting: PostMessage,
    private readonly channels: ChatChannels,
    private readonly limits: PostingLimits,
  ) {}

  onModuleInit(): void {
    this.handlers.register('chat.send', {
      handle: async (context, request) => {
        // The same limit as POST /chat/channels/:id/messages: a message is a message.
        await this.limits.consume('chat_message', {
          userId: context.principal.userId,
          address: context.address,
        });
        return this.posting.execute(
          { principal: context.principal },
          request.channelId,
          { body: request.body, mentions: request.mentions, attachmentIds: request.attachmentIds },
          request.clientKey,
        );
      },
    });
    this.handlers.register('chat.mark_read', {
      handle: (context, request) =>
        this.channels.markRead({ principal: context.principal }, request.channelId, request.upTo),
    });
  }
}
