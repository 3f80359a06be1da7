import { Injectable, OnModuleInit } from '@nestjs/common';
import { isHeadRole } from '@lt/access';
import { CommandRunner } from '@lt/commands';
import { EscalationEntity, EscalationLadder, EscalationSource, EscalationStepMade } from '@lt/escalation';
import { OrgTreeService } from '@lt/org';
import { PeopleService } from '@lt/people';
import { OutgoingEvent } from '@lt/realtime';
import { EntityManager } from 'typeorm';

/** A recipient who has not acknowledged, with the unit whose head hears of it first. */
interface Late {
  directiveId: string;
  userId: string;
  unitId: string;
  /** The recipient's own unit, or the one above when the recipient heads it. */
  startUnitId: string | null;
}

/**
 * Missed acknowledgement deadlines climb the tree (EscalationLadder): when a directive's
 * `ackDueAt` has passed, the late recipients of each unit are reported to its head — a late
 * head to the head of the unit above — and, while they still have not acknowledged, to the
 * head of each unit above in turn, every ESCALATION_STEP_HOURS, up to the top. Runs in the
 * worker; `now` comes from the caller so tests drive the clock. Directives are claimed with
 * SKIP LOCKED and marked, so two workers never open one twice.
 */
@Injectable()
export class DirectiveEscalation implements EscalationSource, OnModuleInit {
  readonly subjectType = 'directive';

  constructor(
    private readonly commands: CommandRunner,
    private readonly ladder: EscalationLadder,
    private readonly tree: OrgTreeService,
    private readonly people: PeopleService,
  ) {}

  onModuleInit(): void {
    this.ladder.register(this);
  }

  /** Opens the escalations of every directive due by `now` (their first step made at once); returns how many directives. */
  async run(now: Date, limit = 50): Promise<number> {
    let total = 0;
    for (;;) {
      const done = await this.commands.change('directive.escalate', null, async (context) => {
        const { em, audit } = context;
        const due: { id: string; issuingUnitId: string }[] = await em.query(
          `SELECT id, issuing_unit_id AS "issuingUnitId" FROM directives
            WHERE ack_required AND escalated_at IS NULL AND recalled_at IS NULL AND ack_due_at <= $1
            ORDER BY ack_due_at LIMIT $2 FOR UPDATE SKIP LOCKED`,
          [now, limit],
        );
        if (due.length === 0) return 0;
        const late = await this.late(
          em,
          due.map((d) => d.id),
        );
        const openings = new Map<
          string,
          { subjectId: string; unitId: string; startUnitId: string; firstAt: Date }
        >();
        for (const l of late)
          if (l.startUnitId)
            openings.set(`${l.directiveId}|${l.unitId}|${l.startUnitId}`, {
              subjectId: l.directiveId,
              unitId: l.unitId,
              startUnitId: l.startUnitId,
              firstAt: now,
            });
        const ids = due.map((d) => d.id);
        await em.query('UPDATE directives SET escalated_at = $2 WHERE id = ANY($1::uuid[])', [ids, now]);
        await em.query(
          'UPDATE directive_recipients SET escalated_at = $2 WHERE directive_id = ANY($1::uuid[]) AND acknowledged_at IS NULL',
          [ids, now],
        );
        await audit(
          ...due.map((d) => ({
            actor: null,
            actingUnitId: d.issuingUnitId,
            action: 'directive.escalate',
            subjectType: 'directive',
            subjectId: d.id,
            after: {
              missed: late.filter((l) => l.directiveId === d.id).length,
              escalations: [...openings.values()].filter((o) => o.subjectId === d.id).length,
            },
          })),
        );
        await this.ladder.open(context, this.subjectType, [...openings.values()], now);
        return due.length;
      });
      total += done;
      if (done < limit) return total;
    }
  }

  /** Late while a recipient of the unit (of its staff, or its head: by the start) has not acknowledged and the directive stands. */
  async stillLate(
    em: EntityManager,
    escalations: readonly EscalationEntity[],
  ): Promise<Map<string, string[]>> {
    const late = await this.late(em, [...new Set(escalations.map((e) => e.subjectId))]);
    const result = new Map<string, string[]>();
    for (const e of escalations) {
      const people = late
        .filter(
          (l) => l.directiveId === e.subjectId && l.unitId === e.unitId && l.startUnitId === e.startUnitId,
        )
        .map((l) => l.userId);
      if (people.length > 0) result.set(e.id, people);
    }
    return result;
  }

  async notices(em: EntityManager, steps: readonly EscalationStepMade[]): Promise<OutgoingEvent[]> {
    const directives: { id: string; notation: string; subject: string; ackDueAt: Date }[] = await em.query(
      `SELECT id, notation, subject, ack_due_at AS "ackDueAt" FROM directives WHERE id = ANY($1::uuid[])`,
      [[...new Set(steps.map((s) => s.escalation.subjectId))]],
    );
    const names = await this.people.namesOf(
      steps.flatMap((s) => s.late),
      em,
    );
    const units = await this.tree.unitsOf(
      steps.map((s) => s.escalation.unitId),
      em,
    );
    // namesOf answers in name order: the notice lists the people so.
    const rank = new Map([...names.keys()].map((id, i) => [id, i]));
    return steps
      .filter((s) => s.audience.length > 0)
      .map((s) => {
        const directive = directives.find((d) => d.id === s.escalation.subjectId)!;
        return {
          name: 'directive.escalated',
          payload: {
            directiveId: directive.id,
            notation: directive.notation,
            subject: directive.subject,
            ackDueAt: new Date(directive.ackDueAt).toISOString(),
            unitId: s.escalation.unitId,
            unitName: units.get(s.escalation.unitId)?.name ?? '',
            people: [...s.late]
              .sort((a, b) => rank.get(a)! - rank.get(b)!)
              .map((userId) => ({ userId, fullName: names.get(userId)! })),
            level: s.level,
            toldUnitId: s.toldUnit!.id,
            toldUnitName: s.toldUnit!.name,
          },
          audience: s.audience,
        };
      });
  }

  /** The recipients of the directives who have not acknowledged, of directives not recalled. */
  private async late(em: EntityManager, directiveIds: string[]): Promise<Late[]> {
    if (directiveIds.length === 0) return [];
    const receipts: { directiveId: string; userId: string; unitId: string; role: string }[] = await em.query(
      `SELECT r.directive_id AS "directiveId", r.user_id AS "userId", r.unit_id AS "unitId", r.role
         FROM directive_recipients r JOIN directives d ON d.id = r.directive_id
        WHERE r.directive_id = ANY($1::uuid[]) AND r.acknowledged_at IS NULL AND d.recalled_at IS NULL`,
      [directiveIds],
    );
    const parents = new Map(
      (
        await this.tree.units(
          receipts.map((r) => r.unitId),
          em,
        )
      ).map((u) => [u.id, u.parentId]),
    );
    return receipts.map((r) => ({
      directiveId: r.directiveId,
      userId: r.userId,
      unitId: r.unitId,
      startUnitId: isHeadRole(r.role) ? (parents.get(r.unitId) ?? null) : r.unitId,
    }));
  }
}
