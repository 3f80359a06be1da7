import { ApiProperty } from '@nestjs/swagger';
import { PersonRefDto, UnitRefDto } from '@lt/common';
import { AttachmentMetaDto } from '@lt/files';
import {
  CHANNEL_KINDS,
  ChannelKind,
  ChannelRef,
  ChatChannelView,
  ChatMessagePage,
  ChatMessageView,
  THREAD_SUBJECT_TYPES,
  ThreadSubjectType,
} from './chat-events';
import type { MessageHit } from './chat-search';

export class ThreadSubjectDto {
  @ApiProperty({ enum: THREAD_SUBJECT_TYPES }) type: ThreadSubjectType;
  @ApiProperty({ format: 'uuid' }) id: string;
}

/** Which channel a message belongs to (ChannelRef of the event contract). */
export class ChannelRefDto implements ChannelRef {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: CHANNEL_KINDS }) kind: ChannelKind;
  @ApiProperty({ description: "The unit's name, the subject's title; for a direct channel the two names" })
  title: string;
  @ApiProperty({ type: UnitRefDto, nullable: true }) unit: UnitRefDto | null;
  @ApiProperty({ type: ThreadSubjectDto, nullable: true }) subject: ThreadSubjectDto | null;
  @ApiProperty({ type: [PersonRefDto], description: 'The two people of a direct channel; empty otherwise' })
  people: PersonRefDto[];
  @ApiProperty({
    description:
      "A merged or deactivated unit's channel: read by the people of the unit it went into; nobody posts in it",
  })
  readOnly: boolean;
}

export class LastMessageDto {
  @ApiProperty() authorName: string;
  @ApiProperty() body: string;
  @ApiProperty({ format: 'date-time' }) at: string;
}

/** A channel in my list, with my read cursor and unread counts. */
export class ChatChannelViewDto extends ChannelRefDto implements ChatChannelView {
  @ApiProperty() lastN: number;
  @ApiProperty() lastReadN: number;
  @ApiProperty({ description: "Others' messages after my read cursor, capped" }) unread: number;
  @ApiProperty({ description: 'Of those, the ones that mention me' }) unreadMentions: number;
  @ApiProperty() following: boolean;
  @ApiProperty({ type: LastMessageDto, nullable: true }) lastMessage: LastMessageDto | null;
}

export class MessageAnnouncementDto {
  @ApiProperty({ format: 'uuid' }) directiveId: string;
  @ApiProperty() notation: string;
  @ApiProperty() ackRequired: boolean;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) ackDueAt: string | null;
}

export class ChatMessageViewDto implements ChatMessageView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) channelId: string;
  @ApiProperty({ description: "The message's place in its channel: 1, 2, 3 … without gaps" }) n: number;
  @ApiProperty({ type: PersonRefDto }) author: PersonRefDto;
  @ApiProperty({ description: 'Empty once deleted' }) body: string;
  @ApiProperty({ type: [PersonRefDto] }) mentions: PersonRefDto[];
  @ApiProperty({ type: [AttachmentMetaDto] }) attachments: AttachmentMetaDto[];
  @ApiProperty({
    type: MessageAnnouncementDto,
    nullable: true,
    description: 'A directive to the unit’s people',
  })
  announcement: MessageAnnouncementDto | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) editedAt: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) deletedAt: string | null;
  @ApiProperty() version: number;
}

/** A page of a channel's history, oldest first. */
export class ChatMessagePageDto implements ChatMessagePage {
  @ApiProperty({ type: [ChatMessageViewDto] }) messages: ChatMessageViewDto[];
  @ApiProperty({ description: 'Older messages exist: ask again with `before` = the first `n`' })
  more: boolean;
}

export class ReadCursorDto {
  @ApiProperty() lastReadN: number;
  @ApiProperty() unread: number;
}

export class MessageHitDto implements MessageHit {
  @ApiProperty({ type: ChannelRefDto }) channel: ChannelRefDto;
  @ApiProperty({ type: ChatMessageViewDto }) message: ChatMessageViewDto;
}
