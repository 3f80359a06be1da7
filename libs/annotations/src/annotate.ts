import { Injectable } from '@nestjs/common';
import { Actor, actingWith, roleGrants } from '@lt/access';
import { CommandRunner } from '@lt/commands';
import { AppError } from '@lt/common';
import { DocumentsService } from '@lt/documents';
import { TaskSummary } from '@lt/tasks';
import { SignatureVerifier, signedContentOf } from '@lt/signing';
import { AssignTask, validateAssignment } from '@lt/tasks';
import { ANNOTATION_KIND, AnnotateDto, AnnotationContentDto } from './annotation.dto';
import { AnnotationSubjects } from './annotation-subjects';
import { AnnotationViews, AnnotationView } from './annotation-views';

/**
 * Saves a leader's annotation: verifies its signature, checks the leader may annotate the
 * subject, stores it and creates one task per assignment it makes — with the annotation's
 * signature, audit entries and `task.changed` events — in one command: all or nothing.
 * A retry with the same Idempotency-Key returns the first annotation.
 */
@Injectable()
export class Annotate {
  constructor(
    private readonly commands: CommandRunner,
    private readonly verifier: SignatureVerifier,
    private readonly assignTask: AssignTask,
    private readonly subjects: AnnotationSubjects,
    private readonly documents: DocumentsService,
    private readonly views: AnnotationViews,
  ) {}

  async execute(
    actor: Actor,
    dto: AnnotateDto,
    idempotencyKey?: string,
    now = new Date(),
  ): Promise<AnnotationView> {
    const content = signedContentOf<AnnotationContentDto>(
      dto.content,
      { kind: ANNOTATION_KIND, signer: (c) => c.author },
      actor,
    );
    for (const assignment of content.assignments) validateAssignment({ ...assignment, description: '' }, now);

    // The command answers the annotation's id (a retry gets the same); the view is read after.
    const id = await this.commands.run({
      name: 'annotation.sign',
      actor,
      idempotency: { key: idempotencyKey, request: content, conflict: 'annotation/idempotency_conflict' },
      run: async (context) => {
        const { em } = context;
        const verified = await this.verifier.verifyAndRecord(em, actor, 'annotation.sign', {
          ...dto,
          content,
        });
        const { position } = verified;
        // Signed thừa ủy quyền: the annotation, its tasks and its audit entry name both people.
        const by = actingWith(actor, position);
        if (!roleGrants(position.role, 'annotation.write'))
          throw new AppError('annotation/not_allowed', { positionId: position.positionId });
        const documentId = await this.subjects.requireAnnotatable(actor, content.subject, em);

        const [annotation]: { id: string }[] = await em.query(
          `INSERT INTO annotations (subject_type, subject_id, document_id, author_id, author_unit_id, text, task_ids,
                                    signature_id, idempotency_key, author_on_behalf_of_id)
           VALUES ($1, $2, $3, $4, $5, $6, '{}', $7, $8, $9) RETURNING id`,
          [
            content.subject.type,
            content.subject.id,
            documentId,
            actor.principal.userId,
            position.unitId,
            content.text.trim(),
            verified.signatureId,
            idempotencyKey ?? null,
            by.onBehalfOf?.delegatorId ?? null,
          ],
        );
        const created: TaskSummary[] = [];
        for (const assignment of content.assignments)
          created.push(
            await this.assignTask.create(
              context,
              by,
              position,
              { ...assignment, description: content.text },
              verified.signed,
              { source: { type: 'annotation', id: annotation.id }, now },
            ),
          );
        // The tasks name the annotation as their source; it lists them in its own order.
        await em.query('UPDATE annotations SET task_ids = $2 WHERE id = $1', [
          annotation.id,
          created.map((task) => task.id),
        ]);
        if (documentId) await this.documents.markAnnotated(em, documentId);
        await context.audit({
          actor: by,
          actingUnitId: position.unitId,
          action: 'annotation.sign',
          subjectType: 'annotation',
          subjectId: annotation.id,
          after: {
            subject: content.subject,
            taskIds: created.map((t) => t.id),
            signatureId: verified.signatureId,
          },
        });
        return annotation.id;
      },
    });
    return this.views.get(actor, id);
  }
}
