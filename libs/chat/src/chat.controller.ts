import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@lt/access';
import { Authenticated, CurrentActor, PostingLimit } from '@lt/auth';
import { ApiIdempotencyKey, IdempotencyKey, PersonRefDto, uuidPipe } from '@lt/common';
import { AttachmentDownload, AttachmentParams, StoredFileEntity } from '@lt/files';
import { ChatChannels } from './chat-channels';
import { ChatSearch } from './chat-search';
import {
  ChatChannelViewDto,
  ChatMessagePageDto,
  ChatMessageViewDto,
  MessageHitDto,
  ReadCursorDto,
} from './chat-views.dto';
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
  @ApiOkResponse({ type: [ChatChannelViewDto] })
  mine(@CurrentActor() actor: Actor): Promise<ChatChannelViewDto[]> {
    return this.channels.mine(actor);
  }

  @Get('channels/:id')
  @Authenticated()
  @ApiOperation({ summary: 'One channel I may read, with my unread count' })
  @ApiOkResponse({ type: ChatChannelViewDto })
  channel(@CurrentActor() actor: Actor, @Param('id', uuidPipe()) id: string): Promise<ChatChannelViewDto> {
    return this.channels.view(actor, id);
  }

  @Get('channels/:id/members')
  @Authenticated()
  @ApiOperation({ summary: 'The people a message in this channel reaches (whom a mention can name)' })
  @ApiOkResponse({ type: [PersonRefDto] })
  members(@CurrentActor() actor: Actor, @Param('id', uuidPipe()) id: string): Promise<PersonRefDto[]> {
    return this.channels.members(actor, id);
  }

  @Post('direct')
  @HttpCode(200)
  @Authenticated()
  @ApiOperation({ summary: 'The direct channel between me and a person (made on first use)' })
  @ApiOkResponse({ type: ChatChannelViewDto })
  direct(@CurrentActor() actor: Actor, @Body() dto: DirectChannelDto): Promise<ChatChannelViewDto> {
    return this.channels.direct(actor, dto.userId);
  }

  @Post('threads/:subjectType/:subjectId')
  @HttpCode(200)
  @Authenticated()
  @ApiOperation({
    summary: 'Open (and follow) the thread on a directive, task or document I may read (made on first use)',
  })
  @ApiOkResponse({ type: ChatChannelViewDto })
  thread(@CurrentActor() actor: Actor, @Param() params: ThreadParams): Promise<ChatChannelViewDto> {
    return this.channels.thread(actor, params.subjectType, params.subjectId);
  }

  @Put('channels/:id/follow')
  @Authenticated()
  @ApiOperation({ summary: 'Follow or stop following a thread (its messages live and in the channel list)' })
  @ApiOkResponse({ type: ChatChannelViewDto })
  follow(
    @CurrentActor() actor: Actor,
    @Param('id', uuidPipe()) id: string,
    @Body() dto: FollowDto,
  ): Promise<ChatChannelViewDto> {
    return this.channels.follow(actor, id, dto.following);
  }

  @Get('channels/:id/messages')
  @Authenticated()
  @ApiOperation({ summary: 'History, paged backwards: the messages before `before`, oldest first' })
  @ApiOkResponse({ type: ChatMessagePageDto })
  messages(
    @CurrentActor() actor: Actor,
    @Param('id', uuidPipe()) id: string,
    @Query() query: MessagesQuery,
  ): Promise<ChatMessagePageDto> {
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
  @ApiCreatedResponse({ type: ChatMessageViewDto })
  post(
    @CurrentActor() actor: Actor,
    @Param('id', uuidPipe()) id: string,
    @Body() dto: PostMessageDto,
    @IdempotencyKey() idempotencyKey?: string,
  ): Promise<ChatMessageViewDto> {
    return this.posting.execute(actor, id, dto, idempotencyKey);
  }

  @Post('channels/:id/read')
  @HttpCode(200)
  @Authenticated()
  @ApiOperation({ summary: 'Move my read cursor forward to message `upTo`; answers my unread count' })
  @ApiOkResponse({ type: ReadCursorDto })
  read(
    @CurrentActor() actor: Actor,
    @Param('id', uuidPipe()) id: string,
    @Body() dto: MarkReadDto,
  ): Promise<ReadCursorDto> {
    return this.channels.markRead(actor, id, dto.upTo);
  }

  @Patch('messages/:id')
  @Authenticated()
  @ApiOperation({ summary: 'Edit my message within the edit window; the earlier text goes to the audit log' })
  @ApiOkResponse({ type: ChatMessageViewDto })
  edit(
    @CurrentActor() actor: Actor,
    @Param('id', uuidPipe()) id: string,
    @Body() dto: EditMessageDto,
  ): Promise<ChatMessageViewDto> {
    return this.editing.edit(actor, id, dto.body, dto.version);
  }

  @Delete('messages/:id')
  @Authenticated()
  @ApiOperation({ summary: 'Delete my message within the edit window; its text goes to the audit log' })
  @ApiOkResponse({ type: ChatMessageViewDto })
  remove(
    @CurrentActor() actor: Actor,
    @Param('id', uuidPipe()) id: string,
    @Query() query: DeleteMessageQuery,
  ): Promise<ChatMessageViewDto> {
    return this.editing.delete(actor, id, query.version);
  }

  @AttachmentDownload(
    'messages/:id/attachments/:fileId',
    'A file attached to a message of a channel I may read',
  )
  attachment(@CurrentActor() actor: Actor, @Param() file: AttachmentParams): Promise<StoredFileEntity> {
    return this.channels.attachment(actor, file.id, file.fileId);
  }

  @Get('search')
  @Authenticated()
  @ApiOperation({
    summary:
      'Search the messages of every channel I may read; diacritics optional ("tien do" finds "tiến độ")',
  })
  @ApiOkResponse({ type: [MessageHitDto] })
  searchMessages(@CurrentActor() actor: Actor, @Query() query: ChatSearchQuery): Promise<MessageHitDto[]> {
    return this.search.messages(actor, query.q, { channelId: query.channelId, limit: query.limit });
  }
}
