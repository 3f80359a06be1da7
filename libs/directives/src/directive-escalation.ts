import { Injectable } from '@nestjs/common';
import { CommandRunner } from '@lt/commands';
import { OutgoingEvent } from '@lt/realtime';

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
  constructor(private readonly commands: CommandRunner) {}

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
        for (const directive of due) {
          const missed: Missed[] = await em.query(
            `SELECT r.user_id AS "userId", us.full_name AS "fullName", r.unit_id AS "unitId", u.name AS "unitName",
                    CASE WHEN r.role = 'leader' THEN u.parent_id ELSE r.unit_id END AS "headUnitId"
               FROM directive_recipients r JOIN users us ON us.id = r.user_id JOIN org_units u ON u.id = r.unit_id
              WHERE r.directive_id = $1 AND r.acknowledged_at IS NULL
              ORDER BY u.name, us.full_name`,
            [directive.id],
          );
          const heads: { unitId: string; userId: string }[] = await em.query(
            `SELECT DISTINCT p.unit_id AS "unitId", p.user_id AS "userId" FROM positions p JOIN users us ON us.id = p.user_id
              WHERE p.unit_id = ANY($1::uuid[]) AND p.role = 'leader' AND us.disabled_at IS NULL`,
            [[...new Set(missed.map((m) => m.headUnitId).filter((id): id is string => id !== null))]],
          );
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
}
