import { ApiProperty } from '@nestjs/swagger';
import { PageInfoDto, PersonRefDto, UnitRefDto } from '@lt/common';
import { AttachmentMetaDto } from '@lt/files';
import { DOCUMENT_DIRECTIONS, DOCUMENT_STATES, DocumentDirection, DocumentState } from './document.entity';
import type { DocumentDetail, DocumentPage, DocumentSummary, RegisteredDuplicate } from './documents.service';

/** An entry of a register (sổ văn bản đến/đi) as lists show it. */
export class DocumentSummaryDto implements DocumentSummary {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: DOCUMENT_DIRECTIONS }) direction: DocumentDirection;
  @ApiProperty({ type: UnitRefDto, description: 'The unit whose register it is in' }) unit: UnitRefDto;
  @ApiProperty() registerYear: number;
  @ApiProperty({ description: 'Số đến / số đi, in the year' }) registerNumber: number;
  @ApiProperty({ example: '123' }) codeNumber: string;
  @ApiProperty({ example: 'UBND-VP' }) codeNotation: string;
  @ApiProperty() organName: string;
  @ApiProperty({ nullable: true, type: String }) organId: string | null;
  @ApiProperty({ format: 'date' }) issuedDate: string;
  @ApiProperty() typeName: string;
  @ApiProperty() subject: string;
  @ApiProperty({ description: 'edXML priority: 0 thường … 4 hỏa tốc hẹn giờ' }) priority: number;
  @ApiProperty({ format: 'date', nullable: true, type: String }) dueDate: string | null;
  @ApiProperty({ format: 'date', nullable: true, type: String }) arrivalDate: string | null;
  @ApiProperty({ enum: DOCUMENT_STATES }) state: DocumentState;
  @ApiProperty({ type: PersonRefDto, nullable: true, description: 'The leader it was routed to' })
  routedTo: PersonRefDto | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) duplicateOf: string | null;
  @ApiProperty({ description: 'Times it was urged (đôn đốc) while waiting with a leader' })
  urgedCount: number;
  @ApiProperty({ format: 'date-time' }) registeredAt: string;
  @ApiProperty() version: number;
}

export class AnsweredTaskRefDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() title: string;
}

const DOCUMENT_ACTIONS = ['route', 'annotate', 'urge'] as const;

export class DocumentUrgingViewDto {
  @ApiProperty({ type: PersonRefDto }) by: PersonRefDto;
  @ApiProperty({ type: PersonRefDto, description: 'The leader it waited with' }) to: PersonRefDto;
  @ApiProperty() note: string;
  @ApiProperty({ format: 'date-time' }) at: string;
}

export class DocumentDetailDto extends DocumentSummaryDto implements DocumentDetail {
  @ApiProperty({ nullable: true, type: String }) signerName: string | null;
  @ApiProperty({ nullable: true, type: String }) signerPosition: string | null;
  @ApiProperty({ nullable: true, type: String }) recipients: string | null;
  @ApiProperty({ nullable: true, type: Number }) pageAmount: number | null;
  @ApiProperty({ nullable: true, type: String }) description: string | null;
  @ApiProperty({ type: PersonRefDto }) registeredBy: PersonRefDto;
  @ApiProperty({ type: [AttachmentMetaDto] }) attachments: AttachmentMetaDto[];
  @ApiProperty({ type: [AnsweredTaskRefDto], description: 'Tasks an outgoing document answers' })
  answersTasks: AnsweredTaskRefDto[];
  @ApiProperty({ nullable: true, type: String, description: 'The text, when drafted and signed here' })
  body: string | null;
  @ApiProperty({ enum: ['normal', 'secret', 'top_secret', 'absolute_secret'], description: 'Độ mật' })
  secrecy: string;
  @ApiProperty({ nullable: true, type: String, description: 'own, KT, TM, Q, TL, TUQ' }) signingForm:
    string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'GET /documents/:id/signature' })
  signatureId: string | null;
  @ApiProperty({ type: [DocumentUrgingViewDto], description: 'Each urging (đôn đốc), oldest first' })
  urgings: DocumentUrgingViewDto[];
  @ApiProperty({ enum: DOCUMENT_ACTIONS, isArray: true, description: 'What I may do with it' })
  allowedActions: (typeof DOCUMENT_ACTIONS)[number][];
}

export class ViewerDto {
  @ApiProperty({ type: PersonRefDto }) person: PersonRefDto;
  @ApiProperty({ description: 'How many times' }) times: number;
  @ApiProperty({ format: 'date-time' }) firstAt: string;
  @ApiProperty({ format: 'date-time' }) lastAt: string;
  @ApiProperty({ type: [String], example: ['view', 'download'], description: 'view, download, export' })
  actions: string[];
}

export class DocumentPageDto extends PageInfoDto implements DocumentPage {
  @ApiProperty({ type: [DocumentSummaryDto] }) items: DocumentSummaryDto[];
}

export class RegisteredDuplicateDto implements RegisteredDuplicate {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() registerNumber: number;
  @ApiProperty() registerYear: number;
  @ApiProperty({ format: 'date-time' }) registeredAt: string;
}

/** A task an outgoing document may answer. */
export class AnswerableTaskDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() title: string;
  @ApiProperty() state: string;
  @ApiProperty({ format: 'date-time' }) deadline: string;
}

/** A leader a document may be routed to. */
export class RouteTargetDto extends PersonRefDto {
  @ApiProperty({ nullable: true, type: String }) title: string | null;
  @ApiProperty() unitName: string;
}
