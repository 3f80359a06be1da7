import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AccessService, Actor, ledUnitIds } from '@lt/access';
import { DocumentsService } from '@lt/documents';
import { visibleTaskSql } from '@lt/tasks';
import { DataSource } from 'typeorm';

export const TRAIL_KINDS = [
  'registered',
  'routed',
  'annotated',
  'task_assigned',
  'task_report',
  'task_completed',
  'answered',
] as const;
export type TrailKind = (typeof TRAIL_KINDS)[number];

export interface TrailItem {
  at: string;
  kind: TrailKind;
  by: { id: string; fullName: string } | null;
  /** What was written: the routing note, the annotation, the task title, the report … */
  text: string | null;
  /** The record the step made (document, annotation, task, report). */
  ref: { type: 'document' | 'annotation' | 'task' | 'task_report'; id: string };
  /** To whom: the leader it was routed to, the unit that leads the task. */
  to: string | null;
  percent: number | null;
}

/**
 * A document's handling trail (Decree 30/2020/NĐ-CP: "toàn bộ quá trình xử lý"), in order:
 * registration, distribution to leaders, annotations (and remarks on what they started), the
 * tasks they assigned, the reports on those tasks, completion, and the outgoing documents
 * answering them. Read from the records themselves, so it can never disagree with them.
 */
@Injectable()
export class DocumentTrail {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly documents: DocumentsService,
    private readonly access: AccessService,
  ) {}

  async trail(actor: Actor, documentId: string): Promise<TrailItem[]> {
    const doc = await this.documents.requireReadable(actor, documentId);
    // Its clerks and leaders see the whole trail. Someone who reads it because they work on one
    // of its tasks sees the tasks they may open, not another ward's reports or the routing notes.
    const whole = (await this.access.grantFor(actor.principal, 'document.read', doc.unitId)) !== null;
    const led = ledUnitIds(actor.principal);
    const rows: (Omit<TrailItem, 'at' | 'by'> & { at: Date; byId: string | null; byName: string | null })[] =
      await this.dataSource.query(
        `WITH RECURSIVE
              -- The tasks the document's annotations assigned, and the work delegated from them:
              -- sub-tasks, and tasks assigned by remarks on them, however deep.
              started(id) AS (
                SELECT t.id FROM annotations a JOIN tasks t ON t.source_type = 'annotation' AND t.source_id = a.id
                 WHERE a.document_id = $1
                UNION
                SELECT t.id FROM started s
                  JOIN tasks t ON t.parent_id = s.id
                    OR (t.source_type = 'annotation' AND t.source_id IN (
                          SELECT r.id FROM annotations r WHERE r.subject_type = 'task' AND r.subject_id = s.id))),
              work AS (SELECT t.* FROM tasks t JOIN started s ON s.id = t.id
                        WHERE $3 OR ${visibleTaskSql('t', '$4::uuid', '$5::uuid[]')}),
              reports AS (SELECT r.* FROM task_reports r JOIN work w ON w.id = r.task_id),
              steps AS (
                SELECT d.created_at AS at, 'registered' AS kind, d.registered_by AS by_id,
                       d.register_number || ' · ' || d.code_number || '/' || d.code_notation AS text,
                       'document' AS ref_type, d.id AS ref_id, NULL::text AS "to", NULL::int AS percent
                  FROM documents d WHERE d.id = $1
                UNION ALL
                SELECT r.routed_at, 'routed', r.routed_by, r.note, 'document', r.document_id, u.full_name, NULL
                  FROM document_routings r JOIN users u ON u.id = r.routed_to WHERE r.document_id = $1 AND $3
                UNION ALL
                SELECT a.created_at, 'annotated', a.author_id, a.text, 'annotation', a.id, NULL, NULL
                  FROM annotations a
                 WHERE a.document_id = $1
                    OR (a.subject_type = 'task' AND a.subject_id IN (SELECT id FROM work))
                    OR (a.subject_type = 'task_report' AND a.subject_id IN (SELECT id FROM reports))
                UNION ALL
                SELECT w.created_at, 'task_assigned', w.assigner_id, w.title, 'task', w.id,
                       COALESCE(lu.full_name || ' — ', '') || un.name, NULL
                  FROM work w JOIN org_units un ON un.id = w.lead_unit_id LEFT JOIN users lu ON lu.id = w.lead_user_id
                UNION ALL
                SELECT r.created_at, 'task_report', r.author_id, r.text, 'task_report', r.id, NULL, r.percent
                  FROM reports r
                UNION ALL
                SELECT w.completed_at, 'task_completed', w.assigner_id, w.title, 'task', w.id, NULL, NULL
                  FROM work w WHERE w.completed_at IS NOT NULL
                UNION ALL
                SELECT o.created_at, 'answered', o.registered_by,
                       o.code_number || '/' || o.code_notation || ': ' || o.subject, 'document', o.id, o.recipients, NULL
                  FROM documents o
                 WHERE o.id IN (SELECT ref.document_id FROM document_task_refs ref JOIN work w ON w.id = ref.task_id))
         SELECT s.at, s.kind, s.by_id AS "byId", u.full_name AS "byName", s.text,
                json_build_object('type', s.ref_type, 'id', s.ref_id) AS ref, s."to", s.percent
           FROM steps s LEFT JOIN users u ON u.id = s.by_id
          ORDER BY s.at, array_position($2::text[], s.kind)`,
        [documentId, TRAIL_KINDS, whole, actor.principal.userId, led],
      );
    return rows.map((r) => ({
      at: r.at.toISOString(),
      kind: r.kind,
      by: r.byId ? { id: r.byId, fullName: r.byName ?? '' } : null,
      text: r.text,
      ref: r.ref,
      to: r.to,
      percent: r.percent,
    }));
  }
}
