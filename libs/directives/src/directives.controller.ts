import { Body, Controller, Get, HttpCode, Param, Post, Query, StreamableFile } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiExtraModels,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import type { Actor } from '@lt/access';
import { Authenticated, CurrentActor, PostingLimit } from '@lt/auth';
import { ApiIdempotencyKey, IdempotencyKey, uuidPipe } from '@lt/common';
import { EvidenceDownload, evidenceFile, EvidencePackages } from '@lt/evidence';
import { AttachmentDownload, AttachmentParams, StoredFileEntity } from '@lt/files';
import { AcknowledgeDto, InboxQuery, IssueDirectiveDto, RecallDirectiveDto } from './directive.dto';
import { DirectiveFollowUp } from './directive-follow-up';
import {
  DirectiveProgressDto,
  InboxItemDto,
  IssuedDirectiveDto,
  IssuedItemDto,
  ReceiptViewDto,
  RemindedDto,
} from './directive-views.dto';
import { DirectiveReceipts } from './directive-receipts';
import { IssueDirective } from './issue-directive';
import { ViewLog } from '@lt/views';

@ApiTags('directives')
@Controller('directives')
export class DirectivesController {
  constructor(
    private readonly issueDirective: IssueDirective,
    private readonly followUp: DirectiveFollowUp,
    private readonly receipts: DirectiveReceipts,
    private readonly evidencePackages: EvidencePackages,
    private readonly views: ViewLog,
  ) {}

  @Post()
  @HttpCode(201)
  @Authenticated({ permission: 'directive.issue' })
  @PostingLimit('directive')
  @ApiOperation({ summary: 'Issue a directive (leaders of the issuing unit); recipients get it live' })
  @ApiIdempotencyKey('directive')
  @ApiCreatedResponse({
    type: IssuedDirectiveDto,
    description: 'The directive with its number, symbol and recipient count',
  })
  issue(
    @CurrentActor() actor: Actor,
    @Body() dto: IssueDirectiveDto,
    @IdempotencyKey() idempotencyKey?: string,
  ): Promise<IssuedDirectiveDto> {
    return this.issueDirective.execute(actor, dto, idempotencyKey);
  }

  @Get()
  @Authenticated()
  @ApiOperation({ summary: 'My received directives, newest first, with my receipt' })
  @ApiOkResponse({ type: [InboxItemDto] })
  inbox(@CurrentActor() actor: Actor, @Query() query: InboxQuery): Promise<InboxItemDto[]> {
    return this.followUp.inbox(actor, query);
  }

  @Get('issued')
  @Authenticated({ permission: 'directive.issue' })
  @ApiOperation({
    summary: 'Directives issued by my unit and the units below it, with acknowledgement counts',
  })
  @ApiOkResponse({ type: [IssuedItemDto] })
  issued(@CurrentActor() actor: Actor, @Query() query: InboxQuery): Promise<IssuedItemDto[]> {
    return this.followUp.issued(actor, query);
  }

  @Get(':id')
  @Authenticated()
  @ApiOkResponse({
    description: 'For a recipient: the directive and my receipt; for its leaders: the directive and counts',
    schema: { oneOf: [{ $ref: getSchemaPath(InboxItemDto) }, { $ref: getSchemaPath(IssuedItemDto) }] },
  })
  @ApiExtraModels(InboxItemDto, IssuedItemDto)
  async get(
    @CurrentActor() actor: Actor,
    @Param('id', uuidPipe()) id: string,
  ): Promise<InboxItemDto | IssuedItemDto> {
    const directive = await this.followUp.get(actor, id);
    this.views.seen(actor, { type: 'directive', id, how: 'view' });
    return directive;
  }

  @EvidenceDownload(':id/evidence', 'a directive (for those who follow it)')
  async evidence(@CurrentActor() actor: Actor, @Param('id', uuidPipe()) id: string): Promise<StreamableFile> {
    return evidenceFile(await this.evidencePackages.export(actor, await this.followUp.evidence(actor, id)));
  }

  @Get(':id/progress')
  @Authenticated({ permission: 'directive.issue' })
  @ApiOperation({ summary: 'Acknowledgement progress per unit, naming who has not acknowledged' })
  @ApiOkResponse({ type: DirectiveProgressDto })
  progress(@CurrentActor() actor: Actor, @Param('id', uuidPipe()) id: string): Promise<DirectiveProgressDto> {
    return this.followUp.progress(actor, id);
  }

  @Post(':id/read')
  @HttpCode(200)
  @Authenticated()
  @ApiOperation({ summary: 'Mark as read (idempotent: the first time is kept)' })
  @ApiOkResponse({ type: ReceiptViewDto })
  async read(@CurrentActor() actor: Actor, @Param('id', uuidPipe()) id: string): Promise<ReceiptViewDto> {
    return (await this.receipts.record(actor, 'read', [id]))[0];
  }

  @Post(':id/acknowledge')
  @HttpCode(200)
  @Authenticated()
  @ApiOperation({ summary: '"Tôi đã nhận" — acknowledge, with an optional comment (idempotent)' })
  @ApiOkResponse({ type: ReceiptViewDto })
  async acknowledge(
    @CurrentActor() actor: Actor,
    @Param('id', uuidPipe()) id: string,
    @Body() dto: AcknowledgeDto,
  ): Promise<ReceiptViewDto> {
    return (await this.receipts.record(actor, 'acknowledge', [id], dto.comment))[0];
  }

  @Post(':id/remind')
  @HttpCode(200)
  @Authenticated({ permission: 'directive.issue' })
  @ApiOperation({ summary: 'Remind everyone who has not acknowledged (at most every 5 minutes)' })
  @ApiOkResponse({ type: RemindedDto })
  remind(@CurrentActor() actor: Actor, @Param('id', uuidPipe()) id: string): Promise<RemindedDto> {
    return this.followUp.remind(actor, id);
  }

  @Post(':id/recall')
  @HttpCode(200)
  @Authenticated({ permission: 'directive.issue' })
  @ApiOperation({ summary: 'Recall (thu hồi): recipients see it marked recalled; nothing is deleted' })
  @ApiOkResponse({ type: IssuedItemDto })
  recall(
    @CurrentActor() actor: Actor,
    @Param('id', uuidPipe()) id: string,
    @Body() dto: RecallDirectiveDto,
  ): Promise<IssuedItemDto> {
    return this.followUp.recall(actor, id, dto.reason, dto.version);
  }

  @AttachmentDownload(
    ':id/attachments/:fileId',
    'Download an attachment (recipients and the leaders following the directive)',
  )
  async attachment(@CurrentActor() actor: Actor, @Param() file: AttachmentParams): Promise<StoredFileEntity> {
    const content = await this.followUp.attachment(actor, file.id, file.fileId);
    this.views.seen(actor, {
      type: 'directive',
      id: file.id,
      how: 'download',
      detail: { fileId: file.fileId },
    });
    return content;
  }
}
