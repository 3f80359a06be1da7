import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AccessService, Actor, Principal, roleGrants } from '@lt/access';
import { AppError } from '@lt/common';
import { DisciplineCaseEntity, holdsRole, TaskEntity, TaskViews } from '@lt/tasks';
import { DataSource, EntityManager } from 'typeorm';
import type { DisciplineCaseListQuery } from './discipline.dto';
import { DisciplineCaseView, disciplineCaseViews } from './discipline-views';

export interface DisciplineCasePage {
  items: DisciplineCaseView[];
  total: number;
  page: number;
  pageSize: number;
}

/**
 * May the principal read this case? The leaders and deputies of the reviewer unit and of
 * every unit above it (task.follow reaches the subtree), and the lead of the task it is about
 * (the person, or the lead unit's leaders) — who is told of the decision.
 */
export async function mayReadCase(
  em: EntityManager,
  access: AccessService,
  principal: Principal,
  kase: Pick<DisciplineCaseEntity, 'reviewerUnitId' | 'taskId'>,
): Promise<boolean> {
  if (await access.grantFor(principal, 'task.follow', kase.reviewerUnitId, em)) return true;
  const task = await em.findOne(TaskEntity, {
    where: { id: kase.taskId },
    select: { id: true, leadUnitId: true, leadUserId: true },
  });
  return task !== null && holdsRole(principal, task.leadUnitId, task.leadUserId);
}

/**
 * The discipline cases a head reviews (trễ hạn lần 2), open ones first: those of the units
 * the viewer leads or deputises — only the head (leader) decides — and, to read, those of
 * every unit under them.
 */
@Injectable()
export class DisciplineQueries {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: AccessService,
    private readonly taskViews: TaskViews,
  ) {}

  async list(actor: Actor, query: DisciplineCaseListQuery): Promise<DisciplineCasePage> {
    const em = this.dataSource.manager;
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 20;
    let roots: string[];
    if (query.unitId !== undefined) {
      await this.access.require(actor.principal, 'task.follow', query.unitId, em);
      roots = [query.unitId];
    } else {
      roots = actor.principal.positions
        .filter((p) => roleGrants(p.role, 'task.follow') !== null)
        .map((p) => p.unitId);
    }
    if (roots.length === 0) return { items: [], total: 0, page, pageSize };
    const rows: { id: string; total: string }[] = await em.query(
      `SELECT dc.id, count(*) OVER () AS total
         FROM discipline_cases dc
        WHERE dc.reviewer_unit_id IN (SELECT descendant_id FROM org_unit_closure WHERE ancestor_id = ANY($1::uuid[]))
          AND ($2::text IS NULL OR (dc.decision IS NULL) = ($2::text = 'open'))
        ORDER BY (dc.decision IS NULL) DESC, dc.opened_at DESC, dc.id
        LIMIT $3 OFFSET $4`,
      [roots, query.state ?? null, pageSize, (page - 1) * pageSize],
    );
    const total = rows.length > 0 ? Number(rows[0].total) : await this.count(em, roots, query.state);
    return {
      items: await disciplineCaseViews(
        em,
        actor.principal,
        rows.map((r) => r.id),
        this.taskViews,
      ),
      total,
      page,
      pageSize,
    };
  }

  async get(actor: Actor, id: string): Promise<DisciplineCaseView> {
    const em = this.dataSource.manager;
    const kase = await em.findOne(DisciplineCaseEntity, { where: { id } });
    if (!kase || !(await mayReadCase(em, this.access, actor.principal, kase)))
      throw new AppError('discipline/case_not_found', { id });
    const [view] = await disciplineCaseViews(em, actor.principal, [id], this.taskViews);
    return view;
  }

  /** The total when the page asked for is past the end. */
  private async count(em: EntityManager, roots: string[], state?: string): Promise<number> {
    const [{ total }]: { total: string }[] = await em.query(
      `SELECT count(*) AS total FROM discipline_cases dc
        WHERE dc.reviewer_unit_id IN (SELECT descendant_id FROM org_unit_closure WHERE ancestor_id = ANY($1::uuid[]))
          AND ($2::text IS NULL OR (dc.decision IS NULL) = ($2::text = 'open'))`,
      [roots, state ?? null],
    );
    return Number(total);
  }
}
