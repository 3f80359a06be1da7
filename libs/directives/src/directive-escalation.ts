import { Injectable } from '@nestjs/common';
import { HEAD_ROLES, isHeadRole } from '@lt/access';
import { CommandRunner } from '@lt/commands';
import { OrgTreeService } from '@lt/org';
import { PeopleService } from '@lt/people';
import { OutgoingEvent } from '@lt/realtime';
import { EntityManager } from 'typeorm';

interface Missed {
  userId: string;
  fullName: string;
  unitId: string;
  unitName: string;
  /** The unit whose leaders are told: the recipient's own, or the parent when the recipient leads it. */
  headUnitId: string | null;
}

/**
 * Missed acknowledgement deadlines go one level up: when a directive's `ackDueAt` has
 * passed, the leaders of each late recipient's unit are told who has not acknowledged; a
 * late recipient who is that unit's leader is reported to the leaders of the unit above.
 * Runs in the worker; `now` comes from the caller so tests drive the clock. Directives are
 * claimed with SKIP LOCKED and marked, so two workers never send the same notice twice.
 */
@Injectable()
export class DirectiveEscalation {
  constructor(
    private readonly commands: CommandRunner,
    private readonly tree: OrgTreeService,
    private readonly people: PeopleService,
  ) {}

  /** Escalates every directive due by `now`; returns how many were escalated. */
  async run(now: Date, limit = 50): Promise<number> {
    let total = 0;
    for (;;) {
      const done = await this.commands.change('directive.escalate', null, async ({ em, audit, emit }) => {
        const due: {
          id: string;
          notation: string;
          subject: string;
          ackDueAt: Date;
          issuingUnitId: string;
        }[] = await em.query(
          `SELECT id, notation, subject, ack_due_at AS "ackDueAt", issuing_unit_id AS "issuingUnitId" FROM directives
            WHERE ack_required AND escalated_at IS NULL AND recalled_at IS NULL AND ack_due_at <= $1
            ORDER BY ack_due_at LIMIT $2 FOR UPDATE SKIP LOCKED`,
          [now, limit],
        );
        const missedOf = await this.missed(
          em,
          due.map((d) => d.id),
        );
        const heads = await this.people.holdersIn(
          [...new Set([...missedOf.values()].flat().flatMap((m) => (m.headUnitId ? [m.headUnitId] : [])))],
          HEAD_ROLES,
          em,
        );
        for (const directive of due) {
          const missed = missedOf.get(directive.id) ?? [];
          // One notice per (late unit, unit told), listing the people.
          const groups = new Map<string, Missed[]>();
          for (const m of missed) {
            if (!m.headUnitId) continue;
            const k = `${m.unitId}|${m.headUnitId}`;
            groups.set(k, [...(groups.get(k) ?? []), m]);
          }
          const events: OutgoingEvent[] = [];
          for (const people of groups.values()) {
            const [{ unitId, unitName, headUnitId }] = people;
            const audience = heads.filter((h) => h.unitId === headUnitId).map((h) => h.userId);
            if (audience.length === 0) continue;
            events.push({
              name: 'directive.escalated',
              payload: {
                directiveId: directive.id,
                notation: directive.notation,
                subject: directive.subject,
                ackDueAt: new Date(directive.ackDueAt).toISOString(),
                unitId,
                unitName,
                people: people.map((p) => ({ userId: p.userId, fullName: p.fullName })),
              },
              audience,
            });
          }
          await em.query('UPDATE directives SET escalated_at = $2 WHERE id = $1', [directive.id, now]);
          await em.query(
            'UPDATE directive_recipients SET escalated_at = $2 WHERE directive_id = $1 AND acknowledged_at IS NULL',
            [directive.id, now],
          );
          await audit({
            actor: null,
            actingUnitId: directive.issuingUnitId,
            action: 'directive.escalate',
            subjectType: 'directive',
            subjectId: directive.id,
            after: { missed: missed.length, notices: events.length },
          });
          await emit(...events);
        }
        return due.length;
      });
      total += done;
      if (done < limit) return total;
    }
  }

  /**
   * The recipients of each directive who have not acknowledged, by unit name then by name:
   * one query over the receipts, then the names and units in one batch each.
   */
  private async missed(em: EntityManager, directiveIds: string[]): Promise<Map<string, Missed[]>> {
    if (directiveIds.length === 0) return new Map();
    const receipts: { directiveId: string; userId: string; unitId: string; role: string }[] = await em.query(
      `SELECT directive_id AS "directiveId", user_id AS "userId", unit_id AS "unitId", role
         FROM directive_recipients WHERE directive_id = ANY($1::uuid[]) AND acknowledged_at IS NULL`,
      [directiveIds],
    );
    const names = await this.people.namesOf(
      receipts.map((r) => r.userId),
      em,
    );
    const units = await this.tree.unitsOf(
      receipts.map((r) => r.unitId),
      em,
    );
    // Both maps come in name order: their positions order the list as the notice reads.
    const nameRank = new Map([...names.keys()].map((id, i) => [id, i]));
    const unitRank = new Map([...units.keys()].map((id, i) => [id, i]));
    receipts.sort(
      (x, y) =>
        unitRank.get(x.unitId)! - unitRank.get(y.unitId)! ||
        nameRank.get(x.userId)! - nameRank.get(y.userId)!,
    );
    const result = new Map<string, Missed[]>();
    for (const r of receipts) {
      const unit = units.get(r.unitId)!;
      const missed: Missed = {
        userId: r.userId,
        fullName: names.get(r.userId)!,
        unitId: r.unitId,
        unitName: unit.name,
        headUnitId: isHeadRole(r.role) ? unit.parentId : r.unitId,
      };
      const list = result.get(r.directiveId);
      if (list) list.push(missed);
      else result.set(r.directiveId, [missed]);
    }
    return result;
  }
}
