import { Injectable } from '@nestjs/common';
import { roleGrants } from '@lt/access';
import { CommandRunner } from '@lt/commands';
import { AppConfig } from '@lt/config';
import { OrgTreeService } from '@lt/org';
import { PeopleService, ROLES } from '@lt/people';
import type { OutgoingEvent } from '@lt/realtime';
import { DocumentEntity } from './document.entity';
import { routedDocumentOf } from './documents.service';

const BATCH = 200;
const REGISTER_ROLES = ROLES.filter((r) => roleGrants(r, 'document.register') !== null);

/**
 * Reminders for incoming documents not handled in time (Decree 30/2020: đôn đốc văn bản đến):
 * once per due date, when it is DOCUMENT_REMINDER_HOURS away or has passed and the document is
 * not annotated yet — to the leader it waits with, or to its unit's clerks while it waits with
 * nobody. Run by the worker; two workers remind once (FOR UPDATE SKIP LOCKED, then marked).
 */
@Injectable()
export class DocumentReminders {
  constructor(
    private readonly commands: CommandRunner,
    private readonly config: AppConfig,
    private readonly tree: OrgTreeService,
    private readonly people: PeopleService,
  ) {}

  /** How many documents were reminded this pass. */
  async run(now: Date): Promise<number> {
    let reminded = 0;
    for (;;) {
      const sent = await this.commands.change('document.reminder', null, async ({ em, emit }) => {
        const due: DocumentEntity[] = await em.query(
          `SELECT id, unit_id AS "unitId", register_number AS "registerNumber", code_number AS "codeNumber",
                  code_notation AS "codeNotation", organ_name AS "organName", type_name AS "typeName", subject,
                  priority, due_date AS "dueDate", routed_to AS "routedTo"
             FROM documents
            WHERE direction = 'incoming' AND state IN ('registered', 'routed') AND due_date IS NOT NULL
              AND due_date <= $1::timestamptz + make_interval(hours => $2::int) AND reminded_for IS DISTINCT FROM due_date
            ORDER BY due_date, id LIMIT $3 FOR UPDATE SKIP LOCKED`,
          [now, this.config.DOCUMENT_REMINDER_HOURS, BATCH],
        );
        if (due.length === 0) return null;
        await em.query('UPDATE documents SET reminded_for = due_date WHERE id = ANY($1::uuid[])', [
          due.map((d) => d.id),
        ]);
        const names = await this.tree.namesOf(
          due.map((d) => d.unitId),
          em,
        );
        const waitingWithNobody = due.filter((d) => !d.routedTo).map((d) => d.unitId);
        const clerks = await this.people.positionHolders(
          waitingWithNobody,
          { roles: REGISTER_ROLES, enabledOnly: true },
          em,
        );
        const events: OutgoingEvent[] = due.map((d) => ({
          name: 'document.reminder',
          payload: {
            document: routedDocumentOf(d, names.get(d.unitId) ?? ''),
            overdue: d.dueDate! <= now,
            at: now.toISOString(),
          },
          audience: d.routedTo
            ? [d.routedTo]
            : clerks.filter((c) => c.unitId === d.unitId).map((c) => c.userId),
        }));
        await emit(...events);
        return due.length;
      });
      if (sent === null) return reminded;
      reminded += sent;
    }
  }
}
