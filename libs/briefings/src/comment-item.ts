import { Injectable } from '@nestjs/common';
import { Actor } from '@lt/access';
import { CommandContext, CommandRunner } from '@lt/commands';
import { AppError } from '@lt/common';
import { BriefingSection } from './briefing-events';
import { BriefingAccess } from './briefing-access';
import { BriefingEntity } from './briefing.entity';
import { CommentItemDto } from './briefing.dto';
import { BriefingSummaries } from './briefing-summaries';
import { BriefingCommentView } from './briefing-views';

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
    private readonly commands: CommandRunner,
    private readonly access: BriefingAccess,
    private readonly summaries: BriefingSummaries,
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
    const request = { briefingId: briefingId.toLowerCase(), itemId: itemId.toLowerCase(), text };
    return this.commands.run({
      name: 'briefing.comment',
      actor,
      idempotency: { key: idempotencyKey, request, conflict: 'briefing/idempotency_conflict' },
      run: async (context) => {
        const briefing = await this.access.requireReadable(actor, briefingId, context.em, 'share');
        return this.comment(context, actor, briefing, request, idempotencyKey, now);
      },
    });
  }

  private async comment(
    context: CommandContext,
    actor: Actor,
    briefing: BriefingEntity,
    { briefingId, itemId, text }: { briefingId: string; itemId: string; text: string },
    idempotencyKey: string | undefined,
    now: Date,
  ): Promise<BriefingCommentView> {
    const { em } = context;
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
    await context.audit({
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
    await context.emit({
      name: 'briefing.commented',
      payload: {
        briefing: await this.summaries.summary(em, briefingId),
        reporter: (await this.summaries.reporterRefs(em, briefingId)).get(item.reporterId)!,
        item: { id: item.id, section: item.section, text: item.text },
        comment: { id: view.id, text: view.text, author: view.author, createdAt: view.createdAt },
      },
      audience: people.filter((id) => id !== principal.userId),
    });
    return view;
  }
}
