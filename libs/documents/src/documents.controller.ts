import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@lt/access';
import { Authenticated, CurrentActor } from '@lt/auth';
import { ApiFileResponse, ApiIdempotencyKey, IdempotencyKey, uuidPipe } from '@lt/common';
import { AttachmentDownload, AttachmentParams, StoredFileEntity } from '@lt/files';
import type { Response } from 'express';
import {
  DuplicateQuery,
  RegisterExportQuery,
  RegisterIncomingDto,
  RegisterOutgoingDto,
  RegisterQuery,
  RouteDocumentDto,
  UrgeDocumentDto,
} from './document.dto';
import { registerCsv, registerXlsx } from './register-export';
import {
  AnswerableTaskDto,
  DocumentDetailDto,
  DocumentPageDto,
  DocumentSummaryDto,
  RegisteredDuplicateDto,
  RouteTargetDto,
} from './document-views.dto';
import { DocumentsService } from './documents.service';
import { SignatureBundleDto } from '@lt/signing';
import { ViewLog } from '@lt/views';
import { ViewerDto } from './document-views.dto';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Registers of incoming and outgoing documents (văn bản đến/đi) and their distribution. */
@ApiTags('documents')
@Controller('documents')
export class DocumentsController {
  constructor(
    private readonly views: ViewLog,
    private readonly documents: DocumentsService,
  ) {}

  @Post('incoming')
  @HttpCode(201)
  @Authenticated({ permission: 'document.register' })
  @ApiOperation({
    summary:
      'Register an incoming document (clerks); its arrival number is given in order. A repeated (number, symbol, issuer) answers 409 document/duplicate unless acceptDuplicate',
  })
  @ApiIdempotencyKey('document')
  @ApiCreatedResponse({ type: DocumentDetailDto })
  registerIncoming(
    @CurrentActor() actor: Actor,
    @Body() dto: RegisterIncomingDto,
    @IdempotencyKey() idempotencyKey?: string,
  ): Promise<DocumentDetailDto> {
    return this.documents.registerIncoming(actor, dto, idempotencyKey);
  }

  @Post('outgoing')
  @HttpCode(201)
  @Authenticated({ permission: 'document.register' })
  @ApiOperation({ summary: 'Register an outgoing document (clerks); its number is given in order' })
  @ApiIdempotencyKey('document')
  @ApiCreatedResponse({ type: DocumentDetailDto })
  registerOutgoing(
    @CurrentActor() actor: Actor,
    @Body() dto: RegisterOutgoingDto,
    @IdempotencyKey() idempotencyKey?: string,
  ): Promise<DocumentDetailDto> {
    return this.documents.registerOutgoing(actor, dto, idempotencyKey);
  }

  @Get('duplicates')
  @Authenticated({ permission: 'document.register' })
  @ApiOperation({ summary: 'Earlier incoming entries with the same (number, symbol, issuer), before saving' })
  @ApiOkResponse({ type: [RegisteredDuplicateDto] })
  duplicates(
    @CurrentActor() actor: Actor,
    @Query() query: DuplicateQuery,
  ): Promise<RegisteredDuplicateDto[]> {
    return this.documents.duplicates(actor, query);
  }

  @Get('answerable-tasks')
  @Authenticated({ permission: 'document.register' })
  @ApiOperation({ summary: 'Tasks led or assigned by the unit, which an outgoing document may answer' })
  @ApiOkResponse({ type: [AnswerableTaskDto] })
  answerableTasks(
    @CurrentActor() actor: Actor,
    @Query('unitId', new ParseUUIDPipe({ optional: true })) unitId?: string,
  ): Promise<AnswerableTaskDto[]> {
    return this.documents.answerableTasks(actor, unitId);
  }

  @Get('waiting')
  @Authenticated({ permission: 'annotation.write' })
  @ApiOperation({ summary: 'Incoming documents routed to me and waiting for my annotation' })
  @ApiOkResponse({ type: [DocumentSummaryDto] })
  waiting(@CurrentActor() actor: Actor): Promise<DocumentSummaryDto[]> {
    return this.documents.waiting(actor);
  }

  @Get()
  @Authenticated({ permission: 'document.read' })
  @ApiOperation({ summary: 'A register (sổ văn bản đến/đi) of one unit and year, newest first' })
  @ApiOkResponse({ type: DocumentPageDto })
  list(@CurrentActor() actor: Actor, @Query() query: RegisterQuery): Promise<DocumentPageDto> {
    return this.documents.list(actor, query);
  }

  @Get('register')
  @Authenticated({ permission: 'document.read' })
  @ApiOperation({ summary: 'Export a register as CSV (UTF-8 with BOM) or XLSX' })
  @ApiFileResponse('The register, CSV (UTF-8 with BOM) or XLSX by `format`', 'text/csv', XLSX_TYPE)
  async export(
    @CurrentActor() actor: Actor,
    @Query() query: RegisterExportQuery,
    @Res() response: Response,
  ): Promise<void> {
    const rows = await this.documents.registerRows(actor, query);
    this.views.seen(actor, {
      type: 'document_register',
      id: query.unitId ?? rows[0]?.unit.id ?? 'none',
      how: 'export',
      detail: {
        direction: query.direction,
        year: query.year ?? null,
        format: query.format,
        rows: rows.length,
      },
    });
    const name = `so-van-ban-${query.direction === 'incoming' ? 'den' : 'di'}-${query.year ?? 'nam-nay'}`;
    const xlsx = query.format === 'xlsx';
    const body = xlsx ? await registerXlsx(query.direction, rows) : registerCsv(query.direction, rows);
    response.setHeader('Content-Type', xlsx ? XLSX_TYPE : 'text/csv; charset=utf-8');
    response.setHeader('Content-Disposition', `attachment; filename="${name}.${xlsx ? 'xlsx' : 'csv'}"`);
    response.end(body);
  }

  @Get(':id')
  @Authenticated()
  @ApiOperation({ summary: 'A document with its attachments, the tasks it answers and what I may do' })
  @ApiOkResponse({ type: DocumentDetailDto })
  async get(@CurrentActor() actor: Actor, @Param('id', uuidPipe()) id: string): Promise<DocumentDetailDto> {
    const document = await this.documents.get(actor, id);
    this.views.seen(actor, { type: 'document', id, how: 'view' });
    return document;
  }

  @Get(':id/views')
  @Authenticated()
  @ApiOperation({ summary: 'Who viewed it, downloaded its files or exported it, and when (Decree 30/2020)' })
  @ApiOkResponse({ type: [ViewerDto] })
  viewers(@CurrentActor() actor: Actor, @Param('id', uuidPipe()) id: string): Promise<ViewerDto[]> {
    return this.documents.viewers(actor, id);
  }

  @Post(':id/route')
  @HttpCode(200)
  @Authenticated()
  @ApiOperation({ summary: 'Route an incoming document to a leader for annotation (phân phối, trình)' })
  @ApiOkResponse({ type: DocumentDetailDto })
  route(
    @CurrentActor() actor: Actor,
    @Param('id', uuidPipe()) id: string,
    @Body() dto: RouteDocumentDto,
  ): Promise<DocumentDetailDto> {
    return this.documents.route(actor, id, dto);
  }

  @Post(':id/urge')
  @HttpCode(200)
  @Authenticated()
  @ApiOperation({
    summary:
      'Its clerk or a leader above: urge (đôn đốc) the leader an incoming document waits with, with a note; once per URGE_MIN_INTERVAL_MINUTES',
  })
  @ApiOkResponse({ type: DocumentDetailDto })
  urge(
    @CurrentActor() actor: Actor,
    @Param('id', uuidPipe()) id: string,
    @Body() dto: UrgeDocumentDto,
  ): Promise<DocumentDetailDto> {
    return this.documents.urge(actor, id, dto);
  }

  @Get(':id/route-targets')
  @Authenticated()
  @ApiOperation({ summary: 'The leaders this document may be routed to: of its unit and the units above' })
  @ApiOkResponse({ type: [RouteTargetDto] })
  routeTargets(@CurrentActor() actor: Actor, @Param('id', uuidPipe()) id: string): Promise<RouteTargetDto[]> {
    return this.documents.routeTargets(actor, id);
  }

  @Get(':id/signature')
  @Authenticated()
  @ApiOperation({ summary: 'The signature of a document signed here: a bundle openssl verifies' })
  @ApiOkResponse({ type: SignatureBundleDto })
  signature(@CurrentActor() actor: Actor, @Param('id', uuidPipe()) id: string): Promise<SignatureBundleDto> {
    return this.documents.signature(actor, id);
  }

  @AttachmentDownload(':id/attachments/:fileId', "Download a document's attachment")
  async attachment(@CurrentActor() actor: Actor, @Param() file: AttachmentParams): Promise<StoredFileEntity> {
    const content = await this.documents.attachment(actor, file.id, file.fileId);
    this.views.seen(actor, {
      type: 'document',
      id: file.id,
      how: 'download',
      detail: { fileId: file.fileId },
    });
    return content;
  }
}
