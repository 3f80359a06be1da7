import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@lt/access';
import { Authenticated, CurrentActor } from '@lt/auth';
import { ApiIdempotencyKey, IdempotencyKey, uuidPipe } from '@lt/common';
import { AssignTaskDto } from '@lt/tasks';
import { AssignFromItem } from './assign-from-item';
import {
  BriefingListQuery,
  BriefingSearchQuery,
  CloseBriefingDto,
  CommentItemDto,
  OpenBriefingDto,
  SubmitReportDto,
} from './briefing.dto';
import { BriefingSearch } from './briefing-search';
import { BriefingViews } from './briefing-views';
import {
  BriefingCommentViewDto,
  BriefingItemSourceDto,
  BriefingPageDto,
  BriefingSearchPageDto,
  BriefingViewDto,
  ItemTaskDto,
} from './briefing-views.dto';
import { CloseBriefing } from './close-briefing';
import { CommentItem } from './comment-item';
import { OpenBriefing } from './open-briefing';
import { SubmitReport } from './submit-report';

/** The electronic weekly briefing (giao ban điện tử): open, report, comment, assign, close, archive. */
@ApiTags('briefings')
@Controller('briefings')
export class BriefingsController {
  constructor(
    private readonly openBriefing: OpenBriefing,
    private readonly submitReport: SubmitReport,
    private readonly commentItem: CommentItem,
    private readonly assignFromItem: AssignFromItem,
    private readonly closeBriefing: CloseBriefing,
    private readonly views: BriefingViews,
    private readonly searcher: BriefingSearch,
  ) {}

  @Post()
  @HttpCode(201)
  @Authenticated({ permission: 'briefing.open' })
  @ApiOperation({
    summary:
      "Open the week's briefing of a unit you lead: meeting, cut-off, and who reports (its direct subordinate units by default, plus named people); one per unit and ISO week",
  })
  @ApiIdempotencyKey('briefing')
  @ApiCreatedResponse({ type: BriefingViewDto })
  open(
    @CurrentActor() actor: Actor,
    @Body() dto: OpenBriefingDto,
    @IdempotencyKey() idempotencyKey?: string,
  ): Promise<BriefingViewDto> {
    return this.openBriefing.execute(actor, dto, idempotencyKey);
  }

  @Get()
  @Authenticated()
  @ApiOperation({
    summary: 'Briefings I may read (my units and those below, those I report to), newest meeting first',
  })
  @ApiOkResponse({ type: BriefingPageDto })
  list(@CurrentActor() actor: Actor, @Query() query: BriefingListQuery): Promise<BriefingPageDto> {
    return this.views.list(actor, query);
  }

  @Get('search')
  @Authenticated()
  @ApiOperation({
    summary:
      'Full-text search of the briefings I may read (titles, conclusions, report items, comments), insensitive to Vietnamese marks',
  })
  @ApiOkResponse({ type: BriefingSearchPageDto })
  search(@CurrentActor() actor: Actor, @Query() query: BriefingSearchQuery): Promise<BriefingSearchPageDto> {
    return this.searcher.search(actor, query);
  }

  @Get('items/:itemId')
  @Authenticated()
  @ApiOperation({ summary: 'A report item and its briefing (the source of a task made from it)' })
  @ApiOkResponse({ type: BriefingItemSourceDto })
  item(
    @CurrentActor() actor: Actor,
    @Param('itemId', uuidPipe('itemId')) itemId: string,
  ): Promise<BriefingItemSourceDto> {
    return this.views.item(actor, itemId);
  }

  @Get(':id')
  @Authenticated()
  @ApiOperation({
    summary:
      'A briefing: each expected reporter with its status (on time, late, missing, pending) and report',
  })
  @ApiOkResponse({ type: BriefingViewDto })
  get(@CurrentActor() actor: Actor, @Param('id', uuidPipe()) id: string): Promise<BriefingViewDto> {
    return this.views.get(actor, id);
  }

  @Put(':id/reporters/:reporterId/report')
  @Authenticated()
  @ApiOperation({
    summary:
      'Submit (or resubmit, with the version you replace) the report of a reporter you stand for; after the cut-off it is marked late',
  })
  @ApiOkResponse({ type: BriefingViewDto })
  submit(
    @CurrentActor() actor: Actor,
    @Param('id', uuidPipe()) id: string,
    @Param('reporterId', uuidPipe('reporterId')) reporterId: string,
    @Body() dto: SubmitReportDto,
  ): Promise<BriefingViewDto> {
    return this.submitReport.execute(actor, id, reporterId, dto);
  }

  @Post(':id/items/:itemId/comments')
  @HttpCode(201)
  @Authenticated({ permission: 'briefing.open' })
  @ApiOperation({
    summary:
      'Comment an item of a report (leaders of the briefing unit); comments are final, so send an Idempotency-Key to retry safely',
  })
  @ApiIdempotencyKey('comment')
  @ApiCreatedResponse({ type: BriefingCommentViewDto })
  comment(
    @CurrentActor() actor: Actor,
    @Param('id', uuidPipe()) id: string,
    @Param('itemId', uuidPipe('itemId')) itemId: string,
    @Body() dto: CommentItemDto,
    @IdempotencyKey() idempotencyKey?: string,
  ): Promise<BriefingCommentViewDto> {
    return this.commentItem.execute(actor, id, itemId, dto, idempotencyKey);
  }

  @Post(':id/items/:itemId/task')
  @HttpCode(201)
  @Authenticated({ permission: 'briefing.open' })
  @ApiOperation({
    summary:
      'Turn an item into a signed task in one action: an assignment signed as for POST /tasks, with source { type: "briefing", id: itemId }',
  })
  @ApiIdempotencyKey('task')
  @ApiCreatedResponse({ type: ItemTaskDto })
  assign(
    @CurrentActor() actor: Actor,
    @Param('id', uuidPipe()) id: string,
    @Param('itemId', uuidPipe('itemId')) itemId: string,
    @Body() dto: AssignTaskDto,
    @IdempotencyKey() idempotencyKey?: string,
  ): Promise<ItemTaskDto> {
    return this.assignFromItem.execute(actor, id, itemId, dto, idempotencyKey);
  }

  @Post(':id/close')
  @HttpCode(200)
  @Authenticated({ permission: 'briefing.open' })
  @ApiOperation({ summary: 'Close (kết thúc) the briefing with its conclusion; it becomes read-only' })
  @ApiOkResponse({ type: BriefingViewDto })
  close(
    @CurrentActor() actor: Actor,
    @Param('id', uuidPipe()) id: string,
    @Body() dto: CloseBriefingDto,
  ): Promise<BriefingViewDto> {
    return this.closeBriefing.execute(actor, id, dto);
  }
}
