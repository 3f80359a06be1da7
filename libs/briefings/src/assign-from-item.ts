import { Injectable } from '@nestjs/common';
import { Actor } from '@lt/access';
import { CommandRunner } from '@lt/commands';
import { AppError } from '@lt/common';
import { SignatureVerifier, signedContentOf } from '@lt/signing';
import {
  AssignedTask,
  AssignmentContentDto,
  ASSIGNMENT_KIND,
  AssignTask,
  AssignTaskDto,
  validateAssignment,
} from '@lt/tasks';
import { BriefingAccess } from './briefing-access';

export interface ItemTask {
  itemId: string;
  task: AssignedTask;
}

/**
 * A leader of the briefing's unit turns an item into a signed task in one action: the
 * assignment is signed exactly as for POST /tasks, naming the item as its source; the
 * signature is verified and the task created (AssignTask.create: reach, parties, audit,
 * `task.changed`) and the item marks it — one command. The item's row lock makes two
 * leaders converting it at once end with one task and one 409. A retry with the same
 * Idempotency-Key returns the first task.
 */
@Injectable()
export class AssignFromItem {
  constructor(
    private readonly commands: CommandRunner,
    private readonly verifier: SignatureVerifier,
    private readonly assignTask: AssignTask,
    private readonly access: BriefingAccess,
  ) {}

  async execute(
    actor: Actor,
    briefingId: string,
    itemId: string,
    dto: AssignTaskDto,
    idempotencyKey?: string,
    now = new Date(),
  ): Promise<ItemTask> {
    const content = signedContentOf<AssignmentContentDto>(
      dto.content,
      { kind: ASSIGNMENT_KIND, signer: (c) => c.assigner },
      actor,
    );
    if (content.source?.type !== 'briefing' || content.source.id !== itemId)
      throw new AppError('briefing/source_mismatch', { expected: { type: 'briefing', id: itemId } });
    validateAssignment(content, now);

    return this.commands.run({
      name: 'briefing.assign',
      actor,
      idempotency: {
        key: idempotencyKey,
        request: { briefingId, itemId, content },
        conflict: 'briefing/idempotency_conflict',
      },
      run: async (context) => {
        const { em } = context;
        const briefing = await this.access.requireReadable(actor, briefingId, em, 'share');
        const [item]: { id: string; taskId: string | null }[] = await em.query(
          'SELECT id, task_id AS "taskId" FROM briefing_items WHERE id = $1 AND briefing_id = $2 FOR UPDATE',
          [itemId, briefingId],
        );
        if (!item) throw new AppError('briefing/item_not_found', { briefingId, itemId });
        this.access.requireUnitLeader(actor.principal, briefing);
        if (briefing.state !== 'open') throw new AppError('briefing/closed', { id: briefingId });
        if (item.taskId) throw new AppError('briefing/item_has_task', { itemId, taskId: item.taskId });

        const verified = await this.verifier.verifyAndRecord(em, actor, 'task.assign', { ...dto, content });
        const { position } = verified;
        // Signed as a leader of the briefing's unit: its reach is that unit's subtree.
        if (
          position.unitId !== briefing.unitId ||
          !this.access.unitLeaderPosition(actor.principal, position.unitId)
        )
          throw new AppError('briefing/not_unit_leader', { briefingId, positionId: position.positionId });
        // The key is this command's (libs/commands), not the task's: POST /tasks has its own.
        const summary = await this.assignTask.create(context, actor, position, content, verified.signed, {
          source: { type: 'briefing', id: itemId },
          now,
        });
        await em.query('UPDATE briefing_items SET task_id = $2 WHERE id = $1', [itemId, summary.id]);
        await context.audit({
          actor,
          actingUnitId: briefing.unitId,
          action: 'briefing.assign',
          subjectType: 'briefing_item',
          subjectId: itemId,
          after: { briefingId, taskId: summary.id, signatureId: verified.signatureId },
        });
        return { itemId, task: { ...summary, signatureId: verified.signatureId } };
      },
    });
  }
}
