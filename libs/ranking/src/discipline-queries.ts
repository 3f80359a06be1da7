import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AccessService, Actor, isHeadRole, Principal, roleGrants } from '@lt/access';
import { AgendaPart, AppError, pageOf } from '@lt/common';
import { OrgTreeService } from '@lt/org';
import { SignatureBundle, SignedDecisions } from '@lt/signing';
import { DisciplineCaseEntity, disciplineCasesForReview } from '@lt/lateness';
import { holdsRole, TaskEntity } from '@lt/tasks';
import { DataSource, EntityManager } from 'typeorm';
import type { DisciplineCaseListQuery } from './discipline.dto';
import { DisciplineCaseView, DisciplineCaseViews } from './discipline-views';

export interface DisciplineCasePage {
  items: DisciplineCaseView[];
  total: number;
  page: number;
  pageSize: number;
}

/**
 * May the principal read this case? The leaders and deputies of the reviewer unit and of
 * every unit above it (task.follow reaches the subtree), and who was late — the lead of the
 * task (the person, or the lead unit's leaders), the leaders of a file's late step's unit —
 * who is told of the decision.
 */
export async function mayReadCase(
  em: EntityManager,
  access: AccessService,
  principal: Principal,
  kase: Pick<DisciplineCaseEntity, 'reviewerUnitId' | 'subjectType' | 'subjectId' | 'unitId' | 'userId'>,
): Promise<boolean> {
  if (await access.grantFor(principal, 'task.follow', kase.reviewerUnitId, em)) return true;
  if (kase.subjectType !== 'task') return holdsRole(principal, kase.unitId, kase.userId);
  const task = await em.findOne(TaskEntity, {
    where: { id: kase.subjectId },
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
    private readonly tree: OrgTreeService,
    private readonly caseViews: DisciplineCaseViews,
    private readonly decisions: SignedDecisions,
  ) {}

  async list(actor: Actor, query: DisciplineCaseListQuery): Promise<DisciplineCasePage> {
    const em = this.dataSource.manager;
    const { page, pageSize, offset } = pageOf(query);
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
    const { ids, total } = await disciplineCasesForReview(em, await this.tree.subtreeIds(roots, em), {
      state: query.state,
      limit: pageSize,
      offset,
    });
    return { items: await this.caseViews.views(em, actor.principal, ids), total, page, pageSize };
  }

  /**
   * The open cases the person decides, as head of their reviewer unit (their part of the home
   * page): the count and the first `limit`, newest first.
   */
  async toDecide(actor: Actor, limit: number): Promise<AgendaPart[]> {
    const em = this.dataSource.manager;
    const headed = actor.principal.positions.filter((p) => isHeadRole(p.role)).map((p) => p.unitId);
    const { ids, total } = await disciplineCasesForReview(em, headed, { state: 'open', limit, offset: 0 });
    if (total === 0) return [];
    const views = await this.caseViews.views(em, actor.principal, ids);
    return [
      {
        group: 'decide',
        count: total,
        items: views.map((v) => ({
          group: 'decide',
          kind: 'discipline_case',
          id: v.id,
          title: v.task?.title ?? `${v.citizenFile!.code} — ${v.citizenFile!.procedure.name}`,
          detail: v.unit.name,
          dueAt: null,
          overdue: false,
        })),
      },
    ];
  }

  async get(actor: Actor, id: string): Promise<DisciplineCaseView> {
    const em = this.dataSource.manager;
    const kase = await em.findOne(DisciplineCaseEntity, { where: { id } });
    if (!kase || !(await mayReadCase(em, this.access, actor.principal, kase)))
      throw new AppError('discipline/case_not_found', { id });
    const [view] = await this.caseViews.views(em, actor.principal, [id]);
    return view;
  }

  /** The head's signed decision on the case, as a bundle openssl verifies; 404 while undecided. */
  async signature(actor: Actor, id: string): Promise<SignatureBundle> {
    await this.get(actor, id);
    const [signed] = await this.decisions.bundlesOf(this.dataSource.manager, 'discipline_case', id);
    if (!signed) throw new AppError('discipline/case_not_decided', { id });
    return signed.bundle;
  }
}
