import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Reader } from '@lt/access';
import { DocumentWorkers } from '@lt/annotations';
import type { SearchMatch } from '@lt/common';
import { DirectiveReaders } from '@lt/directives';
import { DocumentReaders } from '@lt/documents';
import { PeopleService } from '@lt/people';
import type { ThreadSubjectType } from './chat-events';
import { TaskReaders } from '@lt/tasks';
import { DataSource, EntityManager } from 'typeorm';

const union = (a: readonly string[], b: readonly string[]) => [...new Set([...a, ...b])];

/**
 * Who may read the directive, task or document a thread is about, by the subject's own rule
 * (TaskReaders, DirectiveReaders, DocumentReaders with DocumentWorkers): threads and search
 * both ask here. Readers are enabled people, with their positions as stored now.
 */
@Injectable()
export class SubjectReaders {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly people: PeopleService,
    private readonly tasks: TaskReaders,
    private readonly directives: DirectiveReaders,
    private readonly documents: DocumentReaders,
    private readonly workers: DocumentWorkers,
  ) {}

  /** Those of `userIds` whose account is enabled, as the reading rules take them. */
  readers(userIds: readonly string[], em: EntityManager = this.dataSource.manager): Promise<Reader[]> {
    return this.people.enabledWithPositions(userIds, em);
  }

  /** One person as the reading rules take them; null if their account is disabled. */
  async reader(userId: string, em: EntityManager = this.dataSource.manager): Promise<Reader | null> {
    const [reader] = await this.readers([userId], em);
    return reader ?? null;
  }

  /** Those of `readers` who may read the subject. */
  async readersOf(
    type: ThreadSubjectType,
    id: string,
    readers: readonly Reader[],
    em: EntityManager = this.dataSource.manager,
  ): Promise<string[]> {
    if (readers.length === 0) return [];
    switch (type) {
      case 'task':
        return this.tasks.readersOf(id, readers, em);
      case 'directive':
        return this.directives.readersOf(id, readers, em);
      case 'document': {
        const byUnit = await this.documents.readersOf(id, readers, em);
        const others = readers.filter((r) => !byUnit.includes(r.userId));
        return union(byUnit, await this.workers.readersOf(id, others, em));
      }
    }
  }

  /** Those of `ids` (subjects of one type) that `reader` may read. */
  async readableBy(
    reader: Reader,
    type: ThreadSubjectType,
    ids: readonly string[],
    em: EntityManager = this.dataSource.manager,
  ): Promise<string[]> {
    if (ids.length === 0) return [];
    switch (type) {
      case 'task':
        return this.tasks.readableBy(reader, ids, em);
      case 'directive':
        return this.directives.readableBy(reader, ids, em);
      case 'document': {
        const byUnit = await this.documents.readableBy(reader, ids, em);
        const others = ids.filter((id) => !byUnit.includes(id));
        return union(byUnit, await this.workers.readableBy(reader, others, em));
      }
    }
  }

  /**
   * The people a subject involves, who follow its thread without opening it: a task's
   * assigner, lead and parties (their units' leaders when a unit holds the role); a
   * directive's signer; the leader a document was routed to.
   */
  async involved(
    type: ThreadSubjectType,
    id: string,
    em: EntityManager = this.dataSource.manager,
  ): Promise<string[]> {
    switch (type) {
      case 'task':
        return this.tasks.involved(id, em);
      case 'directive': {
        const signer = await this.directives.signerOf(id, em);
        return signer ? [signer] : [];
      }
      case 'document': {
        const routedTo = await this.documents.routedTo(id, em);
        return routedTo ? [routedTo] : [];
      }
    }
  }

  /** What each subject is called (a task's title, a directive's notation and subject, ...), by id. */
  async titlesOf(
    subjects: readonly { type: ThreadSubjectType; id: string }[],
    em: EntityManager = this.dataSource.manager,
  ): Promise<Map<string, string>> {
    const idsOf = (type: ThreadSubjectType) => subjects.filter((s) => s.type === type).map((s) => s.id);
    const titles = [
      await this.tasks.titlesOf(idsOf('task'), em),
      await this.directives.titlesOf(idsOf('directive'), em),
      await this.documents.titlesOf(idsOf('document'), em),
    ];
    return new Map(titles.flatMap((m) => [...m]));
  }

  /** The subjects of one type `reader` may read that match `text`, newest first. */
  async search(reader: Reader, type: ThreadSubjectType, text: string, limit: number): Promise<SearchMatch[]> {
    switch (type) {
      case 'task':
        return this.tasks.search(reader, text, limit);
      case 'directive':
        return this.directives.search(reader, text, limit);
      case 'document':
        return this.documents.search(reader, text, limit, await this.workers.documentsOf(reader));
    }
  }
}
