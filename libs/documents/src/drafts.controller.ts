import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@lt/access';
import { Authenticated, CurrentActor } from '@lt/auth';
import { ApiIdempotencyKey, IdempotencyKey, uuidPipe } from '@lt/common';
import { AttachmentDownload, AttachmentParams, StoredFileEntity } from '@lt/files';
import {
  CreateDraftDto,
  DraftChoicesQuery,
  ReviseDraftDto,
  SignDocumentDto,
  SignedReviewDto,
  SubmitDraftDto,
} from './document-draft.dto';
import {
  DocumentToSignDto,
  DraftChoicesDto,
  DraftViewDto,
  IssuedDocumentRefDto,
} from './document-draft-views.dto';
import { DocumentDrafting } from './document-drafting';

/** Drafts of outgoing documents: write, review (trình ký), sign and issue (docs/documents-and-annotations.md). */
@ApiTags('documents')
@Controller('drafts')
export class DraftsController {
  constructor(private readonly drafting: DocumentDrafting) {}

  @Post()
  @HttpCode(201)
  @Authenticated()
  @ApiOperation({ summary: 'Draft an outgoing document in your unit (dự thảo)' })
  @ApiIdempotencyKey('draft')
  @ApiCreatedResponse({ type: DraftViewDto })
  create(
    @CurrentActor() actor: Actor,
    @Body() dto: CreateDraftDto,
    @IdempotencyKey() idempotencyKey?: string,
  ): Promise<DraftViewDto> {
    return this.drafting.create(actor, dto, idempotencyKey);
  }

  @Get()
  @Authenticated()
  @ApiOperation({ summary: 'My drafts, and those waiting for my review or my signature' })
  @ApiOkResponse({ type: [DraftViewDto] })
  mine(@CurrentActor() actor: Actor): Promise<DraftViewDto[]> {
    return this.drafting.mine(actor);
  }

  @Get('choices')
  @Authenticated()
  @ApiOperation({ summary: 'For the draft form of a unit of yours: recipient units, signers, reviewers' })
  @ApiOkResponse({ type: DraftChoicesDto })
  choices(@CurrentActor() actor: Actor, @Query() query: DraftChoicesQuery): Promise<DraftChoicesDto> {
    return this.drafting.choices(actor, query.unitId);
  }

  @Get(':id')
  @Authenticated()
  @ApiOperation({ summary: 'A draft with its versions and review chain (for the people on it)' })
  @ApiOkResponse({ type: DraftViewDto })
  get(@CurrentActor() actor: Actor, @Param('id', uuidPipe()) id: string): Promise<DraftViewDto> {
    return this.drafting.get(actor, id);
  }

  @Put(':id')
  @Authenticated()
  @ApiOperation({ summary: 'Drafter: a new version (kept), while the draft is with you' })
  @ApiOkResponse({ type: DraftViewDto })
  revise(
    @CurrentActor() actor: Actor,
    @Param('id', uuidPipe()) id: string,
    @Body() dto: ReviseDraftDto,
  ): Promise<DraftViewDto> {
    return this.drafting.revise(actor, id, dto);
  }

  @Post(':id/submit')
  @HttpCode(200)
  @Authenticated()
  @ApiOperation({ summary: 'Drafter: submit through the review chain you pick (trình ký)' })
  @ApiOkResponse({ type: DraftViewDto })
  submit(
    @CurrentActor() actor: Actor,
    @Param('id', uuidPipe()) id: string,
    @Body() dto: SubmitDraftDto,
  ): Promise<DraftViewDto> {
    return this.drafting.submit(actor, id, dto);
  }

  @Post(':id/review')
  @HttpCode(200)
  @Authenticated()
  @ApiOperation({ summary: 'The reviewer whose turn it is: approve, return or forward — signed' })
  @ApiOkResponse({ type: DraftViewDto })
  review(
    @CurrentActor() actor: Actor,
    @Param('id', uuidPipe()) id: string,
    @Body() dto: SignedReviewDto,
  ): Promise<DraftViewDto> {
    return this.drafting.review(actor, id, dto);
  }

  @Get(':id/signing-content')
  @Authenticated()
  @ApiOperation({ summary: 'What the signer signs, exactly (content.document of POST /drafts/:id/sign)' })
  @ApiOkResponse({ type: DocumentToSignDto })
  signingContent(
    @CurrentActor() actor: Actor,
    @Param('id', uuidPipe()) id: string,
  ): Promise<DocumentToSignDto> {
    return this.drafting.signingContent(actor, id);
  }

  @Post(':id/sign')
  @HttpCode(200)
  @Authenticated()
  @ApiOperation({
    summary: 'The signer: sign the approved document; it is numbered in the outgoing register and issued',
  })
  @ApiOkResponse({ type: IssuedDocumentRefDto })
  sign(
    @CurrentActor() actor: Actor,
    @Param('id', uuidPipe()) id: string,
    @Body() dto: SignDocumentDto,
  ): Promise<IssuedDocumentRefDto> {
    return this.drafting.sign(actor, id, dto);
  }

  @AttachmentDownload(':id/attachments/:fileId', "Download a draft's attachment")
  attachment(@CurrentActor() actor: Actor, @Param() file: AttachmentParams): Promise<StoredFileEntity> {
    return this.drafting.attachment(actor, file.id, file.fileId);
  }
}
