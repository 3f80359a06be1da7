import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  Equals,
  IsArray,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { IsInstant, NotBlank } from '@lt/common';
import { ORGAN_ID_PATTERN } from '@lt/org';
import { signedDecisionDto, signedSubmissionDto } from '@lt/signing';
import { SECRECY_LEVELS, SecrecyLevel, SIGNING_FORMS, SigningForm } from './document-draft.entity';

export const MAX_RECIPIENTS = 200;
export const MAX_REVIEWERS = 10;
export const DOCUMENT_KIND = 'lien-thong/document@1';

export class ExternalRecipientDto {
  @ApiProperty({ example: '000.00.00.H17', description: 'OrganId (13 characters) of an agency outside' })
  @Matches(ORGAN_ID_PATTERN)
  organId: string;

  @ApiProperty({ maxLength: 200 })
  @IsString()
  @Length(1, 200)
  @NotBlank()
  organName: string;
}

export class DraftRecipientsDto {
  @ApiProperty({ type: [String], format: 'uuid', description: 'Units inside the deployment (nơi nhận)' })
  @IsArray()
  @ArrayMaxSize(MAX_RECIPIENTS)
  @IsUUID('all', { each: true })
  units: string[];

  @ApiProperty({ type: [ExternalRecipientDto], description: 'Agencies outside, by OrganId' })
  @IsArray()
  @ArrayMaxSize(MAX_RECIPIENTS)
  @ValidateNested({ each: true })
  @Type(() => ExternalRecipientDto)
  organs: ExternalRecipientDto[];
}

/** What the drafter writes: the content, its recipients, who signs and in which form. */
export class DraftContentDto {
  @ApiProperty({ maxLength: 100, example: 'Kế hoạch', description: 'Loại văn bản' })
  @IsString()
  @Length(1, 100)
  @NotBlank()
  typeName: string;

  @ApiProperty({ maxLength: 100, example: 'KH-UBND', description: 'Ký hiệu the number is given with' })
  @IsString()
  @Length(1, 100)
  @NotBlank()
  codeNotation: string;

  @ApiProperty({ maxLength: 1000, description: 'Trích yếu' })
  @IsString()
  @Length(3, 1000)
  @NotBlank()
  subject: string;

  @ApiProperty({ maxLength: 200_000, description: 'Nội dung' })
  @IsString()
  @MaxLength(200_000)
  body: string;

  @ApiProperty({ minimum: 0, maximum: 4, description: 'Độ khẩn (edXML priority)' })
  @IsInt()
  @Min(0)
  @Max(4)
  priority: number;

  @ApiProperty({
    enum: SECRECY_LEVELS,
    description: 'Độ mật; a secret one is read only by those named on it',
  })
  @IsIn(SECRECY_LEVELS)
  secrecy: SecrecyLevel;

  @ApiProperty({ type: DraftRecipientsDto })
  @ValidateNested()
  @Type(() => DraftRecipientsDto)
  recipients: DraftRecipientsDto;

  @ApiProperty({ format: 'uuid', description: 'Who signs: a leader of the unit (for TL., of its office)' })
  @IsUUID()
  signerId: string;

  @ApiProperty({
    enum: SIGNING_FORMS,
    description: 'own name, KT. (ký thay), TM. (thay mặt), Q. (quyền), TL. (thừa lệnh), TUQ. (thừa ủy quyền)',
  })
  @IsIn(SIGNING_FORMS)
  signingForm: SigningForm;

  @ApiPropertyOptional({ type: [String], format: 'uuid', description: 'Files uploaded with POST /files' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsUUID('all', { each: true })
  attachmentIds?: string[];
}

export class CreateDraftDto extends DraftContentDto {
  @ApiProperty({ format: 'uuid', description: 'The unit issuing it: one you hold a position in' })
  @IsUUID()
  unitId: string;
}

export class ReviseDraftDto extends DraftContentDto {
  @ApiProperty({ minimum: 1, description: 'The version you saw; a stale one gets 409' })
  @IsInt()
  @Min(1)
  version: number;

  @ApiPropertyOptional({ maxLength: 2000, description: 'What changed and why' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;
}

export class SubmitDraftDto {
  @ApiProperty({
    type: [String],
    format: 'uuid',
    description:
      'The review chain in order (e.g. head of office, deputy chairman); empty: straight to the signer',
  })
  @IsArray()
  @ArrayMaxSize(MAX_REVIEWERS)
  @IsUUID('all', { each: true })
  reviewers: string[];

  @ApiProperty({ minimum: 1 })
  @IsInt()
  @Min(1)
  version: number;
}

export const REVIEW_DECISIONS = ['approve', 'return', 'forward'] as const;

/** A reviewer's decision on their step, signed (lien-thong/decision@1, subject document_draft). */
export class ReviewFieldsDto {
  @ApiProperty({
    enum: REVIEW_DECISIONS,
    description: 'approve: on to the next; return: to the drafter; forward: to another reviewer first',
  })
  @IsIn(REVIEW_DECISIONS)
  decision: (typeof REVIEW_DECISIONS)[number];

  @ApiPropertyOptional({ maxLength: 2000, description: 'Ý kiến; required to return' })
  @ValidateIf((o: ReviewFieldsDto) => o.decision === 'return' || o.comment !== undefined)
  @IsString()
  @Length(1, 2000)
  @NotBlank()
  comment?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'With forward: who reviews next' })
  @ValidateIf((o: ReviewFieldsDto) => o.decision === 'forward')
  @IsUUID()
  forwardTo?: string;

  @ApiProperty({ minimum: 1, description: 'The version of the draft you reviewed' })
  @IsInt()
  @Min(1)
  version: number;
}

export class SignedReviewDto extends signedDecisionDto(ReviewFieldsDto, 'DraftReview') {}

/** The content the signer signs: exactly what `GET /documents/drafts/:id/signing-content` gives, plus issuedAt and nonce. */
export class DocumentSigningContentDto {
  @ApiProperty({ enum: [DOCUMENT_KIND] })
  @Equals(DOCUMENT_KIND)
  kind: typeof DOCUMENT_KIND;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'The document as it will be issued',
  })
  @IsObject()
  document: Record<string, unknown>;

  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  signer: string;

  @ApiProperty({ format: 'date-time' })
  @IsInstant()
  issuedAt: string;

  @ApiProperty({ description: '16–128 characters [A-Za-z0-9_-], never used before by this signer' })
  @Matches(/^[A-Za-z0-9_-]{16,128}$/)
  nonce: string;
}

/** The signer's signature on the document as it will be issued. */
export class SignDocumentDto extends signedSubmissionDto(DocumentSigningContentDto, 'Document') {}

export class DraftChoicesQuery {
  @ApiProperty({ format: 'uuid', description: 'The unit drafting' })
  @IsUUID()
  unitId: string;
}
