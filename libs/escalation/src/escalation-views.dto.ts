import { ApiProperty } from '@nestjs/swagger';
import { ESCALATION_STOPS, EscalationStop } from './escalation.entity';
import type { EscalationNamed, EscalationView } from './escalation-ladder';

export class EscalationNamedDto implements EscalationNamed {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
}

export class EscalationStepDto {
  @ApiProperty({ minimum: 1 }) level: number;
  @ApiProperty({ format: 'date-time' }) at: string;
  @ApiProperty({
    type: EscalationNamedDto,
    nullable: true,
    description: 'null: nobody up to the top could be told',
  })
  toldUnit: EscalationNamedDto | null;
  @ApiProperty({
    nullable: true,
    type: String,
    description: '`leader`, or `deputy_leader` while no leader is in post',
  })
  toldRole: string | null;
  @ApiProperty({ type: [EscalationNamedDto] }) told: EscalationNamedDto[];
  @ApiProperty({ type: [EscalationNamedDto], description: 'Units passed over: nobody in post to tell' })
  passed: EscalationNamedDto[];
}

/** How a late item climbed the tree (báo cáo vượt cấp), as its page shows it. */
export class EscalationViewDto implements EscalationView {
  @ApiProperty({ type: EscalationNamedDto, description: 'The unit whose lateness climbs' })
  unit: EscalationNamedDto;
  @ApiProperty({ minimum: 0 }) level: number;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) nextAt: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) stoppedAt: string | null;
  @ApiProperty({ enum: ESCALATION_STOPS, nullable: true }) stopReason: EscalationStop | null;
  @ApiProperty({ type: [EscalationStepDto] }) steps: EscalationStepDto[];
}
