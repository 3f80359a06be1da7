import { Injectable } from '@nestjs/common';
import { CommandContext, CommandRunner } from '@lt/commands';
import { InjectDataSource } from '@nestjs/typeorm';
import { AccessService, Actor, LEADING_ROLES, Permission, roleGrants } from '@lt/access';
import { AgendaPart, AppError, vietnamDate, vietnamYear, pageOf } from '@lt/common';
import { lockForChange, requireVersion } from '@lt/database';
import { AppConfig } from '@lt/config';
import { SignatureBundle, SignatureBundles } from '@lt/signing';
import { AttachmentMeta, FilesService } from '@lt/files';
import { OrgTreeService } from '@lt/org';
import { PeopleService } from '@lt/people';
import { Urgency } from '@lt/realtime';
import { TaskReads, TaskReaders } from '@lt/tasks';
import { DataSource, EntityManager } from 'typeorm';
import {
  DuplicateQuery,
  RegisterIncomingDto,
  RegisterOutgoingDto,
  RegisterQuery,
  RouteDocumentDto,
  UrgeDocumentDto,
} from './document.dto';
import {
  DocumentDirection,
  DocumentEntity,
  DocumentRoutingEntity,
  DocumentState,
  DocumentTaskRefEntity,
  DocumentUrgingEntity,
} from './document.entity';
import { DocumentReaderRules } from './document-reader-rules';
import type { RoutedDocument } from './document-events';
import { AuditReads } from '@lt/audit';
import { DOCUMENT_SEARCH_TEXT } from './document-search';

/** A document as the `document.*` events to the leader it waits with show it (RoutedDocument). */
export function routedDocumentOf(doc: DocumentEntity, unitName: string): RoutedDocument {
  return {
    id: doc.id,
    unit: { id: doc.unitId, name: unitName },
    registerNumber: doc.registerNumber,
    codeNumber: doc.codeNumber,
    codeNotation: doc.codeNotation,
    organName: doc.organName,
    typeName: doc.typeName,
    subject: doc.subject,
    priority: doc.priority as Urgency,
    dueDate: doc.dueDate?.toISOString() ?? null,
  };
}

/** SQL: the document `alias` is not secret, or `reader` is named on it (drafter, reviewer, signer). */
function namedOrNormal(alias: string, reader: string): string {
  return `(${alias}.secrecy = 'normal'
    OR EXISTS (SELECT 1 FROM document_drafts x WHERE x.id = ${alias}.id AND ${reader}::uuid IN (x.drafter_id, x.signer_id))
    OR EXISTS (SELECT 1 FROM document_review_steps s WHERE s.draft_id = ${alias}.id AND s.reviewer_id = ${reader}::uuid))`;
}

/** The attachments of a document are stored under this owner type. */
export const DOCUMENT_FILES = 'document';

export interface DocumentSummary {
  id: string;
  direction: DocumentDirection;
  unit: { id: string; name: string };
  registerYear: number;
  registerNumber: number;
  codeNumber: string;
  codeNotation: string;
  organName: string;
  organId: string | null;
  issuedDate: string;
  typeName: string;
  subject: string;
  priority: number;
  dueDate: string | null;
  arrivalDate: string | null;
  state: DocumentState;
  routedTo: { id: string; fullName: string } | null;
  duplicateOf: string | null;
  urgedCount: number;
  registeredAt: string;
  version: number;
}

export interface DocumentDetail extends DocumentSummary {
  signerName: string | null;
  signerPosition: string | null;
  recipients: string | null;
  pageAmount: number | null;
  description: string | null;
  registeredBy: { id: string; fullName: string };
  attachments: AttachmentMeta[];
  answersTasks: { id: string; title: string }[];
  /** Drafted and signed here: its text, secrecy and signature (GET /documents/:id/signature). */
  body: string | null;
  secrecy: string;
  signingForm: string | null;
  signatureId: string | null;
  /** Each urging (đôn đốc) while it waited with a leader, oldest first. */
  urgings: {
    by: { id: string; fullName: string };
    to: { id: string; fullName: string };
    note: string;
    at: string;
  }[];
  /**
   * What I may do: route it (its clerks and leaders), annotate it (leaders who may read it),
   * urge the leader it waits with (those who may route it, but not that leader).
   */
  allowedActions: ('route' | 'annotate' | 'urge')[];
}

export interface DocumentPage {
  items: DocumentSummary[];
  total: number;
  page: number;
  pageSize: number;
}

export interface RegisteredDuplicate {
  id: string;
  registerNumber: number;
  registerYear: number;
  registeredAt: string;
}

/** (number, symbol, issuer) compared the way a clerk reads them: case, spacing and Unicode form aside. */
export function dedupKey(codeNumber: string, codeNotation: string, organName: string): string {
  const norm = (s: string) => s.normalize('NFC').trim().replace(/\s+/g, ' ').toLocaleLowerCase('vi');
  return [norm(codeNumber), norm(codeNotation), norm(organName)].join('|');
}

const SUMMARY_COLUMNS = `d.id, d.direction, d.unit_id AS "unitId", d.register_year AS "registerYear",
  d.register_number AS "registerNumber", d.code_number AS "codeNumber", d.code_notation AS "codeNotation",
  d.organ_name AS "organName", d.organ_id AS "organId", to_char(d.issued_date, 'YYYY-MM-DD') AS "issuedDate",
  d.type_name AS "typeName", d.subject, d.priority, d.due_date AS "dueDate", d.arrival_date AS "arrivalDate",
  d.state, d.routed_to AS "routedToId", d.duplicate_of AS "duplicateOf", d.urged_count AS "urgedCount", d.created_at AS "createdAt", d.version`;

/** A summary as read: ids where the summary names, Dates where it has ISO strings. */
interface SummaryRow extends Omit<
  DocumentSummary,
  'unit' | 'dueDate' | 'arrivalDate' | 'routedTo' | 'registeredAt'
> {
  unitId: string;
  dueDate: Date | null;
  arrivalDate: Date | null;
  routedToId: string | null;
  createdAt: Date;
}

/** The names a summary shows: units by id, people by id (DocumentsService.summaryNames). */
interface SummaryNames {
  units: Map<string, string>;
  people: Map<string, string>;
}

const toSummary = (r: SummaryRow, names: SummaryNames): DocumentSummary => ({
  id: r.id,
  direction: r.direction,
  unit: { id: r.unitId, name: names.units.get(r.unitId) ?? '' },
  registerYear: r.registerYear,
  registerNumber: r.registerNumber,
  codeNumber: r.codeNumber,
  codeNotation: r.codeNotation,
  organName: r.organName,
  organId: r.organId?.trim() ?? null,
  issuedDate: r.issuedDate,
  typeName: r.typeName,
  subject: r.subject,
  priority: r.priority,
  dueDate: r.dueDate?.toISOString() ?? null,
  arrivalDate: r.arrivalDate?.toISOString() ?? null,
  state: r.state,
  routedTo: r.routedToId ? { id: r.routedToId, fullName: names.people.get(r.routedToId) ?? '' } : null,
  duplicateOf: r.duplicateOf,
  urgedCount: r.urgedCount,
  registeredAt: r.createdAt.toISOString(),
  version: r.version,
});

/**
 * The registers of incoming and outgoing documents (Decree 30/2020/NĐ-CP Appendix VI):
 * numbering in order per unit and year, the repeat check, distribution to a leader, and who
 * may read a document. Annotations and the handling trail live in @lt/annotations.
 */
@Injectable()
export class DocumentsService {
  constructor(
    private readonly commands: CommandRunner,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: AccessService,
    private readonly files: FilesService,
    private readonly tree: OrgTreeService,
    private readonly people: PeopleService,
    private readonly tasks: TaskReads,
    private readonly taskReaders: TaskReaders,
    private readonly readerRules: DocumentReaderRules,
    private readonly config: AppConfig,
    private readonly bundles: SignatureBundles,
    private readonly auditReads: AuditReads,
  ) {}

  async registerIncoming(
    actor: Actor,
    dto: RegisterIncomingDto,
    idempotencyKey?: string,
    now = new Date(),
  ): Promise<DocumentDetail> {
    const key = dedupKey(dto.codeNumber, dto.codeNotation, dto.organName);
    const id = await this.store(
      actor,
      { direction: 'incoming', dto, idempotencyKey, now },
      async ({ em }, { unitId, year, number }) => {
        // Registering the same paper twice is the mistake the decree asks to catch: the clerk
        // sees the earlier entries and must confirm to keep both.
        // Under the register's lock: two clerks registering the same paper at once are checked
        // one after the other, and the second sees the first.
        const earlier = await this.findDuplicates(em, unitId, key);
        if (earlier.length > 0 && !dto.acceptDuplicate)
          throw new AppError('document/duplicate', { duplicates: earlier });
        const [row]: { id: string }[] = await em.query(
          `INSERT INTO documents (direction, unit_id, register_year, register_number, code_number, code_notation,
                                organ_name, organ_id, dedup_key, issued_date, type_name, subject, priority, due_date,
                                arrival_date, signer_name, signer_position, page_amount, description, state,
                                duplicate_of, registered_by, idempotency_key, version)
         VALUES ('incoming', $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18,
                 'registered', $19, $20, $21, 1)
         RETURNING id`,
          [
            unitId,
            year,
            number,
            dto.codeNumber.trim(),
            dto.codeNotation.trim(),
            dto.organName.trim(),
            dto.organId ?? null,
            key,
            dto.issuedDate,
            dto.typeName.trim(),
            dto.subject.trim(),
            dto.priority,
            dto.dueDate ? new Date(dto.dueDate) : null,
            dto.arrivalDate ? new Date(dto.arrivalDate) : now,
            dto.signerName?.trim() || null,
            dto.signerPosition?.trim() || null,
            dto.pageAmount ?? null,
            dto.description?.trim() || null,
            earlier[0]?.id ?? null,
            actor.principal.userId,
            idempotencyKey ?? null,
          ],
        );
        return {
          id: row.id,
          audited: {
            code: `${dto.codeNumber}/${dto.codeNotation}`,
            organName: dto.organName,
            duplicateOf: earlier[0]?.id ?? null,
          },
        };
      },
    );
    return this.get(actor, id);
  }

  async registerOutgoing(
    actor: Actor,
    dto: RegisterOutgoingDto,
    idempotencyKey?: string,
    now = new Date(),
  ): Promise<DocumentDetail> {
    const taskIds = [...new Set(dto.answersTaskIds ?? [])];
    const id = await this.store(
      actor,
      { direction: 'outgoing', dto, idempotencyKey, now },
      async ({ em }, { unitId, year, number }) => {
        // An outgoing document answers tasks of its own unit: led or assigned there.
        if (taskIds.length > 0) {
          const own = await this.tasks.ofUnitAmong(taskIds, unitId, em);
          const foreign = taskIds.find((t) => !own.has(t));
          if (foreign) throw new AppError('document/task_not_of_unit', { taskId: foreign, unitId });
        }
        const unit = await this.tree.requireUnit(unitId, em);
        const [row]: { id: string }[] = await em.query(
          `INSERT INTO documents (direction, unit_id, register_year, register_number, code_number, code_notation,
                                organ_name, organ_id, dedup_key, issued_date, type_name, subject, priority, due_date,
                                signer_name, signer_position, recipients, page_amount, description, state,
                                registered_by, idempotency_key, version)
         VALUES ('outgoing', $1, $2, $3::int, $3::int::text, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17,
                 'issued', $18, $19, 1)
         RETURNING id`,
          [
            unitId,
            year,
            number,
            dto.codeNotation.trim(),
            unit.name,
            unit.organId,
            dedupKey(String(number), dto.codeNotation, unit.name),
            vietnamDate(now),
            dto.typeName.trim(),
            dto.subject.trim(),
            dto.priority,
            dto.dueDate ? new Date(dto.dueDate) : null,
            dto.signerName?.trim() || null,
            dto.signerPosition?.trim() || null,
            dto.recipients.trim(),
            dto.pageAmount ?? null,
            dto.description?.trim() || null,
            actor.principal.userId,
            idempotencyKey ?? null,
          ],
        );
        if (taskIds.length > 0)
          await em.query(
            'INSERT INTO document_task_refs (document_id, task_id) SELECT $1, unnest($2::uuid[])',
            [row.id, taskIds],
          );
        return { id: row.id, audited: { codeNotation: dto.codeNotation, taskIds } };
      },
    );
    return this.get(actor, id);
  }

  /** Earlier entries of the unit's incoming register with the same (number, symbol, issuer). */
  async duplicates(actor: Actor, query: DuplicateQuery): Promise<RegisteredDuplicate[]> {
    const unitId = await this.registerUnit(actor, query.unitId, 'document.register');
    return this.findDuplicates(
      this.dataSource.manager,
      unitId,
      dedupKey(query.codeNumber, query.codeNotation, query.organName),
    );
  }

  /**
   * Distribution (phân phối): the unit's clerk or a leader hands an incoming document to a
   * leader of the unit or above it, who annotates it. It may be handed on until annotated.
   */
  async route(actor: Actor, id: string, dto: RouteDocumentDto, now = new Date()): Promise<DocumentDetail> {
    await this.commands.change('document.route', actor, async ({ em, audit, emit }) => {
      const doc = await lockForChange(em, DocumentEntity, id, undefined, 'document/not_found');
      const grant = await this.routeGrant(actor, doc, em);
      if (!grant) throw new AppError('document/not_found', { id });
      requireVersion(doc, dto.version);
      if (doc.state === 'recalled') throw new AppError('document/recalled', { id });
      if (doc.direction !== 'incoming' || doc.state === 'annotated')
        throw new AppError('document/not_routable', { state: doc.state });
      // The leader must be able to read and annotate it: a leader of its unit or of a unit above.
      const chain = await this.tree.chainAbove(doc.unitId, em);
      const leaders = await this.people.holdersIn(
        chain.map((u) => u.id),
        LEADING_ROLES,
        em,
      );
      if (!leaders.some((l) => l.userId === dto.toUserId))
        throw new AppError('document/route_not_leader', { userId: dto.toUserId });
      await em.insert(DocumentRoutingEntity, {
        documentId: id,
        routedBy: actor.principal.userId,
        routedTo: dto.toUserId,
        note: dto.note?.trim() || null,
        routedAt: now,
      });
      doc.state = 'routed';
      doc.routedTo = dto.toUserId;
      await em.save(doc);
      await audit({
        actor,
        actingUnitId: grant,
        action: 'document.route',
        subjectType: 'document',
        subjectId: id,
        after: { routedTo: dto.toUserId, note: dto.note ?? null },
      });
      const unit = await this.tree.requireUnit(doc.unitId, em);
      await emit({
        name: 'document.routed',
        payload: {
          document: routedDocumentOf(doc, unit.name),
          by: { id: actor.principal.userId, fullName: actor.principal.fullName },
          note: dto.note?.trim() || null,
          at: now.toISOString(),
        },
        audience: [dto.toUserId],
      });
    });
    return this.get(actor, id);
  }

  /** The leaders a document may be routed to: those of its unit and of the units above it. */
  /**
   * Urging (đôn đốc) an incoming document that waits with a leader for annotation: its clerk
   * or a leader of its unit or above (anyone who may route it), not the leader it waits with,
   * with a note. The leader hears it live (`document.urged`), the document counts it and keeps
   * the note; once per URGE_MIN_INTERVAL_MINUTES per document (429 with the seconds to wait).
   * The version is not checked nor moved: urging changes nothing the leader is editing.
   */
  async urge(actor: Actor, id: string, dto: UrgeDocumentDto, now = new Date()): Promise<DocumentDetail> {
    await this.commands.change('document.urge', actor, async ({ em, audit, emit }) => {
      const doc = await lockForChange(em, DocumentEntity, id, undefined, 'document/not_found');
      const grant = await this.routeGrant(actor, doc, em);
      if (!grant) throw new AppError('document/not_found', { id });
      if (doc.direction !== 'incoming' || doc.state !== 'routed' || !doc.routedTo)
        throw new AppError('document/not_urgeable', { state: doc.state });
      if (doc.routedTo === actor.principal.userId) throw new AppError('document/urge_own');
      const waitMs = this.config.URGE_MIN_INTERVAL_MINUTES * 60_000;
      if (doc.lastUrgedAt && now.getTime() - doc.lastUrgedAt.getTime() < waitMs)
        throw new AppError('document/urge_too_soon', {
          retryAfterSeconds: Math.ceil((doc.lastUrgedAt.getTime() + waitMs - now.getTime()) / 1000),
        });
      const note = dto.note.trim();
      await em.insert(DocumentUrgingEntity, {
        documentId: id,
        urgedBy: actor.principal.userId,
        urgedTo: doc.routedTo,
        note,
        createdAt: now,
      });
      // Raw SQL: not a change to what the leader edits, so the version stays (as a task's urging).
      await em.query('UPDATE documents SET urged_count = urged_count + 1, last_urged_at = $2 WHERE id = $1', [
        id,
        now,
      ]);
      const count = doc.urgedCount + 1;
      await audit({
        actor,
        actingUnitId: grant,
        action: 'document.urge',
        subjectType: 'document',
        subjectId: id,
        after: { urgedTo: doc.routedTo, note, count },
      });
      const unit = await this.tree.requireUnit(doc.unitId, em);
      await emit({
        name: 'document.urged',
        payload: {
          document: routedDocumentOf(doc, unit.name),
          by: { id: actor.principal.userId, fullName: actor.principal.fullName },
          note,
          count,
          at: now.toISOString(),
        },
        audience: [doc.routedTo],
      });
    });
    return this.get(actor, id);
  }

  async routeTargets(
    actor: Actor,
    id: string,
  ): Promise<{ id: string; fullName: string; title: string | null; unitName: string }[]> {
    const doc = await this.requireReadable(actor, id);
    if (!(await this.routeGrant(actor, doc))) throw new AppError('document/not_found', { id });
    // Nearest unit first; within a unit by name (holdersIn's order: the sort below is stable),
    // each person once per unit.
    const chain = await this.tree.chainAbove(doc.unitId);
    const unitOf = new Map(chain.map((u) => [u.id, u]));
    const leaders = await this.people.holdersIn([...unitOf.keys()], LEADING_ROLES);
    const once = new Map(leaders.map((l) => [`${l.unitId}|${l.userId}`, l]));
    return [...once.values()]
      .sort((x, y) => unitOf.get(x.unitId)!.depth - unitOf.get(y.unitId)!.depth)
      .map((l) => ({
        id: l.userId,
        fullName: l.fullName,
        title: l.title,
        unitName: unitOf.get(l.unitId)!.name,
      }));
  }

  /**
   * The tasks an outgoing document of the unit may answer (led or assigned there and not
   * cancelled), newest first: what the clerk picks from.
   */
  async answerableTasks(
    actor: Actor,
    unitId: string | undefined,
  ): Promise<{ id: string; title: string; state: string; deadline: string }[]> {
    const unit = await this.registerUnit(actor, unitId, 'document.register');
    const rows = await this.tasks.liveOfUnit(unit, 200);
    return rows.map((r) => ({ ...r, deadline: r.deadline.toISOString() }));
  }

  /** Incoming documents routed to me and not yet annotated, wherever they were registered: my queue. */
  async waiting(actor: Actor): Promise<DocumentSummary[]> {
    const rows: SummaryRow[] = await this.dataSource.query(
      `SELECT ${SUMMARY_COLUMNS} FROM documents d
        WHERE d.routed_to = $1 AND d.state = 'routed'
        ORDER BY d.priority DESC, d.due_date NULLS LAST, d.created_at LIMIT 500`,
      [actor.principal.userId],
    );
    // Only what the leader may still read (a post left since is no reason to see it).
    const reads = await this.access.grantsFor(actor.principal, 'document.read', [
      ...new Set(rows.map((r) => r.unitId)),
    ]);
    const readable = rows.filter((row) => reads.has(row.unitId));
    const names = await this.summaryNames(readable);
    return readable.map((row) => toSummary(row, names));
  }

  /**
   * The documents waiting for the person (their part of the home page): routed to them for
   * annotation (bút phê), and — for a clerk — incoming ones registered in their unit but not
   * routed yet. The count and the first `limit`, overdue first (past their due date).
   */
  async agenda(actor: Actor, limit: number, now = new Date()): Promise<AgendaPart[]> {
    const { principal } = actor;
    const registers = [
      ...(
        await this.access.grantsFor(
          principal,
          'document.register',
          principal.positions.map((p) => p.unitId),
        )
      ).keys(),
    ];
    const rows: {
      id: string;
      subject: string;
      codeNumber: string;
      codeNotation: string;
      dueDate: Date | null;
      unitId: string;
      total: string;
    }[] = await this.dataSource.query(
      `SELECT d.id, d.subject, d.code_number AS "codeNumber", d.code_notation AS "codeNotation",
              d.due_date AS "dueDate", d.unit_id AS "unitId", count(*) OVER () AS total
         FROM documents d
        WHERE (d.routed_to = $1 AND d.state = 'routed')
           OR (d.direction = 'incoming' AND d.state = 'registered' AND d.unit_id = ANY($2::uuid[]))
        ORDER BY (d.due_date <= $3) DESC, d.due_date NULLS LAST, d.priority DESC, d.created_at
        LIMIT $4`,
      [principal.userId, registers, now, limit],
    );
    // A post left since is no reason to see it: the reading rule decides, as for `waiting`.
    const reads = await this.access.grantsFor(principal, 'document.read', [
      ...new Set(rows.map((r) => r.unitId)),
    ]);
    const readable = rows.filter((r) => reads.has(r.unitId) || registers.includes(r.unitId));
    if (readable.length === 0) return [];
    return [
      {
        group: 'handle',
        count: Number(rows[0].total) - (rows.length - readable.length),
        items: readable.map((r) => ({
          group: 'handle',
          kind: 'document',
          id: r.id,
          title: r.subject,
          detail: `${r.codeNumber}/${r.codeNotation}`,
          dueAt: r.dueDate?.toISOString() ?? null,
          overdue: r.dueDate !== null && r.dueDate <= now,
        })),
      },
    ];
  }

  /** A register (sổ văn bản đến/đi) of one unit and year, newest first. */
  async list(actor: Actor, query: RegisterQuery, now = new Date()): Promise<DocumentPage> {
    const unitId = await this.registerUnit(actor, query.unitId, 'document.read');
    const { page, pageSize, offset } = pageOf(query, 50);
    const { where, params } = this.registerFilter(unitId, query, now, actor.principal.userId);
    const rows: (SummaryRow & { total: string })[] = await this.dataSource.query(
      `SELECT ${SUMMARY_COLUMNS}, count(*) OVER () AS total FROM documents d
        WHERE ${where} ORDER BY d.register_number DESC
        LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, pageSize, offset],
    );
    const names = await this.summaryNames(rows);
    return {
      items: rows.map((row) => toSummary(row, names)),
      total: rows.length > 0 ? Number(rows[0].total) : 0,
      page,
      pageSize,
    };
  }

  /** The whole register for export, in register order. */
  async registerRows(actor: Actor, query: RegisterQuery, now = new Date()): Promise<DocumentDetail[]> {
    const unitId = await this.registerUnit(actor, query.unitId, 'document.read');
    const { where, params } = this.registerFilter(unitId, query, now, actor.principal.userId);
    const rows: (SummaryRow & Pick<DocumentDetail, 'signerName' | 'recipients' | 'description'>)[] =
      await this.dataSource.query(
        `SELECT ${SUMMARY_COLUMNS}, d.signer_name AS "signerName", d.recipients, d.description
           FROM documents d WHERE ${where} ORDER BY d.register_number`,
        params,
      );
    const names = await this.summaryNames(rows);
    return rows.map((r) => ({
      ...toSummary(r, names),
      signerName: r.signerName,
      signerPosition: null,
      recipients: r.recipients,
      pageAmount: null,
      description: r.description,
      registeredBy: { id: '', fullName: '' },
      attachments: [],
      answersTasks: [],
      body: null,
      secrecy: 'normal',
      signingForm: null,
      signatureId: null,
      urgings: [],
      allowedActions: [],
    }));
  }

  async get(actor: Actor, id: string): Promise<DocumentDetail> {
    const em = this.dataSource.manager;
    await this.requireReadable(actor, id);
    const [row]: (SummaryRow & {
      signerName: string | null;
      signerPosition: string | null;
      recipients: string | null;
      pageAmount: number | null;
      description: string | null;
      registeredBy: string;
      body: string | null;
      secrecy: string;
      signingForm: string | null;
      signatureId: string | null;
      sourceDocumentId: string | null;
    })[] = await em.query(
      `SELECT ${SUMMARY_COLUMNS}, d.signer_name AS "signerName", d.signer_position AS "signerPosition",
              d.recipients, d.page_amount AS "pageAmount", d.description, d.registered_by AS "registeredBy",
              d.body, d.secrecy, d.signing_form AS "signingForm", d.signature_id AS "signatureId",
              d.source_document_id AS "sourceDocumentId"
         FROM documents d WHERE d.id = $1`,
      [id],
    );
    const names = await this.summaryNames([row], [row.registeredBy]);
    const refs = await em.find(DocumentTaskRefEntity, { where: { documentId: id } });
    // titlesOf answers in the order the tasks were created.
    const answers = [
      ...(
        await this.taskReaders.titlesOf(
          refs.map((r) => r.taskId),
          em,
        )
      ).entries(),
    ].map(([taskId, title]) => ({ id: taskId, title }));
    // An entry received from a unit inside the deployment shows the files of what was sent.
    const filesOwner = row.sourceDocumentId ?? id;
    const attachments = await this.files.metaOf(DOCUMENT_FILES, [filesOwner]);
    const actions: DocumentDetail['allowedActions'] = [];
    const doc = { id: row.id, unitId: row.unitId, direction: row.direction, state: row.state };
    if (row.direction === 'incoming' && row.state !== 'annotated' && (await this.routeGrant(actor, doc)))
      actions.push('route');
    if (await this.annotationGrant(actor, doc)) actions.push('annotate');
    const urgings = await em.find(DocumentUrgingEntity, {
      where: { documentId: id },
      order: { createdAt: 'ASC' },
    });
    const urgers = await this.people.namesOf(
      urgings.flatMap((u) => [u.urgedBy, u.urgedTo]),
      em,
    );
    if (
      row.direction === 'incoming' &&
      row.state === 'routed' &&
      row.routedToId !== actor.principal.userId &&
      (await this.routeGrant(actor, doc))
    )
      actions.push('urge');
    return {
      ...toSummary(row, names),
      signerName: row.signerName,
      signerPosition: row.signerPosition,
      recipients: row.recipients,
      pageAmount: row.pageAmount,
      description: row.description,
      registeredBy: { id: row.registeredBy, fullName: names.people.get(row.registeredBy) ?? '' },
      attachments: attachments.get(filesOwner) ?? [],
      answersTasks: answers,
      body: row.body,
      secrecy: row.secrecy,
      signingForm: row.signingForm,
      signatureId: row.signatureId,
      urgings: urgings.map((u) => ({
        by: { id: u.urgedBy, fullName: urgers.get(u.urgedBy) ?? '' },
        to: { id: u.urgedTo, fullName: urgers.get(u.urgedTo) ?? '' },
        note: u.note,
        at: u.createdAt.toISOString(),
      })),
      allowedActions: actions,
    };
  }

  /** Who viewed a document, downloaded its files or exported it, for whoever may read it. */
  async viewers(actor: Actor, id: string) {
    await this.requireReadable(actor, id);
    const rows = await this.auditReads.viewersOf('document', id);
    const names = await this.people.namesOf(rows.map((r) => r.actorId));
    return rows.map((r) => ({
      person: { id: r.actorId, fullName: names.get(r.actorId) ?? '' },
      times: r.times,
      firstAt: r.firstAt.toISOString(),
      lastAt: r.lastAt.toISOString(),
      actions: r.actions,
    }));
  }

  /** The signature of a document signed here, as a bundle openssl verifies (docs/signing.md). */
  async signature(actor: Actor, id: string): Promise<SignatureBundle> {
    const doc = await this.requireReadable(actor, id);
    if (!doc.signatureId) throw new AppError('document/not_signed', { id });
    return this.bundles.one(this.dataSource.manager, doc.signatureId);
  }

  async attachment(actor: Actor, id: string, fileId: string) {
    const doc = await this.requireReadable(actor, id);
    return this.files.content(DOCUMENT_FILES, doc.sourceDocumentId ?? id, fileId);
  }

  /**
   * Who may read a document: the clerks of its unit and the leaders of that unit or above
   * it (among them those it was routed to); and whoever holds a role in a task assigned from
   * an annotation on it (they work from it). To anyone else it does not exist (404).
   */
  async requireReadable(actor: Actor, id: string, em: EntityManager = this.dataSource.manager) {
    const doc = await em.findOne(DocumentEntity, { where: { id } });
    if (!doc) throw new AppError('document/not_found', { id });
    // The people named on a document drafted here read it; a secret one (mật, tối mật,
    // tuyệt mật) only they do.
    const named = doc.signatureId
      ? ((await this.namedPeople(em, [id])).get(id)?.has(actor.principal.userId) ?? false)
      : false;
    if (named) return doc;
    if (doc.secrecy !== 'normal') throw new AppError('document/not_found', { id });
    if (await this.access.grantFor(actor.principal, 'document.read', doc.unitId, em)) return doc;
    const involved = await this.readerRules.reads(actor.principal, id, em);
    if (!involved) throw new AppError('document/not_found', { id });
    return doc;
  }

  /**
   * The unit a leader may annotate a document for: a position granting `annotation.write`
   * over the document's unit. Routing grants nothing of its own — documents are routed only
   * to leaders of the unit or above it, who hold that right while they hold the post.
   */
  async annotationGrant(
    actor: Actor,
    doc: Pick<DocumentEntity, 'id' | 'unitId'>,
    em: EntityManager = this.dataSource.manager,
  ): Promise<string | null> {
    const grant = await this.access.grantFor(actor.principal, 'annotation.write', doc.unitId, em);
    return grant?.unitId ?? null;
  }

  /** The document is annotated: it leaves the routing queue. Called in the annotation's transaction. */
  async markAnnotated(em: EntityManager, id: string): Promise<void> {
    await em.query(
      `UPDATE documents SET state = 'annotated', handled_at = now(), version = version + 1 WHERE id = $1 AND direction = 'incoming'
         AND state <> 'annotated'`,
      [id],
    );
  }

  private async routeGrant(
    actor: Actor,
    doc: Pick<DocumentEntity, 'id' | 'unitId'>,
    em: EntityManager = this.dataSource.manager,
  ): Promise<string | null> {
    const clerk = await this.access.grantFor(actor.principal, 'document.register', doc.unitId, em);
    if (clerk) return clerk.unitId;
    return this.annotationGrant(actor, doc, em);
  }

  /** The unit and people names the summaries of `rows` show, in one query each. */
  private async summaryNames(
    rows: SummaryRow[],
    alsoPeople: string[] = [],
    em: EntityManager = this.dataSource.manager,
  ): Promise<SummaryNames> {
    return {
      units: await this.tree.namesOf(
        rows.map((r) => r.unitId),
        em,
      ),
      people: await this.people.namesOf(
        [...rows.flatMap((r) => (r.routedToId ? [r.routedToId] : [])), ...alsoPeople],
        em,
      ),
    };
  }

  private registerFilter(unitId: string, query: RegisterQuery, now: Date, readerId: string) {
    const params: unknown[] = [unitId, query.direction, query.year ?? vietnamYear(now), readerId];
    // A secret document is listed only to the people named on it.
    const where = ['d.unit_id = $1', 'd.direction = $2', 'd.register_year = $3', namedOrNormal('d', '$4')];
    if (query.state) {
      params.push(query.state);
      where.push(`d.state = $${params.length}`);
    }
    if (query.q) {
      // Any part of any field, without diacritics: a scan of one unit's register for a year.
      params.push(`%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
      where.push(`${DOCUMENT_SEARCH_TEXT} LIKE lt_fold($${params.length})`);
    }
    return { where: where.join(' AND '), params };
  }

  /** The unit whose register is meant: the one named, or the only one the person keeps. */
  async registerUnit(actor: Actor, unitId: string | undefined, permission: Permission) {
    if (unitId) {
      await this.access.require(actor.principal, permission, unitId);
      return unitId;
    }
    const units = [
      ...new Set(
        actor.principal.positions.filter((p) => roleGrants(p.role, permission)).map((p) => p.unitId),
      ),
    ];
    if (units.length === 0) throw new AppError('access/forbidden', { permission });
    if (units.length > 1) throw new AppError('document/unit_required', { units });
    return units[0];
  }

  private async findDuplicates(
    em: EntityManager,
    unitId: string,
    key: string,
  ): Promise<RegisteredDuplicate[]> {
    const rows: { id: string; registerNumber: number; registerYear: number; createdAt: Date }[] =
      await em.query(
        `SELECT id, register_number AS "registerNumber", register_year AS "registerYear", created_at AS "createdAt"
           FROM documents WHERE unit_id = $1 AND dedup_key = $2 AND direction = 'incoming'
          ORDER BY created_at LIMIT 20`,
        [unitId, key],
      );
    return rows.map((r) => ({
      id: r.id,
      registerNumber: r.registerNumber,
      registerYear: r.registerYear,
      registeredAt: r.createdAt.toISOString(),
    }));
  }

  /** Numbers are handed out under the counter row's lock, in order, without gaps. */
  /**
   * A document issued inside the deployment, accepted by a recipient unit's clerk: numbered in
   * that unit's incoming register (the same numbering), with the sender's metadata, the arrival
   * time, and the document it came from (whose files it shows). In the accepting transaction.
   */
  async receiveDelivered(
    context: CommandContext,
    actor: Actor,
    source: DocumentEntity,
    delivery: { unitId: string; arrivedAt: Date },
    now: Date,
  ): Promise<{ id: string; registerNumber: number }> {
    const { em } = context;
    const year = vietnamYear(now);
    await lockRegister(em, delivery.unitId, 'incoming', year);
    const number = await nextRegisterNumber(em, delivery.unitId, 'incoming', year);
    const [row]: { id: string }[] = await em.query(
      `INSERT INTO documents (direction, unit_id, register_year, register_number, code_number, code_notation,
                              organ_name, organ_id, dedup_key, issued_date, type_name, subject, priority, due_date,
                              arrival_date, signer_name, signer_position, page_amount, description, state,
                              registered_by, version, body, secrecy, source_document_id)
       SELECT 'incoming', $2, $3, $4, s.code_number, s.code_notation, s.organ_name, s.organ_id, s.dedup_key,
              s.issued_date, s.type_name, s.subject, s.priority, s.due_date, $5, s.signer_name, s.signer_position,
              s.page_amount, s.description, 'registered', $6, 1, s.body, s.secrecy, s.id
         FROM documents s WHERE s.id = $1
       RETURNING id`,
      [source.id, delivery.unitId, year, number, delivery.arrivedAt, actor.principal.userId],
    );
    await context.audit({
      actor,
      actingUnitId: delivery.unitId,
      action: 'document.register',
      subjectType: 'document',
      subjectId: row.id,
      after: { direction: 'incoming', registerNumber: number, from: source.id },
    });
    return { id: row.id, registerNumber: number };
  }

  /**
   * A document received from a system outside by edXML (DocumentExchange.receive), numbered
   * in the unit's incoming register — the same numbering — with the issuer's metadata. An
   * earlier entry of the same (number, symbol, issuer), registered from paper, is linked as
   * the original rather than refused: the package is the authentic copy. In its command.
   */
  async receiveExchanged(
    context: CommandContext,
    actor: Actor,
    unitId: string,
    received: {
      codeNumber: string;
      codeNotation: string;
      organName: string;
      organId: string;
      issuedDate: string;
      typeName: string;
      subject: string;
      body: string | null;
      priority: number;
      dueDate: Date | null;
      signerName: string;
      signerPosition: string | null;
      pageAmount: number | null;
    },
    now: Date,
  ): Promise<{ id: string; registerNumber: number }> {
    const { em } = context;
    const year = vietnamYear(now);
    await lockRegister(em, unitId, 'incoming', year);
    const key = dedupKey(received.codeNumber, received.codeNotation, received.organName);
    const earlier = await this.findDuplicates(em, unitId, key);
    const number = await nextRegisterNumber(em, unitId, 'incoming', year);
    const [row]: { id: string }[] = await em.query(
      `INSERT INTO documents (direction, unit_id, register_year, register_number, code_number, code_notation,
                              organ_name, organ_id, dedup_key, issued_date, type_name, subject, priority, due_date,
                              arrival_date, signer_name, signer_position, page_amount, state, duplicate_of,
                              registered_by, version, body)
       VALUES ('incoming', $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, 'registered',
               $18, $19, 1, $20)
       RETURNING id`,
      [
        unitId,
        year,
        number,
        received.codeNumber,
        received.codeNotation,
        received.organName,
        received.organId,
        key,
        received.issuedDate,
        received.typeName,
        received.subject,
        received.priority,
        received.dueDate,
        now,
        received.signerName,
        received.signerPosition,
        received.pageAmount,
        earlier[0]?.id ?? null,
        actor.principal.userId,
        received.body,
      ],
    );
    await context.audit({
      actor,
      actingUnitId: unitId,
      action: 'document.register',
      subjectType: 'document',
      subjectId: row.id,
      after: {
        direction: 'incoming',
        registerNumber: number,
        via: 'edxml',
        code: `${received.codeNumber}/${received.codeNotation}`,
        organId: received.organId,
        duplicateOf: earlier[0]?.id ?? null,
      },
    });
    return { id: row.id, registerNumber: number };
  }

  /** Refuses a recalled document (thu hồi): it is frozen, for routing and annotating alike. */
  async requireLive(em: EntityManager, id: string): Promise<void> {
    const doc = await em.findOne(DocumentEntity, { where: { id } });
    if (doc?.state === 'recalled') throw new AppError('document/recalled', { id });
  }

  /**
   * The people named on documents drafted here: the drafter, every reviewer, the signer. A
   * draft, and a secret document once issued, is visible to them only.
   */
  async namedPeople(em: EntityManager, ids: string[]): Promise<Map<string, Set<string>>> {
    const named = new Map<string, Set<string>>();
    if (ids.length === 0) return named;
    const rows: { id: string; userId: string }[] = await em.query(
      `SELECT id, drafter_id AS "userId" FROM document_drafts WHERE id = ANY($1::uuid[])
       UNION SELECT id, signer_id FROM document_drafts WHERE id = ANY($1::uuid[])
       UNION SELECT draft_id, reviewer_id FROM document_review_steps WHERE draft_id = ANY($1::uuid[])`,
      [ids],
    );
    for (const r of rows) named.set(r.id, (named.get(r.id) ?? new Set()).add(r.userId));
    return named;
  }

  /**
   * A document drafted and signed here (DocumentDrafting.sign), numbered in its unit's
   * outgoing register under the register's lock — the same numbering as a registered one —
   * and stored as issued with its body, secrecy, signer, form and signature, under the draft's
   * id (so its files and trail carry over). Runs in the signing command's transaction.
   */
  async issueSigned(
    context: CommandContext,
    signed: {
      id: string;
      unitId: string;
      typeName: string;
      codeNotation: string;
      subject: string;
      body: string;
      priority: number;
      secrecy: string;
      recipients: string;
      signerId: string;
      signerName: string;
      signerPosition: string;
      signingForm: string;
      signatureId: string;
      registeredBy: string;
      now: Date;
    },
  ): Promise<{ registerNumber: number }> {
    const { em } = context;
    const year = vietnamYear(signed.now);
    await lockRegister(em, signed.unitId, 'outgoing', year);
    const number = await nextRegisterNumber(em, signed.unitId, 'outgoing', year);
    const unit = await this.tree.requireUnit(signed.unitId, em);
    await em.query(
      `INSERT INTO documents (id, direction, unit_id, register_year, register_number, code_number, code_notation,
                              organ_name, organ_id, dedup_key, issued_date, type_name, subject, priority, signer_name,
                              signer_position, recipients, state, registered_by, version, body, secrecy, signer_id,
                              signing_form, signature_id)
       VALUES ($1, 'outgoing', $2, $3, $4::int, $4::int::text, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15,
               'issued', $16, 1, $17, $18, $19, $20, $21)`,
      [
        signed.id,
        signed.unitId,
        year,
        number,
        signed.codeNotation,
        unit.name,
        unit.organId,
        dedupKey(String(number), signed.codeNotation, unit.name),
        vietnamDate(signed.now),
        signed.typeName,
        signed.subject,
        signed.priority,
        signed.signerName,
        signed.signerPosition.slice(0, 200),
        signed.recipients.slice(0, 2000),
        signed.registeredBy,
        signed.body,
        signed.secrecy,
        signed.signerId,
        signed.signingForm,
        signed.signatureId,
      ],
    );
    await context.audit({
      actor: null,
      actingUnitId: signed.unitId,
      action: 'document.register',
      subjectType: 'document',
      subjectId: signed.id,
      after: { direction: 'outgoing', registerNumber: number, signed: true },
    });
    return { registerNumber: number };
  }

  /**
   * Runs a registration as a command that first takes the register's lock (one unit,
   * direction and year at a time): numbers are then handed out in order without gaps, and the
   * repeat check sees every entry committed before. A retry with the same Idempotency-Key
   * answers the first entry instead of taking a second number. The register is the clerk's
   * unit's (or `dto.unitId`); `write` gets the number the entry takes and stores the entry;
   * its attachments and its audit entry (with what `write` answers to record) follow.
   */
  private async store(
    actor: Actor,
    entry: {
      direction: DocumentDirection;
      dto: { unitId?: string; attachmentIds?: string[] };
      idempotencyKey: string | undefined;
      now: Date;
    },
    write: (
      context: CommandContext,
      register: { unitId: string; year: number; number: number },
    ) => Promise<{ id: string; audited: Record<string, unknown> }>,
  ): Promise<string> {
    const { direction, dto, idempotencyKey, now } = entry;
    const unitId = await this.registerUnit(actor, dto.unitId, 'document.register');
    const year = vietnamYear(now);
    return this.commands.run({
      name: `document.register.${direction}`,
      actor,
      idempotency: { key: idempotencyKey, request: dto, conflict: 'document/idempotency_conflict' },
      run: async (context) => {
        await lockRegister(context.em, unitId, direction, year);
        const number = await nextRegisterNumber(context.em, unitId, direction, year);
        const { id, audited } = await write(context, { unitId, year, number });
        await this.files.attach(context.em, actor, dto.attachmentIds ?? [], DOCUMENT_FILES, id);
        await context.audit({
          actor,
          actingUnitId: unitId,
          action: 'document.register',
          subjectType: 'document',
          subjectId: id,
          after: { direction, registerNumber: number, ...audited },
        });
        return id;
      },
    });
  }
}

/**
 * A register's lock (one unit, direction and year at a time), taken before numbering: numbers
 * are then handed out in order without gaps, and checks before numbering see every entry
 * committed before.
 */
export async function lockRegister(
  em: EntityManager,
  unitId: string,
  direction: DocumentDirection,
  year: number,
): Promise<void> {
  await em.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`documents:${unitId}:${direction}:${year}`]);
}

/** The register's next number, under its counter row's lock (after {@link lockRegister}). */
export async function nextRegisterNumber(
  em: EntityManager,
  unitId: string,
  direction: DocumentDirection,
  year: number,
): Promise<number> {
  const [row]: { lastNumber: number }[] = await em.query(
    `INSERT INTO document_counters (unit_id, direction, year, last_number) VALUES ($1, $2, $3, 1)
     ON CONFLICT (unit_id, direction, year) DO UPDATE SET last_number = document_counters.last_number + 1
     RETURNING last_number AS "lastNumber"`,
    [unitId, direction, year],
  );
  return row.lastNumber;
}
