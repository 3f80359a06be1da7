import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AccessService, Actor } from '@lt/access';
import { AppError } from '@lt/common';
import { AppConfig } from '@lt/config';
import { DocumentReads } from '@lt/documents';
import { OrgTreeService } from '@lt/org';
import { PeopleService } from '@lt/people';
import type { TaskSummary } from '@lt/tasks';
import { actionLabel, EvidenceSource } from '@lt/evidence';
import { SignatureBundle, SignatureBundles, SignedDecisions } from '@lt/signing';
import { TaskReads, TaskViews } from '@lt/tasks';
import { DataSource } from 'typeorm';
import { FollowUpStatus, ThreadQuery } from './annotation.dto';
import { AnnotationEntity, AnnotationSubjectType } from './annotation.entity';
import { AnnotationSubjects } from './annotation-subjects';
import { annotationStatus, taskFollowUpStatus } from './follow-up-status';

export interface AnnotationView {
  id: string;
  subject: { type: AnnotationSubjectType; id: string; title: string };
  text: string;
  author: { id: string; fullName: string };
  /** Signed thừa ủy quyền (or as acting head): the leader whose post the author used. */
  onBehalfOf: { id: string; fullName: string } | null;
  authorUnit: { id: string; name: string };
  createdAt: string;
  signatureId: string;
  /** Derived from its tasks; null for a remark that assigned nothing. */
  status: FollowUpStatus | null;
  tasks: (TaskSummary & { followUp: FollowUpStatus })[];
}

/** Reading annotations: one with its tasks, a subject's thread, the signature. */
@Injectable()
export class AnnotationViews {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: AccessService,
    private readonly subjects: AnnotationSubjects,
    private readonly bundles: SignatureBundles,
    private readonly decisions: SignedDecisions,
    private readonly config: AppConfig,
    private readonly tasks: TaskReads,
    private readonly taskViews: TaskViews,
    private readonly documents: DocumentReads,
    private readonly people: PeopleService,
    private readonly tree: OrgTreeService,
  ) {}

  async get(actor: Actor, id: string, now = new Date()): Promise<AnnotationView> {
    const annotation = await this.requireVisible(actor, id);
    return (await this.views([annotation], now, actor))[0];
  }

  /** Every annotation on a subject the person may read, oldest first: the thread of remarks. */
  async thread(actor: Actor, query: ThreadQuery, now = new Date()): Promise<AnnotationView[]> {
    await this.subjects.requireReadable(actor, { type: query.subjectType, id: query.subjectId });
    const rows = await this.dataSource.manager.find(AnnotationEntity, {
      where: { subjectType: query.subjectType, subjectId: query.subjectId },
      order: { createdAt: 'ASC' },
      take: 500,
    });
    return this.views(rows, now, actor);
  }

  /**
   * What the annotation's evidence package holds (libs/evidence), for whoever may read it: the
   * annotation with its tasks, its signature and every signed decision on those tasks, and the
   * audit entries about it and them.
   */
  async evidence(actor: Actor, id: string): Promise<EvidenceSource> {
    const view = await this.get(actor, id);
    const taskIds = view.tasks.map((task) => task.id);
    const decisions = await this.decisions.of(this.dataSource.manager, 'task', taskIds);
    const titles = new Map(view.tasks.map((task) => [task.id, task.title]));
    return {
      subject: { type: 'annotation', id },
      kind: { vi: 'Bút phê', en: 'Annotation' },
      title: `${view.author.fullName} — ${view.subject.title}`,
      facts: [
        ['Văn bản, việc được bút phê', view.subject.title],
        ['Người bút phê', `${view.author.fullName} (${view.authorUnit.name})`],
        ['Thời điểm', new Date(view.createdAt).toLocaleString('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh' })],
        ['Nội dung', view.text],
        [
          'Nhiệm vụ giao',
          view.tasks.map((task) => `${task.title} — ${task.lead.unit.name}`).join('; ') || '—',
        ],
      ],
      item: view,
      signatures: [
        { signatureId: view.signatureId, label: 'Bút phê (ký số)' },
        ...decisions.map((d) => ({
          signatureId: d.signatureId,
          label: `${actionLabel(`task.${d.action}`)} — ${titles.get(d.subjectId) ?? ''}`,
        })),
      ],
      audited: [{ type: 'annotation', id }, ...taskIds.map((taskId) => ({ type: 'task', id: taskId }))],
    };
  }

  async signature(actor: Actor, id: string): Promise<SignatureBundle> {
    const annotation = await this.requireVisible(actor, id);
    return this.bundles.one(this.dataSource.manager, annotation.signatureId);
  }

  /**
   * Its author, the leaders following the author's unit, anyone holding a role in one of its
   * tasks, and whoever may read its subject. To anyone else it does not exist (404).
   */
  async requireVisible(actor: Actor, id: string): Promise<AnnotationEntity> {
    const em = this.dataSource.manager;
    const annotation = await em.findOne(AnnotationEntity, { where: { id } });
    if (!annotation) throw new AppError('annotation/not_found', { id });
    const { principal } = actor;
    if (annotation.authorId === principal.userId) return annotation;
    if (await this.access.grantFor(principal, 'task.follow', annotation.authorUnitId)) return annotation;
    // Leading or taking part in one of its tasks (assigning them is the author's, above).
    const roles = await this.tasks.rolesAmong(principal, annotation.taskIds, em);
    if ([...roles.values()].some((held) => [...held].some((role) => role !== 'assigner'))) return annotation;
    try {
      await this.subjects.requireReadable(actor, { type: annotation.subjectType, id: annotation.subjectId });
      return annotation;
    } catch (error) {
      if (error instanceof AppError) throw new AppError('annotation/not_found', { id });
      throw error;
    }
  }

  /**
   * The annotations as `actor` may see them: all their tasks for the author, the leaders over
   * the author's unit and the clerks and leaders of the document's unit; for anyone else (a
   * ward working on one of the tasks) only the tasks they may open — not the other wards'.
   */
  async views(rows: AnnotationEntity[], now: Date, actor: Actor): Promise<AnnotationView[]> {
    if (rows.length === 0) return [];
    const em = this.dataSource.manager;
    const { principal } = actor;
    // Two reach checks for the whole list, not two per annotation.
    const follows = await this.access.grantsFor(principal, 'task.follow', [
      ...new Set(rows.map((r) => r.authorUnitId)),
    ]);
    const docIds = [...new Set(rows.map((r) => r.documentId).filter((id): id is string => id !== null))];
    const docUnits = await this.documents.unitsOf(docIds, em);
    const reads = await this.access.grantsFor(principal, 'document.read', [...new Set(docUnits.values())]);
    const readsDocument = new Set(
      [...docUnits].filter(([, unitId]) => reads.has(unitId)).map(([docId]) => docId),
    );
    const whole = new Set(
      rows
        .filter(
          (r) =>
            r.authorId === principal.userId ||
            follows.has(r.authorUnitId) ||
            (r.documentId !== null && readsDocument.has(r.documentId)),
        )
        .map((r) => r.id),
    );
    const partialIds = rows.filter((r) => !whole.has(r.id)).flatMap((r) => r.taskIds);
    const visible = await this.tasks.visibleAmong(principal, partialIds, em);
    const shown = (r: AnnotationEntity) =>
      whole.has(r.id) ? r.taskIds : r.taskIds.filter((taskId) => visible.has(taskId));
    const authors = await this.people.namesOf(
      rows.flatMap((r) => [r.authorId, ...(r.authorOnBehalfOfId ? [r.authorOnBehalfOfId] : [])]),
      em,
    );
    const units = await this.tree.namesOf(
      rows.map((r) => r.authorUnitId),
      em,
    );
    const summaries = await this.taskViews.summaries(em, rows.flatMap(shown));
    const titles = await this.subjects.titles(rows.map((r) => ({ type: r.subjectType, id: r.subjectId })));
    const atRiskMs = this.config.FOLLOW_UP_AT_RISK_HOURS * 3_600_000;
    return rows.map((r) => {
      const tasks = shown(r)
        .map((id) => summaries.get(id)!)
        .map((t) => ({ ...t, followUp: taskFollowUpStatus(t, now, atRiskMs) }));
      return {
        id: r.id,
        subject: { type: r.subjectType, id: r.subjectId, title: titles.get(r.subjectId) ?? '' },
        text: r.text,
        author: { id: r.authorId, fullName: authors.get(r.authorId) ?? '' },
        onBehalfOf: r.authorOnBehalfOfId
          ? { id: r.authorOnBehalfOfId, fullName: authors.get(r.authorOnBehalfOfId) ?? '' }
          : null,
        authorUnit: { id: r.authorUnitId, name: units.get(r.authorUnitId) ?? '' },
        createdAt: r.createdAt.toISOString(),
        signatureId: r.signatureId,
        status: tasks.length === 0 ? null : annotationStatus(tasks.map((t) => t.followUp)),
        tasks,
      };
    });
  }
}
