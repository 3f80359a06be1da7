import { Injectable } from '@nestjs/common';
import { CommandRunner } from '@lt/commands';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Actor } from '@lt/access';
import { AppError } from '@lt/common';
import { AppConfig } from '@lt/config';
import { REALTIME_LIMITS } from '@lt/realtime';
import { ChatMessageView } from './chat-events';
import { DataSource } from 'typeorm';
import { ChannelAccess } from './channel-access';
import { ChatMessageEntity } from './chat.entity';
import { MessageViews } from './chat-views';

/**
 * Edits and deletions by a message's author within CHAT_EDIT_WINDOW_MINUTES of posting. The
 * text before the change goes to the audit log in the same transaction; `version` guards
 * against a change made meanwhile (another tab), answering 409. A deleted message keeps its
 * place in the channel, shown as deleted. Announcements are directives: recall those instead.
 */
@Injectable()
export class EditMessage {
  constructor(
    private readonly commands: CommandRunner,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: ChannelAccess,
    private readonly messageViews: MessageViews,
    private readonly config: AppConfig,
  ) {}

  edit(actor: Actor, id: string, body: string, version: number, now = new Date()): Promise<ChatMessageView> {
    const text = body.normalize('NFC').trim();
    if (text.length === 0) throw new AppError('chat/empty_message');
    if (text.length > REALTIME_LIMITS.chatMessageMaxLength) {
      throw new AppError('request/validation_failed', undefined, [
        { field: 'body', message: `body must be at most ${REALTIME_LIMITS.chatMessageMaxLength} characters` },
      ]);
    }
    return this.change(actor, id, version, now, 'edit', text);
  }

  delete(actor: Actor, id: string, version: number, now = new Date()): Promise<ChatMessageView> {
    return this.change(actor, id, version, now, 'delete', null);
  }

  private async change(
    actor: Actor,
    id: string,
    version: number,
    now: Date,
    action: 'edit' | 'delete',
    body: string | null,
  ): Promise<ChatMessageView> {
    const view = await this.commands.change('chat.message.edit', actor, async ({ em, audit, emit }) => {
      const message = await em.findOne(ChatMessageEntity, {
        where: { id },
        lock: { mode: 'pessimistic_write' },
      });
      if (!message) throw new AppError('chat/message_not_found', { id });
      const channel = await this.access
        .requireReadable(actor, message.channelId, em)
        .catch((error: unknown) => {
          throw error instanceof AppError && error.code === 'chat/channel_not_found'
            ? new AppError('chat/message_not_found', { id })
            : error;
        });
      if (message.authorId !== actor.principal.userId) throw new AppError('chat/not_author');
      if (message.deletedAt) throw new AppError('chat/message_deleted');
      if (message.directiveId) throw new AppError('chat/announcement_fixed');
      if (message.version !== version)
        throw new AppError('request/conflict_version', { current: message.version });
      const closes = message.createdAt.getTime() + this.config.CHAT_EDIT_WINDOW_MINUTES * 60_000;
      if (now.getTime() > closes)
        throw new AppError('chat/edit_window_closed', { closedAt: new Date(closes).toISOString() });
      if (action === 'edit' && body === message.body) return null;

      await em.query(
        `UPDATE chat_messages SET body = $2, edited_at = CASE WHEN $3 THEN $4::timestamptz ELSE edited_at END,
                deleted_at = CASE WHEN $3 THEN deleted_at ELSE $4::timestamptz END, version = version + 1
          WHERE id = $1`,
        [id, body ?? '', action === 'edit', now],
      );
      const unitInChannel = actor.principal.positions.find((p) => p.unitId === channel.unitId);
      await audit({
        actor,
        actingUnitId: unitInChannel?.unitId ?? actor.principal.positions[0]?.unitId ?? null,
        action: `chat.message.${action}`,
        subjectType: 'chat_message',
        subjectId: id,
        before: { channelId: message.channelId, n: Number(message.n), body: message.body },
        after: body === null ? { deleted: true } : { body },
      });
      const [changed] = await this.messageViews.of(em, [id]);
      await emit({
        name: 'chat.message_changed',
        payload: { channel: await this.access.ref(em, channel), message: changed },
        audience: await this.access.audience(em, channel),
      });
      return changed;
    });
    return view ?? (await this.messageViews.of(this.dataSource.manager, [id]))[0];
  }
}
