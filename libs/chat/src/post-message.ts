import { Injectable } from '@nestjs/common';
import { Actor, isLeadingRole } from '@lt/access';
import { CommandContext, CommandRunner } from '@lt/commands';
import { AppError } from '@lt/common';
import { IssueDirective, IssuedDirective } from '@lt/directives';
import { FilesService } from '@lt/files';
import { PeopleService } from '@lt/people';
import { REALTIME_LIMITS } from '@lt/realtime';
import { ChatMessageView } from './chat-events';
import { createHash } from 'node:crypto';
import { ChannelAccess } from './channel-access';
import { MessageViews } from './chat-views';
import { ChatChannelEntity, ChatMessageEntity } from './chat.entity';

export interface NewMessage {
  body: string;
  mentions?: string[];
  attachmentIds?: string[];
  /** Post as an announcement of the unit (unit channels, its leaders): a directive asking acknowledgement. */
  announcement?: { ackDueAt?: string };
}

/**
 * Posts a message: checks the author may read the channel and everyone mentioned may too,
 * numbers it under the channel row's lock, stores it with its files, moves the author's read
 * cursor past it, audits it and queues `chat.message` for the channel's audience — one
 * transaction. An announcement is also a directive (thông báo) to the unit's people with
 * receipts, issued in the same transaction. A retry with the same key returns the first message.
 */
@Injectable()
export class PostMessage {
  constructor(
    private readonly commands: CommandRunner,
    private readonly access: ChannelAccess,
    private readonly files: FilesService,
    private readonly issueDirective: IssueDirective,
    private readonly people: PeopleService,
    private readonly messageViews: MessageViews,
  ) {}

  async execute(
    actor: Actor,
    channelId: string,
    input: NewMessage,
    idempotencyKey?: string,
  ): Promise<ChatMessageView> {
    const body = input.body.normalize('NFC').trim();
    const mentions = [...new Set(input.mentions ?? [])];
    const attachmentIds = [...new Set(input.attachmentIds ?? [])];
    if (body.length === 0 && attachmentIds.length === 0) throw new AppError('chat/empty_message');
    if (body.length > REALTIME_LIMITS.chatMessageMaxLength) {
      throw new AppError('request/validation_failed', undefined, [
        { field: 'body', message: `body must be at most ${REALTIME_LIMITS.chatMessageMaxLength} characters` },
      ]);
    }
    const message = { ...input, body, mentions, attachmentIds };
    return this.commands.run({
      name: 'chat.message.post',
      actor,
      idempotency: {
        key: idempotencyKey,
        request: { channelId, ...message },
        conflict: 'chat/idempotency_conflict',
        // The message as it is now: a retry after an edit shows the edit.
        reread: async (first, em) => (await this.messageViews.of(em, [first.id]))[0],
      },
      run: (context) => this.post(context, actor, channelId, message, idempotencyKey),
    });
  }

  private async post(
    context: CommandContext,
    actor: Actor,
    channelId: string,
    input: Required<Omit<NewMessage, 'announcement'>> & Pick<NewMessage, 'announcement'>,
    idempotencyKey: string | undefined,
  ): Promise<ChatMessageView> {
    const { em } = context;
    const me = actor.principal.userId;
    const channel = await this.access.requireReadable(actor, channelId, em);
    await this.access.requireWritable(em, channel);
    const named =
      input.mentions.length === 0
        ? new Map<string, string>()
        : await this.people.namesOf(await this.access.readersOf(em, channel, input.mentions), em);
    const outside = input.mentions.filter((id) => !named.has(id));
    if (outside.length > 0) throw new AppError('chat/mention_outside_channel', { userIds: outside });
    const directive = input.announcement ? await this.announce(context, actor, channel, input) : null;
    const directiveId = directive?.id ?? null;
    // A socket's principal is as old as its token, and a post must not outlive a removal: the
    // author's account and a unit member's position are re-checked as stored. A unit's
    // audience (its enabled people) answers both; a thread's reader was just asked as stored.
    const unitAudience = channel.kind === 'unit' ? await this.access.audience(em, channel) : null;
    const stillReads =
      channel.kind === 'unit'
        ? unitAudience!.includes(me)
        : channel.kind === 'thread' || (await this.access.readersOf(em, channel, [me])).length > 0;
    if (!stillReads) throw new AppError('chat/channel_not_found', { channelId });
    // The counter row's lock orders the channel's messages: n is gapless and in commit order.
    const [[{ n }]]: [{ n: string }[], number] = await em.query(
      `UPDATE chat_channels c SET last_n = last_n + 1, last_message_at = now() WHERE c.id = $1
        RETURNING last_n AS n`,
      [channelId],
    );
    const message = await em.save(
      ChatMessageEntity,
      em.create(ChatMessageEntity, {
        channelId,
        n,
        authorId: me,
        body: input.body,
        mentions: input.mentions,
        directiveId,
        idempotencyKey: idempotencyKey ?? null,
      }),
    );
    const attachments =
      directive?.attachments ??
      (await this.files.attach(em, actor, input.attachmentIds, 'chat_message', message.id));
    // The author has read what they wrote; writing in a thread (or being named in one) follows it.
    await em.query(
      `INSERT INTO chat_members (channel_id, user_id, last_read_n, following)
       SELECT $1, u, CASE WHEN u = $2 THEN $3::bigint ELSE 0 END, TRUE FROM unnest($4::uuid[]) AS u
       ON CONFLICT (channel_id, user_id) DO UPDATE
         SET following = TRUE,
             last_read_n = CASE WHEN excluded.user_id = $2 THEN GREATEST(chat_members.last_read_n, $3::bigint)
                                ELSE chat_members.last_read_n END`,
      [channelId, me, n, [me, ...input.mentions.filter((id) => id !== me)]],
    );
    const audience = unitAudience ?? (await this.access.audience(em, channel));
    const ref = await this.access.ref(em, channel);
    // The view from what was just written, not read back: this is the hot path of messaging.
    const view: ChatMessageView = {
      id: message.id,
      channelId,
      n: Number(n),
      author: { id: me, fullName: actor.principal.fullName },
      body: input.body,
      mentions: input.mentions.map((id) => ({ id, fullName: named.get(id)! })),
      attachments,
      announcement: directive && {
        directiveId: directive.id,
        notation: directive.notation,
        ackRequired: directive.ackRequired,
        ackDueAt: directive.ackDueAt,
      },
      createdAt: message.createdAt.toISOString(),
      editedAt: null,
      deletedAt: null,
      version: message.version,
    };
    // The audit keeps who wrote what where and a digest of the text, not the text itself: the
    // row holds it, and the hash chain makes any later change to it show.
    await context.audit({
      actor,
      actingUnitId: channel.unitId ?? actor.principal.positions[0]?.unitId ?? null,
      action: 'chat.message.post',
      subjectType: 'chat_message',
      subjectId: message.id,
      after: {
        channelId,
        n: Number(n),
        sha256: createHash('sha256').update(input.body).digest('hex'),
        mentions: input.mentions,
        attachments: attachments.map((a) => a.id),
        directiveId,
      },
    });
    const mentioned = new Set(input.mentions);
    await context.emit(
      {
        name: 'chat.message',
        payload: { channel: ref, message: view, mentionsYou: false },
        audience: audience.filter((id) => !mentioned.has(id)),
      },
      {
        name: 'chat.message',
        payload: { channel: ref, message: view, mentionsYou: true },
        audience: audience.filter((id) => mentioned.has(id)),
      },
    );
    return view;
  }

  /** An announcement is a directive of the unit to its own people, asking acknowledgement. */
  private async announce(
    context: CommandContext,
    actor: Actor,
    channel: ChatChannelEntity,
    input: { body: string; attachmentIds: string[]; announcement?: { ackDueAt?: string } },
  ): Promise<IssuedDirective> {
    const leads = actor.principal.positions.some((p) => p.unitId === channel.unitId && isLeadingRole(p.role));
    if (channel.kind !== 'unit' || !leads) throw new AppError('chat/announcement_not_allowed');
    if (input.body.length === 0) throw new AppError('chat/empty_message');
    const firstLine = input.body.split('\n')[0].trim();
    const subject = firstLine.length >= 3 ? firstLine : `Thông báo ${firstLine}`;
    return this.issueDirective.issueWithin(
      context,
      actor,
      {
        issuingUnitId: channel.unitId!,
        type: 'TB',
        subject: subject.length > 200 ? `${subject.slice(0, 199)}…` : subject,
        body: input.body,
        urgency: 0,
        targets: [{ unitId: channel.unitId!, includeSubtree: false }],
        ackRequired: true,
        ackDueAt: input.announcement?.ackDueAt,
        attachmentIds: input.attachmentIds,
      },
      null,
    );
  }
}
