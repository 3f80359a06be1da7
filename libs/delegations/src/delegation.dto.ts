import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { DELEGABLE_POWERS, DELEGATION_FORMS, type DelegablePower, type DelegationForm } from '@lt/access';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
} from 'class-validator';
import { IsInstant, PersonRefDto, UnitRefDto } from '@lt/common';
import type { DelegationSummary } from './delegation-events';

export const DELEGATION_LIMITS = { reasonMax: 500, maxDays: 366 } as const;

export class GiveDelegationDto {
  @ApiProperty({ format: 'uuid', description: 'One of my own positions (a leader’s): whose powers travel' })
  @IsUUID()
  positionId: string;

  @ApiProperty({ format: 'uuid', description: 'Who acts for me (người được ủy quyền)' })
  @IsUUID()
  delegateId: string;

  @ApiProperty({
    enum: DELEGATION_FORMS,
    description: '`Q`: a deputy of my unit acts as head with every power; `TUQ`: the powers named',
  })
  @IsIn(DELEGATION_FORMS)
  form: DelegationForm;

  @ApiPropertyOptional({
    enum: DELEGABLE_POWERS,
    isArray: true,
    description: 'For `TUQ`: what travels. `Q` carries all of them.',
  })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(DELEGABLE_POWERS.length)
  @ArrayUnique()
  @IsIn(DELEGABLE_POWERS, { each: true })
  powers?: DelegablePower[];

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'Only over this unit and those under it (inside my reach); none: my whole reach',
  })
  @IsOptional()
  @IsUUID()
  limitUnitId?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'From (default: now)' })
  @IsOptional()
  @IsInstant()
  startsAt?: string;

  @ApiProperty({
    format: 'date-time',
    description: `Until (exclusive), at most ${DELEGATION_LIMITS.maxDays} days on`,
  })
  @IsInstant()
  endsAt: string;

  @ApiPropertyOptional({ maxLength: DELEGATION_LIMITS.reasonMax, example: 'Chủ tịch đi công tác nước ngoài' })
  @IsOptional()
  @IsString()
  @MaxLength(DELEGATION_LIMITS.reasonMax)
  reason?: string;
}

export class RevokeDelegationDto {
  @ApiProperty({ description: 'The version read (optimistic concurrency)' })
  @IsInt()
  version: number;

  @ApiPropertyOptional({ maxLength: DELEGATION_LIMITS.reasonMax, example: 'Chủ tịch đã trở lại làm việc' })
  @IsOptional()
  @IsString()
  @MaxLength(DELEGATION_LIMITS.reasonMax)
  reason?: string;
}

export class DelegationViewDto implements DelegationSummary {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: DELEGATION_FORMS }) form: DelegationForm;
  @ApiProperty({ type: PersonRefDto }) delegator: PersonRefDto;
  @ApiProperty({ type: PersonRefDto }) delegate: PersonRefDto;
  @ApiProperty({ type: UnitRefDto }) unit: UnitRefDto;
  @ApiProperty({ type: UnitRefDto, nullable: true }) limitUnit: UnitRefDto | null;
  @ApiProperty({ enum: DELEGABLE_POWERS, isArray: true }) powers: DelegablePower[];
  @ApiProperty({ format: 'date-time' }) startsAt: string;
  @ApiProperty({ format: 'date-time' }) endsAt: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) revokedAt: string | null;
  @ApiProperty({ example: 'Chủ tịch đi công tác nước ngoài' }) reason: string;
  @ApiProperty({
    description: 'The delegator’s title, e.g. Chủ tịch UBND phường',
    nullable: true,
    type: String,
  })
  delegatorTitle: string | null;
  @ApiProperty({ enum: ['scheduled', 'running', 'ended', 'revoked'] })
  status: 'scheduled' | 'running' | 'ended' | 'revoked';
  @ApiProperty({ description: 'May I revoke it (the delegator, or an admin over the unit)' })
  mayRevoke: boolean;
  @ApiProperty() version: number;
}

export class DelegationCandidateDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() fullName: string;
  @ApiProperty({ type: String, nullable: true }) title: string | null;
  @ApiProperty({ type: UnitRefDto }) unit: UnitRefDto;
  @ApiProperty({ description: 'A deputy of the position’s unit: may stand in as acting head (Q.)' })
  deputy: boolean;
}

export class DelegablePositionDto {
  @ApiProperty({ format: 'uuid' }) positionId: string;
  @ApiProperty({ type: UnitRefDto }) unit: UnitRefDto;
  @ApiProperty({ type: String, nullable: true }) title: string | null;
  @ApiProperty({ enum: DELEGABLE_POWERS, isArray: true, description: 'What this position may hand on' })
  powers: DelegablePower[];
  @ApiProperty({ description: 'The head’s post: a deputy may stand in (Q.)' }) head: boolean;
  @ApiProperty({
    type: [DelegationCandidateDto],
    description: 'People of the unit and of those directly under it',
  })
  candidates: DelegationCandidateDto[];
}

export class DelegationListQuery {
  @ApiPropertyOptional({
    format: 'uuid',
    description: 'A unit I administer: its delegations and those below',
  })
  @IsOptional()
  @IsUUID()
  unitId?: string;
}
