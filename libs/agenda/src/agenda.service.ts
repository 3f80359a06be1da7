import { Injectable } from '@nestjs/common';
import { Actor } from '@lt/access';
import { AnnotationFollowUp } from '@lt/annotations';
import { AGENDA_GROUPS, AGENDA_ITEMS_PER_GROUP, AgendaItem, AgendaPart, agendaOrder } from '@lt/common';
import { DirectiveFollowUp } from '@lt/directives';
import { DocumentsService } from '@lt/documents';
import { DisciplineQueries } from '@lt/ranking';
import { TaskQueries } from '@lt/tasks';

export interface Agenda {
  /** Everything waiting, all groups. */
  total: number;
  /** Of it, past its due time. */
  overdue: number;
  /** Every group, in the home page's order, empty ones included (count 0). */
  groups: AgendaPart[];
  generatedAt: string;
}

/**
 * What waits for the signed-in person (Việc cần xử lý): each library answers for its own
 * items through a named method — directives to acknowledge, tasks to accept, report on or
 * explain, decisions (a submitted task, an extension, a discipline case), documents to handle,
 * annotations to follow up — and this puts them in the home page's groups, overdue first.
 */
@Injectable()
export class AgendaService {
  constructor(
    private readonly directives: DirectiveFollowUp,
    private readonly tasks: TaskQueries,
    private readonly documents: DocumentsService,
    private readonly discipline: DisciplineQueries,
    private readonly annotations: AnnotationFollowUp,
  ) {}

  async of(actor: Actor, now = new Date()): Promise<Agenda> {
    const limit = AGENDA_ITEMS_PER_GROUP;
    const parts = (
      await Promise.all([
        this.directives.awaitingAcknowledgement(actor.principal, limit, now),
        this.tasks.agenda(actor.principal, limit, now),
        this.documents.agenda(actor, limit, now),
        this.discipline.toDecide(actor, limit),
        this.annotations.needingAttention(actor, limit, now),
      ])
    ).flat();
    const groups = AGENDA_GROUPS.map((group) => {
      const of = parts.filter((p) => p.group === group);
      const items: AgendaItem[] = of
        .flatMap((p) => p.items)
        .sort(agendaOrder)
        .slice(0, limit);
      return { group, count: of.reduce((n, p) => n + p.count, 0), items };
    });
    return {
      total: groups.reduce((n, g) => n + g.count, 0),
      overdue: groups.reduce((n, g) => n + g.items.filter((i) => i.overdue).length, 0),
      groups,
      generatedAt: now.toISOString(),
    };
  }
}
