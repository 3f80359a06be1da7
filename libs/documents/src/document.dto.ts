import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { IsInstant, NotBlank, PagedQuery } from '@lt/common';
import { ORGAN_ID_PATTERN } from '@lt/org';
import { DOCUMENT_DIRECTIONS, DOCUMENT_STATES, DocumentDirection, DocumentState } from './document.entity';

const PRIORITY_NOTE = '0 thường, 1 khẩn, 2 thượng khẩn, 3 hỏa tốc, 4 hỏa tốc hẹn giờ (edXML)';
export const MAX_DOCUMENT_ATTACHMENTS = 20;

/** What both registers take. */
class DocumentFieldsDto {
  @ApiPropertyOptional({
    format: 'uuid',
    description: 'The unit whose register it goes in; defaults to your only unit with that register',
  })
  @IsOptional()
  @IsUUID()
  unitId?: string;

  @ApiProperty({ maxLength: 100, description: 'Loại văn bản (TypeName), e.g. Công văn, Quyết định' })
  @IsString()
  @Length(1, 100)
  @NotBlank()
  typeName: string;

  @ApiProperty({ maxLength: 1000, description: 'Trích yếu (Subject)' })
  @IsString()
  @Length(3, 1000)
  @NotBlank()
  subject: string;

  @ApiProperty({ minimum: 0, maximum: 4, description: PRIORITY_NOTE })
  @IsInt()
  @Min(0)
  @Max(4)
  priority: number;

  @ApiPropertyOptional({ format: 'date-time', description: 'Hạn xử lý (DueDate)' })
  @IsOptional()
  @IsInstant()
  dueDate?: string;

  @ApiPropertyOptional({ maxLength: 200, description: 'SignerInfo.FullName' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  signerName?: string;

  @ApiPropertyOptional({ maxLength: 200, description: 'SignerInfo.Position' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  signerPosition?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 10000, description: 'PageAmount' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(10000)
  pageAmount?: number;

  @ApiPropertyOptional({ maxLength: 5000, description: 'Description' })
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  description?: string;

  @ApiPropertyOptional({ type: [String], format: 'uuid', description: 'Files uploaded with POST /files' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_DOCUMENT_ATTACHMENTS)
  @IsUUID('all', { each: true })
  attachmentIds?: string[];
}

export class RegisterIncomingDto extends DocumentFieldsDto {
  @ApiProperty({ maxLength: 30, description: 'Số (CodeNumber) as printed on the document' })
  @IsString()
  @Length(1, 30)
  @NotBlank()
  codeNumber: string;

  @ApiProperty({ maxLength: 100, description: 'Ký hiệu (CodeNotation), e.g. UBND-VP' })
  @IsString()
  @Length(1, 100)
  @NotBlank()
  codeNotation: string;

  @ApiProperty({ maxLength: 200, description: 'Cơ quan ban hành (OrganName)' })
  @IsString()
  @Length(2, 200)
  @NotBlank()
  organName: string;

  @ApiPropertyOptional({ description: 'OrganId: 13-character identifier, e.g. 000.00.00.H17' })
  @IsOptional()
  @Matches(ORGAN_ID_PATTERN)
  organId?: string;

  @ApiProperty({ format: 'date', description: 'Ngày ban hành (IssuedDate), YYYY-MM-DD' })
  @IsISO8601({ strict: true, strictSeparator: true })
  @Matches(/^\d{4}-\d{2}-\d{2}$/)
  issuedDate: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Ngày đến (ArrivalDate); now when omitted' })
  @IsOptional()
  @IsInstant()
  arrivalDate?: string;

  @ApiPropertyOptional({
    description: 'Register it although the same (number, symbol, issuer) is already in the register',
  })
  @IsOptional()
  @IsBoolean()
  acceptDuplicate?: boolean;
}

export class RegisterOutgoingDto extends DocumentFieldsDto {
  @ApiProperty({ maxLength: 100, description: 'Ký hiệu (CodeNotation); the number is given by the register' })
  @IsString()
  @Length(1, 100)
  @NotBlank()
  codeNotation: string;

  @ApiProperty({ maxLength: 2000, description: 'Nơi nhận (To)' })
  @IsString()
  @Length(2, 2000)
  @NotBlank()
  recipients: string;

  @ApiPropertyOptional({
    type: [String],
    format: 'uuid',
    description: 'Tasks this document answers (led or assigned by the unit)',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsUUID('all', { each: true })
  answersTaskIds?: string[];
}

export class RouteDocumentDto {
  @ApiProperty({ format: 'uuid', description: 'A leader of the unit (or above it) who annotates it' })
  @IsUUID()
  toUserId: string;

  @ApiPropertyOptional({ maxLength: 2000 })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;

  @ApiProperty({ minimum: 1, description: 'The version you saw; a stale one gets 409' })
  @IsInt()
  @Min(1)
  version: number;
}

/** Urging (đôn đốc) a document that waits with a leader. No version: urging changes nothing the leader edits. */
export class UrgeDocumentDto {
  @ApiProperty({ maxLength: 1000, example: 'Văn bản hỏa tốc, đề nghị đồng chí cho ý kiến trong buổi sáng.' })
  @IsString()
  @Length(3, 1000)
  @NotBlank()
  note: string;
}

export class DuplicateQuery {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  unitId?: string;

  @ApiProperty()
  @IsString()
  @Length(1, 30)
  codeNumber: string;

  @ApiProperty()
  @IsString()
  @Length(1, 100)
  codeNotation: string;

  @ApiProperty()
  @IsString()
  @Length(1, 200)
  organName: string;
}

export class RegisterQuery extends PagedQuery({ maxPage: 100000, maxPageSize: 200, defaultPageSize: 50 }) {
  @ApiProperty({ enum: DOCUMENT_DIRECTIONS })
  @IsIn(DOCUMENT_DIRECTIONS)
  direction: DocumentDirection;

  @ApiPropertyOptional({ format: 'uuid', description: 'Defaults to your only unit with a register' })
  @IsOptional()
  @IsUUID()
  unitId?: string;

  @ApiPropertyOptional({ description: 'Register year; the current year when omitted' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(2000)
  @Max(2200)
  year?: number;

  @ApiPropertyOptional({ enum: DOCUMENT_STATES })
  @IsOptional()
  @IsIn(DOCUMENT_STATES)
  state?: DocumentState;

  @ApiPropertyOptional({ maxLength: 200, description: 'Words of the subject, symbol or issuer' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  q?: string;
}

export class RegisterExportQuery extends RegisterQuery {
  @ApiPropertyOptional({ enum: ['csv', 'xlsx'] })
  @IsOptional()
  @IsIn(['csv', 'xlsx'])
  format?: 'csv' | 'xlsx';
}
