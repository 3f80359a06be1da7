import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
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
import { CreateUnitDto } from '@lt/admin';

export const REORGANISATION_KINDS = ['merge', 'split'] as const;

/** A unit made by the reorganisation: under `parentId`, with its name and codes, as an admin creates one. */
export class NewUnitDto extends CreateUnitDto {}

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
      '`merge` (sáp nhập): everything open in the sources moves, the sources retire into the target; `split` (chia tách): the people named move, with what they handle',
  })
  @IsIn(REORGANISATION_KINDS)
  kind: 'merge' | 'split';

  @ApiProperty({ type: [String], format: 'uuid', description: 'The units merged (or the unit split)' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  sourceIds: string[];

  @ApiProperty({ type: ReorganisationTargetDto })
  @ValidateNested()
  @Type(() => ReorganisationTargetDto)
  target: ReorganisationTargetDto;

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
  @ApiProperty({ enum: REORGANISATION_KINDS }) kind: 'merge' | 'split';
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
  @ApiProperty({ description: 'true: nothing was changed (POST /reorganisations/preview)' }) dryRun: boolean;
}
