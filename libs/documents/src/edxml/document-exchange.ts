import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AccessService, Actor } from '@lt/access';
import { CommandContext, CommandRunner } from '@lt/commands';
import { AppError } from '@lt/common';
import { FilesService, PreparedFile } from '@lt/files';
import { OrgTreeService } from '@lt/org';
import { SignatureBundles } from '@lt/signing';
import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';
import { DocumentDraftEntity } from '../document-draft.entity';
import { DELIVERY_STATUS_NAMES, incomingStatus } from '../document-delivery';
import { DeliveryStatus } from '../document-delivery.entity';
import { DocumentEntity } from '../document.entity';
import { DocumentOutcomes } from '../document-outcomes';
import { DOCUMENT_FILES, DocumentDetail, DocumentsService } from '../documents.service';
import { DocumentExchangeEntity, DocumentExternalStatusEntity } from './document-exchange.entity';
import {
  EdxmlAttachment,
  EdxmlDocumentPackage,
  EdxmlOrgan,
  edxmlTimestamp,
  parseXml,
  readDocumentPackage,
  readStatusMessage,
  writeDocumentPackage,
  writeStatusMessage,
} from './edxml-format';
import { EdxmlSignatures, VerifiedSigner } from './edxml-signatures';

/** The signer's own signature bundle (docs/signing.md), carried beside the files; not stored as one on import. */
export const SIGNER_BUNDLE_TYPE = 'application/vnd.lien-thong.signature-bundle+json';
const SIGNER_BUNDLE_NAME = 'chu-ky-so-nguoi-ky.json';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The request's body as text and as a DOM, parsed once for reading and for the signature. */
function xmlBody(xml: unknown) {
  if (typeof xml !== 'string' || xml.trim() === '')
    throw new AppError('edxml/malformed', { reason: 'send it as the body, Content-Type application/xml' });
  return { text: xml, doc: parseXml(xml) };
}

export interface ExternalStatusView {
  organId: string;
  organName: string;
  status: DeliveryStatus;
  statusName: { vi: string; en: string };
  description: string | null;
  staff: string | null;
  statusAt: string;
  recordedAt: string;
}

/**
 * Exchange with systems outside the deployment by edXML (QCVN 102:2016): an issued document
 * goes out as a package signed by the deployment; a package from another agency comes into a
 * unit's incoming register only when it is well-formed, complete, addressed to the unit and
 * signed over all of it by a trusted certificate — otherwise nothing is stored. Each side
 * then reports its handling with status messages 01–06, signed the same way.
 */
@Injectable()
export class DocumentExchange {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly commands: CommandRunner,
    private readonly access: AccessService,
    private readonly documents: DocumentsService,
    private readonly files: FilesService,
    private readonly tree: OrgTreeService,
    private readonly bundles: SignatureBundles,
    private readonly outcomes: DocumentOutcomes,
    private readonly signatures: EdxmlSignatures,
  ) {}

  /** An issued outgoing document as a signed edXML package, to the agencies outside it names. */
  async exportDocument(
    actor: Actor,
    id: string,
    now = new Date(),
  ): Promise<{ xml: string; fileName: string }> {
    const em = this.dataSource.manager;
    const doc = await this.documents.requireReadable(actor, id);
    await this.access.require(actor.principal, 'document.register', doc.unitId);
    // Secret documents never travel over the exchange network (Decree 30, Art. 18).
    if (doc.direction !== 'outgoing' || doc.state !== 'issued' || doc.secrecy !== 'normal')
      throw new AppError('edxml/not_exportable', { id, state: doc.state, secrecy: doc.secrecy });
    const to = await this.outsideRecipients(id);
    if (to.length === 0) throw new AppError('edxml/no_outside_recipients', { id });
    const from = await this.organOf(doc.unitId);
    const attachments: EdxmlAttachment[] = [];
    for (const meta of (await this.files.metaOf(DOCUMENT_FILES, [id])).get(id) ?? []) {
      const file = await this.files.content(DOCUMENT_FILES, id, meta.id);
      attachments.push({
        contentId: `cid:${file.id}`,
        contentType: file.contentType,
        name: file.fileName,
        content: file.content,
      });
    }
    if (doc.signatureId)
      attachments.push({
        contentId: `cid:${doc.signatureId}`,
        contentType: SIGNER_BUNDLE_TYPE,
        name: SIGNER_BUNDLE_NAME,
        description: 'Chữ ký số của người ký (ES256, RFC 8785) / the signer’s signature bundle',
        content: Buffer.from(JSON.stringify(await this.bundles.one(em, doc.signatureId))),
      });
    const xml = writeDocumentPackage({
      from,
      to,
      codeNumber: doc.codeNumber,
      codeNotation: doc.codeNotation,
      place: null,
      promulgationDate: doc.issuedDate,
      documentType: 2,
      typeName: doc.typeName,
      subject: doc.subject,
      content: doc.body,
      signer: {
        competence: doc.signingForm && doc.signingForm !== 'own' ? `${doc.signingForm}.` : null,
        position: doc.signerPosition,
        fullName: doc.signerName ?? '',
      },
      dueDate: doc.dueDate ? doc.dueDate.toISOString().slice(0, 10) : null,
      toPlaces: to.map((t) => t.organName),
      priority: doc.priority,
      pageAmount: doc.pageAmount,
      steeringType: 1,
      documentId: doc.id,
      businessType: 0,
      trace: [{ organId: from.organId, timestamp: now.toISOString() }],
      attachments,
    });
    return { xml: await this.signatures.sign(xml), fileName: `${doc.codeNumber}-${doc.codeNotation}.edxml` };
  }

  /**
   * Receives a package into the clerk's unit's incoming register (or `unitId`'s): checked in
   * full before anything is written, numbered like any incoming document, its files stored and
   * the package kept. The same package twice answers 409 with the entry it became.
   */
  async receive(
    actor: Actor,
    xml: unknown,
    unitId?: string,
    idempotencyKey?: string,
    now = new Date(),
  ): Promise<DocumentDetail> {
    const register = await this.documents.registerUnit(actor, unitId, 'document.register');
    const { text, doc } = xmlBody(xml);
    const pkg = readDocumentPackage(doc);
    const signer = await this.signatures.verify(text, doc, now);
    const unit = await this.tree.requireUnit(register);
    if (pkg.businessType !== 0) throw new AppError('edxml/unsupported_business', { type: pkg.businessType });
    if (!pkg.to.some((t) => t.organId === unit.organId))
      throw new AppError('edxml/not_addressed', { organId: unit.organId, to: pkg.to.map((t) => t.organId) });
    const files = await this.files.prepareReceived(
      pkg.attachments
        .filter((a) => a.contentType !== SIGNER_BUNDLE_TYPE)
        .map((a) => ({ name: a.name, content: a.content })),
    );
    const bytes = Buffer.from(text, 'utf8');
    const packageSha256 = createHash('sha256').update(bytes).digest('hex');
    // A retry after a lost answer, with the same Idempotency-Key, answers the entry it made.
    const id = await this.commands.run({
      name: 'document.receive_edxml',
      actor,
      idempotency: {
        key: idempotencyKey,
        request: { unitId: register, packageSha256 },
        conflict: 'document/idempotency_conflict',
      },
      run: (context) =>
        this.store(context, actor, { register, pkg, files, signer, bytes, packageSha256 }, now),
    });
    return this.documents.get(actor, id);
  }

  /** The entry, its files, the package kept and the audit entry: in the receiving command. */
  private async store(
    context: CommandContext,
    actor: Actor,
    received: {
      register: string;
      pkg: EdxmlDocumentPackage;
      files: PreparedFile[];
      signer: VerifiedSigner;
      bytes: Buffer;
      packageSha256: string;
    },
    now: Date,
  ): Promise<string> {
    const { register, pkg, files, signer, bytes, packageSha256 } = received;
    const { em } = context;
    // Two clerks importing the same package at once: the second waits and sees the first.
    await em.query('SELECT pg_advisory_xact_lock(hashtext($1))', [
      `edxml:${register}:${pkg.from.organId}:${pkg.documentId}`,
    ]);
    const earlier = await em.findOne(DocumentExchangeEntity, {
      where: { unitId: register, peerOrganId: pkg.from.organId, peerDocumentId: pkg.documentId },
    });
    if (earlier) throw new AppError('edxml/already_received', { documentId: earlier.documentId });
    const entry = await this.documents.receiveExchanged(
      context,
      actor,
      register,
      {
        codeNumber: pkg.codeNumber,
        codeNotation: pkg.codeNotation,
        organName: pkg.from.organName,
        organId: pkg.from.organId,
        issuedDate: pkg.promulgationDate,
        typeName: pkg.typeName,
        subject: pkg.subject,
        body: pkg.content,
        priority: pkg.priority,
        dueDate: pkg.dueDate ? new Date(`${pkg.dueDate}T23:59:59+07:00`) : null,
        signerName: pkg.signer.fullName,
        signerPosition: [pkg.signer.competence, pkg.signer.position].filter(Boolean).join(' ') || null,
        pageAmount: pkg.pageAmount,
      },
      now,
    );
    await this.files.storeReceived(em, actor, files, DOCUMENT_FILES, entry.id);
    await em.insert(DocumentExchangeEntity, {
      documentId: entry.id,
      unitId: register,
      peerOrganId: pkg.from.organId,
      peerOrganName: pkg.from.organName,
      peerDocumentId: pkg.documentId,
      signerSubject: signer.subject.slice(0, 1000),
      signerThumbprint: signer.thumbprint,
      packageSha256,
      package: bytes,
      receivedBy: actor.principal.userId,
      receivedAt: now,
    });
    await context.audit({
      actor,
      actingUnitId: register,
      action: 'document.receive_edxml',
      subjectType: 'document',
      subjectId: entry.id,
      after: {
        from: pkg.from.organId,
        peerDocumentId: pkg.documentId,
        signer: signer.subject,
        signerThumbprint: signer.thumbprint,
        files: files.length,
      },
    });
    return entry.id;
  }

  /** A signed status message telling the sender where a document received by edXML stands (03–06). */
  async exportStatus(actor: Actor, id: string, now = new Date()): Promise<{ xml: string; fileName: string }> {
    const em = this.dataSource.manager;
    const doc = await this.documents.requireReadable(actor, id);
    await this.access.require(actor.principal, 'document.register', doc.unitId);
    const exchange = await em.findOne(DocumentExchangeEntity, { where: { documentId: id } });
    if (!exchange) throw new AppError('edxml/not_received', { id });
    const handled = await this.outcomes.handled(doc.state === 'annotated' ? [id] : [], em);
    const status = incomingStatus(doc, handled);
    const xml = writeStatusMessage({
      responseFor: {
        organId: exchange.peerOrganId,
        codeNumber: doc.codeNumber,
        codeNotation: doc.codeNotation,
        documentId: exchange.peerDocumentId,
      },
      from: await this.organOf(doc.unitId),
      statusCode: status,
      description: DELIVERY_STATUS_NAMES[status].vi,
      staff: actor.principal.fullName,
      timestamp: now.toISOString(),
    });
    return { xml: await this.signatures.sign(xml), fileName: `trang-thai-${status}-${doc.codeNumber}.edxml` };
  }

  /**
   * Records a status an agency outside reports for a document issued here, when it is signed
   * by a trusted certificate, about one of this unit's documents, from one of its recipients.
   * An older report than the one kept changes nothing (messages may arrive out of order).
   */
  async receiveStatus(actor: Actor, xml: unknown, now = new Date()): Promise<ExternalStatusView[]> {
    const { text, doc: parsed } = xmlBody(xml);
    const message = readStatusMessage(parsed);
    await this.signatures.verify(text, parsed, now);
    const { responseFor, from } = message;
    const doc = UUID.test(responseFor.documentId)
      ? await this.dataSource.manager.findOne(DocumentEntity, { where: { id: responseFor.documentId } })
      : null;
    if (
      !doc ||
      doc.direction !== 'outgoing' ||
      doc.organId !== responseFor.organId ||
      !(await this.access.grantFor(actor.principal, 'document.register', doc.unitId))
    )
      throw new AppError('document/not_found', { id: responseFor.documentId });
    const recipients = await this.outsideRecipients(doc.id);
    if (!recipients.some((r) => r.organId === from.organId))
      throw new AppError('edxml/not_a_recipient', { organId: from.organId });
    const statusAt = edxmlTimestamp(message.timestamp);
    await this.commands.change('document.external_status', actor, async (context) => {
      const { em } = context;
      const [row]: { status: string }[] = await em.query(
        `INSERT INTO document_external_statuses AS s
           (document_id, organ_id, organ_name, status, description, staff, status_at, recorded_at, recorded_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         ON CONFLICT (document_id, organ_id) DO UPDATE
           SET organ_name = EXCLUDED.organ_name, status = EXCLUDED.status, description = EXCLUDED.description,
               staff = EXCLUDED.staff, status_at = EXCLUDED.status_at, recorded_at = EXCLUDED.recorded_at,
               recorded_by = EXCLUDED.recorded_by
           WHERE s.status_at < EXCLUDED.status_at
         RETURNING status`,
        [
          doc.id,
          from.organId,
          from.organName,
          message.statusCode,
          message.description,
          message.staff,
          statusAt,
          now,
          actor.principal.userId,
        ],
      );
      await context.audit({
        actor,
        actingUnitId: doc.unitId,
        action: 'document.external_status',
        subjectType: 'document',
        subjectId: doc.id,
        after: {
          organId: from.organId,
          status: message.statusCode,
          at: statusAt.toISOString(),
          kept: row !== undefined,
        },
      });
    });
    return this.externalStatuses(actor, doc.id);
  }

  /** The statuses agencies outside reported for a document issued here. */
  async externalStatuses(actor: Actor, id: string): Promise<ExternalStatusView[]> {
    await this.documents.requireReadable(actor, id);
    const rows = await this.dataSource.manager.find(DocumentExternalStatusEntity, {
      where: { documentId: id },
      order: { organName: 'ASC' },
    });
    return rows.map((r) => ({
      organId: r.organId,
      organName: r.organName,
      status: r.status as DeliveryStatus,
      statusName: DELIVERY_STATUS_NAMES[r.status as DeliveryStatus],
      description: r.description,
      staff: r.staff,
      statusAt: r.statusAt.toISOString(),
      recordedAt: r.recordedAt.toISOString(),
    }));
  }

  /** The agencies outside the deployment a document drafted here was addressed to, by OrganId. */
  private async outsideRecipients(id: string): Promise<EdxmlOrgan[]> {
    const draft = await this.dataSource.manager.findOne(DocumentDraftEntity, { where: { id } });
    return draft?.recipients.organs.map((o) => ({ organId: o.organId, organName: o.organName })) ?? [];
  }

  /** A unit as edXML names it: its OrganId and name, and the body it answers to (OrganizationInCharge). */
  private async organOf(unitId: string): Promise<EdxmlOrgan> {
    const unit = await this.tree.requireUnit(unitId);
    const parent = unit.parentId ? await this.tree.requireUnit(unit.parentId) : null;
    return { organId: unit.organId, organName: unit.name, organizationInCharge: parent?.name ?? unit.name };
  }
}
