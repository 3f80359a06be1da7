import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AccessService, Actor } from '@lt/access';
import { DocumentReads, DocumentsService } from '@lt/documents';
import { OrgTreeService } from '@lt/org';
import { PeopleService } from '@lt/people';
import { TaskReads } from '@lt/tasks';
import { DataSource } from 'typeorm';

export const TRAIL_KINDS = [
  'drafted',
  'reviewed',
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
  /** What was written: the version's note, the reviewer's comment, the routing note, the annotation … */
  text: string | null;
  /** A reviewer's decision (approved, returned, forwarded); a draft's version number. */
  decision: string | null;
  /** The record the step made (document, annotation, task, report). */
  ref: { type: 'document' | 'annotation' | 'task' | 'task_report'; id: string };
  /** To whom: the leader it was routed to, the unit that leads the task. */
  to: string | null;
  percent: number | null;
}

/**
 * A document's handling trail (Decree 30/2020/NĐ-CP: "toàn bộ quá trình xử lý"), in order:
 * for one drafted here, each saved version of the draft and each reviewer's decision; then
 * registration (numbering at signing), distribution to leaders, annotations (and remarks on what they started), the
 * tasks they assigned, the reports on those tasks, completion, and the outgoing documents
 * answering them. Read from the records themselves, so it can never disagree with them.
 */
type Step = Omit<TrailItem, 'at' | 'by'> & { at: Date; byId: string | null };

/** One step: what, when, by whom, what was written, the record it made; `to` and `percent` where it has them. */
const step = (
  kind: TrailKind,
  at: Date,
  byId: string | null,
  text: string | null,
  ref: Step['ref'],
  more: Partial<Pick<Step, 'to' | 'percent' | 'decision'>> = {},
): Step => ({ at, kind, byId, text, ref, to: null, percent: null, decision: null, ...more });

@Injectable()
export class DocumentTrail {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly documents: DocumentsService,
    private readonly documentReads: DocumentReads,
    private readonly access: AccessService,
    private readonly tasks: TaskReads,
    private readonly people: PeopleService,
    private readonly tree: OrgTreeService,
  ) {}

  async trail(actor: Actor, documentId: string): Promise<TrailItem[]> {
    const doc = await this.documents.requireReadable(actor, documentId);
    // Its clerks and leaders see the whole trail. Someone who reads it because they work on one
    // of its tasks sees the tasks they may open, not another ward's reports or the routing notes.
    const whole = (await this.access.grantFor(actor.principal, 'document.read', doc.unitId)) !== null;
    const started = await this.startedFrom(documentId);
    const workIds = whole ? started : [...(await this.tasks.visibleAmong(actor.principal, started))];
    const work = await this.tasks.trailRecords(workIds);
    const reports = await this.tasks.reportsOn(workIds);
    const annotations: { id: string; createdAt: Date; authorId: string; text: string }[] =
      await this.dataSource.query(
        `SELECT id, created_at AS "createdAt", author_id AS "authorId", text FROM annotations
          WHERE document_id = $1
             OR (subject_type = 'task' AND subject_id = ANY($2::uuid[]))
             OR (subject_type = 'task_report' AND subject_id = ANY($3::uuid[]))`,
        [documentId, workIds, reports.map((r) => r.id)],
      );
    const routings = whole ? await this.documentReads.routingsOf(documentId) : [];
    // Only a document drafted here has a draft under its id: an incoming entry shows none.
    const drafting = await this.documentReads.draftingOf(documentId);
    const answers = await this.documentReads.answering(workIds);
    const units = await this.tree.namesOf(work.map((w) => w.leadUnitId));
    const leads = await this.people.namesOf([
      ...routings.map((r) => r.routedTo),
      ...work.flatMap((w) => (w.leadUserId ? [w.leadUserId] : [])),
    ]);

    const ref = { type: 'document' as const, id: doc.id };
    const steps: Step[] = [
      ...drafting.versions.map((v) =>
        step('drafted', v.createdAt, v.editedBy, v.note, ref, { decision: String(v.number) }),
      ),
      ...drafting.reviews.map((r) =>
        step('reviewed', r.decidedAt, r.reviewerId, r.comment, ref, { decision: r.state }),
      ),
      step(
        'registered',
        doc.createdAt,
        doc.registeredBy,
        `${doc.registerNumber} · ${doc.codeNumber}/${doc.codeNotation}`,
        {
          type: 'document',
          id: doc.id,
        },
      ),
      ...routings.map((r) =>
        step(
          'routed',
          r.routedAt,
          r.routedBy,
          r.note,
          { type: 'document', id: r.documentId },
          {
            to: leads.get(r.routedTo) ?? null,
          },
        ),
      ),
      ...annotations.map((a) =>
        step('annotated', a.createdAt, a.authorId, a.text, { type: 'annotation', id: a.id }),
      ),
      ...work.map((w) =>
        step(
          'task_assigned',
          w.createdAt,
          w.assignerId,
          w.title,
          { type: 'task', id: w.id },
          {
            to: `${w.leadUserId && leads.has(w.leadUserId) ? `${leads.get(w.leadUserId)} — ` : ''}${units.get(w.leadUnitId) ?? ''}`,
          },
        ),
      ),
      ...reports.map((r) =>
        step(
          'task_report',
          r.createdAt,
          r.authorId,
          r.text,
          { type: 'task_report', id: r.id },
          { percent: r.percent },
        ),
      ),
      ...work.flatMap((w) =>
        w.completedAt
          ? [step('task_completed', w.completedAt, w.assignerId, w.title, { type: 'task', id: w.id })]
          : [],
      ),
      ...answers.map((o) =>
        step(
          'answered',
          o.createdAt,
          o.registeredBy,
          `${o.codeNumber}/${o.codeNotation}: ${o.subject}`,
          {
            type: 'document',
            id: o.id,
          },
          { to: o.recipients },
        ),
      ),
    ];
    steps.sort(
      (x, y) => x.at.getTime() - y.at.getTime() || TRAIL_KINDS.indexOf(x.kind) - TRAIL_KINDS.indexOf(y.kind),
    );
    const names = await this.people.namesOf(steps.flatMap((step) => (step.byId ? [step.byId] : [])));
    return steps.map(({ byId, at, ...step }) => ({
      ...step,
      at: at.toISOString(),
      by: byId ? { id: byId, fullName: names.get(byId) ?? '' } : null,
    }));
  }

  /**
   * The tasks the document's annotations assigned, and the work delegated from them: sub-tasks,
   * and tasks assigned by remarks on them, however deep. Each round asks the tasks library for
   * the sub-tasks of the new tasks and reads the remarks on all of them: one query each.
   */
  private async startedFrom(documentId: string): Promise<string[]> {
    const assigned = async (where: string, params: unknown[]) => {
      const rows: { taskIds: string[] }[] = await this.dataSource.query(
        `SELECT task_ids AS "taskIds" FROM annotations WHERE ${where}`,
        params,
      );
      return rows.flatMap((r) => r.taskIds);
    };
    const seen = new Set(await assigned('document_id = $1', [documentId]));
    let frontier = [...seen];
    while (frontier.length > 0) {
      const below = (await this.tasks.descendantsOf(frontier)).filter((id) => !seen.has(id));
      for (const id of below) seen.add(id);
      const remarked = await assigned(`subject_type = 'task' AND subject_id = ANY($1::uuid[])`, [
        [...frontier, ...below],
      ]);
      frontier = [...new Set(remarked)].filter((id) => !seen.has(id));
      for (const id of frontier) seen.add(id);
    }
    return [...seen];
  }
}
