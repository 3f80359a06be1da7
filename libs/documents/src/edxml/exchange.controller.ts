import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import {
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { Actor } from '@lt/access';
import { Authenticated, CurrentActor } from '@lt/auth';
import { ApiFileResponse, ApiIdempotencyKey, IdempotencyKey, uuidPipe } from '@lt/common';
import { ViewLog } from '@lt/views';
import type { Response } from 'express';
import { DocumentDetailDto } from '../document-views.dto';
import { DocumentExchange } from './document-exchange';
import { ExternalStatusDto, ReceiveEdxmlQuery } from './exchange.dto';

const XML = 'application/xml';
const xmlBody = (description: string) =>
  ApiBody({ description, required: true, schema: { type: 'string', format: 'xml' } });

/** edXML (QCVN 102:2016) with systems outside: documents and status messages, both ways (docs/edxml.md). */
@ApiTags('documents')
@Controller('documents')
export class ExchangeController {
  constructor(
    private readonly exchange: DocumentExchange,
    private readonly views: ViewLog,
  ) {}

  @Get(':id/edxml')
  @Authenticated()
  @ApiOperation({
    summary:
      "The issuing unit's clerk: an issued outgoing document as an edXML package to its recipients outside, signed by the deployment",
  })
  @ApiFileResponse('The package (XML)', XML)
  async exportDocument(
    @CurrentActor() actor: Actor,
    @Param('id', uuidPipe()) id: string,
    @Res() response: Response,
  ): Promise<void> {
    const { xml, fileName } = await this.exchange.exportDocument(actor, id);
    this.views.seen(actor, { type: 'document', id, how: 'export', detail: { format: 'edxml' } });
    send(response, xml, fileName);
  }

  @Post('edxml')
  @HttpCode(201)
  @Authenticated({ permission: 'document.register' })
  @ApiConsumes(XML, 'text/xml')
  @xmlBody('An edXML package from another agency, signed over the whole envelope')
  @ApiOperation({
    summary:
      'Clerks: receive an edXML package into the incoming register. Malformed (400), incomplete, unsigned, tampered, untrusted or not addressed to the unit (422): nothing is stored; the same package twice: 409',
  })
  @ApiIdempotencyKey('document')
  @ApiCreatedResponse({ type: DocumentDetailDto })
  receive(
    @CurrentActor() actor: Actor,
    @Body() xml: unknown,
    @Query() query: ReceiveEdxmlQuery,
    @IdempotencyKey() idempotencyKey?: string,
  ): Promise<DocumentDetailDto> {
    return this.exchange.receive(actor, xml, query.unitId, idempotencyKey);
  }

  @Get(':id/edxml-status')
  @Authenticated()
  @ApiOperation({
    summary: 'The receiving clerk: a signed edXML status message (03–06) for a document received by edXML',
  })
  @ApiFileResponse('The status message (XML)', XML)
  async exportStatus(
    @CurrentActor() actor: Actor,
    @Param('id', uuidPipe()) id: string,
    @Res() response: Response,
  ): Promise<void> {
    const { xml, fileName } = await this.exchange.exportStatus(actor, id);
    this.views.seen(actor, { type: 'document', id, how: 'export', detail: { format: 'edxml-status' } });
    send(response, xml, fileName);
  }

  @Post('edxml-status')
  @HttpCode(200)
  @Authenticated({ permission: 'document.register' })
  @ApiConsumes(XML, 'text/xml')
  @xmlBody('An edXML status message from a recipient outside, signed')
  @ApiOperation({ summary: "The issuing unit's clerk: record a status (01–06) a recipient outside reported" })
  @ApiOkResponse({ type: [ExternalStatusDto] })
  receiveStatus(@CurrentActor() actor: Actor, @Body() xml: unknown): Promise<ExternalStatusDto[]> {
    return this.exchange.receiveStatus(actor, xml);
  }

  @Get(':id/external-statuses')
  @Authenticated()
  @ApiOperation({ summary: 'The statuses recipients outside reported by edXML for a document issued here' })
  @ApiOkResponse({ type: [ExternalStatusDto] })
  externalStatuses(
    @CurrentActor() actor: Actor,
    @Param('id', uuidPipe()) id: string,
  ): Promise<ExternalStatusDto[]> {
    return this.exchange.externalStatuses(actor, id);
  }
}

function send(response: Response, xml: string, fileName: string): void {
  response.setHeader('Content-Type', `${XML}; charset=utf-8`);
  response.setHeader(
    'Content-Disposition',
    `attachment; filename="${fileName.replace(/[^\w.-]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(fileName)}`,
  );
  response.end(xml);
}
