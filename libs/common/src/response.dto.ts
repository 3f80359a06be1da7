import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ERROR_CATALOGUE, ErrorCode } from './error-codes';
import type { ErrorBody, FieldError } from './app-error';

/** A text in both languages of the interface. */
export class LocalizedTextDto {
  @ApiProperty({ example: 'Không có quyền.' }) vi: string;
  @ApiProperty({ example: 'Forbidden.' }) en: string;
}

export class FieldErrorDto implements FieldError {
  @ApiProperty({ example: 'positions.0.role' }) field: string;
  @ApiProperty() message: string;
  @ApiPropertyOptional({
    type: [String],
    description: 'The rules broken, named (class-validator constraints)',
  })
  constraints?: string[];
  @ApiPropertyOptional({ description: 'The row of an imported file' }) row?: number;
}

/** The one error shape every route answers with (see `ErrorBody`). */
export class ErrorBodyDto implements ErrorBody {
  @ApiProperty({ example: 403 }) statusCode: number;
  @ApiProperty({ enum: Object.keys(ERROR_CATALOGUE), example: 'access/forbidden' }) code: ErrorCode;
  @ApiProperty({ type: LocalizedTextDto }) message: LocalizedTextDto;
  @ApiPropertyOptional({ type: [FieldErrorDto] }) fields?: FieldErrorDto[];
  @ApiPropertyOptional({ type: 'object', additionalProperties: true }) details?: Record<string, unknown>;
  @ApiPropertyOptional() requestId?: string;
}

/** A unit named in another record. */
export class UnitRefDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'Phường An Hải Bắc' }) name: string;
}

/** A person named in another record. */
export class PersonRefDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'Nguyễn Văn An' }) fullName: string;
}

/** A page of a longer list. */
export class PageInfoDto {
  @ApiProperty({ description: 'Items in the whole selection' }) total: number;
  @ApiProperty({ description: '1 for the first page' }) page: number;
  @ApiProperty() pageSize: number;
}
