import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@lt/access';
import { Authenticated, CurrentActor } from '@lt/auth';
import { ApiIdempotencyKey, IdempotencyKey, uuidPipe } from '@lt/common';
import { sendFile } from '@lt/files';
import type { TaskSummary } from './task-events';
import type { SignatureBundle } from '@lt/signing';
import type { Response } from 'express';
import { AssignedTask, AssignTask } from './assign-task';
import {
  AssignTaskDto,
  ContributionDto,
  ExplanationDto,
  ExtensionDecisionDto,
  ExtensionRequestDto,
  FinalReportDto,
  ReasonDto,
  ReopenDto,
  ReportDto,
  TaskListQuery,
  VersionedDto,
} from './task.dto';
import { TaskDetail, TaskPage, TaskQueries } from './task-queries';
import { TaskWorkflow } from './task-workflow';

/** Tasks: signed assignment, the workflow of docs/tasks.md, and the lists people work from. */
@ApiTags('tasks')
@Controller('tasks')
export class TasksController {
  constructor(
    private readonly assignTask: AssignTask,
    private readonly workflow: TaskWorkflow,
    private readonly queries: TaskQueries,
  ) {}

  @Post()
  @HttpCode(201)
  @Authenticated({ permission: 'task.assign' })
  @ApiOperation({ summary: 'Assign a task from content you signed (ES256 over its RFC 8785 form)' })
  @ApiIdempotencyKey('task')
  assign(
    @CurrentActor() actor: Actor,
    @Body() dto: AssignTaskDto,
    @IdempotencyKey() idempotencyKey?: string,
  ): Promise<AssignedTask> {
    return this.assignTask.execute(actor, dto, idempotencyKey);
  }

  @Get()
  @Authenticated()
  @ApiOperation({
    summary: 'My tasks (lead, coordinator, informed), those I assigned, or my units’ — filtered, paginated',
  })
  list(@CurrentActor() actor: Actor, @Query() query: TaskListQuery): Promise<TaskPage> {
    return this.queries.list(actor, query);
  }

  @Get(':id')
  @Authenticated()
  @ApiOperation({
    summary: 'A task with its parties, chain, sub-tasks, reports, extensions, latenesses and my actions',
  })
  get(@CurrentActor() actor: Actor, @Param('id', uuidPipe()) id: string): Promise<TaskDetail> {
    return this.queries.get(actor, id);
  }

  @Get(':id/signature')
  @Authenticated()
  @ApiOperation({
    summary:
      'Signature bundle: canonical content, signature, signer and CA certificates (verify with openssl)',
  })
  signature(@CurrentActor() actor: Actor, @Param('id', uuidPipe()) id: string): Promise<SignatureBundle> {
    return this.queries.signature(actor, id);
  }

  @Get(':id/reports/:reportId/attachments/:fileId')
  @Authenticated()
  @ApiOperation({ summary: "Download a report's attachment" })
  async reportAttachment(
    @CurrentActor() actor: Actor,
    @Param('id', uuidPipe()) id: string,
    @Param('reportId', uuidPipe('reportId')) reportId: string,
    @Param('fileId', uuidPipe('fileId')) fileId: string,
    @Res() response: Response,
  ): Promise<void> {
    sendFile(response, await this.queries.reportAttachment(actor, id, reportId, fileId));
  }

  @Post(':id/accept')
  @HttpCode(200)
  @Authenticated()
  @ApiOperation({ summary: 'Lead: accept (tiếp nhận)' })
  accept(
    @CurrentActor() a: Actor,
    @Param('id', uuidPipe()) id: string,
    @Body() dto: VersionedDto,
  ): Promise<TaskSummary> {
    return this.workflow.accept(a, id, dto);
  }

  @Post(':id/return')
  @HttpCode(200)
  @Authenticated()
  @ApiOperation({ summary: 'Lead: return to the assigner, with a reason (trả lại)' })
  return(
    @CurrentActor() a: Actor,
    @Param('id', uuidPipe()) id: string,
    @Body() dto: ReasonDto,
  ): Promise<TaskSummary> {
    return this.workflow.return(a, id, dto);
  }

  @Post(':id/start')
  @HttpCode(200)
  @Authenticated()
  @ApiOperation({ summary: 'Lead: start work' })
  start(
    @CurrentActor() a: Actor,
    @Param('id', uuidPipe()) id: string,
    @Body() dto: VersionedDto,
  ): Promise<TaskSummary> {
    return this.workflow.start(a, id, dto);
  }

  @Post(':id/reports')
  @HttpCode(200)
  @Authenticated()
  @ApiOperation({ summary: 'Lead: progress report (percent, text, attachments)' })
  report(
    @CurrentActor() a: Actor,
    @Param('id', uuidPipe()) id: string,
    @Body() dto: ReportDto,
  ): Promise<TaskSummary> {
    return this.workflow.report(a, id, dto);
  }

  @Post(':id/submit')
  @HttpCode(200)
  @Authenticated()
  @ApiOperation({ summary: 'Lead: submit the final report' })
  submit(
    @CurrentActor() a: Actor,
    @Param('id', uuidPipe()) id: string,
    @Body() dto: FinalReportDto,
  ): Promise<TaskSummary> {
    return this.workflow.submit(a, id, dto);
  }

  @Post(':id/complete')
  @HttpCode(200)
  @Authenticated()
  @ApiOperation({ summary: 'Assigner: accept the result (hoàn thành)' })
  complete(
    @CurrentActor() a: Actor,
    @Param('id', uuidPipe()) id: string,
    @Body() dto: VersionedDto,
  ): Promise<TaskSummary> {
    return this.workflow.complete(a, id, dto);
  }

  @Post(':id/reopen')
  @HttpCode(200)
  @Authenticated()
  @ApiOperation({
    summary: 'Assigner: reopen a submitted or completed task, with a reason (and a new deadline if passed)',
  })
  reopen(
    @CurrentActor() a: Actor,
    @Param('id', uuidPipe()) id: string,
    @Body() dto: ReopenDto,
  ): Promise<TaskSummary> {
    return this.workflow.reopen(a, id, dto);
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @Authenticated()
  @ApiOperation({ summary: 'Assigner: cancel, with a reason' })
  cancel(
    @CurrentActor() a: Actor,
    @Param('id', uuidPipe()) id: string,
    @Body() dto: ReasonDto,
  ): Promise<TaskSummary> {
    return this.workflow.cancel(a, id, dto);
  }

  @Post(':id/extension')
  @HttpCode(200)
  @Authenticated()
  @ApiOperation({ summary: 'Lead: ask for a new deadline (xin gia hạn)' })
  requestExtension(
    @CurrentActor() a: Actor,
    @Param('id', uuidPipe()) id: string,
    @Body() dto: ExtensionRequestDto,
  ): Promise<TaskSummary> {
    return this.workflow.requestExtension(a, id, dto);
  }

  @Post(':id/extension/approve')
  @HttpCode(200)
  @Authenticated()
  @ApiOperation({
    summary: 'Assigner: approve the pending extension (the original deadline is kept for ranking)',
  })
  approveExtension(
    @CurrentActor() a: Actor,
    @Param('id', uuidPipe()) id: string,
    @Body() dto: ExtensionDecisionDto,
  ): Promise<TaskSummary> {
    return this.workflow.approveExtension(a, id, dto);
  }

  @Post(':id/extension/refuse')
  @HttpCode(200)
  @Authenticated()
  @ApiOperation({ summary: 'Assigner: refuse the pending extension' })
  refuseExtension(
    @CurrentActor() a: Actor,
    @Param('id', uuidPipe()) id: string,
    @Body() dto: ExtensionDecisionDto,
  ): Promise<TaskSummary> {
    return this.workflow.refuseExtension(a, id, dto);
  }

  @Post(':id/explanation')
  @HttpCode(200)
  @Authenticated()
  @ApiOperation({
    summary:
      'Lead of an overdue task: explanation and apology letter to the assigner (giải trình, thư xin lỗi)',
  })
  explain(
    @CurrentActor() a: Actor,
    @Param('id', uuidPipe()) id: string,
    @Body() dto: ExplanationDto,
  ): Promise<TaskSummary> {
    return this.workflow.fileExplanation(a, id, dto);
  }

  @Post(':id/contributions')
  @HttpCode(200)
  @Authenticated()
  @ApiOperation({ summary: 'Coordinator: a contribution to the lead (phối hợp)' })
  contribute(
    @CurrentActor() a: Actor,
    @Param('id', uuidPipe()) id: string,
    @Body() dto: ContributionDto,
  ): Promise<TaskSummary> {
    return this.workflow.contribute(a, id, dto);
  }

  @Post(':id/acknowledge')
  @HttpCode(200)
  @Authenticated()
  @ApiOperation({ summary: 'Informed party: "đã biết" (idempotent)' })
  acknowledge(@CurrentActor() a: Actor, @Param('id', uuidPipe()) id: string): Promise<TaskSummary> {
    return this.workflow.acknowledge(a, id);
  }
}
