import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Actor } from '@lt/access';
import { AuditLog } from '@lt/audit';
import { AppError } from '@lt/common';
import { BriefingSection, RealtimeOutbox } from '@lt/realtime';
import { DataSource } from 'typeorm';
import { BriefingAccess } from './briefing-access';
import { CommentItemDto } from './briefing.dto';
import { BriefingCommentView, briefingSummary, reporterRefs } from './briefing-views';

/**
 * A leader of the briefing's unit comments one item of a report (ý kiến chỉ đạo); the
 * reporter is told (`briefing.commented`). The item is fixed from then on.
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
    now = new Date(),
  ): Promise<BriefingCommentView> {
    const { principal } = actor;
    const comment = await this.dataSource.transaction(async (em) => {
      const briefing = await this.access.requireReadable(actor, briefingId, em, 'share');
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
      const text = dto.text.trim();
      const [row]: { id: string; createdAt: Date }[] = await em.query(
        `INSERT INTO briefing_comments (item_id, briefing_id, author_id, text, created_at)
         VALUES ($1, $2, $3, $4, $5) RETURNING id, created_at AS "createdAt"`,
        [itemId, briefingId, principal.userId, text, now],
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
    });
    this.outbox.kick();
    return comment;
  }
}
