import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@lt/access';
import { Authenticated, CurrentActor, PostingLimit } from '@lt/auth';
import { ApiIdempotencyKey, IdempotencyKey, uuidPipe } from '@lt/common';
import { sendFile } from '@lt/files';
import type { ChatMessageView } from './chat-events';
import type { Response } from 'express';
import { ChannelView, ChatChannels, MessagePage } from './chat-channels';
import { ChatSearch, MessageHit } from './chat-search';
import {
  ChatSearchQuery,
  DeleteMessageQuery,
  DirectChannelDto,
  EditMessageDto,
  FollowDto,
  MarkReadDto,
  MessagesQuery,
  PostMessageDto,
  ThreadParams,
} from './chat.dto';
import { EditMessage } from './edit-message';
import { PostMessage } from './post-message';

/**
 * Messaging: the unit's channel, threads on directives, tasks and documents, and direct
 * messages. New messages, edits and read cursors also arrive live as `chat.*` feed events.
 */
@ApiTags('chat')
@Controller('chat')
export class ChatController {
  constructor(
    private readonly channels: ChatChannels,
    private readonly posting: PostMessage,
    private readonly editing: EditMessage,
    private readonly search: ChatSearch,
  ) {}

  @Get('channels')
  @Authenticated()
  @ApiOperation({ summary: 'My channels (unit, direct, followed threads) with unread counts, latest first' })
  mine(@CurrentActor() actor: Actor): Promise<ChannelView[]> {
    return this.channels.mine(actor);
  }

  @Get('channels/:id')
  @Authenticated()
  @ApiOperation({ summary: 'One channel I may read, with my unread count' })
  channel(@CurrentActor() actor: Actor, @Param('id', uuidPipe()) id: string): Promise<ChannelView> {
    return this.channels.view(actor, id);
  }

  @Get('channels/:id/members')
  @Authenticated()
  @ApiOperation({ summary: 'The people a message in this channel reaches (whom a mention can name)' })
  members(
    @CurrentActor() actor: Actor,
    @Param('id', uuidPipe()) id: string,
  ): Promise<{ id: string; fullName: string }[]> {
    return this.channels.members(actor, id);
  }

  @Post('direct')
  @HttpCode(200)
  @Authenticated()
  @ApiOperation({ summary: 'The direct channel between me and a person (made on first use)' })
  direct(@CurrentActor() actor: Actor, @Body() dto: DirectChannelDto): Promise<ChannelView> {
    return this.channels.direct(actor, dto.userId);
  }

  @Post('threads/:subjectType/:subjectId')
  @HttpCode(200)
  @Authenticated()
  @ApiOperation({
    summary: 'Open (and follow) the thread on a directive, task or document I may read (made on first use)',
  })
  thread(@CurrentActor() actor: Actor, @Param() params: ThreadParams): Promise<ChannelView> {
    return this.channels.thread(actor, params.subjectType, params.subjectId);
  }

  @Put('channels/:id/follow')
  @Authenticated()
  @ApiOperation({ summary: 'Follow or stop following a thread (its messages live and in the channel list)' })
  follow(
    @CurrentActor() actor: Actor,
    @Param('id', uuidPipe()) id: string,
    @Body() dto: FollowDto,
  ): Promise<ChannelView> {
    return this.channels.follow(actor, id, dto.following);
  }

  @Get('channels/:id/messages')
  @Authenticated()
  @ApiOperation({ summary: 'History, paged backwards: the messages before `before`, oldest first' })
  messages(
    @CurrentActor() actor: Actor,
    @Param('id', uuidPipe()) id: string,
    @Query() query: MessagesQuery,
  ): Promise<MessagePage> {
    return this.channels.messages(actor, id, query.before, query.limit);
  }

  @Post('channels/:id/messages')
  @HttpCode(201)
  @Authenticated()
  @PostingLimit('chat_message')
  @ApiIdempotencyKey('message')
  @ApiOperation({
    summary:
      'Post a message (mentions, attachments); leaders may post the unit’s announcement, acknowledged like a directive',
  })
  post(
    @CurrentActor() actor: Actor,
    @Param('id', uuidPipe()) id: string,
    @Body() dto: PostMessageDto,
    @IdempotencyKey() idempotencyKey?: string,
  ): Promise<ChatMessageView> {
    return this.posting.execute(actor, id, dto, idempotencyKey);
  }

  @Post('channels/:id/read')
  @HttpCode(200)
  @Authenticated()
  @ApiOperation({ summary: 'Move my read cursor forward to message `upTo`; answers my unread count' })
  read(
    @CurrentActor() actor: Actor,
    @Param('id', uuidPipe()) id: string,
    @Body() dto: MarkReadDto,
  ): Promise<{ lastReadN: number; unread: number }> {
    return this.channels.markRead(actor, id, dto.upTo);
  }

  @Patch('messages/:id')
  @Authenticated()
  @ApiOperation({ summary: 'Edit my message within the edit window; the earlier text goes to the audit log' })
  edit(
    @CurrentActor() actor: Actor,
    @Param('id', uuidPipe()) id: string,
    @Body() dto: EditMessageDto,
  ): Promise<ChatMessageView> {
    return this.editing.edit(actor, id, dto.body, dto.version);
  }

  @Delete('messages/:id')
  @Authenticated()
  @ApiOperation({ summary: 'Delete my message within the edit window; its text goes to the audit log' })
  remove(
    @CurrentActor() actor: Actor,
    @Param('id', uuidPipe()) id: string,
    @Query() query: DeleteMessageQuery,
  ): Promise<ChatMessageView> {
    return this.editing.delete(actor, id, query.version);
  }

  @Get('messages/:id/attachments/:fileId')
  @Authenticated()
  @ApiOperation({ summary: 'A file attached to a message of a channel I may read' })
  async attachment(
    @CurrentActor() actor: Actor,
    @Param('id', uuidPipe()) id: string,
    @Param('fileId', uuidPipe('fileId')) fileId: string,
    @Res() response: Response,
  ): Promise<void> {
    sendFile(response, await this.channels.attachment(actor, id, fileId));
  }

  @Get('search')
  @Authenticated()
  @ApiOperation({
    summary:
      'Search the messages of every channel I may read; diacritics optional ("tien do" finds "tiến độ")',
  })
  searchMessages(@CurrentActor() actor: Actor, @Query() query: ChatSearchQuery): Promise<MessageHit[]> {
    return this.search.messages(actor, query.q, { channelId: query.channelId, limit: query.limit });
  }
}
