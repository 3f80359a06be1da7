import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@lt/access';
import { Authenticated, CurrentActor } from '@lt/auth';
import { ApiFileResponse } from '@lt/common';
import type { Response } from 'express';
import { HandlingQuery, SummaryQuery, SummaryTasksQuery, TrendQuery } from './reporting.dto';
import {
  DocumentHandlingReport,
  handlingCsv,
  handlingXlsx,
  HandlingReportDto,
} from './document-handling-report';
import { OneStopFigures, OneStopFiguresQuery } from '@lt/one-stop';
import { OrgTreeService } from '@lt/org';
import { oneStopCsv, oneStopFileName, oneStopXlsx } from './one-stop-export';
import { CSV_TYPE, exportFileName, summaryCsv, summaryXlsx, XLSX_TYPE } from './summary-export';
import {
  PeopleReportDto,
  SummaryFiguresDto,
  SummaryReportDto,
  SummaryTaskPageDto,
  TrendReportDto,
} from './summary-views.dto';
import { TaskSummaryService } from './task-summary.service';
import { ViewLog } from '@lt/views';

/** The task summary table (bảng tổng hợp theo dõi nhiệm vụ), its drill-downs and exports; the documents' and the one-stop counter's reports. */
@ApiTags('reports')
// The figures every row shares, named on their own for the browser's columns.
@ApiExtraModels(SummaryFiguresDto)
@Controller('reports')
export class ReportingController {
  constructor(
    private readonly summaries: TaskSummaryService,
    private readonly views: ViewLog,
    private readonly handling: DocumentHandlingReport,
    private readonly oneStop: OneStopFigures,
    private readonly tree: OrgTreeService,
  ) {}

  @Get('summary')
  @Authenticated({ permission: 'task.follow' })
  @ApiOperation({
    summary:
      'Task summary of a unit for whole months: one row per child unit (its subtree), one for the unit’s own tasks, and the total',
  })
  @ApiOkResponse({ type: SummaryReportDto })
  summary(@CurrentActor() actor: Actor, @Query() query: SummaryQuery): Promise<SummaryReportDto> {
    return this.summaries.summary(actor, query);
  }

  @Get('documents')
  @Authenticated({ permission: 'document.read' })
  @ApiOperation({
    summary: 'How incoming and outgoing documents were handled, per unit of a subtree and period',
  })
  @ApiOkResponse({ type: HandlingReportDto })
  documents(@CurrentActor() actor: Actor, @Query() query: HandlingQuery): Promise<HandlingReportDto> {
    return this.handling.report(actor, query);
  }

  @Get('documents.csv')
  @Authenticated({ permission: 'document.read' })
  @ApiOperation({ summary: 'The document handling report as CSV (UTF-8 with BOM, Vietnamese headers)' })
  @ApiFileResponse('The document handling report, CSV (UTF-8 with BOM)', CSV_TYPE)
  async documentsCsv(
    @CurrentActor() actor: Actor,
    @Query() query: HandlingQuery,
    @Res() response: Response,
  ): Promise<void> {
    const report = await this.handling.report(actor, query);
    const name = `xu-ly-van-ban_${report.period.from}_${report.period.to}.csv`;
    this.exported(actor, response, 'document_report', report, CSV_TYPE, name, handlingCsv(report));
  }

  @Get('documents.xlsx')
  @Authenticated({ permission: 'document.read' })
  @ApiOperation({ summary: 'The document handling report as an Excel workbook' })
  @ApiFileResponse('The document handling report, an Excel workbook', XLSX_TYPE)
  async documentsXlsx(
    @CurrentActor() actor: Actor,
    @Query() query: HandlingQuery,
    @Res() response: Response,
  ): Promise<void> {
    const report = await this.handling.report(actor, query);
    const name = `xu-ly-van-ban_${report.period.from}_${report.period.to}.xlsx`;
    this.exported(actor, response, 'document_report', report, XLSX_TYPE, name, await handlingXlsx(report));
  }

  @Get('one-stop.csv')
  @Authenticated({ permission: 'citizen_file.read' })
  @ApiOperation({
    summary:
      'The one-stop counter’s figures as CSV: files per unit and procedure, then satisfaction and feedback per unit',
  })
  @ApiFileResponse('The one-stop figures, CSV (UTF-8 with BOM)', CSV_TYPE)
  async oneStopCsv(
    @CurrentActor() actor: Actor,
    @Query() query: OneStopFiguresQuery,
    @Res() response: Response,
  ): Promise<void> {
    const figures = await this.oneStop.figures(actor, query);
    this.exportedOneStop(
      actor,
      response,
      query,
      CSV_TYPE,
      oneStopFileName(figures, 'csv'),
      oneStopCsv(figures),
    );
  }

  @Get('one-stop.xlsx')
  @Authenticated({ permission: 'citizen_file.read' })
  @ApiOperation({
    summary: 'The one-stop counter’s figures as an Excel workbook (files; satisfaction and feedback)',
  })
  @ApiFileResponse('The one-stop figures, an Excel workbook', XLSX_TYPE)
  async oneStopXlsx(
    @CurrentActor() actor: Actor,
    @Query() query: OneStopFiguresQuery,
    @Res() response: Response,
  ): Promise<void> {
    const figures = await this.oneStop.figures(actor, query);
    const [unit] = await this.tree.units([query.unitId]);
    const body = await oneStopXlsx(figures, unit?.name ?? '');
    this.exportedOneStop(actor, response, query, XLSX_TYPE, oneStopFileName(figures, 'xlsx'), body);
  }

  @Get('summary.csv')
  @Authenticated({ permission: 'task.follow' })
  @ApiOperation({ summary: 'The task summary as CSV (UTF-8 with BOM, Vietnamese headers)' })
  @ApiFileResponse('The task summary, CSV (UTF-8 with BOM)', CSV_TYPE)
  async summaryCsv(
    @CurrentActor() actor: Actor,
    @Query() query: SummaryQuery,
    @Res() response: Response,
  ): Promise<void> {
    const report = await this.summaries.summary(actor, query);
    this.exported(
      actor,
      response,
      'task_summary',
      report,
      CSV_TYPE,
      exportFileName(report, 'csv'),
      summaryCsv(report),
    );
  }

  @Get('summary.xlsx')
  @Authenticated({ permission: 'task.follow' })
  @ApiOperation({ summary: 'The task summary as an Excel workbook' })
  @ApiFileResponse('The task summary, an Excel workbook', XLSX_TYPE)
  async summaryXlsx(
    @CurrentActor() actor: Actor,
    @Query() query: SummaryQuery,
    @Res() response: Response,
  ): Promise<void> {
    const report = await this.summaries.summary(actor, query);
    this.exported(
      actor,
      response,
      'task_summary',
      report,
      XLSX_TYPE,
      exportFileName(report, 'xlsx'),
      await summaryXlsx(report),
    );
  }

  @Get('summary/people')
  @Authenticated({ permission: 'task.follow' })
  @ApiOperation({ summary: 'Drill-down: the figures per person leading the unit’s tasks' })
  @ApiOkResponse({ type: PeopleReportDto })
  people(@CurrentActor() actor: Actor, @Query() query: SummaryQuery): Promise<PeopleReportDto> {
    return this.summaries.people(actor, query);
  }

  @Get('summary/tasks')
  @Authenticated({ permission: 'task.follow' })
  @ApiOperation({ summary: 'Drill-down: the tasks behind one figure, paginated' })
  @ApiOkResponse({ type: SummaryTaskPageDto })
  tasks(@CurrentActor() actor: Actor, @Query() query: SummaryTasksQuery): Promise<SummaryTaskPageDto> {
    return this.summaries.tasks(actor, query);
  }

  @Get('summary/trend')
  @Authenticated({ permission: 'task.follow' })
  @ApiOperation({ summary: 'The figures of a unit’s subtree month by month (for charts)' })
  @ApiOkResponse({ type: TrendReportDto })
  trend(@CurrentActor() actor: Actor, @Query() query: TrendQuery): Promise<TrendReportDto> {
    return this.summaries.trend(actor, query);
  }
  /** Sends an export, recorded as one (who exported what, when: Decree 30/2020). */
  private exported(
    actor: Actor,
    response: Response,
    what: 'task_summary' | 'document_report' | 'one_stop_report',
    report: { unit: { id: string }; period: { from: string; to: string } },
    contentType: string,
    fileName: string,
    body: Buffer,
  ): void {
    this.views.seen(actor, {
      type: what,
      id: report.unit.id,
      how: 'export',
      detail: { from: report.period.from, to: report.period.to, format: fileName.split('.').pop() },
    });
    send(response, contentType, fileName, body);
  }

  private exportedOneStop(
    actor: Actor,
    response: Response,
    query: OneStopFiguresQuery,
    contentType: string,
    fileName: string,
    body: Buffer,
  ): void {
    this.exported(
      actor,
      response,
      'one_stop_report',
      { unit: { id: query.unitId }, period: { from: query.from, to: query.to } },
      contentType,
      fileName,
      body,
    );
  }
}

function send(response: Response, type: string, fileName: string, body: Buffer): void {
  response.setHeader('Content-Type', type);
  response.setHeader('Content-Length', String(body.length));
  response.setHeader('Content-Disposition', `attachment; filename="${fileName}"`);
  response.setHeader('Cache-Control', 'no-store');
  response.setHeader('X-Content-Type-Options', 'nosniff');
  response.end(body);
}
