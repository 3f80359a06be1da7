import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Actor, roleGrants } from '@lt/access';
import { AuditLog } from '@lt/audit';
import { AppError } from '@lt/common';
import { isUniqueViolation } from '@lt/database';
import { DocumentsService } from '@lt/documents';
import { RealtimeOutbox, TaskSummary } from '@lt/realtime';
import { canonicalJson, SignatureVerifier } from '@lt/signing';
import { AssignTask, validateAssignment } from '@lt/tasks';
import { createHash } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { ANNOTATION_KIND, AnnotateDto, AnnotationContentDto } from './annotation.dto';
import { AnnotationSubjects } from './annotation-subjects';
import { AnnotationViews, AnnotationView } from './annotation-views';

/**
 * Saves a leader's annotation: verifies its signature, checks the leader may annotate the
 * subject, stores it and creates one task per assignment it makes — with the annotation's
 * signature, audit entries and `task.changed` events — in one transaction: all or nothing.
 * A retry with the same Idempotency-Key returns the first annotation.
 */
@Injectable()
export class Annotate {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly verifier: SignatureVerifier,
    private readonly assignTask: AssignTask,
    private readonly subjects: AnnotationSubjects,
    private readonly documents: DocumentsService,
    private readonly audit: AuditLog,
    private readonly outbox: RealtimeOutbox,
    private readonly views: AnnotationViews,
  ) {}

  async execute(
    actor: Actor,
    dto: AnnotateDto,
    idempotencyKey?: string,
    now = new Date(),
  ): Promise<AnnotationView> {
    // Exactly the JSON the client sent (no class instances, no undefined members).
    const content = JSON.parse(JSON.stringify(dto.content)) as AnnotationContentDto;
    if (content.kind !== ANNOTATION_KIND) throw new AppError('signature/kind_mismatch');
    if (content.author !== actor.principal.userId) throw new AppError('signature/signer_mismatch');
    for (const assignment of content.assignments) validateAssignment({ ...assignment, description: '' }, now);

    let id: string;
    try {
      id = await this.dataSource.transaction(async (em) => {
        if (idempotencyKey) {
          const earlier = await this.replay(em, actor, idempotencyKey, content);
          if (earlier) return earlier;
        }
        const verified = await this.verifier.verifyAndRecord(em, actor, 'annotation.sign', {
          content,
          signature: dto.signature,
          certificateId: dto.certificateId,
        });
        const position = actor.principal.positions.find(
          (p) => p.positionId === verified.certificate.positionId,
        )!;
        if (!roleGrants(position.role, 'annotation.write'))
          throw new AppError('annotation/not_allowed', { positionId: position.positionId });
        const documentId = await this.subjects.requireAnnotatable(actor, content.subject, em);

        const [annotation]: { id: string }[] = await em.query(
          `INSERT INTO annotations (subject_type, subject_id, document_id, author_id, author_unit_id, text, task_ids,
                                    signature_id, idempotency_key)
           VALUES ($1, $2, $3, $4, $5, $6, '{}', $7, $8) RETURNING id`,
          [
            content.subject.type,
            content.subject.id,
            documentId,
            actor.principal.userId,
            position.unitId,
            content.text.trim(),
            verified.signatureId,
            idempotencyKey ?? null,
          ],
        );
        const created: TaskSummary[] = [];
        for (const assignment of content.assignments)
          created.push(
            await this.assignTask.create(
              em,
              actor,
              position,
              { ...assignment, description: content.text },
              {
                signatureId: verified.signatureId,
                issuedAt: new Date(content.issuedAt),
                source: { type: 'annotation', id: annotation.id },
                parentId: null,
                idempotencyKey: null,
                now,
              },
            ),
          );
        // The tasks name the annotation as their source; it lists them in its own order.
        await em.query('UPDATE annotations SET task_ids = $2 WHERE id = $1', [
          annotation.id,
          created.map((task) => task.id),
        ]);
        if (documentId) await this.documents.markAnnotated(em, documentId);
        await this.audit.record(em, {
          actor,
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
      });
    } catch (error) {
      // Two retries with one key racing: the loser reads the winner's annotation.
      const sameContent = error instanceof AppError && error.code === 'signature/nonce_reused';
      if (idempotencyKey && (isUniqueViolation(error, 'annotations_idempotency_key') || sameContent)) {
        const earlier = await this.dataSource.transaction((em) =>
          this.replay(em, actor, idempotencyKey, content),
        );
        if (earlier) return this.views.get(actor, earlier);
      }
      throw error;
    }
    this.outbox.kick();
    return this.views.get(actor, id);
  }

  private async replay(
    em: EntityManager,
    actor: Actor,
    key: string,
    content: AnnotationContentDto,
  ): Promise<string | null> {
    const [earlier]: { id: string; contentSha256: string }[] = await em.query(
      `SELECT a.id, s.content_sha256 AS "contentSha256" FROM annotations a JOIN signatures s ON s.id = a.signature_id
        WHERE a.author_id = $1 AND a.idempotency_key = $2`,
      [actor.principal.userId, key],
    );
    if (!earlier) return null;
    // The same key means the same signed content, byte for byte.
    const sha256 = createHash('sha256').update(canonicalJson(content)).digest('hex');
    if (earlier.contentSha256 !== sha256) throw new AppError('annotation/idempotency_conflict');
    return earlier.id;
  }
}
