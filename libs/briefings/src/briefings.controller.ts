import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@lt/access';
import { Authenticated, CurrentActor } from '@lt/auth';
import { ApiIdempotencyKey, IdempotencyKey, uuidPipe } from '@lt/common';
import { AssignTaskDto } from '@lt/tasks';
import { AssignFromItem, ItemTask } from './assign-from-item';
import {
  BriefingListQuery,
  BriefingSearchQuery,
  CloseBriefingDto,
  CommentItemDto,
  OpenBriefingDto,
  SubmitReportDto,
} from './briefing.dto';
import { BriefingSearch, BriefingSearchPage } from './briefing-search';
import {
  BriefingCommentView,
  BriefingItemSource,
  BriefingPage,
  BriefingView,
  BriefingViews,
} from './briefing-views';
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
  open(
    @CurrentActor() actor: Actor,
    @Body() dto: OpenBriefingDto,
    @IdempotencyKey() idempotencyKey?: string,
  ): Promise<BriefingView> {
    return this.openBriefing.execute(actor, dto, idempotencyKey);
  }

  @Get()
  @Authenticated()
  @ApiOperation({
    summary: 'Briefings I may read (my units and those below, those I report to), newest meeting first',
  })
  list(@CurrentActor() actor: Actor, @Query() query: BriefingListQuery): Promise<BriefingPage> {
    return this.views.list(actor, query);
  }

  @Get('search')
  @Authenticated()
  @ApiOperation({
    summary:
      'Full-text search of the briefings I may read (titles, conclusions, report items, comments), insensitive to Vietnamese marks',
  })
  search(@CurrentActor() actor: Actor, @Query() query: BriefingSearchQuery): Promise<BriefingSearchPage> {
    return this.searcher.search(actor, query);
  }

  @Get('items/:itemId')
  @Authenticated()
  @ApiOperation({ summary: 'A report item and its briefing (the source of a task made from it)' })
  item(
    @CurrentActor() actor: Actor,
    @Param('itemId', uuidPipe('itemId')) itemId: string,
  ): Promise<BriefingItemSource> {
    return this.views.item(actor, itemId);
  }

  @Get(':id')
  @Authenticated()
  @ApiOperation({
    summary:
      'A briefing: each expected reporter with its status (on time, late, missing, pending) and report',
  })
  get(@CurrentActor() actor: Actor, @Param('id', uuidPipe()) id: string): Promise<BriefingView> {
    return this.views.get(actor, id);
  }

  @Put(':id/reporters/:reporterId/report')
  @Authenticated()
  @ApiOperation({
    summary:
      'Submit (or resubmit, with the version you replace) the report of a reporter you stand for; after the cut-off it is marked late',
  })
  submit(
    @CurrentActor() actor: Actor,
    @Param('id', uuidPipe()) id: string,
    @Param('reporterId', uuidPipe('reporterId')) reporterId: string,
    @Body() dto: SubmitReportDto,
  ): Promise<BriefingView> {
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
  comment(
    @CurrentActor() actor: Actor,
    @Param('id', uuidPipe()) id: string,
    @Param('itemId', uuidPipe('itemId')) itemId: string,
    @Body() dto: CommentItemDto,
    @IdempotencyKey() idempotencyKey?: string,
  ): Promise<BriefingCommentView> {
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
  assign(
    @CurrentActor() actor: Actor,
    @Param('id', uuidPipe()) id: string,
    @Param('itemId', uuidPipe('itemId')) itemId: string,
    @Body() dto: AssignTaskDto,
    @IdempotencyKey() idempotencyKey?: string,
  ): Promise<ItemTask> {
    return this.assignFromItem.execute(actor, id, itemId, dto, idempotencyKey);
  }

  @Post(':id/close')
  @HttpCode(200)
  @Authenticated({ permission: 'briefing.open' })
  @ApiOperation({ summary: 'Close (kết thúc) the briefing with its conclusion; it becomes read-only' })
  close(
    @CurrentActor() actor: Actor,
    @Param('id', uuidPipe()) id: string,
    @Body() dto: CloseBriefingDto,
  ): Promise<BriefingView> {
    return this.closeBriefing.execute(actor, id, dto);
  }
}
