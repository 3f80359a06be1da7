import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Actor } from '@lt/access';
import { AppError } from '@lt/common';
import { DirectiveReaders, DirectiveReads } from '@lt/directives';
import { DocumentReaders, DocumentReads, DocumentsService } from '@lt/documents';
import { TaskQueries, TaskReaders, TaskReads } from '@lt/tasks';
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
    private readonly documentReads: DocumentReads,
    private readonly directives: DirectiveReads,
    private readonly tasks: TaskQueries,
    private readonly taskReads: TaskReads,
    // What each kind of subject is called: its own library's titlesOf.
    private readonly taskReaders: TaskReaders,
    private readonly directiveReaders: DirectiveReaders,
    private readonly documentReaders: DocumentReaders,
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
        if (!(await this.directives.readableBy(actor.principal, subject.id, em)))
          throw new AppError('annotation/subject_not_found', { ...subject });
        return { documentId: null };
      }
      case 'task':
        await this.tasks.requireVisible(actor, subject.id).catch(notFound);
        return { documentId: null };
      case 'task_report': {
        const taskId = (await this.taskReads.tasksOfReports([subject.id], em)).get(subject.id);
        if (!taskId) throw new AppError('annotation/subject_not_found', { ...subject });
        await this.tasks.requireVisible(actor, taskId).catch(notFound);
        return { documentId: null };
      }
    }
  }

  /** Annotating takes more than reading for a document: a leader over its unit, or the one it was routed to. */
  async requireAnnotatable(actor: Actor, subject: SubjectRef, em: EntityManager): Promise<string | null> {
    const { documentId } = await this.requireReadable(actor, subject, em);
    if (documentId) await this.documents.requireLive(em, documentId);
    if (
      documentId &&
      !(await this.documents.annotationGrant(
        actor,
        { id: documentId, unitId: (await this.documentReads.unitsOf([documentId], em)).get(documentId)! },
        em,
      ))
    )
      throw new AppError('annotation/not_allowed', { ...subject });
    return documentId;
  }

  /** Titles for lists: a document's or directive's subject, a task's title, a report's task. */
  async titles(
    subjects: SubjectRef[],
    em: EntityManager = this.dataSource.manager,
  ): Promise<Map<string, string>> {
    const idsOf = (type: AnnotationSubjectType) => subjects.filter((s) => s.type === type).map((s) => s.id);
    const reportTasks = await this.taskReads.tasksOfReports(idsOf('task_report'), em);
    const taskTitles = await this.taskReaders.titlesOf([...idsOf('task'), ...reportTasks.values()], em);
    return new Map([
      ...(await this.documentReaders.titlesOf(idsOf('document'), em)),
      ...(await this.directiveReaders.titlesOf(idsOf('directive'), em)),
      ...idsOf('task').map((id): [string, string] => [id, taskTitles.get(id) ?? '']),
      ...[...reportTasks].map(([reportId, taskId]): [string, string] => [
        reportId,
        taskTitles.get(taskId) ?? '',
      ]),
    ]);
  }
}
