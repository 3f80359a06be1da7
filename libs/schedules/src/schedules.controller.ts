import { Body, Controller, Get, HttpCode, Param, Post, Put, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@lt/access';
import { Authenticated, CurrentActor } from '@lt/auth';
import { ApiFileResponse, uuidPipe } from '@lt/common';
import type { Response } from 'express';
import { vietnamIsoWeek, weekLabel } from '@lt/briefings';
import { ScheduleCalendar } from './schedule-calendar';
import { ScheduleCommands } from './schedule-commands';
import {
  CalendarQuery,
  CreateScheduleDto,
  PublishScheduleDto,
  SaveScheduleEntriesDto,
  ScheduleListQuery,
  WorkScheduleViewDto,
} from './schedule.dto';
import { ScheduleViews } from './schedule-views';

const ICS_TYPE = 'text/calendar; charset=utf-8';

/** The leaders' weekly work schedule (lịch công tác tuần): draft, publish, change, read, export. */
@ApiTags('schedules')
@Controller('schedules')
export class SchedulesController {
  constructor(
    private readonly commands: ScheduleCommands,
    private readonly views: ScheduleViews,
    private readonly calendar: ScheduleCalendar,
  ) {}

  @Post()
  @HttpCode(201)
  @Authenticated()
  @ApiOperation({
    summary:
      "Open a week's draft of a unit's leaders' schedule: its clerks, the clerks of the departments directly under it (the office) and its leaders draft; one per unit and ISO week",
  })
  @ApiCreatedResponse({ type: WorkScheduleViewDto })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateScheduleDto): Promise<WorkScheduleViewDto> {
    return this.commands.create(actor, dto);
  }

  @Get()
  @Authenticated()
  @ApiOperation({
    summary:
      'The schedules of a week I follow: of my units and the units above them (nearest first), or of one unit; drafts only where I draft or publish',
  })
  @ApiOkResponse({ type: [WorkScheduleViewDto] })
  list(@CurrentActor() actor: Actor, @Query() query: ScheduleListQuery): Promise<WorkScheduleViewDto[]> {
    return this.views.week(actor, query.week, query.unitId);
  }

  @Get('calendar.ics')
  @Authenticated()
  @ApiOperation({
    summary: 'The published engagements I attend, as iCalendar (RFC 5545), for a calendar app',
  })
  @ApiFileResponse('iCalendar', ICS_TYPE)
  async ics(@CurrentActor() actor: Actor, @Query() query: CalendarQuery, @Res() response: Response) {
    const now = vietnamIsoWeek(new Date());
    const body = Buffer.from(await this.calendar.ics(actor, query.week ?? weekLabel(now), query.weeks ?? 5));
    response.setHeader('Content-Type', ICS_TYPE);
    response.setHeader('Content-Length', String(body.length));
    response.setHeader('Content-Disposition', 'attachment; filename="lich-cong-tac.ics"');
    response.setHeader('Cache-Control', 'no-store');
    response.end(body);
  }

  @Get(':id')
  @Authenticated()
  @ApiOperation({ summary: 'One schedule with its engagements' })
  @ApiOkResponse({ type: WorkScheduleViewDto })
  one(@CurrentActor() actor: Actor, @Param('id', uuidPipe('id')) id: string): Promise<WorkScheduleViewDto> {
    return this.views.view(actor, id);
  }

  @Put(':id/entries')
  @Authenticated()
  @ApiOperation({
    summary:
      'Replace the engagements of the week (drafters and the unit’s leaders). Once published, changes are marked, left-out ones cancelled, and those concerned told live',
  })
  @ApiOkResponse({ type: WorkScheduleViewDto })
  saveEntries(
    @CurrentActor() actor: Actor,
    @Param('id', uuidPipe('id')) id: string,
    @Body() dto: SaveScheduleEntriesDto,
  ): Promise<WorkScheduleViewDto> {
    return this.commands.saveEntries(actor, id, dto);
  }

  @Post(':id/publish')
  @HttpCode(200)
  @Authenticated()
  @ApiOperation({
    summary: 'Approve and publish the draft (the unit’s head): everyone in the unit and below is told',
  })
  @ApiOkResponse({ type: WorkScheduleViewDto })
  publish(
    @CurrentActor() actor: Actor,
    @Param('id', uuidPipe('id')) id: string,
    @Body() dto: PublishScheduleDto,
  ): Promise<WorkScheduleViewDto> {
    return this.commands.publish(actor, id, dto.version);
  }
}
