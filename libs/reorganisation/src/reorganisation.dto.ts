import { ApiProperty, ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { IsInstant, UnitRefDto } from '@lt/common';
import { CreateUnitDto, UpdateUnitDto } from '@lt/admin';

export const REORGANISATION_KINDS = ['merge', 'split', 'rename'] as const;
export type ReorganisationKind = (typeof REORGANISATION_KINDS)[number];

/** A unit made by the reorganisation: under `parentId`, with its name and codes, as an admin creates one. */
export class NewUnitDto extends CreateUnitDto {}

/** A renaming or re-coding (đổi tên, đổi mã): what changes; the rest stays. */
export class RenameUnitDto extends OmitType(UpdateUnitDto, ['version'] as const) {}

/** What a unit was known by before a renaming. */
export class UnitIdentityDto {
  @ApiProperty() name: string;
  @ApiProperty() code: string;
  @ApiProperty() organId: string;
}

export class ReorganisationTargetDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'An existing unit the sources go into' })
  @IsOptional()
  @IsUUID()
  unitId?: string;

  @ApiPropertyOptional({ type: NewUnitDto, description: 'Or a unit made for it' })
  @IsOptional()
  @ValidateNested()
  @Type(() => NewUnitDto)
  new?: NewUnitDto;
}

export class ReorganiseDto {
  @ApiProperty({
    enum: REORGANISATION_KINDS,
    description:
      '`merge` (sáp nhập): everything open in the sources moves, the sources retire into the target; `split` (chia tách): the people named move, with what they handle; `rename` (đổi tên, đổi mã): the one source takes the names in `rename`, its former ones kept and searchable',
  })
  @IsIn(REORGANISATION_KINDS)
  kind: ReorganisationKind;

  @ApiProperty({
    type: [String],
    format: 'uuid',
    description: 'The units merged (or the unit split, or renamed)',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  sourceIds: string[];

  @ApiPropertyOptional({ type: ReorganisationTargetDto, description: 'Merge and split: where the work goes' })
  @IsOptional()
  @ValidateNested()
  @Type(() => ReorganisationTargetDto)
  target?: ReorganisationTargetDto;

  @ApiPropertyOptional({ type: RenameUnitDto, description: 'Rename: the new name, code or OrganId' })
  @IsOptional()
  @ValidateNested()
  @Type(() => RenameUnitDto)
  rename?: RenameUnitDto;

  @ApiPropertyOptional({ type: [String], format: 'uuid', description: 'Split: the people who move' })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  userIds?: string[];

  @ApiPropertyOptional({ format: 'date-time', description: 'From when (default: now; not in the future)' })
  @IsOptional()
  @IsInstant()
  effectiveAt?: string;

  @ApiPropertyOptional({
    maxLength: 500,
    example: 'Nghị quyết số 1659/NQ-UBTVQH15 của Ủy ban Thường vụ Quốc hội',
  })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  basis?: string;
}

export class ReorganisationViewDto {
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'null in a dry run' }) id:
    string | null;
  @ApiProperty({ enum: REORGANISATION_KINDS }) kind: ReorganisationKind;
  @ApiProperty({ type: [UnitRefDto] }) sources: UnitRefDto[];
  @ApiProperty({ type: UnitRefDto }) target: UnitRefDto;
  @ApiProperty({ format: 'date-time' }) effectiveAt: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'object', additionalProperties: { type: 'integer' } },
    description: 'Per library, what moves (dry run) or moved, e.g. {"tasks": {"openTasksLed": 4}}',
    example: { people: { positions: 12, people: 12 }, tasks: { openTasksLed: 4 } },
  })
  moved: Record<string, Record<string, number>>;
  @ApiProperty() basis: string;
  @ApiProperty({
    type: UnitIdentityDto,
    nullable: true,
    description: 'A renaming: what the unit was called before (the target is the unit as renamed)',
  })
  renamedFrom: UnitIdentityDto | null;
  @ApiProperty({ description: 'true: nothing was changed (POST /reorganisations/preview)' }) dryRun: boolean;
}
