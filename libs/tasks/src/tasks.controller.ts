import { Body, Controller, Get, HttpCode, Param, Post, Query, StreamableFile } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@lt/access';
import { Authenticated, CurrentActor } from '@lt/auth';
import { ApiIdempotencyKey, IdempotencyKey, uuidPipe } from '@lt/common';
import { EvidenceDownload, evidenceFile, EvidencePackages } from '@lt/evidence';
import { AttachmentDownload, StoredFileEntity } from '@lt/files';
import { SignatureBundleDto } from '@lt/signing';
import { AssignTask } from './assign-task';
import {
  AssignTaskDto,
  ReportAttachmentParams,
  UrgeDto,
  ContributionDto,
  ExplanationDto,
  SignedExtensionDecisionDto,
  SignedExtensionRequestDto,
  SignedFinalReportDto,
  SignedReasonDto,
  SignedReopenDto,
  SignedReportDto,
  SignedVersionedDto,
  TaskListQuery,
} from './task.dto';
import { TaskQueries } from './task-queries';
import {
  AssignedTaskDto,
  TaskDetailDto,
  TaskPageDto,
  TaskSignaturesDto,
  TaskSummaryDto,
} from './task-views.dto';
import { TaskWorkflow } from './task-workflow';
import { ViewLog } from '@lt/views';

/** Tasks: signed assignment, the workflow of docs/tasks.md, and the lists people work from. */
@ApiTags('tasks')
@Controller('tasks')
export class TasksController {
  constructor(
    private readonly assignTask: AssignTask,
    private readonly workflow: TaskWorkflow,
    private readonly queries: TaskQueries,
    private readonly evidencePackages: EvidencePackages,
    private readonly views: ViewLog,
  ) {}

  @Post()
  @HttpCode(201)
  @Authenticated({ permission: 'task.assign' })
  @ApiOperation({ summary: 'Assign a task from content you signed (ES256 over its RFC 8785 form)' })
  @ApiIdempotencyKey('task')
  @ApiCreatedResponse({ type: AssignedTaskDto })
  assign(
    @CurrentActor() actor: Actor,
    @Body() dto: AssignTaskDto,
    @IdempotencyKey() idempotencyKey?: string,
  ): Promise<AssignedTaskDto> {
    return this.assignTask.execute(actor, dto, idempotencyKey);
  }

  @Get()
  @Authenticated()
  @ApiOperation({
    summary: 'My tasks (lead, coordinator, informed), those I assigned, or my units’ — filtered, paginated',
  })
  @ApiOkResponse({ type: TaskPageDto })
  list(@CurrentActor() actor: Actor, @Query() query: TaskListQuery): Promise<TaskPageDto> {
    return this.queries.list(actor, query);
  }

  @Get(':id')
  @Authenticated()
  @ApiOperation({
    summary: 'A task with its parties, chain, sub-tasks, reports, extensions, latenesses and my actions',
  })
  @ApiOkResponse({ type: TaskDetailDto })
  async get(@CurrentActor() actor: Actor, @Param('id', uuidPipe()) id: string): Promise<TaskDetailDto> {
    const task = await this.queries.get(actor, id);
    this.views.seen(actor, { type: 'task', id, how: 'view' });
    return task;
  }

  @Get(':id/signature')
  @Authenticated()
  @ApiOperation({
    summary:
      'Signature bundle: canonical content, signature, signer and CA certificates (verify with openssl)',
  })
  @ApiOkResponse({ type: SignatureBundleDto })
  signature(@CurrentActor() actor: Actor, @Param('id', uuidPipe()) id: string): Promise<SignatureBundleDto> {
    return this.queries.signature(actor, id);
  }

  @Get(':id/signatures')
  @Authenticated()
  @ApiOperation({
    summary:
      'Every signature on the task — the assignment and each signed decision — as bundles openssl verifies',
  })
  @ApiOkResponse({ type: TaskSignaturesDto })
  signatures(@CurrentActor() actor: Actor, @Param('id', uuidPipe()) id: string): Promise<TaskSignaturesDto> {
    return this.queries.signatures(actor, id);
  }

  @EvidenceDownload(':id/evidence', 'a task')
  async evidence(@CurrentActor() actor: Actor, @Param('id', uuidPipe()) id: string): Promise<StreamableFile> {
    return evidenceFile(await this.evidencePackages.export(actor, await this.queries.evidence(actor, id)));
  }

  @AttachmentDownload(':id/reports/:reportId/attachments/:fileId', "Download a report's attachment")
  async reportAttachment(
    @CurrentActor() actor: Actor,
    @Param() file: ReportAttachmentParams,
  ): Promise<StoredFileEntity> {
    const content = await this.queries.reportAttachment(actor, file.id, file.reportId, file.fileId);
    this.views.seen(actor, { type: 'task', id: file.id, how: 'download', detail: { fileId: file.fileId } });
    return content;
  }

  @Post(':id/accept')
  @HttpCode(200)
  @Authenticated()
  @ApiOperation({ summary: 'Lead: accept (tiếp nhận) — signed, as every decision on a task' })
  @ApiOkResponse({ type: TaskSummaryDto })
  accept(
    @CurrentActor() a: Actor,
    @Param('id', uuidPipe()) id: string,
    @Body() dto: SignedVersionedDto,
  ): Promise<TaskSummaryDto> {
    return this.workflow.accept(a, id, dto);
  }

  @Post(':id/return')
  @HttpCode(200)
  @Authenticated()
  @ApiOperation({ summary: 'Lead: return to the assigner, with a reason (trả lại)' })
  @ApiOkResponse({ type: TaskSummaryDto })
  return(
    @CurrentActor() a: Actor,
    @Param('id', uuidPipe()) id: string,
    @Body() dto: SignedReasonDto,
  ): Promise<TaskSummaryDto> {
    return this.workflow.return(a, id, dto);
  }

  @Post(':id/start')
  @HttpCode(200)
  @Authenticated()
  @ApiOperation({ summary: 'Lead: start work' })
  @ApiOkResponse({ type: TaskSummaryDto })
  start(
    @CurrentActor() a: Actor,
    @Param('id', uuidPipe()) id: string,
    @Body() dto: SignedVersionedDto,
  ): Promise<TaskSummaryDto> {
    return this.workflow.start(a, id, dto);
  }

  @Post(':id/reports')
  @HttpCode(200)
  @Authenticated()
  @ApiOperation({ summary: 'Lead: progress report (percent, text, attachments)' })
  @ApiOkResponse({ type: TaskSummaryDto })
  report(
    @CurrentActor() a: Actor,
    @Param('id', uuidPipe()) id: string,
    @Body() dto: SignedReportDto,
  ): Promise<TaskSummaryDto> {
    return this.workflow.report(a, id, dto);
  }

  @Post(':id/submit')
  @HttpCode(200)
  @Authenticated()
  @ApiOperation({ summary: 'Lead: submit the final report' })
  @ApiOkResponse({ type: TaskSummaryDto })
  submit(
    @CurrentActor() a: Actor,
    @Param('id', uuidPipe()) id: string,
    @Body() dto: SignedFinalReportDto,
  ): Promise<TaskSummaryDto> {
    return this.workflow.submit(a, id, dto);
  }

  @Post(':id/complete')
  @HttpCode(200)
  @Authenticated()
  @ApiOperation({ summary: 'Assigner: accept the result (hoàn thành)' })
  @ApiOkResponse({ type: TaskSummaryDto })
  complete(
    @CurrentActor() a: Actor,
    @Param('id', uuidPipe()) id: string,
    @Body() dto: SignedVersionedDto,
  ): Promise<TaskSummaryDto> {
    return this.workflow.complete(a, id, dto);
  }

  @Post(':id/urge')
  @HttpCode(200)
  @Authenticated()
  @ApiOperation({
    summary:
      'Assigner or a leader above: urge (đôn đốc) the lead of an open task, with a note; once per URGE_MIN_INTERVAL_MINUTES',
  })
  @ApiOkResponse({ type: TaskSummaryDto })
  urge(
    @CurrentActor() a: Actor,
    @Param('id', uuidPipe()) id: string,
    @Body() dto: UrgeDto,
  ): Promise<TaskSummaryDto> {
    return this.workflow.urge(a, id, dto);
  }

  @Post(':id/reopen')
  @HttpCode(200)
  @Authenticated()
  @ApiOperation({
    summary: 'Assigner: reopen a submitted or completed task, with a reason (and a new deadline if passed)',
  })
  @ApiOkResponse({ type: TaskSummaryDto })
  reopen(
    @CurrentActor() a: Actor,
    @Param('id', uuidPipe()) id: string,
    @Body() dto: SignedReopenDto,
  ): Promise<TaskSummaryDto> {
    return this.workflow.reopen(a, id, dto);
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @Authenticated()
  @ApiOperation({ summary: 'Assigner: cancel, with a reason' })
  @ApiOkResponse({ type: TaskSummaryDto })
  cancel(
    @CurrentActor() a: Actor,
    @Param('id', uuidPipe()) id: string,
    @Body() dto: SignedReasonDto,
  ): Promise<TaskSummaryDto> {
    return this.workflow.cancel(a, id, dto);
  }

  @Post(':id/extension')
  @HttpCode(200)
  @Authenticated()
  @ApiOperation({ summary: 'Lead: ask for a new deadline (xin gia hạn)' })
  @ApiOkResponse({ type: TaskSummaryDto })
  requestExtension(
    @CurrentActor() a: Actor,
    @Param('id', uuidPipe()) id: string,
    @Body() dto: SignedExtensionRequestDto,
  ): Promise<TaskSummaryDto> {
    return this.workflow.requestExtension(a, id, dto);
  }

  @Post(':id/extension/approve')
  @HttpCode(200)
  @Authenticated()
  @ApiOperation({
    summary: 'Assigner: approve the pending extension (the original deadline is kept for ranking)',
  })
  @ApiOkResponse({ type: TaskSummaryDto })
  approveExtension(
    @CurrentActor() a: Actor,
    @Param('id', uuidPipe()) id: string,
    @Body() dto: SignedExtensionDecisionDto,
  ): Promise<TaskSummaryDto> {
    return this.workflow.approveExtension(a, id, dto);
  }

  @Post(':id/extension/refuse')
  @HttpCode(200)
  @Authenticated()
  @ApiOperation({ summary: 'Assigner: refuse the pending extension' })
  @ApiOkResponse({ type: TaskSummaryDto })
  refuseExtension(
    @CurrentActor() a: Actor,
    @Param('id', uuidPipe()) id: string,
    @Body() dto: SignedExtensionDecisionDto,
  ): Promise<TaskSummaryDto> {
    return this.workflow.refuseExtension(a, id, dto);
  }

  @Post(':id/explanation')
  @HttpCode(200)
  @Authenticated()
  @ApiOperation({
    summary:
      'Lead of an overdue task: explanation and apology letter to the assigner (giải trình, thư xin lỗi)',
  })
  @ApiOkResponse({ type: TaskSummaryDto })
  explain(
    @CurrentActor() a: Actor,
    @Param('id', uuidPipe()) id: string,
    @Body() dto: ExplanationDto,
  ): Promise<TaskSummaryDto> {
    return this.workflow.fileExplanation(a, id, dto);
  }

  @Post(':id/contributions')
  @HttpCode(200)
  @Authenticated()
  @ApiOperation({ summary: 'Coordinator: a contribution to the lead (phối hợp)' })
  @ApiOkResponse({ type: TaskSummaryDto })
  contribute(
    @CurrentActor() a: Actor,
    @Param('id', uuidPipe()) id: string,
    @Body() dto: ContributionDto,
  ): Promise<TaskSummaryDto> {
    return this.workflow.contribute(a, id, dto);
  }

  @Post(':id/acknowledge')
  @HttpCode(200)
  @Authenticated()
  @ApiOperation({ summary: 'Informed party: "đã biết" (idempotent)' })
  @ApiOkResponse({ type: TaskSummaryDto })
  acknowledge(@CurrentActor() a: Actor, @Param('id', uuidPipe()) id: string): Promise<TaskSummaryDto> {
    return this.workflow.acknowledge(a, id);
  }
}
