import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Actor } from '@lt/access';
import { AuditLog } from '@lt/audit';
import { AppError } from '@lt/common';
import { isUniqueViolation } from '@lt/database';
import { BriefingSection, RealtimeOutbox } from '@lt/realtime';
import { DataSource, EntityManager } from 'typeorm';
import { BriefingAccess } from './briefing-access';
import { BriefingEntity } from './briefing.entity';
import { CommentItemDto } from './briefing.dto';
import { BriefingCommentView, briefingSummary, reporterRefs } from './briefing-views';

/**
 * A leader of the briefing's unit comments one item of a report (ý kiến chỉ đạo); the
 * reporter is told (`briefing.commented`). The item is fixed from then on. A comment is
 * neither edited nor deleted, so a retry with the same Idempotency-Key returns the first
 * comment (even once the briefing has closed); the same key with another item or text is
 * `409 briefing/idempotency_conflict`.
 */
@Injectable()
export class CommentItem {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: BriefingAccess,
    private readonly audit: AuditLog,
    private readonly outbox: RealtimeOutbox,
  ) {}

  async execute(
    actor: Actor,
    briefingId: string,
    itemId: string,
    dto: CommentItemDto,
    idempotencyKey?: string,
    now = new Date(),
  ): Promise<BriefingCommentView> {
    const text = dto.text.trim();
    const request = { briefingId, itemId, text };
    try {
      const comment = await this.dataSource.transaction(async (em) => {
        const briefing = await this.access.requireReadable(actor, briefingId, em, 'share');
        if (idempotencyKey) {
          const earlier = await this.replay(em, actor, idempotencyKey, request);
          if (earlier) return earlier;
        }
        return this.comment(em, actor, briefing, request, idempotencyKey, now);
      });
      this.outbox.kick();
      return comment;
    } catch (error) {
      // Two retries with one key racing: the loser reads the winner's comment.
      if (idempotencyKey && isUniqueViolation(error, 'briefing_comments_idempotency_key')) {
        const earlier = await this.dataSource.transaction((em) =>
          this.replay(em, actor, idempotencyKey, request),
        );
        if (earlier) return earlier;
      }
      throw error;
    }
  }

  private async comment(
    em: EntityManager,
    actor: Actor,
    briefing: BriefingEntity,
    { briefingId, itemId, text }: { briefingId: string; itemId: string; text: string },
    idempotencyKey: string | undefined,
    now: Date,
  ): Promise<BriefingCommentView> {
    const { principal } = actor;
    const [item]: { id: string; section: BriefingSection; text: string; reporterId: string }[] =
      await em.query(
        `SELECT i.id, i.section, i.text, r.reporter_id AS "reporterId"
         FROM briefing_items i JOIN briefing_reports r ON r.id = i.report_id
        WHERE i.id = $1 AND i.briefing_id = $2 FOR SHARE OF i`,
        [itemId, briefingId],
      );
    if (!item) throw new AppError('briefing/item_not_found', { briefingId, itemId });
    this.access.requireUnitLeader(principal, briefing);
    if (briefing.state !== 'open') throw new AppError('briefing/closed', { id: briefingId });
    const [row]: { id: string; createdAt: Date }[] = await em.query(
      `INSERT INTO briefing_comments (item_id, briefing_id, author_id, text, idempotency_key, created_at)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING id, created_at AS "createdAt"`,
      [itemId, briefingId, principal.userId, text, idempotencyKey ?? null, now],
    );
    await this.audit.record(em, {
      actor,
      actingUnitId: briefing.unitId,
      action: 'briefing.comment',
      subjectType: 'briefing_item',
      subjectId: itemId,
      after: { briefingId, commentId: row.id, text },
    });
    const view: BriefingCommentView = {
      id: row.id,
      itemId,
      text,
      author: { id: principal.userId, fullName: principal.fullName },
      createdAt: new Date(row.createdAt).toISOString(),
    };
    const people =
      (await this.access.reporterPeople(em, briefingId, [item.reporterId])).get(item.reporterId) ?? [];
    await this.outbox.add(em, [
      {
        name: 'briefing.commented',
        payload: {
          briefing: await briefingSummary(em, briefingId),
          reporter: (await reporterRefs(em, briefingId)).get(item.reporterId)!,
          item: { id: item.id, section: item.section, text: item.text },
          comment: { id: view.id, text: view.text, author: view.author, createdAt: view.createdAt },
        },
        audience: people.filter((id) => id !== principal.userId),
      },
    ]);
    return view;
  }

  /** The comment this author made under this key, if any; it must be the same request. */
  private async replay(
    em: EntityManager,
    actor: Actor,
    key: string,
    request: { briefingId: string; itemId: string; text: string },
  ): Promise<BriefingCommentView | null> {
    const [earlier]: {
      id: string;
      briefingId: string;
      itemId: string;
      text: string;
      createdAt: Date;
      authorName: string;
    }[] = await em.query(
      `SELECT c.id, c.briefing_id AS "briefingId", c.item_id AS "itemId", c.text, c.created_at AS "createdAt",
              u.full_name AS "authorName"
         FROM briefing_comments c JOIN users u ON u.id = c.author_id
        WHERE c.author_id = $1 AND c.idempotency_key = $2`,
      [actor.principal.userId, key],
    );
    if (!earlier) return null;
    // Comments are never edited: the same key means the same item and text.
    if (
      earlier.briefingId !== request.briefingId.toLowerCase() ||
      earlier.itemId !== request.itemId.toLowerCase() ||
      earlier.text !== request.text
    )
      throw new AppError('briefing/idempotency_conflict');
    return {
      id: earlier.id,
      itemId: earlier.itemId,
      text: earlier.text,
      author: { id: actor.principal.userId, fullName: earlier.authorName },
      createdAt: new Date(earlier.createdAt).toISOString(),
    };
  }
}
