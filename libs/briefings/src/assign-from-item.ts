import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Actor } from '@lt/access';
import { AuditLog } from '@lt/audit';
import { AppError } from '@lt/common';
import { isUniqueViolation } from '@lt/database';
import { RealtimeOutbox } from '@lt/realtime';
import { canonicalJson, SignatureVerifier } from '@lt/signing';
import {
  AssignedTask,
  AssignmentContentDto,
  ASSIGNMENT_KIND,
  AssignTask,
  AssignTaskDto,
  taskSummaries,
  validateAssignment,
} from '@lt/tasks';
import { createHash } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { BriefingAccess } from './briefing-access';

export interface ItemTask {
  itemId: string;
  task: AssignedTask;
}

/**
 * A leader of the briefing's unit turns an item into a signed task in one action: the
 * assignment is signed exactly as for POST /tasks, naming the item as its source; the
 * signature is verified and the task created (AssignTask.create: reach, parties, audit,
 * `task.changed`) and the item marks it — one transaction. The item's row lock makes two
 * leaders converting it at once end with one task and one 409. A retry with the same
 * Idempotency-Key returns the first task.
 */
@Injectable()
export class AssignFromItem {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly verifier: SignatureVerifier,
    private readonly assignTask: AssignTask,
    private readonly access: BriefingAccess,
    private readonly audit: AuditLog,
    private readonly outbox: RealtimeOutbox,
  ) {}

  async execute(
    actor: Actor,
    briefingId: string,
    itemId: string,
    dto: AssignTaskDto,
    idempotencyKey?: string,
    now = new Date(),
  ): Promise<ItemTask> {
    // Exactly the JSON the client sent (no class instances, no undefined members).
    const content = JSON.parse(JSON.stringify(dto.content)) as AssignmentContentDto;
    if (content.kind !== ASSIGNMENT_KIND) throw new AppError('signature/kind_mismatch');
    if (content.assigner !== actor.principal.userId) throw new AppError('signature/signer_mismatch');
    if (content.source?.type !== 'briefing' || content.source.id !== itemId)
      throw new AppError('briefing/source_mismatch', { expected: { type: 'briefing', id: itemId } });
    validateAssignment(content, now);

    try {
      const result = await this.dataSource.transaction(async (em) => {
        if (idempotencyKey) {
          const earlier = await this.replay(em, actor, idempotencyKey, content);
          if (earlier) return earlier;
        }
        const briefing = await this.access.requireReadable(actor, briefingId, em, 'share');
        const [item]: { id: string; taskId: string | null }[] = await em.query(
          'SELECT id, task_id AS "taskId" FROM briefing_items WHERE id = $1 AND briefing_id = $2 FOR UPDATE',
          [itemId, briefingId],
        );
        if (!item) throw new AppError('briefing/item_not_found', { briefingId, itemId });
        this.access.requireUnitLeader(actor.principal, briefing);
        if (briefing.state !== 'open') throw new AppError('briefing/closed', { id: briefingId });
        if (item.taskId) throw new AppError('briefing/item_has_task', { itemId, taskId: item.taskId });

        const verified = await this.verifier.verifyAndRecord(em, actor, 'task.assign', {
          content,
          signature: dto.signature,
          certificateId: dto.certificateId,
        });
        const position = actor.principal.positions.find(
          (p) => p.positionId === verified.certificate.positionId,
        )!;
        // Signed as a leader of the briefing's unit: its reach is that unit's subtree.
        if (
          position.unitId !== briefing.unitId ||
          !this.access.unitLeaderPosition(actor.principal, position.unitId)
        )
          throw new AppError('briefing/not_unit_leader', { briefingId, positionId: position.positionId });
        const summary = await this.assignTask.create(em, actor, position, content, {
          signatureId: verified.signatureId,
          issuedAt: new Date(content.issuedAt),
          source: { type: 'briefing', id: itemId },
          parentId: null,
          idempotencyKey: idempotencyKey ?? null,
          now,
        });
        await em.query('UPDATE briefing_items SET task_id = $2 WHERE id = $1', [itemId, summary.id]);
        await this.audit.record(em, {
          actor,
          actingUnitId: briefing.unitId,
          action: 'briefing.assign',
          subjectType: 'briefing_item',
          subjectId: itemId,
          after: { briefingId, taskId: summary.id, signatureId: verified.signatureId },
        });
        return { itemId, task: { ...summary, signatureId: verified.signatureId } };
      });
      this.outbox.kick();
      return result;
    } catch (error) {
      // Two retries with one key racing: the loser reads the winner's task.
      const sameContent = error instanceof AppError && error.code === 'signature/nonce_reused';
      if (idempotencyKey && (isUniqueViolation(error, 'tasks_idempotency_key') || sameContent)) {
        const earlier = await this.dataSource.transaction((em) =>
          this.replay(em, actor, idempotencyKey, content),
        );
        if (earlier) return earlier;
      }
      throw error;
    }
  }

  private async replay(
    em: EntityManager,
    actor: Actor,
    key: string,
    content: AssignmentContentDto,
  ): Promise<ItemTask | null> {
    const [earlier]: { id: string; signatureId: string; contentSha256: string; itemId: string | null }[] =
      await em.query(
        `SELECT t.id, t.signature_id AS "signatureId", s.content_sha256 AS "contentSha256", i.id AS "itemId"
           FROM tasks t JOIN signatures s ON s.id = t.signature_id LEFT JOIN briefing_items i ON i.task_id = t.id
          WHERE t.assigner_id = $1 AND t.idempotency_key = $2`,
        [actor.principal.userId, key],
      );
    if (!earlier) return null;
    // The same key means the same signed content, byte for byte.
    const sha256 = createHash('sha256').update(canonicalJson(content)).digest('hex');
    if (earlier.contentSha256 !== sha256 || earlier.itemId === null)
      throw new AppError('briefing/idempotency_conflict');
    const summary = (await taskSummaries(em, [earlier.id])).get(earlier.id)!;
    return { itemId: earlier.itemId, task: { ...summary, signatureId: earlier.signatureId } };
  }
}
