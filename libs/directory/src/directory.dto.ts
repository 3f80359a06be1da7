import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';
import {
  DELEGABLE_POWERS,
  DELEGATION_FORMS,
  type DelegablePower,
  type DelegationForm,
  Permission,
  PERMISSIONS,
} from '@lt/access';
import { PersonRefDto } from '@lt/common';
import { UNIT_KINDS, UnitInTree, UnitKind } from '@lt/org';
import { PersonView, PositionView, Role, ROLES } from '@lt/people';

class UnitFieldsDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) parentId: string | null;
  @ApiProperty({ enum: UNIT_KINDS }) kind: UnitKind;
  @ApiProperty({ example: 'Phường An Hải Bắc' }) name: string;
  @ApiProperty({ example: 'AHB' }) code: string;
  @ApiProperty({ example: '000.01.32.H17', description: 'OrganId, 13 characters' }) organId: string;
  @ApiProperty() active: boolean;
  @ApiProperty({ description: 'Send back when changing the unit (optimistic concurrency)' }) version: number;
}

/** A unit as the directory shows it, placed relative to the unit asked about. */
export class UnitDto extends UnitFieldsDto implements UnitInTree {
  @ApiProperty({ description: 'Depth below the unit asked about (subtree) or above (chain); 0 for itself' })
  depth: number;
}

/** A name, code and OrganId the unit bore until `validUntil` (before a renaming). */
export class FormerNameDto {
  @ApiProperty({ example: 'Phường Hòa Cường Bắc' }) name: string;
  @ApiProperty({ example: 'HCB' }) code: string;
  @ApiProperty({ example: '000.01.33.H17' }) organId: string;
  @ApiProperty({ format: 'date-time' }) validUntil: string;
}

/** A unit with what it was called before, latest first (GET /units/:id, GET /units?q=). */
export class UnitWithHistoryDto extends UnitDto {
  @ApiProperty({ type: [FormerNameDto] }) formerNames: FormerNameDto[];
  @ApiProperty({
    format: 'uuid',
    nullable: true,
    type: String,
    description: 'Merged (sáp nhập) into that unit',
  })
  mergedIntoId: string | null;
}

export class UnitSearchQuery {
  @ApiProperty({
    minLength: 2,
    maxLength: 200,
    description: 'Part of a name or code, now or former, with or without diacritics ("hoa cuong")',
  })
  @IsString()
  @MinLength(2)
  @MaxLength(200)
  q: string;
}

/** A unit as administration answers it: the stored record. */
export class UnitRecordDto extends UnitFieldsDto {
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
  @ApiProperty({ type: String, format: 'date-time' }) updatedAt: Date;
}

export class PositionDto implements PositionView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) unitId: string;
  @ApiProperty() unitName: string;
  @ApiProperty({ enum: UNIT_KINDS }) unitKind: string;
  @ApiProperty({ enum: ROLES }) role: Role;
  @ApiProperty({ nullable: true, type: String, example: 'Chủ tịch UBND phường' }) title: string | null;
}

export class PersonDto implements PersonView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() username: string;
  @ApiProperty({ example: 'Nguyễn Văn An' }) fullName: string;
  @ApiProperty({ nullable: true, type: String }) email: string | null;
  @ApiProperty() disabled: boolean;
  @ApiProperty() version: number;
  @ApiProperty({ type: [PositionDto] }) positions: PositionDto[];
}

/** A delegation running for me now: whose post I act with, in which unit, for what, until when. */
export class ActingForViewDto {
  @ApiProperty({ format: 'uuid' }) delegationId: string;
  @ApiProperty({ enum: DELEGATION_FORMS }) form: DelegationForm;
  @ApiProperty({ type: PersonRefDto }) delegator: PersonRefDto;
  @ApiProperty({ format: 'uuid', description: 'The delegator’s position' }) positionId: string;
  @ApiProperty({ format: 'uuid' }) unitId: string;
  @ApiProperty() unitName: string;
  @ApiProperty({ enum: ROLES }) role: Role;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'Only over this unit and below' })
  limitUnitId: string | null;
  @ApiProperty({ enum: DELEGABLE_POWERS, isArray: true }) powers: DelegablePower[];
  @ApiProperty({ format: 'date-time' }) endsAt: string;
}

export class MeDto extends PersonDto {
  @ApiProperty({
    enum: PERMISSIONS,
    isArray: true,
    description: 'What some position of mine grants, somewhere: the browser offers only these actions',
  })
  permissions: Permission[];

  @ApiProperty({
    type: [ActingForViewDto],
    description: 'Delegations running for me now (ủy quyền): the browser offers to act with them',
  })
  actingFor: ActingForViewDto[];
}

export class MyUnitDto extends UnitDto {
  @ApiProperty({ enum: ROLES }) role: string;
  @ApiProperty({ enum: ['unit', 'subtree'], description: 'How far this position reaches' }) reach: string;
}
