import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PersonRefDto, UnitRefDto } from '@lt/common';
import { AttachmentMetaDto } from '@lt/files';
import { DRAFT_STATES, REVIEW_STATES, SECRECY_LEVELS, SIGNING_FORMS } from './document-draft.entity';
import type { DocumentToSign, DraftChoices, DraftView } from './document-drafting';
import { ExternalRecipientDto } from './document-draft.dto';

class DraftRecipientsViewDto {
  @ApiProperty({ type: [UnitRefDto] }) units: UnitRefDto[];
  @ApiProperty({ type: [ExternalRecipientDto] }) organs: ExternalRecipientDto[];
}

class DraftVersionViewDto {
  @ApiProperty() number: number;
  @ApiProperty() subject: string;
  @ApiProperty({ type: PersonRefDto }) editedBy: PersonRefDto;
  @ApiProperty({ nullable: true, type: String }) note: string | null;
  @ApiProperty({ format: 'date-time' }) at: string;
}

class DraftReviewViewDto {
  @ApiProperty() round: number;
  @ApiProperty() seq: number;
  @ApiProperty({ type: PersonRefDto }) reviewer: PersonRefDto;
  @ApiProperty({ enum: REVIEW_STATES }) state: DraftView['reviews'][number]['state'];
  @ApiProperty({ nullable: true, type: String }) comment: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) decidedAt: string | null;
  @ApiProperty({ description: 'The decision is signed (GET /drafts/:id/…)' }) signed: boolean;
}

export class DraftViewDto implements DraftView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ type: UnitRefDto }) unit: UnitRefDto;
  @ApiProperty({ enum: DRAFT_STATES }) state: DraftView['state'];
  @ApiProperty() typeName: string;
  @ApiProperty() codeNotation: string;
  @ApiProperty() subject: string;
  @ApiProperty() body: string;
  @ApiProperty() priority: number;
  @ApiProperty({ enum: SECRECY_LEVELS }) secrecy: DraftView['secrecy'];
  @ApiProperty({ type: DraftRecipientsViewDto }) recipients: DraftRecipientsViewDto;
  @ApiProperty({ type: PersonRefDto }) drafter: PersonRefDto;
  @ApiProperty({ type: PersonRefDto }) signer: PersonRefDto;
  @ApiProperty({ enum: SIGNING_FORMS }) signingForm: DraftView['signingForm'];
  @ApiProperty({ description: 'Which submission for review (0 before the first)' }) round: number;
  @ApiProperty({ type: [AttachmentMetaDto] }) attachments: AttachmentMetaDto[];
  @ApiProperty({ type: [DraftVersionViewDto] }) versions: DraftVersionViewDto[];
  @ApiProperty({ type: [DraftReviewViewDto] }) reviews: DraftReviewViewDto[];
  @ApiProperty({
    format: 'uuid',
    nullable: true,
    type: String,
    description: 'Once issued: GET /documents/:id',
  })
  documentId: string | null;
  @ApiProperty() version: number;
  @ApiProperty({ enum: ['revise', 'submit', 'review', 'sign'], isArray: true })
  allowedActions: DraftView['allowedActions'];
}

class SigningAttachmentDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() fileName: string;
  @ApiProperty() sha256: string;
}

class SigningUnitDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty() organId: string;
}

class SigningRecipientsDto {
  @ApiProperty({ type: [String], format: 'uuid' }) units: string[];
  @ApiProperty({ type: [ExternalRecipientDto] }) organs: ExternalRecipientDto[];
}

/** `content.document` of the signature: sign exactly this. */
export class DocumentOnBehalfOfDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() fullName: string;
  @ApiProperty({ format: 'uuid' }) delegationId: string;
}

export class DocumentToSignDto implements DocumentToSign {
  @ApiProperty({ format: 'uuid' }) draftId: string;
  @ApiProperty() draftVersion: number;
  @ApiProperty({ type: SigningUnitDto }) unit: SigningUnitDto;
  @ApiProperty() typeName: string;
  @ApiProperty() codeNotation: string;
  @ApiProperty() subject: string;
  @ApiProperty({ description: 'SHA-256 (hex) of the body, UTF-8' }) bodySha256: string;
  @ApiProperty({ type: [SigningAttachmentDto] }) attachments: SigningAttachmentDto[];
  @ApiProperty() priority: number;
  @ApiProperty({ enum: SECRECY_LEVELS }) secrecy: DocumentToSign['secrecy'];
  @ApiProperty({ type: SigningRecipientsDto }) recipients: SigningRecipientsDto;
  @ApiProperty({ enum: SIGNING_FORMS }) signingForm: DocumentToSign['signingForm'];
  @ApiProperty({ type: [String], description: 'Printed above the signature, the signer’s name last' })
  signatureBlock: string[];
  @ApiPropertyOptional({ description: 'Signed TUQ.: the head whose authority the signer signs under' })
  onBehalfOf?: DocumentOnBehalfOfDto;
}

export class IssuedDocumentRefDto {
  @ApiProperty({ format: 'uuid', description: 'GET /documents/:id' }) documentId: string;
}

class ChoiceUnitDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ description: 'Depth below the root' }) depth: number;
}

class ChoicePersonDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() fullName: string;
  @ApiProperty({ nullable: true, type: String }) title: string | null;
  @ApiProperty() unitName: string;
}

export class DraftChoicesDto implements DraftChoices {
  @ApiProperty({ type: [ChoiceUnitDto], description: 'Every unit, as a recipient' }) units: ChoiceUnitDto[];
  @ApiProperty({ type: [ChoicePersonDto], description: 'Who may sign' }) signers: ChoicePersonDto[];
  @ApiProperty({ type: [ChoicePersonDto], description: 'Who may review' }) reviewers: ChoicePersonDto[];
}
