import { EscalationLadder, EscalationView } from '@lt/escalation';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AccessService, Actor, ledUnitIds, Principal, roleGrants } from '@lt/access';
import { AgendaGroupName, AgendaPart, AppError, pageOf } from '@lt/common';
import { FilesService } from '@lt/files';
import { OrgTreeService } from '@lt/org';
import { PeopleService } from '@lt/people';
import type { AttachmentMeta } from '@lt/files';
import type { PartyView, TaskSummary } from './task-events';
import { actionLabel, EvidenceSource } from '@lt/evidence';
import { SignatureBundle, SignatureBundles, SignedDecisions } from '@lt/signing';
import { latenessesOf } from '@lt/lateness';
import { DataSource } from 'typeorm';
import { TaskListQuery } from './task.dto';
import { TaskEntity, TaskExtensionEntity, TaskPartyEntity, TaskUrgingEntity } from './task.entity';
import { mayUrge, URGEABLE_STATES } from './task-urging';
import { allowedActions, overdueUnexplained, overdueUnexplainedSql, TaskAction } from './task-state-machine';
import { holdsRole, rolesIn, SUMMARY_COLUMNS, SummaryRow, TaskRole, TaskViews } from './task-views';

export interface TaskPage {
  items: TaskSummary[];
  total: number;
  page: number;
  pageSize: number;
}

export interface TaskPartyDetail extends PartyView {
  acknowledgedAt: string | null;
}

export interface TaskReportView {
  id: string;
  kind: 'progress' | 'final' | 'contribution';
  author: { id: string; fullName: string };
  percent: number | null;
  text: string;
  createdAt: string;
  attachments: AttachmentMeta[];
}

export interface TaskDetail extends TaskSummary {
  description: string;
  coordinators: TaskPartyDetail[];
  informed: TaskPartyDetail[];
  myRoles: TaskRole[];
  /** What I may do now; `file_explanation` when it is overdue and I lead it. */
  allowedActions: (TaskAction | 'file_explanation' | 'contribute' | 'acknowledge' | 'urge')[];
  /** Root first, the direct parent last. */
  chain: { id: string; title: string; state: TaskSummary['state'] }[];
  children: TaskSummary[];
  reports: TaskReportView[];
  extensions: {
    id: string;
    state: 'pending' | 'approved' | 'refused' | 'withdrawn';
    currentDeadline: string;
    requestedDeadline: string;
    reason: string;
    decidedAt: string | null;
    decisionNote: string | null;
  }[];
  latenesses: {
    number: number;
    missedDeadline: string;
    overdueAt: string;
    explanation: string | null;
    apology: string | null;
    filedAt: string | null;
  }[];
  /** Each urging (đôn đốc), oldest first. */
  urgings: { by: { id: string; fullName: string }; note: string; at: string }[];
  /** How its lateness climbed the tree, step by step (báo cáo vượt cấp). */
  escalations: EscalationView[];
  returnReason: string | null;
  submittedAt: string | null;
  completedAt: string | null;
  cancelledAt: string | null;
  signatureId: string;
}

/** The states in Vietnamese, for an evidence package's summary. */
const TASK_STATE_LABELS: Record<TaskSummary['state'], string> = {
  assigned: 'Đã giao',
  accepted: 'Đã tiếp nhận',
  returned: 'Trả lại',
  in_progress: 'Đang thực hiện',
  submitted: 'Đã báo cáo kết quả',
  completed: 'Hoàn thành',
  cancelled: 'Đã hủy',
};

export interface TaskSignatures {
  assignment: SignatureBundle;
  decisions: {
    action: string;
    signatureId: string;
    signer: { id: string; fullName: string };
    signedAt: string;
    bundle: SignatureBundle;
  }[];
}

/** Reading tasks: the lists people live in, one task with its whole trail, its signature. */
@Injectable()
export class TaskQueries {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: AccessService,
    private readonly files: FilesService,
    private readonly bundles: SignatureBundles,
    private readonly decisions: SignedDecisions,
    private readonly people: PeopleService,
    private readonly tree: OrgTreeService,
    private readonly views: TaskViews,
    private readonly ladder: EscalationLadder,
  ) {}

  async list(actor: Actor, query: TaskListQuery): Promise<TaskPage> {
    const { principal } = actor;
    const { page, pageSize, offset } = pageOf(query);
    const led = ledUnitIds(principal);
    const params: unknown[] = [];
    /** Adds a parameter and returns its placeholder. */
    const param = (value: unknown, cast = '') => {
      params.push(value);
      return `$${params.length}${cast}`;
    };
    const where: string[] = [];
    const scope = query.scope ?? 'mine';
    if (scope === 'mine') {
      const me = param(principal.userId, '::uuid');
      const myUnits = param(led, '::uuid[]');
      // A role given to a person is theirs; one given to a unit is its leaders'.
      const holds = (alias: string) =>
        `(${alias}.user_id = ${me} OR (${alias}.user_id IS NULL AND ${alias}.unit_id = ANY(${myUnits})))`;
      const asParty = (role: string) =>
        `EXISTS (SELECT 1 FROM task_parties p WHERE p.task_id = t.id AND p.role = '${role}' AND ${holds('p')})`;
      const byRole = {
        lead: `(t.lead_user_id = ${me} OR (t.lead_user_id IS NULL AND t.lead_unit_id = ANY(${myUnits})))`,
        coordinate: asParty('coordinate'),
        informed: asParty('informed'),
      };
      where.push(query.role ? byRole[query.role] : `(${Object.values(byRole).join(' OR ')})`);
    } else if (scope === 'assigned') {
      where.push(`t.assigner_id = ${param(principal.userId, '::uuid')}`);
    } else {
      // A unit's tasks are for those who follow it (its leaders and those above), the same
      // people who may open them; everyone else sees the tasks they hold a role in.
      let units = principal.positions.filter((p) => roleGrants(p.role, 'task.follow')).map((p) => p.unitId);
      if (query.unitId) {
        const grant = await this.access.grantFor(principal, 'task.follow', query.unitId);
        if (!grant)
          throw new AppError('access/forbidden', { permission: 'task.follow', unitId: query.unitId });
        units = [query.unitId];
      }
      where.push(`t.lead_unit_id = ANY(${param(units, '::uuid[]')})`);
    }
    const states = query.state === undefined ? [] : ([] as string[]).concat(query.state);
    if (states.length > 0) where.push(`t.state = ANY(${param(states, '::varchar[]')})`);
    if (query.overdue !== undefined) {
      const overdue = overdueUnexplainedSql('t', param(new Date(), '::timestamptz'));
      where.push(query.overdue ? overdue : `NOT ${overdue}`);
    }
    if (query.deadlineFrom) where.push(`t.deadline >= ${param(query.deadlineFrom, '::timestamptz')}`);
    if (query.deadlineTo) where.push(`t.deadline < ${param(query.deadlineTo, '::timestamptz')}`);
    if (query.sourceType) where.push(`t.source_type = ${param(query.sourceType)}`);
    if (query.delegated !== undefined)
      where.push(`t.assigner_on_behalf_of_id IS ${query.delegated ? 'NOT NULL' : 'NULL'}`);
    const limit = param(pageSize);
    const skip = param(offset);
    const rows: (SummaryRow & { total: string })[] = await this.dataSource.query(
      `SELECT ${SUMMARY_COLUMNS}, count(*) OVER () AS total
         FROM tasks t
        WHERE ${where.join(' AND ')}
        ORDER BY (t.state IN ('completed', 'cancelled', 'returned')), t.deadline, t.id
        LIMIT ${limit} OFFSET ${skip}`,
      params,
    );
    return {
      items: await this.views.named(this.dataSource.manager, rows),
      total: rows.length > 0 ? Number(rows[0].total) : 0,
      page,
      pageSize,
    };
  }

  /**
   * The tasks waiting for the person's action (their part of the home page): to explain (the
   * lead, overdue and blocked), to accept, to report on (the lead, by person or as a unit's
   * leader), and to decide (the assigner: a submitted task to approve, an extension asked).
   * One statement; per group the count and the first `limit`, overdue first.
   */
  async agenda(principal: Principal, limit: number, now = new Date()): Promise<AgendaPart[]> {
    const rows: {
      id: string;
      title: string;
      grp: AgendaGroupName;
      deadline: Date;
      overdue: boolean;
      leadUnitId: string;
      total: string;
    }[] = await this.dataSource.query(
      `WITH mine AS (
         SELECT t.id, t.title, t.deadline, t.lead_unit_id,
                CASE
                  WHEN (t.lead_user_id = $1 OR (t.lead_user_id IS NULL AND t.lead_unit_id = ANY($2::uuid[])))
                       AND ${overdueUnexplainedSql('t', '$3::timestamptz')} THEN 'explain'
                  WHEN (t.lead_user_id = $1 OR (t.lead_user_id IS NULL AND t.lead_unit_id = ANY($2::uuid[])))
                       AND t.state = 'assigned' THEN 'accept'
                  WHEN (t.lead_user_id = $1 OR (t.lead_user_id IS NULL AND t.lead_unit_id = ANY($2::uuid[])))
                       AND t.state IN ('accepted', 'in_progress') THEN 'report'
                END AS grp
           FROM tasks t
          WHERE (t.lead_user_id = $1 OR (t.lead_user_id IS NULL AND t.lead_unit_id = ANY($2::uuid[])))
            AND t.state IN ('assigned', 'accepted', 'in_progress')
         UNION ALL
         SELECT t.id, t.title, COALESCE(e.requested_deadline, t.deadline), t.lead_unit_id, 'decide'
           FROM tasks t LEFT JOIN task_extensions e ON e.task_id = t.id AND e.state = 'pending'
          WHERE t.assigner_id = $1 AND (t.state = 'submitted' OR e.id IS NOT NULL)),
       ranked AS (
         SELECT m.*, (m.deadline <= $3 OR m.grp = 'explain') AND m.grp <> 'decide' AS overdue,
                count(*) OVER (PARTITION BY m.grp) AS total,
                row_number() OVER (PARTITION BY m.grp ORDER BY (m.deadline <= $3 OR m.grp = 'explain') DESC, m.deadline, m.id) AS n
           FROM mine m WHERE m.grp IS NOT NULL)
       SELECT id, title, grp, deadline, overdue, lead_unit_id AS "leadUnitId", total
         FROM ranked WHERE n <= $4 ORDER BY grp, n`,
      [principal.userId, ledUnitIds(principal), now, limit],
    );
    const units = await this.tree.namesOf(
      rows.map((r) => r.leadUnitId),
      this.dataSource.manager,
    );
    const parts = new Map<AgendaGroupName, AgendaPart>();
    for (const r of rows) {
      const part = parts.get(r.grp) ?? { group: r.grp, count: Number(r.total), items: [] };
      parts.set(r.grp, part);
      part.items.push({
        group: r.grp,
        kind: 'task',
        id: r.id,
        title: r.title,
        detail: units.get(r.leadUnitId) ?? null,
        dueAt: r.deadline.toISOString(),
        overdue: r.overdue,
      });
    }
    return [...parts.values()];
  }

  async get(actor: Actor, id: string): Promise<TaskDetail> {
    const { task, parties, roles } = await this.requireVisible(actor, id);
    const em = this.dataSource.manager;
    const summary = (await this.views.summaries(em, [id])).get(id)!;
    const names = await this.partyNames(parties);
    const ancestors: (TaskDetail['chain'][number] & {
      leadUnitId: string;
      leadUserId: string | null;
      assignerId: string;
      assignerUnitId: string;
    })[] = await em.query(
      `WITH RECURSIVE up AS (
         SELECT parent_id, 0 AS depth FROM tasks WHERE id = $1
         UNION ALL SELECT t.parent_id, up.depth + 1 FROM tasks t JOIN up ON t.id = up.parent_id)
       SELECT t.id, t.title, t.state, t.lead_unit_id AS "leadUnitId", t.lead_user_id AS "leadUserId",
              t.assigner_id AS "assignerId", t.assigner_unit_id AS "assignerUnitId"
         FROM up JOIN tasks t ON t.id = up.parent_id ORDER BY up.depth DESC`,
      [id],
    );
    // Only the ancestors the viewer may open themselves.
    const chain: TaskDetail['chain'] = [];
    for (const a of ancestors)
      if (await this.canSee(actor, a)) chain.push({ id: a.id, title: a.title, state: a.state });
    // Likewise the sub-tasks: a coordinator of this task sees none it could not open.
    const childRows: {
      id: string;
      leadUnitId: string;
      leadUserId: string | null;
      assignerId: string;
      assignerUnitId: string;
    }[] = await em.query(
      `SELECT id, lead_unit_id AS "leadUnitId", lead_user_id AS "leadUserId", assigner_id AS "assignerId",
              assigner_unit_id AS "assignerUnitId"
         FROM tasks WHERE parent_id = $1 ORDER BY created_at`,
      [id],
    );
    const visibleChildren: string[] = [];
    for (const c of childRows) if (await this.canSee(actor, c)) visibleChildren.push(c.id);
    const summaries = await this.views.summaries(em, visibleChildren);
    const children = visibleChildren.map((c) => summaries.get(c)!);
    const reports: (Omit<TaskReportView, 'author' | 'attachments' | 'createdAt'> & {
      authorId: string;
      createdAt: Date;
    })[] = await em.query(
      `SELECT r.id, r.kind, r.author_id AS "authorId", r.percent, r.text, r.created_at AS "createdAt"
         FROM task_reports r WHERE r.task_id = $1 ORDER BY r.created_at`,
      [id],
    );
    const authors = await this.people.namesOf(
      reports.map((r) => r.authorId),
      em,
    );
    const attachments = await this.files.metaOf(
      'task_report',
      reports.map((r) => r.id),
    );
    const extensions = await em.find(TaskExtensionEntity, {
      where: { taskId: id },
      order: { createdAt: 'ASC' },
    });
    const latenesses = await latenessesOf(em, 'task', [id]);
    const urgings = await em.find(TaskUrgingEntity, { where: { taskId: id }, order: { createdAt: 'ASC' } });
    const urgers = await this.people.namesOf(
      urgings.map((u) => u.urgedBy),
      em,
    );
    const escalations = (await this.ladder.of(em, 'task', [id])).get(id) ?? [];
    const now = new Date();
    const blocked = overdueUnexplained(task, now);
    // One extension request at a time: while one waits, it can be decided but not asked again.
    const pending = extensions.some((e) => e.state === 'pending');
    const actions: TaskDetail['allowedActions'] = allowedActions(
      task.state,
      [...roles].filter((r): r is 'lead' | 'assigner' => r === 'lead' || r === 'assigner'),
      blocked,
    ).filter((a) =>
      pending ? a !== 'request_extension' : a !== 'approve_extension' && a !== 'refuse_extension',
    );
    if (blocked && roles.has('lead')) actions.push('file_explanation');
    if (roles.has('coordinate') && ['assigned', 'accepted', 'in_progress', 'submitted'].includes(task.state))
      actions.push('contribute');
    if (
      parties.some(
        (p) =>
          p.role === 'informed' &&
          p.acknowledgedAt === null &&
          holdsRole(actor.principal, p.unitId, p.userId),
      )
    )
      actions.push('acknowledge');
    if (
      URGEABLE_STATES.includes(task.state) &&
      (await mayUrge(this.access, actor.principal, task, roles, em))
    )
      actions.push('urge');
    const partyDetail = (role: 'coordinate' | 'informed') =>
      parties
        .filter((p) => p.role === role)
        .map((p) => ({
          unit: { id: p.unitId, name: names.units.get(p.unitId) ?? '' },
          user: p.userId ? { id: p.userId, fullName: names.users.get(p.userId) ?? '' } : null,
          acknowledgedAt: p.acknowledgedAt?.toISOString() ?? null,
        }));
    return {
      ...summary,
      description: task.description,
      coordinators: partyDetail('coordinate'),
      informed: partyDetail('informed'),
      myRoles: [...roles],
      allowedActions: actions,
      chain,
      children,
      reports: reports.map((r) => ({
        id: r.id,
        kind: r.kind,
        author: { id: r.authorId, fullName: authors.get(r.authorId) ?? '' },
        percent: r.percent,
        text: r.text,
        createdAt: r.createdAt.toISOString(),
        attachments: attachments.get(r.id) ?? [],
      })),
      extensions: extensions.map((e) => ({
        id: e.id,
        state: e.state,
        currentDeadline: e.currentDeadline.toISOString(),
        requestedDeadline: e.requestedDeadline.toISOString(),
        reason: e.reason,
        decidedAt: e.decidedAt?.toISOString() ?? null,
        decisionNote: e.decisionNote,
      })),
      latenesses: latenesses.map((l) => ({
        number: l.number,
        missedDeadline: l.missedDeadline.toISOString(),
        overdueAt: l.overdueAt.toISOString(),
        explanation: l.explanation,
        apology: l.apology,
        filedAt: l.filedAt?.toISOString() ?? null,
      })),
      urgings: urgings.map((u) => ({
        by: { id: u.urgedBy, fullName: urgers.get(u.urgedBy) ?? '' },
        note: u.note,
        at: u.createdAt.toISOString(),
      })),
      escalations,
      returnReason: task.returnReason,
      submittedAt: task.submittedAt?.toISOString() ?? null,
      completedAt: task.completedAt?.toISOString() ?? null,
      cancelledAt: task.cancelledAt?.toISOString() ?? null,
      signatureId: task.signatureId,
    };
  }

  /** A file attached to one of the task's reports, for whoever may read the task. */
  async reportAttachment(actor: Actor, id: string, reportId: string, fileId: string) {
    await this.requireVisible(actor, id);
    const [report]: { id: string }[] = await this.dataSource.query(
      'SELECT id FROM task_reports WHERE id = $1 AND task_id = $2',
      [reportId, id],
    );
    if (!report) throw new AppError('file/not_found', { fileId });
    return this.files.content('task_report', reportId, fileId);
  }

  /** The assignment's signature with everything openssl needs to check it (docs/signing.md). */
  async signature(actor: Actor, id: string): Promise<SignatureBundle> {
    const { task } = await this.requireVisible(actor, id);
    return this.bundles.one(this.dataSource.manager, task.signatureId);
  }

  /**
   * What the task's evidence package holds (libs/evidence), for whoever may read it: the task
   * as they see it, the assignment's and every decision's signature, and the audit entries
   * about it.
   */
  async evidence(actor: Actor, id: string): Promise<EvidenceSource> {
    const task = await this.get(actor, id);
    const decisions = await this.decisions.of(this.dataSource.manager, 'task', [id]);
    const party = (p: { unit: { name: string }; user: { fullName: string } | null }) =>
      p.user ? `${p.user.fullName} (${p.unit.name})` : p.unit.name;
    const at = (iso: string | null) =>
      iso ? new Date(iso).toLocaleString('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh' }) : '—';
    return {
      subject: { type: 'task', id },
      kind: { vi: 'Nhiệm vụ', en: 'Task' },
      title: task.title,
      facts: [
        ['Tên nhiệm vụ', task.title],
        ['Nội dung', task.description],
        ['Người giao', task.assigner.fullName],
        ['Chủ trì', party(task.lead)],
        ['Phối hợp', task.coordinators.map(party).join('; ') || '—'],
        ['Ngày giao', at(task.issuedAt)],
        ['Hạn ban đầu', at(task.originalDeadline)],
        ['Hạn hiện hành', at(task.deadline)],
        ['Trạng thái', TASK_STATE_LABELS[task.state]],
        ['Tiến độ', `${task.progress}%`],
        ['Số lần trễ hạn', String(task.latenessCount)],
        ['Số lần đôn đốc', String(task.urgedCount)],
      ],
      item: task,
      signatures: [
        { signatureId: task.signatureId, label: 'Giao nhiệm vụ' },
        ...decisions.map((d) => ({ signatureId: d.signatureId, label: actionLabel(`task.${d.action}`) })),
      ],
      audited: [{ type: 'task', id }],
    };
  }

  /** Every signature on the task: the assignment's, then each signed decision's, oldest first. */
  async signatures(actor: Actor, id: string): Promise<TaskSignatures> {
    const { task } = await this.requireVisible(actor, id);
    const em = this.dataSource.manager;
    const decisions = await this.decisions.bundlesOf(em, 'task', id);
    const names = await this.people.namesOf(
      decisions.map((d) => d.decision.signerId),
      em,
    );
    return {
      assignment: await this.bundles.one(em, task.signatureId),
      decisions: decisions.map(({ decision, bundle }) => ({
        action: decision.action,
        signatureId: decision.signatureId,
        signer: { id: decision.signerId, fullName: names.get(decision.signerId) ?? '' },
        signedAt: bundle.signedAt,
        bundle,
      })),
    };
  }

  /**
   * Whoever holds a role in the task, and leaders following the lead unit or the assigner's
   * unit from above, may read it; to anyone else it does not exist (404, not 403).
   */
  async requireVisible(actor: Actor, id: string) {
    const task = await this.dataSource.manager.findOne(TaskEntity, { where: { id } });
    if (!task) throw new AppError('task/not_found', { id });
    const parties = await this.dataSource.manager.find(TaskPartyEntity, { where: { taskId: id } });
    const roles = rolesIn(actor.principal, task, parties);
    if (roles.size === 0) {
      const grants = await this.access.grantsFor(actor.principal, 'task.follow', [
        task.leadUnitId,
        task.assignerUnitId,
      ]);
      if (grants.size === 0) throw new AppError('task/not_found', { id });
    }
    return { task, parties, roles };
  }

  private async canSee(
    actor: Actor,
    task: {
      id: string;
      leadUnitId: string;
      leadUserId: string | null;
      assignerId: string;
      assignerUnitId: string;
    },
  ): Promise<boolean> {
    const parties = await this.dataSource.manager.find(TaskPartyEntity, { where: { taskId: task.id } });
    if (rolesIn(actor.principal, task, parties).size > 0) return true;
    const grants = await this.access.grantsFor(actor.principal, 'task.follow', [
      task.leadUnitId,
      task.assignerUnitId,
    ]);
    return grants.size > 0;
  }

  private async partyNames(parties: TaskPartyEntity[]) {
    const units = await this.tree.units(parties.map((p) => p.unitId));
    const users = await this.people.namesOf(parties.flatMap((p) => (p.userId ? [p.userId] : [])));
    return { units: new Map(units.map((u) => [u.id, u.name])), users };
  }
}
