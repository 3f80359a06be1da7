import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInstant } from '@lt/common';
import { REALTIME_LIMITS } from '@lt/realtime';
import { THREAD_SUBJECT_TYPES, ThreadSubjectType } from './chat-events';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';

export class AnnouncementDto {
  @ApiPropertyOptional({ format: 'date-time', description: 'Acknowledge by (hạn xác nhận)' })
  @IsOptional()
  @IsInstant()
  ackDueAt?: string;
}

export class PostMessageDto {
  @ApiProperty({
    maxLength: REALTIME_LIMITS.chatMessageMaxLength,
    description: 'The text (may be empty with files)',
  })
  @IsString()
  @MaxLength(REALTIME_LIMITS.chatMessageMaxLength)
  body: string;

  @ApiPropertyOptional({ type: [String], format: 'uuid', description: 'People named (@) in the message' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(REALTIME_LIMITS.chatMentionsMax)
  @IsUUID('all', { each: true })
  mentions?: string[];

  @ApiPropertyOptional({ type: [String], format: 'uuid', description: 'Files uploaded with POST /api/files' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(REALTIME_LIMITS.chatAttachmentsMax)
  @IsUUID('all', { each: true })
  attachmentIds?: string[];

  @ApiPropertyOptional({
    type: AnnouncementDto,
    description:
      "Post as the unit's announcement (leaders, unit channels): a notice (thông báo) its people acknowledge, with directive receipts",
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => AnnouncementDto)
  announcement?: AnnouncementDto;
}

export class EditMessageDto {
  @ApiProperty({ maxLength: REALTIME_LIMITS.chatMessageMaxLength })
  @IsString()
  @MaxLength(REALTIME_LIMITS.chatMessageMaxLength)
  body: string;

  @ApiProperty({ description: 'The version you edited (optimistic concurrency)' })
  @IsInt()
  @Min(1)
  @Max(2 ** 31 - 1)
  version: number;
}

export class DeleteMessageQuery {
  @ApiProperty({ description: 'The version you saw (optimistic concurrency)' })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(2 ** 31 - 1)
  version: number;
}

export class MessagesQuery {
  @ApiPropertyOptional({ description: 'Messages before this `n` (default: the newest)' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(Number.MAX_SAFE_INTEGER)
  before?: number;

  @ApiPropertyOptional({ default: 50, maximum: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;
}

export class MarkReadDto {
  @ApiProperty({ description: 'The `n` of the last message read' })
  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  upTo: number;
}

export class FollowDto {
  @ApiProperty()
  @IsBoolean()
  following: boolean;
}

export class DirectChannelDto {
  @ApiProperty({ format: 'uuid', description: 'The person to write to' })
  @IsUUID()
  userId: string;
}

export class ThreadParams {
  @ApiProperty({ enum: THREAD_SUBJECT_TYPES })
  @IsIn(THREAD_SUBJECT_TYPES)
  subjectType: ThreadSubjectType;

  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  subjectId: string;
}

export class ChatSearchQuery {
  @ApiProperty({ minLength: 2, maxLength: 200, description: 'Words, with or without diacritics ("tien do")' })
  @IsString()
  q: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Only this channel' })
  @IsOptional()
  @IsUUID()
  channelId?: string;

  @ApiPropertyOptional({ default: 30, maximum: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;
}
