import { DataSource, EntityManager } from 'typeorm';
import type { Reader } from './roles';

/**
 * "Who of these people may read this subject, and which of these subjects may this person
 * read": one rule per kind of subject, written by the library that owns its tables (TaskReaders,
 * DirectiveReaders, DocumentReaders, DocumentWorkers) and asked by the others (chat's threads
 * and search). Readers are enabled people with their positions (PeopleService.enabledWithPositions).
 * The two questions are answered by {@link selectReaders} and {@link selectReadable}; an empty
 * question is answered here without a query.
 */
export abstract class ReadingRule {
  constructor(protected readonly dataSource: DataSource) {}

  /** Those of `readers` who may read subject `id` (none if there is no such subject). */
  readersOf(id: string, readers: readonly Reader[], em: EntityManager = this.dataSource.manager) {
    return readers.length === 0 ? Promise.resolve([]) : this.selectReaders(id, readers, em);
  }

  /** Those of `ids` that `reader` may read, in the order given. */
  readableBy(reader: Reader, ids: readonly string[], em: EntityManager = this.dataSource.manager) {
    return ids.length === 0 ? Promise.resolve([]) : this.selectReadable(reader, ids, em);
  }

  protected abstract selectReaders(
    id: string,
    readers: readonly Reader[],
    em: EntityManager,
  ): Promise<string[]>;

  protected abstract selectReadable(
    reader: Reader,
    ids: readonly string[],
    em: EntityManager,
  ): Promise<string[]>;
}
