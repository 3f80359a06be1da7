import { Injectable } from '@nestjs/common';
import type { Principal } from '@lt/access';
import { EntityManager } from 'typeorm';

/** A rule giving a document readers beyond its unit's clerks and leaders. */
export interface DocumentReaderRule {
  /** Whether `principal` reads document `documentId` by this rule. */
  reads(principal: Principal, documentId: string, em: EntityManager): Promise<boolean>;
}

/**
 * The reader rules of the libraries built on documents, which add theirs when they start:
 * @lt/annotations (DocumentWorkers) gives a document to whoever works on a task an annotation
 * on it assigned.
 * Documents cannot ask annotations itself — annotations imports documents (it annotates them
 * and marks them annotated), so the import would cycle; the rule comes to documents instead.
 */
@Injectable()
export class DocumentReaderRules {
  private readonly rules: DocumentReaderRule[] = [];

  add(rule: DocumentReaderRule): void {
    this.rules.push(rule);
  }

  async reads(principal: Principal, documentId: string, em: EntityManager): Promise<boolean> {
    for (const rule of this.rules) if (await rule.reads(principal, documentId, em)) return true;
    return false;
  }
}
