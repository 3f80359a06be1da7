import { NotBlank } from '@lt/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { ORGAN_ID_PATTERN, UNIT_KINDS, UnitKind } from '@lt/org';
import { Role, ROLES } from '@lt/people';
import type { ImportReport } from './org-importer.service';

export const UNIT_CODE_PATTERN = /^[A-Z0-9][A-Z0-9_-]{0,31}$/;
export const USERNAME_PATTERN = /^[a-z0-9][a-z0-9._-]{2,63}$/;

class VersionedDto {
  @ApiProperty({
    description: 'The version you read; a newer stored version gives 409 request/conflict_version',
  })
  @IsInt()
  @Min(1)
  version: number;
}

export class CreateUnitDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  parentId: string;

  @ApiProperty({ enum: UNIT_KINDS })
  @IsIn(UNIT_KINDS)
  kind: UnitKind;

  @ApiProperty({ example: 'Phường An Hải Bắc' })
  @IsString()
  @MinLength(2)
  @MaxLength(200)
  @NotBlank()
  name: string;

  @ApiProperty({ example: 'AHB', description: 'Upper-case letters, digits, - and _' })
  @Matches(UNIT_CODE_PATTERN, { message: 'code must be 1–32 upper-case letters, digits, - or _' })
  code: string;

  @ApiProperty({ example: '000.01.32.H17', description: 'OrganId: 13 characters, groups 3.2.2.3' })
  @Matches(ORGAN_ID_PATTERN, { message: 'organId must look like 000.00.00.H17' })
  organId: string;
}

export class UpdateUnitDto extends VersionedDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @MinLength(2) @MaxLength(200) name?: string;
  @ApiPropertyOptional()
  @IsOptional()
  @Matches(UNIT_CODE_PATTERN, { message: 'code must be 1–32 upper-case letters, digits, - or _' })
  code?: string;
  @ApiPropertyOptional()
  @IsOptional()
  @Matches(ORGAN_ID_PATTERN, { message: 'organId must look like 000.00.00.H17' })
  organId?: string;
}

export class MoveUnitDto extends VersionedDto {
  @ApiProperty({ format: 'uuid', description: 'The new parent unit' })
  @IsUUID()
  parentId: string;
}

export class VersionOnlyDto extends VersionedDto {}

export class PositionInputDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  unitId: string;

  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES)
  role: Role;

  @ApiPropertyOptional({ example: 'Phó Chủ tịch UBND phường' })
  @IsOptional()
  @IsString()
  @MaxLength(120)
  title?: string;
}

export class CreatePersonDto {
  @ApiProperty({
    example: 'nv.an',
    description: 'Letters, digits, . _ -; 3–64 characters; stored lower-case',
  })
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' ? value.trim().toLowerCase() : value,
  )
  @Matches(USERNAME_PATTERN, { message: 'username must be 3–64 lower-case letters, digits, . _ or -' })
  username: string;

  @ApiProperty({ example: 'Nguyễn Văn An' })
  @IsString()
  @MinLength(2)
  @MaxLength(200)
  @NotBlank()
  fullName: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsEmail()
  @MaxLength(200)
  email?: string;

  @ApiProperty({ minLength: 8 })
  @IsString()
  @MinLength(8)
  @MaxLength(256)
  password: string;

  @ApiProperty({ type: [PositionInputDto] })
  @ValidateNested({ each: true })
  @Type(() => PositionInputDto)
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  positions: PositionInputDto[];
}

export class UpdatePersonDto extends VersionedDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @MinLength(2) @MaxLength(200) fullName?: string;
  @ApiPropertyOptional() @IsOptional() @IsEmail() @MaxLength(200) email?: string;
}

export class ResetPasswordDto extends VersionedDto {
  @ApiProperty({ minLength: 8 })
  @IsString()
  @MinLength(8)
  @MaxLength(256)
  newPassword: string;
}

export class MovePersonDto extends VersionedDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() fromUnitId: string;
  @ApiProperty({ format: 'uuid' }) @IsUUID() toUnitId: string;
}

export class UnitImportCountsDto {
  @ApiProperty() created: number;
  @ApiProperty() updated: number;
  @ApiProperty() moved: number;
  @ApiProperty() unchanged: number;
}

export class PersonImportCountsDto {
  @ApiProperty() created: number;
  @ApiProperty() updated: number;
  @ApiProperty() unchanged: number;
}

/** What an import changed. */
export class ImportReportDto implements ImportReport {
  @ApiProperty({ type: UnitImportCountsDto }) units: UnitImportCountsDto;
  @ApiProperty({ type: PersonImportCountsDto }) people: PersonImportCountsDto;
  @ApiProperty() positionsAdded: number;
}
