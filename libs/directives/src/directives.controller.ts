import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@lt/access';
import { Authenticated, CurrentActor, PostingLimit } from '@lt/auth';
import { ApiIdempotencyKey, IdempotencyKey, uuidPipe } from '@lt/common';
import { sendFile } from '@lt/files';
import type { ReceiptView } from './directive-events';
import type { Response } from 'express';
import { AcknowledgeDto, InboxQuery, IssueDirectiveDto, RecallDirectiveDto } from './directive.dto';
import { DirectiveFollowUp, DirectiveProgress, InboxItem, IssuedItem } from './directive-follow-up';
import { DirectiveReceipts } from './directive-receipts';
import { IssueDirective, IssuedDirective } from './issue-directive';

@ApiTags('directives')
@Controller('directives')
export class DirectivesController {
  constructor(
    private readonly issueDirective: IssueDirective,
    private readonly followUp: DirectiveFollowUp,
    private readonly receipts: DirectiveReceipts,
  ) {}

  @Post()
  @HttpCode(201)
  @Authenticated({ permission: 'directive.issue' })
  @PostingLimit('directive')
  @ApiOperation({ summary: 'Issue a directive (leaders of the issuing unit); recipients get it live' })
  @ApiIdempotencyKey('directive')
  @ApiCreatedResponse({ description: 'The directive with its number, symbol and recipient count' })
  issue(
    @CurrentActor() actor: Actor,
    @Body() dto: IssueDirectiveDto,
    @IdempotencyKey() idempotencyKey?: string,
  ): Promise<IssuedDirective> {
    return this.issueDirective.execute(actor, dto, idempotencyKey);
  }

  @Get()
  @Authenticated()
  @ApiOperation({ summary: 'My received directives, newest first, with my receipt' })
  inbox(@CurrentActor() actor: Actor, @Query() query: InboxQuery): Promise<InboxItem[]> {
    return this.followUp.inbox(actor, query);
  }

  @Get('issued')
  @Authenticated({ permission: 'directive.issue' })
  @ApiOperation({
    summary: 'Directives issued by my unit and the units below it, with acknowledgement counts',
  })
  issued(@CurrentActor() actor: Actor, @Query() query: InboxQuery): Promise<IssuedItem[]> {
    return this.followUp.issued(actor, query);
  }

  @Get(':id')
  @Authenticated()
  @ApiOkResponse({
    description: 'For a recipient: the directive and my receipt; for its leaders: the directive and counts',
  })
  get(@CurrentActor() actor: Actor, @Param('id', uuidPipe()) id: string): Promise<InboxItem | IssuedItem> {
    return this.followUp.get(actor, id);
  }

  @Get(':id/progress')
  @Authenticated({ permission: 'directive.issue' })
  @ApiOperation({ summary: 'Acknowledgement progress per unit, naming who has not acknowledged' })
  progress(@CurrentActor() actor: Actor, @Param('id', uuidPipe()) id: string): Promise<DirectiveProgress> {
    return this.followUp.progress(actor, id);
  }

  @Post(':id/read')
  @HttpCode(200)
  @Authenticated()
  @ApiOperation({ summary: 'Mark as read (idempotent: the first time is kept)' })
  async read(@CurrentActor() actor: Actor, @Param('id', uuidPipe()) id: string): Promise<ReceiptView> {
    return (await this.receipts.record(actor, 'read', [id]))[0];
  }

  @Post(':id/acknowledge')
  @HttpCode(200)
  @Authenticated()
  @ApiOperation({ summary: '"Tôi đã nhận" — acknowledge, with an optional comment (idempotent)' })
  async acknowledge(
    @CurrentActor() actor: Actor,
    @Param('id', uuidPipe()) id: string,
    @Body() dto: AcknowledgeDto,
  ): Promise<ReceiptView> {
    return (await this.receipts.record(actor, 'acknowledge', [id], dto.comment))[0];
  }

  @Post(':id/remind')
  @HttpCode(200)
  @Authenticated({ permission: 'directive.issue' })
  @ApiOperation({ summary: 'Remind everyone who has not acknowledged (at most every 5 minutes)' })
  remind(@CurrentActor() actor: Actor, @Param('id', uuidPipe()) id: string): Promise<{ reminded: number }> {
    return this.followUp.remind(actor, id);
  }

  @Post(':id/recall')
  @HttpCode(200)
  @Authenticated({ permission: 'directive.issue' })
  @ApiOperation({ summary: 'Recall (thu hồi): recipients see it marked recalled; nothing is deleted' })
  recall(
    @CurrentActor() actor: Actor,
    @Param('id', uuidPipe()) id: string,
    @Body() dto: RecallDirectiveDto,
  ): Promise<IssuedItem> {
    return this.followUp.recall(actor, id, dto.reason, dto.version);
  }

  @Get(':id/attachments/:fileId')
  @Authenticated()
  @ApiOperation({ summary: 'Download an attachment (recipients and the leaders following the directive)' })
  async attachment(
    @CurrentActor() actor: Actor,
    @Param('id', uuidPipe()) id: string,
    @Param('fileId', uuidPipe('fileId')) fileId: string,
    @Res() response: Response,
  ): Promise<void> {
    sendFile(response, await this.followUp.attachment(actor, id, fileId));
  }
}
