import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

/** A library that knows when an annotated document's handling is finished. */
export interface DocumentOutcomeRule {
  /** Of `documentIds` (annotated ones), those whose handling is finished. */
  handled(documentIds: readonly string[], em: EntityManager): Promise<Set<string>>;
}

/**
 * Whether an annotated incoming document is handled (edXML status 06): @lt/annotations
 * answers — every task assigned from its annotations is done — and adds itself at start, for
 * the same reason as DocumentReaderRules (annotations imports documents).
 */
@Injectable()
export class DocumentOutcomes {
  private rule: DocumentOutcomeRule | null = null;

  set(rule: DocumentOutcomeRule): void {
    this.rule = rule;
  }

  async handled(documentIds: readonly string[], em: EntityManager): Promise<Set<string>> {
    if (!this.rule || documentIds.length === 0) return new Set();
    return this.rule.handled(documentIds, em);
  }
}
