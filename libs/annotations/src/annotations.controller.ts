import { Body, Controller, Get, HttpCode, Param, Post, Query, StreamableFile } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@lt/access';
import { Authenticated, CurrentActor } from '@lt/auth';
import { ApiIdempotencyKey, IdempotencyKey, uuidPipe } from '@lt/common';
import { EvidenceDownload, evidenceFile, EvidencePackages } from '@lt/evidence';
import { SignatureBundleDto } from '@lt/signing';
import { AnnotateDto, FollowUpQuery, ThreadQuery } from './annotation.dto';
import { Annotate } from './annotate';
import { AnnotationFollowUp } from './annotation-follow-up';
import { AnnotationViews } from './annotation-views';
import { AnnotationViewDto, FollowUpPageDto, TrailItemDto } from './annotation-views.dto';
import { DocumentTrail } from './document-trail';

/** Leaders' annotations (bút phê): signed instructions that become tasks, and their follow-up. */
@ApiTags('annotations')
@Controller()
export class AnnotationsController {
  constructor(
    private readonly annotate: Annotate,
    private readonly views: AnnotationViews,
    private readonly followUp: AnnotationFollowUp,
    private readonly trail: DocumentTrail,
    private readonly evidencePackages: EvidencePackages,
  ) {}

  @Post('annotations')
  @HttpCode(201)
  @Authenticated({ permission: 'annotation.write' })
  @ApiOperation({
    summary:
      'Annotate a document, directive, task or report with content you signed; each assignment becomes a task, all in one transaction',
  })
  @ApiIdempotencyKey('annotation')
  @ApiCreatedResponse({ type: AnnotationViewDto })
  create(
    @CurrentActor() actor: Actor,
    @Body() dto: AnnotateDto,
    @IdempotencyKey() idempotencyKey?: string,
  ): Promise<AnnotationViewDto> {
    return this.annotate.execute(actor, dto, idempotencyKey);
  }

  @Get('annotations')
  @Authenticated()
  @ApiOperation({ summary: 'The thread of annotations on a subject, oldest first' })
  @ApiOkResponse({ type: [AnnotationViewDto] })
  thread(@CurrentActor() actor: Actor, @Query() query: ThreadQuery): Promise<AnnotationViewDto[]> {
    return this.views.thread(actor, query);
  }

  @Get('annotations/follow-up')
  @Authenticated({ permission: 'annotation.write' })
  @ApiOperation({
    summary:
      'Follow-up (theo dõi thực hiện bút phê): annotations by me or my units’ leaders, with a status derived from their tasks',
  })
  @ApiOkResponse({ type: FollowUpPageDto })
  followUpList(@CurrentActor() actor: Actor, @Query() query: FollowUpQuery): Promise<FollowUpPageDto> {
    return this.followUp.list(actor, query);
  }

  @Get('annotations/:id')
  @Authenticated()
  @ApiOperation({ summary: 'An annotation with its tasks and the follow-up status of each' })
  @ApiOkResponse({ type: AnnotationViewDto })
  get(@CurrentActor() actor: Actor, @Param('id', uuidPipe()) id: string): Promise<AnnotationViewDto> {
    return this.views.get(actor, id);
  }

  @EvidenceDownload('annotations/:id/evidence', 'an annotation and its tasks')
  async evidence(@CurrentActor() actor: Actor, @Param('id', uuidPipe()) id: string): Promise<StreamableFile> {
    return evidenceFile(await this.evidencePackages.export(actor, await this.views.evidence(actor, id)));
  }

  @Get('annotations/:id/signature')
  @Authenticated()
  @ApiOperation({ summary: 'Signature bundle of the annotation (verify with openssl)' })
  @ApiOkResponse({ type: SignatureBundleDto })
  signature(@CurrentActor() actor: Actor, @Param('id', uuidPipe()) id: string): Promise<SignatureBundleDto> {
    return this.views.signature(actor, id);
  }

  @Get('documents/:id/trail')
  @Authenticated()
  @ApiOperation({
    summary:
      'A document’s handling trail in order: registration, routing, annotations, tasks, reports, answers',
  })
  @ApiOkResponse({ type: [TrailItemDto] })
  documentTrail(@CurrentActor() actor: Actor, @Param('id', uuidPipe()) id: string): Promise<TrailItemDto[]> {
    return this.trail.trail(actor, id);
  }
}
