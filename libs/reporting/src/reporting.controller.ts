import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@lt/access';
import { Authenticated, CurrentActor } from '@lt/auth';
import type { Response } from 'express';
import { SummaryQuery, SummaryTasksQuery, TrendQuery } from './reporting.dto';
import { CSV_TYPE, exportFileName, summaryCsv, summaryXlsx, XLSX_TYPE } from './summary-export';
import type { PeopleReport, SummaryReport, SummaryTaskPage, TrendReport } from './summary-figures';
import { TaskSummaryService } from './task-summary.service';

/** The task summary table (bảng tổng hợp theo dõi nhiệm vụ), its drill-downs and exports. */
@ApiTags('reports')
@Controller('reports')
export class ReportingController {
  constructor(private readonly summaries: TaskSummaryService) {}

  @Get('summary')
  @Authenticated({ permission: 'task.follow' })
  @ApiOperation({
    summary:
      'Task summary of a unit for whole months: one row per child unit (its subtree), one for the unit’s own tasks, and the total',
  })
  summary(@CurrentActor() actor: Actor, @Query() query: SummaryQuery): Promise<SummaryReport> {
    return this.summaries.summary(actor, query);
  }

  @Get('summary.csv')
  @Authenticated({ permission: 'task.follow' })
  @ApiProduces(CSV_TYPE)
  @ApiOperation({ summary: 'The task summary as CSV (UTF-8 with BOM, Vietnamese headers)' })
  async summaryCsv(
    @CurrentActor() actor: Actor,
    @Query() query: SummaryQuery,
    @Res() response: Response,
  ): Promise<void> {
    const report = await this.summaries.summary(actor, query);
    send(response, CSV_TYPE, exportFileName(report, 'csv'), summaryCsv(report));
  }

  @Get('summary.xlsx')
  @Authenticated({ permission: 'task.follow' })
  @ApiProduces(XLSX_TYPE)
  @ApiOperation({ summary: 'The task summary as an Excel workbook' })
  async summaryXlsx(
    @CurrentActor() actor: Actor,
    @Query() query: SummaryQuery,
    @Res() response: Response,
  ): Promise<void> {
    const report = await this.summaries.summary(actor, query);
    send(response, XLSX_TYPE, exportFileName(report, 'xlsx'), await summaryXlsx(report));
  }

  @Get('summary/people')
  @Authenticated({ permission: 'task.follow' })
  @ApiOperation({ summary: 'Drill-down: the figures per person leading the unit’s tasks' })
  people(@CurrentActor() actor: Actor, @Query() query: SummaryQuery): Promise<PeopleReport> {
    return this.summaries.people(actor, query);
  }

  @Get('summary/tasks')
  @Authenticated({ permission: 'task.follow' })
  @ApiOperation({ summary: 'Drill-down: the tasks behind one figure, paginated' })
  tasks(@CurrentActor() actor: Actor, @Query() query: SummaryTasksQuery): Promise<SummaryTaskPage> {
    return this.summaries.tasks(actor, query);
  }

  @Get('summary/trend')
  @Authenticated({ permission: 'task.follow' })
  @ApiOperation({ summary: 'The figures of a unit’s subtree month by month (for charts)' })
  trend(@CurrentActor() actor: Actor, @Query() query: TrendQuery): Promise<TrendReport> {
    return this.summaries.trend(actor, query);
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
