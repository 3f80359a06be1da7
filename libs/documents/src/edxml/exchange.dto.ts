import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { LocalizedTextDto } from '@lt/common';
import { IsOptional, IsUUID } from 'class-validator';
import { DELIVERY_STATUSES, DeliveryStatus } from '../document-delivery.entity';
import type { ExternalStatusView } from './document-exchange';

export class ReceiveEdxmlQuery {
  @ApiPropertyOptional({
    format: 'uuid',
    description: 'The register to receive into, when the clerk keeps more than one',
  })
  @IsOptional()
  @IsUUID()
  unitId?: string;
}

/** The status (01–06) an agency outside reported for a document issued here. */
export class ExternalStatusDto implements ExternalStatusView {
  @ApiProperty({ example: '000.00.00.H17' }) organId: string;
  @ApiProperty() organName: string;
  @ApiProperty({ enum: DELIVERY_STATUSES }) status: DeliveryStatus;
  @ApiProperty({ type: LocalizedTextDto }) statusName: { vi: string; en: string };
  @ApiProperty({ nullable: true, type: String }) description: string | null;
  @ApiProperty({ nullable: true, type: String }) staff: string | null;
  @ApiProperty({ format: 'date-time', description: 'When the agency says it happened' }) statusAt: string;
  @ApiProperty({ format: 'date-time' }) recordedAt: string;
}
