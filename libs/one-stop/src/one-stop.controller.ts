import { Body, Controller, Get, HttpCode, Param, ParseIntPipe, Post, Put, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@lt/access';
import { Authenticated, CurrentActor } from '@lt/auth';
import { ApiIdempotencyKey, AppError, IdempotencyKey, uuidPipe } from '@lt/common';
import { CitizenFiles } from './citizen-files';
import { FeedbackMailbox } from './feedback-mailbox';
import { FileProcessing } from './file-processing';
import { OneStopFigures } from './one-stop-figures';
import {
  CitizenFileListQuery,
  AnswerFeedbackDto,
  ApologyDto,
  CitizenFileViewDto,
  FeedbackListQuery,
  FeedbackViewDto,
  CreateProcedureDto,
  FileVersionDto,
  OneStopFiguresDto,
  OneStopFiguresQuery,
  RequestPapersDto,
  HolidaysDto,
  HolidaysViewDto,
  ProcedureListQuery,
  ProcedureViewDto,
  ReceiveFileDto,
  UpdateProcedureDto,
} from './one-stop.dto';
import { ProcedureCatalogue } from './procedure-catalogue';
import { PublicHolidays } from './public-holidays';

/** A year the calendar can hold: the path parameter of the holidays' routes. */
const yearPipe = new ParseIntPipe({
  exceptionFactory: () =>
    new AppError('request/validation_failed', undefined, [
      { field: 'year', constraints: ['isInt'], message: 'year must be a year such as 2026' },
    ]),
});
const checkYear = (year: number) => {
  if (year < 2000 || year > 2100)
    throw new AppError('request/validation_failed', undefined, [
      { field: 'year', constraints: ['range'], message: 'year must be between 2000 and 2100' },
    ]);
  return year;
};

/**
 * The one-stop counter (bộ phận một cửa): the working-day calendar, each unit's catalogue of
 * procedures, and the citizens' files received.
 */
@ApiTags('one-stop')
@Controller('one-stop')
export class OneStopController {
  constructor(
    private readonly holidays: PublicHolidays,
    private readonly catalogue: ProcedureCatalogue,
    private readonly files: CitizenFiles,
    private readonly processing: FileProcessing,
    private readonly figuresOf: OneStopFigures,
    private readonly mailbox: FeedbackMailbox,
  ) {}

  @Get('feedback')
  @Authenticated({ permission: 'feedback.answer' })
  @ApiOperation({ summary: 'A unit’s feedback mailbox (góp ý, phản ánh), unanswered first, for its leaders' })
  @ApiOkResponse({ type: [FeedbackViewDto] })
  feedback(@CurrentActor() actor: Actor, @Query() query: FeedbackListQuery): Promise<FeedbackViewDto[]> {
    return this.mailbox.list(actor, query.unitId);
  }

  @Post('feedback/:id/answer')
  @HttpCode(200)
  @Authenticated({ permission: 'feedback.answer' })
  @ApiOperation({ summary: 'Answer a citizen’s feedback, once; the citizen reads it by code and PIN' })
  @ApiOkResponse({ type: FeedbackViewDto })
  answerFeedback(
    @CurrentActor() actor: Actor,
    @Param('id', uuidPipe()) id: string,
    @Body() dto: AnswerFeedbackDto,
  ): Promise<FeedbackViewDto> {
    return this.mailbox.answer(actor, id, dto);
  }

  @Get('figures')
  @Authenticated({ permission: 'citizen_file.read' })
  @ApiOperation({
    summary:
      'Figures for leaders: files received in a period per unit and procedure, on time, late, within time, overdue, returned for papers',
  })
  @ApiOkResponse({ type: OneStopFiguresDto })
  figures(@CurrentActor() actor: Actor, @Query() query: OneStopFiguresQuery): Promise<OneStopFiguresDto> {
    return this.figuresOf.figures(actor, query);
  }

  @Get('holidays/:year')
  @Authenticated()
  @ApiOperation({
    summary: 'Ngày nghỉ lễ, Tết: the public holidays entered for a year (working days skip them)',
  })
  @ApiOkResponse({ type: HolidaysViewDto })
  holidaysOf(@Param('year', yearPipe) year: number): Promise<HolidaysViewDto> {
    return this.holidays.year(checkYear(year));
  }

  @Put('holidays/:year')
  @Authenticated({ permission: 'unit.manage' })
  @ApiOperation({
    summary: "Enter a year's public holidays (all of them, replacing what was there): the root unit's admin",
  })
  @ApiOkResponse({ type: HolidaysViewDto })
  replaceHolidays(
    @CurrentActor() actor: Actor,
    @Param('year', yearPipe) year: number,
    @Body() dto: HolidaysDto,
  ): Promise<HolidaysViewDto> {
    return this.holidays.replaceYear(actor, checkYear(year), dto);
  }

  @Post('procedures')
  @HttpCode(201)
  @Authenticated({ permission: 'procedure.manage' })
  @ApiOperation({
    summary: 'Add a procedure (thủ tục hành chính) to a unit’s catalogue: its admin or leaders',
  })
  @ApiCreatedResponse({ type: ProcedureViewDto })
  createProcedure(@CurrentActor() actor: Actor, @Body() dto: CreateProcedureDto): Promise<ProcedureViewDto> {
    return this.catalogue.create(actor, dto);
  }

  @Get('procedures')
  @Authenticated({ permission: 'unit.read' })
  @ApiOperation({ summary: 'A unit’s catalogue of procedures, by field and name' })
  @ApiOkResponse({ type: [ProcedureViewDto] })
  procedures(@CurrentActor() actor: Actor, @Query() query: ProcedureListQuery): Promise<ProcedureViewDto[]> {
    return this.catalogue.list(actor, query.unitId);
  }

  @Get('procedures/:id')
  @Authenticated({ permission: 'unit.read' })
  @ApiOperation({ summary: 'One procedure' })
  @ApiOkResponse({ type: ProcedureViewDto })
  procedure(@CurrentActor() actor: Actor, @Param('id', uuidPipe()) id: string): Promise<ProcedureViewDto> {
    return this.catalogue.get(actor, id);
  }

  @Put('procedures/:id')
  @Authenticated({ permission: 'procedure.manage' })
  @ApiOperation({ summary: 'Change a procedure (or stop receiving it: active false), with the version read' })
  @ApiOkResponse({ type: ProcedureViewDto })
  updateProcedure(
    @CurrentActor() actor: Actor,
    @Param('id', uuidPipe()) id: string,
    @Body() dto: UpdateProcedureDto,
  ): Promise<ProcedureViewDto> {
    return this.catalogue.update(actor, id, dto);
  }

  @Post('files')
  @HttpCode(201)
  @Authenticated({ permission: 'citizen_file.receive' })
  @ApiIdempotencyKey('file')
  @ApiOperation({
    summary:
      "Receive a citizen's file at the counter: its code (mã hồ sơ), the appointment (ngày hẹn trả) from the procedure's working days, each step's deadline",
  })
  @ApiCreatedResponse({ type: CitizenFileViewDto })
  receive(
    @CurrentActor() actor: Actor,
    @Body() dto: ReceiveFileDto,
    @IdempotencyKey() idempotencyKey?: string,
  ): Promise<CitizenFileViewDto> {
    return this.files.receive(actor, dto, idempotencyKey);
  }

  @Get('files')
  @Authenticated({ permission: 'citizen_file.read' })
  @ApiOperation({ summary: 'The files a unit’s counter received, newest first (200 at most)' })
  @ApiOkResponse({ type: [CitizenFileViewDto] })
  list(@CurrentActor() actor: Actor, @Query() query: CitizenFileListQuery): Promise<CitizenFileViewDto[]> {
    return this.files.list(actor, query.unitId);
  }

  @Get('files/:id')
  @Authenticated({ permission: 'citizen_file.read' })
  @ApiOperation({
    summary:
      "One file with the applicant's personal data: for those who handle it only (404 for anyone else)",
  })
  @ApiOkResponse({ type: CitizenFileViewDto })
  file(@CurrentActor() actor: Actor, @Param('id', uuidPipe()) id: string): Promise<CitizenFileViewDto> {
    return this.files.view(actor, id);
  }

  @Post('files/:id/step-done')
  @HttpCode(200)
  @Authenticated({ permission: 'citizen_file.read' })
  @ApiOperation({
    summary: "The file's current step is done: by one holding its role in its unit; the next unit has it",
  })
  @ApiOkResponse({ type: CitizenFileViewDto })
  stepDone(
    @CurrentActor() actor: Actor,
    @Param('id', uuidPipe()) id: string,
    @Body() dto: FileVersionDto,
  ): Promise<CitizenFileViewDto> {
    return this.processing.stepDone(actor, id, dto.version);
  }

  @Post('files/:id/request-papers')
  @HttpCode(200)
  @Authenticated({ permission: 'citizen_file.read' })
  @ApiOperation({
    summary:
      'Return the file to the citizen for more papers: the clock stops; the reason shows in the citizen’s lookup',
  })
  @ApiOkResponse({ type: CitizenFileViewDto })
  requestPapers(
    @CurrentActor() actor: Actor,
    @Param('id', uuidPipe()) id: string,
    @Body() dto: RequestPapersDto,
  ): Promise<CitizenFileViewDto> {
    return this.processing.requestPapers(actor, id, dto);
  }

  @Post('files/:id/apology')
  @HttpCode(200)
  @Authenticated({ permission: 'citizen_file.read' })
  @ApiOperation({
    summary:
      'A late file: the step’s explanation and apology letter to the citizen, with a new appointment; the file moves on',
  })
  @ApiOkResponse({ type: CitizenFileViewDto })
  apologise(
    @CurrentActor() actor: Actor,
    @Param('id', uuidPipe()) id: string,
    @Body() dto: ApologyDto,
  ): Promise<CitizenFileViewDto> {
    return this.processing.apologise(actor, id, dto);
  }

  @Post('files/:id/papers-received')
  @HttpCode(200)
  @Authenticated({ permission: 'citizen_file.receive' })
  @ApiOperation({
    summary: 'The papers brought, at the counter: the clock runs again and the appointment moves with it',
  })
  @ApiOkResponse({ type: CitizenFileViewDto })
  papersReceived(
    @CurrentActor() actor: Actor,
    @Param('id', uuidPipe()) id: string,
    @Body() dto: FileVersionDto,
  ): Promise<CitizenFileViewDto> {
    return this.processing.papersReceived(actor, id, dto.version);
  }

  @Post('files/:id/hand-back')
  @HttpCode(200)
  @Authenticated({ permission: 'citizen_file.receive' })
  @ApiOperation({ summary: 'The result handed to the citizen, at the counter' })
  @ApiOkResponse({ type: CitizenFileViewDto })
  handBack(
    @CurrentActor() actor: Actor,
    @Param('id', uuidPipe()) id: string,
    @Body() dto: FileVersionDto,
  ): Promise<CitizenFileViewDto> {
    return this.processing.handBack(actor, id, dto.version);
  }
}
