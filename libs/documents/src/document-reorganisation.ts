import { Injectable, OnModuleInit } from '@nestjs/common';
import { vietnamYear } from '@lt/common';
import { MovedCounts, ReorganisationPlan, ReorganisationStep, ReorganisationSteps } from '@lt/org';
import { updatedRows } from '@lt/database';
import { EntityManager } from 'typeorm';
import { lockRegister, nextRegisterNumber } from './documents.service';

/**
 * Documents' part of a merger: documents delivered and not yet received go to the target's
 * inbox; incoming documents still being handled enter the target's register with its next
 * numbers — the register continues from the merger's date — and keep their former unit and
 * number, by which they are still found; drafts not yet issued are the target's. Everything
 * handled or issued stays in the register where it was numbered. A split moves no documents.
 */
@Injectable()
export class DocumentReorganisation implements ReorganisationStep, OnModuleInit {
  constructor(private readonly steps: ReorganisationSteps) {}

  onModuleInit(): void {
    this.steps.register('documents', this);
  }

  async move(em: EntityManager, plan: ReorganisationPlan): Promise<MovedCounts> {
    if (plan.kind !== 'merge') return {};
    const { sourceIds, targetId } = plan;
    const deliveries = await updatedRows(
      em,
      `UPDATE document_deliveries d SET unit_id = $2
        WHERE d.unit_id = ANY($1::uuid[]) AND d.status = '01'
          AND NOT EXISTS (SELECT 1 FROM document_deliveries o WHERE o.document_id = d.document_id AND o.unit_id = $2)
        RETURNING d.id`,
      [sourceIds, targetId],
    );
    const handling: { id: string }[] = await em.query(
      `SELECT id FROM documents
        WHERE unit_id = ANY($1::uuid[]) AND direction = 'incoming' AND handled_at IS NULL
        ORDER BY register_year, register_number, id`,
      [sourceIds],
    );
    const year = vietnamYear(plan.effectiveAt);
    if (handling.length > 0) await lockRegister(em, targetId, 'incoming', year);
    for (const { id } of handling) {
      const number = await nextRegisterNumber(em, targetId, 'incoming', year);
      await em.query(
        `UPDATE documents SET former_unit_id = unit_id, former_register_year = register_year,
                former_register_number = register_number, unit_id = $2, register_year = $3, register_number = $4
          WHERE id = $1`,
        [id, targetId, year, number],
      );
    }
    const drafts = await updatedRows(
      em,
      `UPDATE document_drafts SET unit_id = $2 WHERE unit_id = ANY($1::uuid[]) AND state <> 'issued' RETURNING id`,
      [sourceIds, targetId],
    );
    return { deliveries: deliveries.length, incomingInHandling: handling.length, drafts: drafts.length };
  }
}
