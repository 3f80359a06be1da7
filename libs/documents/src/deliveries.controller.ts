import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';
import type { Actor } from '@lt/access';
import { Authenticated, CurrentActor } from '@lt/auth';
import { NotBlank, PersonRefDto, UnitRefDto, uuidPipe } from '@lt/common';
import { DELIVERY_STATUSES } from './document-delivery.entity';
import { DeliveryView, DocumentDelivery } from './document-delivery';

export class DeliveryReasonDto {
  @ApiProperty({ maxLength: 2000, example: 'Không thuộc thẩm quyền giải quyết của phường.' })
  @IsString()
  @Length(3, 2000)
  @NotBlank()
  reason: string;
}

class DeliveredDocumentDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() subject: string;
  @ApiProperty() codeNumber: string;
  @ApiProperty() codeNotation: string;
  @ApiProperty() organName: string;
}

class StatusNameDto {
  @ApiProperty() vi: string;
  @ApiProperty() en: string;
}

class IncomingRefDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ description: 'Số đến in the recipient’s register' }) registerNumber: number;
}

export class DeliveryViewDto implements DeliveryView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ type: DeliveredDocumentDto }) document: DeliveredDocumentDto;
  @ApiProperty({ type: UnitRefDto, description: 'The recipient unit' }) unit: UnitRefDto;
  @ApiProperty({
    enum: DELIVERY_STATUSES,
    description:
      'edXML: 01 arrived, 02 refused, 03 accepted, 04 waiting for assignment, 05 being handled, 06 handled',
  })
  status: DeliveryView['status'];
  @ApiProperty({ type: StatusNameDto }) statusName: StatusNameDto;
  @ApiProperty({ description: 'Recalled by its sender (thu hồi): frozen' }) recalled: boolean;
  @ApiProperty({ format: 'date-time' }) arrivedAt: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) decidedAt: string | null;
  @ApiProperty({ type: PersonRefDto, nullable: true }) decidedBy: PersonRefDto | null;
  @ApiProperty({ nullable: true, type: String }) refusalReason: string | null;
  @ApiProperty({ type: IncomingRefDto, nullable: true }) incoming: IncomingRefDto | null;
}

/** Documents between units of the deployment: arrivals, acceptance or refusal, status, recall. */
@ApiTags('documents')
@Controller()
export class DeliveriesController {
  constructor(private readonly delivery: DocumentDelivery) {}

  @Get('arrivals')
  @Authenticated({ permission: 'document.register' })
  @ApiOperation({
    summary: 'Clerk: what other units sent to the units whose registers you keep, to accept or refuse',
  })
  @ApiOkResponse({ type: [DeliveryViewDto] })
  inbox(@CurrentActor() actor: Actor): Promise<DeliveryViewDto[]> {
    return this.delivery.inbox(actor);
  }

  @Post('arrivals/:id/accept')
  @HttpCode(200)
  @Authenticated()
  @ApiOperation({ summary: 'Clerk: accept it into your incoming register (numbered; status 03)' })
  @ApiOkResponse({ type: DeliveryViewDto })
  accept(@CurrentActor() actor: Actor, @Param('id', uuidPipe()) id: string): Promise<DeliveryViewDto> {
    return this.delivery.accept(actor, id);
  }

  @Post('arrivals/:id/refuse')
  @HttpCode(200)
  @Authenticated()
  @ApiOperation({ summary: 'Clerk: refuse it, with a reason (status 02)' })
  @ApiOkResponse({ type: DeliveryViewDto })
  refuse(
    @CurrentActor() actor: Actor,
    @Param('id', uuidPipe()) id: string,
    @Body() dto: DeliveryReasonDto,
  ): Promise<DeliveryViewDto> {
    return this.delivery.refuse(actor, id, dto.reason);
  }

  @Get('documents/:id/deliveries')
  @Authenticated()
  @ApiOperation({ summary: 'Each recipient of a document issued here, with its edXML status (01–06) now' })
  @ApiOkResponse({ type: [DeliveryViewDto] })
  statuses(@CurrentActor() actor: Actor, @Param('id', uuidPipe()) id: string): Promise<DeliveryViewDto[]> {
    return this.delivery.statuses(actor, id);
  }

  @Post('documents/:id/recall')
  @HttpCode(204)
  @Authenticated()
  @ApiOperation({
    summary: 'Signer or a leader of the issuing unit: recall it (thu hồi); frozen everywhere, trail kept',
  })
  @ApiNoContentResponse()
  recall(
    @CurrentActor() actor: Actor,
    @Param('id', uuidPipe()) id: string,
    @Body() dto: DeliveryReasonDto,
  ): Promise<void> {
    return this.delivery.recall(actor, id, dto.reason);
  }
}
