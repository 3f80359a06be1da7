import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Actor, roleGrants } from '@lt/access';
import { AppError } from '@lt/common';
import { DocumentsService } from '@lt/documents';
import { TaskQueries } from '@lt/tasks';
import { DataSource, EntityManager } from 'typeorm';
import type { AnnotationSubjectType } from './annotation.entity';

export interface SubjectRef {
  type: AnnotationSubjectType;
  id: string;
}

/** What an annotation is written on, and who may read it: the owning capability decides. */
@Injectable()
export class AnnotationSubjects {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly documents: DocumentsService,
    private readonly tasks: TaskQueries,
  ) {}

  /**
   * Throws `annotation/subject_not_found` unless `actor` may read the subject; returns the
   * document the thread belongs to (null for other subjects).
   */
  async requireReadable(
    actor: Actor,
    subject: SubjectRef,
    em: EntityManager = this.dataSource.manager,
  ): Promise<{ documentId: string | null }> {
    const notFound = (error: unknown) => {
      if (error instanceof AppError) throw new AppError('annotation/subject_not_found', { ...subject });
      throw error;
    };
    switch (subject.type) {
      case 'document': {
        const doc = await this.documents.requireReadable(actor, subject.id, em).catch(notFound);
        return { documentId: doc.id };
      }
      case 'directive': {
        // Its recipients, its signer, and the leaders over the issuing unit.
        const [visible]: { ok: boolean }[] = await em.query(
          `SELECT TRUE AS ok FROM directives d
            WHERE d.id = $1 AND (
              EXISTS (SELECT 1 FROM directive_recipients r WHERE r.directive_id = d.id AND r.user_id = $2)
              OR d.signer_id = $2
              OR EXISTS (SELECT 1 FROM org_unit_closure c
                          WHERE c.descendant_id = d.issuing_unit_id AND c.ancestor_id = ANY($3::uuid[])))`,
          [
            subject.id,
            actor.principal.userId,
            actor.principal.positions.filter((p) => roleGrants(p.role, 'task.follow')).map((p) => p.unitId),
          ],
        );
        if (!visible) throw new AppError('annotation/subject_not_found', { ...subject });
        return { documentId: null };
      }
      case 'task':
        await this.tasks.requireVisible(actor, subject.id).catch(notFound);
        return { documentId: null };
      case 'task_report': {
        const [report]: { taskId: string }[] = await em.query(
          'SELECT task_id AS "taskId" FROM task_reports WHERE id = $1',
          [subject.id],
        );
        if (!report) throw new AppError('annotation/subject_not_found', { ...subject });
        await this.tasks.requireVisible(actor, report.taskId).catch(notFound);
        return { documentId: null };
      }
    }
  }

  /** Annotating takes more than reading for a document: a leader over its unit, or the one it was routed to. */
  async requireAnnotatable(actor: Actor, subject: SubjectRef, em: EntityManager): Promise<string | null> {
    const { documentId } = await this.requireReadable(actor, subject, em);
    if (
      documentId &&
      !(await this.documents.annotationGrant(
        actor,
        { id: documentId, unitId: await this.unitOf(em, documentId) },
        em,
      ))
    )
      throw new AppError('annotation/not_allowed', { ...subject });
    return documentId;
  }

  private async unitOf(em: EntityManager, documentId: string): Promise<string> {
    const [row]: { unitId: string }[] = await em.query(
      'SELECT unit_id AS "unitId" FROM documents WHERE id = $1',
      [documentId],
    );
    return row.unitId;
  }

  /** Titles for lists: a document's or directive's subject, a task's title, a report's task. */
  async titles(
    subjects: SubjectRef[],
    em: EntityManager = this.dataSource.manager,
  ): Promise<Map<string, string>> {
    if (subjects.length === 0) return new Map();
    const rows: { id: string; title: string }[] = await em.query(
      `SELECT s.id, COALESCE(
                (SELECT d.code_number || '/' || d.code_notation || ': ' || d.subject FROM documents d WHERE d.id = s.id AND s.type = 'document'),
                (SELECT d.notation || ': ' || d.subject FROM directives d WHERE d.id = s.id AND s.type = 'directive'),
                (SELECT t.title FROM tasks t WHERE t.id = s.id AND s.type = 'task'),
                (SELECT t.title FROM task_reports r JOIN tasks t ON t.id = r.task_id WHERE r.id = s.id AND s.type = 'task_report'),
                '') AS title
         FROM unnest($1::varchar[], $2::uuid[]) AS s(type, id)`,
      [subjects.map((s) => s.type), subjects.map((s) => s.id)],
    );
    return new Map(rows.map((r) => [r.id, r.title]));
  }
}
