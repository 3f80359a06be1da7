import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInstant, NotBlank } from '@lt/common';
import { ROLES, Role } from '@lt/people';
import { REALTIME_LIMITS } from '@lt/realtime';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { DIRECTIVE_TYPES, DirectiveType } from './directive.entity';

export class DirectiveTargetDto {
  @ApiProperty({ format: 'uuid', description: 'A unit under (or equal to) the issuing unit' })
  @IsUUID()
  unitId: string;

  @ApiPropertyOptional({ description: 'Also every unit below it (default false)' })
  @IsOptional()
  @IsBoolean()
  includeSubtree?: boolean;

  @ApiPropertyOptional({
    enum: ROLES,
    isArray: true,
    description: 'Only people holding these positions (default: everyone)',
  })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(ROLES.length)
  @IsIn(ROLES, { each: true })
  roles?: Role[];
}

export class IssueDirectiveDto {
  @ApiProperty({
    format: 'uuid',
    description: 'The unit issuing it; you must be its leader or deputy leader',
  })
  @IsUUID()
  issuingUnitId: string;

  @ApiProperty({
    enum: Object.keys(DIRECTIVE_TYPES),
    description: 'CT chỉ thị, CV công văn, TB thông báo, KH kế hoạch',
  })
  @IsIn(Object.keys(DIRECTIVE_TYPES))
  type: DirectiveType;

  @ApiProperty({ description: 'Trích yếu', maxLength: 500 })
  @IsString()
  @Length(3, 500)
  @NotBlank()
  subject: string;

  @ApiProperty({ maxLength: 20000 })
  @IsString()
  @Length(1, 20000)
  @NotBlank()
  body: string;

  @ApiProperty({
    minimum: 0,
    maximum: 4,
    description: '0 thường, 1 khẩn, 2 thượng khẩn, 3 hỏa tốc, 4 hỏa tốc hẹn giờ',
  })
  @IsInt()
  @Min(0)
  @Max(4)
  urgency: number;

  @ApiProperty({ type: [DirectiveTargetDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => DirectiveTargetDto)
  targets: DirectiveTargetDto[];

  @ApiPropertyOptional({ description: 'Recipients must acknowledge ("Tôi đã nhận"); default true' })
  @IsOptional()
  @IsBoolean()
  ackRequired?: boolean;

  @ApiPropertyOptional({
    format: 'date-time',
    description: 'Acknowledge by; missing it tells the head of the unit',
  })
  @IsOptional()
  @IsInstant()
  ackDueAt?: string;

  @ApiPropertyOptional({ type: [String], description: 'Ids from POST /files, uploaded by you' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsUUID('all', { each: true })
  attachmentIds?: string[];
}

export class RecallDirectiveDto {
  @ApiProperty({ maxLength: 1000 })
  @IsString()
  @Length(3, 1000)
  @NotBlank()
  reason: string;

  @ApiPropertyOptional({ description: 'The version you saw; a newer one answers 409' })
  @IsOptional()
  @IsInt()
  version?: number;
}

export class AcknowledgeDto {
  @ApiPropertyOptional({ maxLength: REALTIME_LIMITS.commentMaxLength })
  @IsOptional()
  @IsString()
  @MaxLength(REALTIME_LIMITS.commentMaxLength)
  comment?: string;
}

export class InboxQuery {
  @ApiPropertyOptional({ enum: ['all', 'unread', 'unacknowledged'] })
  @IsOptional()
  @IsIn(['all', 'unread', 'unacknowledged'])
  state?: 'all' | 'unread' | 'unacknowledged';

  @ApiPropertyOptional({ description: 'Issued before this time (for the next page)' })
  @IsOptional()
  @IsInstant()
  before?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;
}
