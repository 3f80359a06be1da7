import { EscalationLadder, EscalationView } from '@lt/escalation';
import { Injectable } from '@nestjs/common';
import { CommandRunner } from '@lt/commands';
import { InjectDataSource } from '@nestjs/typeorm';
import { AccessService, Actor, Principal, isLeadingRole } from '@lt/access';
import { AgendaPart, AppError } from '@lt/common';
import { lockForChange } from '@lt/database';
import { FilesService } from '@lt/files';
import { OrgTreeService } from '@lt/org';
import { PeopleService } from '@lt/people';
import { rooms } from '@lt/realtime';
import { DirectiveSummary, ProgressCounts, ReceiptView } from './directive-events';
import { EvidenceSource } from '@lt/evidence';
import { DataSource, EntityManager, In } from 'typeorm';
import { DirectiveEntity, DirectiveRecipientEntity } from './directive.entity';
import { InboxQuery } from './directive.dto';
import { toCounts, toReceipt, toSummary } from './directive-views';

/** Minimum time between two reminders of one directive. */
export const REMINDER_INTERVAL_MS = 5 * 60_000;

export interface InboxItem extends DirectiveSummary {
  receipt: ReceiptView;
}

export interface IssuedItem extends DirectiveSummary {
  counts: ProgressCounts;
  version: number;
}

export interface UnitProgress {
  unitId: string;
  unitName: string;
  recipients: number;
  delivered: number;
  read: number;
  acknowledged: number;
  /** Who has not acknowledged yet, by name (the leader's call list). */
  pending: { userId: string; fullName: string; state: 'pending' | 'delivered' | 'read' }[];
}

export interface DirectiveProgress {
  directiveId: string;
  counts: ProgressCounts;
  units: UnitProgress[];
  /** How the units late to acknowledge climbed the tree (báo cáo vượt cấp). */
  escalations: EscalationView[];
}

/** The audit entry of an issuer's follow-up action: on the directive, in its issuing unit. */
const followUpEntry = (
  actor: Actor,
  directive: Pick<DirectiveEntity, 'id' | 'issuingUnitId'>,
  action: 'directive.remind' | 'directive.recall',
  after: Record<string, unknown>,
) => ({
  actor,
  actingUnitId: directive.issuingUnitId,
  action,
  subjectType: 'directive',
  subjectId: directive.id,
  after,
});

/**
 * Reading directives (a recipient's inbox, a leader's issued list and progress) and the
 * issuer's follow-up actions (remind, recall). Who follows a directive: the leaders of its
 * issuing unit and of the units above it (the `directive.issue` permission reaching that unit).
 */
@Injectable()
export class DirectiveFollowUp {
  constructor(
    private readonly commands: CommandRunner,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: AccessService,
    private readonly files: FilesService,
    private readonly tree: OrgTreeService,
    private readonly people: PeopleService,
    private readonly ladder: EscalationLadder,
  ) {}

  /**
   * The directives waiting for the person's acknowledgement (their part of the home page): not
   * acknowledged, asked for, not recalled; the count and the first `limit`, overdue first.
   */
  async awaitingAcknowledgement(
    principal: Principal,
    limit: number,
    now = new Date(),
  ): Promise<AgendaPart[]> {
    const rows: { id: string; notation: string; subject: string; ackDueAt: Date | null; total: string }[] =
      await this.dataSource.query(
        `SELECT d.id, d.notation, d.subject, d.ack_due_at AS "ackDueAt", count(*) OVER () AS total
           FROM directive_recipients r JOIN directives d ON d.id = r.directive_id
          WHERE r.user_id = $1 AND r.acknowledged_at IS NULL AND d.ack_required AND d.recalled_at IS NULL
          ORDER BY (d.ack_due_at <= $2) DESC, d.ack_due_at NULLS LAST, d.id
          LIMIT $3`,
        [principal.userId, now, limit],
      );
    if (rows.length === 0) return [];
    return [
      {
        group: 'acknowledge',
        count: Number(rows[0].total),
        items: rows.map((r) => ({
          group: 'acknowledge',
          kind: 'directive',
          id: r.id,
          title: r.subject,
          detail: r.notation,
          dueAt: r.ackDueAt?.toISOString() ?? null,
          overdue: r.ackDueAt !== null && r.ackDueAt <= now,
        })),
      },
    ];
  }

  async inbox(actor: Actor, query: InboxQuery): Promise<InboxItem[]> {
    const limit = query.limit ?? 50;
    const rows = await this.dataSource
      .getRepository(DirectiveRecipientEntity)
      .createQueryBuilder('r')
      .innerJoin(DirectiveEntity, 'd', 'd.id = r.directive_id')
      .where('r.user_id = :userId', { userId: actor.principal.userId })
      .andWhere(query.state === 'unread' ? 'r.read_at IS NULL' : 'TRUE')
      .andWhere(
        query.state === 'unacknowledged'
          ? 'd.ack_required AND r.acknowledged_at IS NULL AND d.recalled_at IS NULL'
          : 'TRUE',
      )
      .andWhere(query.before ? 'd.issued_at < :before' : 'TRUE', { before: query.before })
      .orderBy('d.issued_at', 'DESC')
      .limit(limit)
      .getMany();
    const directives = await this.summaries(rows.map((r) => r.directiveId));
    return rows.map((r) => ({ ...directives.get(r.directiveId)!, receipt: toReceipt(r) }));
  }

  async issued(actor: Actor, query: InboxQuery): Promise<IssuedItem[]> {
    const roots = this.followedRoots(actor.principal);
    if (roots.length === 0) return [];
    const units = await this.tree.subtreeIds(roots);
    const list: DirectiveEntity[] = await this.dataSource
      .getRepository(DirectiveEntity)
      .createQueryBuilder('d')
      .where('d.issuing_unit_id = ANY(:units)', { units })
      .andWhere(query.before ? 'd.issued_at < :before' : 'TRUE', { before: query.before })
      .orderBy('d.issued_at', 'DESC')
      .limit(query.limit ?? 50)
      .getMany();
    const summaries = await this.summaries(list.map((d) => d.id));
    return list.map((d) => ({ ...summaries.get(d.id)!, counts: toCounts(d), version: d.version }));
  }

  /** A recipient sees the directive and their receipt; a follower also sees counts. */
  async get(actor: Actor, id: string): Promise<InboxItem | IssuedItem> {
    const receipt = await this.dataSource
      .getRepository(DirectiveRecipientEntity)
      .findOne({ where: { directiveId: id, userId: actor.principal.userId } });
    if (receipt) {
      const summary = (await this.summaries([id])).get(id)!;
      return { ...summary, receipt: toReceipt(receipt) };
    }
    const directive = await this.requireFollowed(actor.principal, id);
    const summary = (await this.summaries([id])).get(id)!;
    return { ...summary, counts: toCounts(directive), version: directive.version };
  }

  /**
   * What the directive's evidence package holds (libs/evidence): for those who follow it (the
   * issuer's leaders and those above), since it lists every recipient's receipt — the
   * directive, its progress per unit, and the audit entries about it. Directives are not
   * signed; their acknowledgements are the events.
   */
  async evidence(actor: Actor, id: string): Promise<EvidenceSource> {
    await this.requireFollowed(actor.principal, id);
    const item = await this.get(actor, id);
    const progress = await this.progress(actor, id);
    const at = (iso: string | null) =>
      iso ? new Date(iso).toLocaleString('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh' }) : '—';
    const counts = 'counts' in item ? item.counts : null;
    return {
      subject: { type: 'directive', id },
      kind: { vi: 'Văn bản chỉ đạo', en: 'Directive' },
      title: `${item.notation} — ${item.subject}`,
      facts: [
        ['Số, ký hiệu', item.notation],
        ['Trích yếu', item.subject],
        ['Cơ quan ban hành', item.issuingUnit.name],
        ['Người ký', item.signer.fullName],
        ['Ngày ban hành', at(item.issuedAt)],
        ['Hạn xác nhận', at(item.ackDueAt)],
        [
          'Tiếp nhận',
          counts
            ? `${counts.recipients} người nhận, ${counts.delivered} đã nhận, ${counts.read} đã xem, ${counts.acknowledged} đã xác nhận`
            : '—',
        ],
        ['Thu hồi', item.recalledAt ? `${at(item.recalledAt)}: ${item.recallReason ?? ''}` : '—'],
      ],
      item: { directive: item, progress },
      signatures: [],
      audited: [{ type: 'directive', id }],
    };
  }

  /** Per unit: how many received, read and acknowledged, and by name who has not. */
  async progress(actor: Actor, id: string): Promise<DirectiveProgress> {
    const directive = await this.requireFollowed(actor.principal, id);
    const receipts: {
      unitId: string;
      userId: string;
      deliveredAt: Date | null;
      readAt: Date | null;
      acknowledgedAt: Date | null;
    }[] = await this.dataSource.query(
      `SELECT unit_id AS "unitId", user_id AS "userId", delivered_at AS "deliveredAt", read_at AS "readAt",
              acknowledged_at AS "acknowledgedAt"
         FROM directive_recipients WHERE directive_id = $1`,
      [id],
    );
    const unitNames = await this.tree.namesOf(receipts.map((r) => r.unitId));
    const names = await this.people.namesOf(receipts.map((r) => r.userId));
    // Both maps come in name order: by unit name, then by the person's name.
    const unitRank = new Map([...unitNames.keys()].map((unitId, i) => [unitId, i]));
    const nameRank = new Map([...names.keys()].map((userId, i) => [userId, i]));
    const rows = receipts
      .map((r) => ({ ...r, unitName: unitNames.get(r.unitId)!, fullName: names.get(r.userId)! }))
      .sort(
        (x, y) =>
          unitRank.get(x.unitId)! - unitRank.get(y.unitId)! ||
          nameRank.get(x.userId)! - nameRank.get(y.userId)!,
      );
    const units = new Map<string, UnitProgress>();
    for (const r of rows) {
      const unit = units.get(r.unitId) ?? {
        unitId: r.unitId,
        unitName: r.unitName,
        recipients: 0,
        delivered: 0,
        read: 0,
        acknowledged: 0,
        pending: [],
      };
      unit.recipients += 1;
      if (r.deliveredAt) unit.delivered += 1;
      if (r.readAt) unit.read += 1;
      if (r.acknowledgedAt) unit.acknowledged += 1;
      else
        unit.pending.push({
          userId: r.userId,
          fullName: r.fullName,
          state: r.readAt ? 'read' : r.deliveredAt ? 'delivered' : 'pending',
        });
      units.set(r.unitId, unit);
    }
    const escalations = (await this.ladder.of(this.dataSource.manager, 'directive', [id])).get(id) ?? [];
    return { directiveId: id, counts: toCounts(directive), units: [...units.values()], escalations };
  }

  /** For socket `directive.watch`: the caller follows the directive; returns current counts. */
  async watch(principal: Principal, id: string): Promise<{ counts: ProgressCounts; room: string }> {
    const directive = await this.requireFollowed(principal, id);
    return { counts: toCounts(directive), room: rooms.directive(id) };
  }

  async remind(actor: Actor, id: string): Promise<{ reminded: number }> {
    const result = await this.commands.change('directive.remind', actor, async ({ em, audit, emit }) => {
      const directive = await this.requireFollowed(actor.principal, id, em, true);
      if (directive.recalledAt) throw new AppError('directive/recalled');
      if (!directive.ackRequired) throw new AppError('directive/ack_not_required');
      const now = new Date();
      if (
        directive.lastRemindedAt &&
        now.getTime() - directive.lastRemindedAt.getTime() < REMINDER_INTERVAL_MS
      ) {
        throw new AppError('directive/reminder_too_soon', {
          retryAfterSeconds: Math.ceil(
            (directive.lastRemindedAt.getTime() + REMINDER_INTERVAL_MS - now.getTime()) / 1000,
          ),
        });
      }
      const pending = await this.recipientsOf(em, id, { pendingOnly: true });
      // Raw SQL: a reminder is not a change to the directive, so its version stays.
      await em.query('UPDATE directives SET last_reminded_at = $2 WHERE id = $1', [id, now]);
      await audit(followUpEntry(actor, directive, 'directive.remind', { reminded: pending.length }));
      await emit({
        name: 'directive.reminder',
        payload: {
          directiveId: id,
          notation: directive.notation,
          subject: directive.subject,
          ackDueAt: directive.ackDueAt?.toISOString() ?? null,
          remindedBy: actor.principal.fullName,
        },
        audience: pending,
      });
      return { reminded: pending.length };
    });
    return result;
  }

  async recall(actor: Actor, id: string, reason: string, version?: number): Promise<IssuedItem> {
    await this.requireFollowed(actor.principal, id);
    await this.commands.change('directive.recall', actor, async ({ em, audit, emit }) => {
      const directive = await lockForChange(em, DirectiveEntity, id, version, 'directive/not_found');
      if (directive.recalledAt) throw new AppError('directive/recalled');
      directive.recalledAt = new Date();
      directive.recallReason = reason.trim();
      directive.recalledBy = actor.principal.userId;
      await em.save(directive);
      const recipients = await this.recipientsOf(em, id, { pendingOnly: false });
      await audit(followUpEntry(actor, directive, 'directive.recall', { reason: directive.recallReason }));
      await emit({
        name: 'directive.recalled',
        payload: {
          directiveId: id,
          notation: directive.notation,
          recalledAt: directive.recalledAt.toISOString(),
          reason: directive.recallReason,
        },
        audience: recipients,
      });
    });
    return this.get(actor, id) as Promise<IssuedItem>;
  }

  /** Recipients and followers may download a directive's attachments. */
  async attachment(actor: Actor, id: string, fileId: string) {
    await this.get(actor, id);
    return this.files.content('directive', id, fileId);
  }

  /** The recipients' user ids; `pendingOnly`: those who have not acknowledged. */
  private async recipientsOf(
    em: EntityManager,
    id: string,
    { pendingOnly }: { pendingOnly: boolean },
  ): Promise<string[]> {
    const rows: { userId: string }[] = await em.query(
      `SELECT user_id AS "userId" FROM directive_recipients
        WHERE directive_id = $1 AND (NOT $2 OR acknowledged_at IS NULL)`,
      [id, pendingOnly],
    );
    return rows.map((r) => r.userId);
  }

  private followedRoots(principal: Principal): string[] {
    return principal.positions.filter((p) => isLeadingRole(p.role)).map((p) => p.unitId);
  }

  /** The directive, if the principal follows it; "not found" otherwise, so ids leak nothing. */
  private async requireFollowed(
    principal: Principal,
    id: string,
    em: EntityManager = this.dataSource.manager,
    lock = false,
  ) {
    const directive = await em.findOne(DirectiveEntity, {
      where: { id },
      ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
    if (!directive) throw new AppError('directive/not_found');
    const grant = await this.access.grantFor(principal, 'directive.issue', directive.issuingUnitId, em);
    if (!grant) throw new AppError('directive/not_found');
    return directive;
  }

  private async summaries(ids: string[]): Promise<Map<string, DirectiveSummary>> {
    if (ids.length === 0) return new Map();
    const rows = await this.dataSource.getRepository(DirectiveEntity).find({ where: { id: In(ids) } });
    const unitNames = await this.tree.namesOf(rows.map((d) => d.issuingUnitId));
    const signerNames = await this.people.namesOf(
      rows.flatMap((d) => (d.signerOnBehalfOfId ? [d.signerId, d.signerOnBehalfOfId] : [d.signerId])),
    );
    const files = await this.files.metaOf('directive', ids);
    return new Map(
      rows.map((d) => [
        d.id,
        toSummary(
          d,
          {
            unitName: unitNames.get(d.issuingUnitId)!,
            signerName: signerNames.get(d.signerId)!,
            onBehalfOfName: d.signerOnBehalfOfId ? signerNames.get(d.signerOnBehalfOfId) : undefined,
          },
          files.get(d.id) ?? [],
        ),
      ]),
    );
  }
}
