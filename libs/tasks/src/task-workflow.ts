import { Injectable } from '@nestjs/common';
import { CommandContext, CommandRunner } from '@lt/commands';
import { AccessService, Actor } from '@lt/access';
import { AppConfig } from '@lt/config';
import { AppError } from '@lt/common';
import { FilesService } from '@lt/files';
import { SignedDecision, SignedDecisions } from '@lt/signing';
import { TaskSummary } from './task-events';
import { Latenesses } from '@lt/lateness';
import { EntityManager, In, Not } from 'typeorm';
import {
  ContributionDto,
  ExplanationDto,
  ExtensionDecisionDto,
  ExtensionRequestDto,
  FinalReportDto,
  ReasonDto,
  ReopenDto,
  ReportDto,
  UrgeDto,
  VersionedDto,
} from './task.dto';
import {
  TaskEntity,
  TaskExtensionEntity,
  TaskPartyEntity,
  TaskReportEntity,
  TaskUrgingEntity,
} from './task.entity';
import { TaskLateness } from './task-lateness';
import { rollUpProgress } from './task-progress';
import { nextState, overdueUnexplained, TASK_ACTIONS, TaskAction } from './task-state-machine';
import { holdsRole, rolesIn, TaskRole, TaskViews } from './task-views';
import { mayUrge, URGEABLE_STATES } from './task-urging';

interface Locked {
  task: TaskEntity;
  parties: TaskPartyEntity[];
  roles: Set<TaskRole>;
}

interface Outcome {
  note?: string | null;
  after?: Record<string, unknown>;
  /** Progress of this task changed: the parents' derived progress follows. */
  progressChanged?: boolean;
}

/**
 * Every action on an existing task. Each one runs the same steps in one transaction: lock
 * the row, check who may act (by their role in the task), verify the signed decision (every
 * transition is signed by whoever makes it), refuse everything while the task
 * is overdue and unexplained, check the stale version, ask the state machine
 * (task-state-machine.ts), apply, audit, announce to everyone involved.
 */
@Injectable()
export class TaskWorkflow {
  constructor(
    private readonly commands: CommandRunner,
    private readonly access: AccessService,
    private readonly files: FilesService,
    private readonly lateness: TaskLateness,
    private readonly latenesses: Latenesses,
    private readonly views: TaskViews,
    private readonly config: AppConfig,
    private readonly decisions: SignedDecisions,
  ) {}

  /**
   * Urging (đôn đốc): the assigner or a leader above presses the lead with a note, while the
   * task is open; everyone involved hears it live (`task.changed`, action `urge`), the task
   * counts it, and its history keeps the note. Once per URGE_MIN_INTERVAL_MINUTES per task
   * (429 with the seconds to wait). The version is not checked nor moved: urging changes
   * nothing the lead is editing.
   */
  async urge(actor: Actor, id: string, dto: UrgeDto, now = new Date()): Promise<TaskSummary> {
    return this.commands.change('task.urge', actor, async (context) => {
      const { em } = context;
      const task = await em.findOne(TaskEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!task) throw new AppError('task/not_found', { id });
      const parties = await em.find(TaskPartyEntity, { where: { taskId: id } });
      const roles = rolesIn(actor.principal, task, parties);
      if (!(await mayUrge(this.access, actor.principal, task, roles, em))) {
        const follows =
          roles.size > 0 ||
          (await this.access.grantsFor(actor.principal, 'task.follow', [task.leadUnitId], em)).size > 0;
        if (!follows) throw new AppError('task/not_found', { id });
        throw new AppError('task/not_allowed_for_role', { required: 'assigner', yourRoles: [...roles] });
      }
      if (!URGEABLE_STATES.includes(task.state))
        throw new AppError('task/transition_not_allowed', { state: task.state, action: 'urge' });
      const waitMs = this.config.URGE_MIN_INTERVAL_MINUTES * 60_000;
      if (task.lastUrgedAt && now.getTime() - task.lastUrgedAt.getTime() < waitMs)
        throw new AppError('task/urge_too_soon', {
          retryAfterSeconds: Math.ceil((task.lastUrgedAt.getTime() + waitMs - now.getTime()) / 1000),
        });
      const note = dto.note.trim();
      await em.insert(TaskUrgingEntity, {
        taskId: id,
        urgedBy: actor.principal.userId,
        note,
        createdAt: now,
      });
      // Raw SQL: not a change to what the lead edits, so the version stays (as a directive's reminder).
      await em.query('UPDATE tasks SET urged_count = urged_count + 1, last_urged_at = $2 WHERE id = $1', [
        id,
        now,
      ]);
      const urgerUnit = roles.has('assigner') ? task.assignerUnitId : task.leadUnitId;
      return this.finish(context, actor, task, 'urge', note, { note, count: task.urgedCount + 1 }, urgerUnit);
    });
  }

  accept(actor: Actor, id: string, signed: SignedDecision<VersionedDto>) {
    return this.transition(actor, id, 'accept', signed, () => ({}));
  }

  return(actor: Actor, id: string, signed: SignedDecision<ReasonDto>) {
    const dto = signed.content;
    return this.transition(actor, id, 'return', signed, ({ task }) => {
      task.returnReason = dto.reason;
      return { note: dto.reason, after: { reason: dto.reason }, progressChanged: true };
    });
  }

  start(actor: Actor, id: string, signed: SignedDecision<VersionedDto>) {
    return this.transition(actor, id, 'start', signed, () => ({}));
  }

  report(actor: Actor, id: string, signed: SignedDecision<ReportDto>) {
    const dto = signed.content;
    return this.transition(actor, id, 'report', signed, async ({ task }, em) => {
      await this.addReport(em, actor, task, 'progress', dto.text, dto.percent, dto.attachmentIds);
      // A task with sub-tasks takes its progress from them; the lead's figure stays in the report.
      const hasChildren = await em.exists(TaskEntity, {
        where: { parentId: task.id, state: Not(In(['cancelled', 'returned'])) },
      });
      if (!hasChildren) task.progress = dto.percent;
      return { note: dto.text, after: { percent: dto.percent }, progressChanged: !hasChildren };
    });
  }

  submit(actor: Actor, id: string, signed: SignedDecision<FinalReportDto>, now = new Date()) {
    const dto = signed.content;
    return this.transition(actor, id, 'submit', signed, async ({ task }, em) => {
      await this.addReport(em, actor, task, 'final', dto.text, 100, dto.attachmentIds);
      task.progress = 100;
      task.submittedAt = now;
      return { note: dto.text, after: { onTime: now <= task.originalDeadline }, progressChanged: true };
    });
  }

  complete(actor: Actor, id: string, signed: SignedDecision<VersionedDto>, now = new Date()) {
    return this.transition(actor, id, 'complete', signed, ({ task }) => {
      task.completedAt = now;
      task.progress = 100;
      return { progressChanged: true };
    });
  }

  reopen(actor: Actor, id: string, signed: SignedDecision<ReopenDto>, now = new Date()) {
    const dto = signed.content;
    return this.transition(actor, id, 'reopen', signed, async ({ task }, em) => {
      const deadline = dto.deadline ? new Date(dto.deadline) : task.deadline;
      if (deadline <= now) throw new AppError('task/deadline_in_past', { deadline: deadline.toISOString() });
      if (deadline.getTime() !== task.deadline.getTime()) await this.closePendingExtensions(em, task.id, now);
      task.deadline = deadline;
      task.submittedAt = null;
      task.completedAt = null;
      // Back to the last progress the lead reported before the final report.
      const [last]: { percent: number }[] = await em.query(
        `SELECT percent FROM task_reports WHERE task_id = $1 AND kind = 'progress' ORDER BY created_at DESC LIMIT 1`,
        [task.id],
      );
      task.progress = last?.percent ?? 0;
      return { note: dto.reason, after: { reason: dto.reason, deadline }, progressChanged: true };
    });
  }

  cancel(actor: Actor, id: string, signed: SignedDecision<ReasonDto>, now = new Date()) {
    const dto = signed.content;
    return this.transition(actor, id, 'cancel', signed, ({ task }) => {
      task.cancelledAt = now;
      return { note: dto.reason, after: { reason: dto.reason }, progressChanged: true };
    });
  }

  requestExtension(actor: Actor, id: string, signed: SignedDecision<ExtensionRequestDto>, now = new Date()) {
    const dto = signed.content;
    return this.transition(actor, id, 'request_extension', signed, async ({ task }, em) => {
      const requested = new Date(dto.deadline);
      if (requested <= task.deadline || requested <= now)
        throw new AppError('task/extension_not_later', { deadline: task.deadline.toISOString() });
      if (await em.exists(TaskExtensionEntity, { where: { taskId: task.id, state: 'pending' } }))
        throw new AppError('task/extension_pending');
      await em.insert(TaskExtensionEntity, {
        taskId: task.id,
        requestedBy: actor.principal.userId,
        currentDeadline: task.deadline,
        requestedDeadline: requested,
        reason: dto.reason,
        state: 'pending',
      });
      return { note: dto.reason, after: { requestedDeadline: requested, reason: dto.reason } };
    });
  }

  approveExtension(actor: Actor, id: string, signed: SignedDecision<ExtensionDecisionDto>, now = new Date()) {
    const dto = signed.content;
    return this.transition(actor, id, 'approve_extension', signed, async ({ task }, em) => {
      const pending = await this.pendingExtension(em, task.id);
      // Asked for against the deadline still in force, and still ahead: otherwise refuse it and
      // let the lead ask again.
      if (pending.currentDeadline.getTime() !== task.deadline.getTime() || pending.requestedDeadline <= now)
        throw new AppError('task/extension_outdated', {
          requestedDeadline: pending.requestedDeadline.toISOString(),
          deadline: task.deadline.toISOString(),
        });
      pending.state = 'approved';
      pending.decidedBy = actor.principal.userId;
      pending.decidedAt = now;
      pending.decisionNote = dto.note ?? null;
      await em.save(pending);
      // The original deadline stays as signed: ranking counts against it.
      task.deadline = pending.requestedDeadline;
      return {
        note: dto.note ?? null,
        after: { deadline: task.deadline, originalDeadline: task.originalDeadline },
      };
    });
  }

  refuseExtension(actor: Actor, id: string, signed: SignedDecision<ExtensionDecisionDto>, now = new Date()) {
    const dto = signed.content;
    return this.transition(actor, id, 'refuse_extension', signed, async ({ task }, em) => {
      const pending = await this.pendingExtension(em, task.id);
      pending.state = 'refused';
      pending.decidedBy = actor.principal.userId;
      pending.decidedAt = now;
      pending.decisionNote = dto.note ?? null;
      await em.save(pending);
      return { note: dto.note ?? null, after: { requestedDeadline: pending.requestedDeadline } };
    });
  }

  /**
   * The one thing an overdue task accepts: its lead's explanation and apology letter to the
   * assigner. The task then continues in the state it was in, its deadline still passed;
   * a new deadline comes from an extension.
   */
  async fileExplanation(
    actor: Actor,
    id: string,
    dto: ExplanationDto,
    now = new Date(),
  ): Promise<TaskSummary> {
    const result = await this.commands.change('task.explain', actor, async (context) => {
      const { em } = context;
      let { task } = await this.lockVisible(em, actor, id, 'lead');
      // The version the lead saw, before any marking below.
      this.checkVersion(task, dto.version);
      // Overdue but not yet marked by the worker: mark it now, in this transaction.
      if (!task.blockedSince && overdueUnexplained(task, now)) {
        await this.lateness.markOverdue(context, now, [task.id]);
        task = await em.findOneOrFail(TaskEntity, { where: { id } });
      }
      if (!task.blockedSince) throw new AppError('task/not_overdue');
      const lateness = await this.latenesses.file(
        em,
        { subjectType: 'task', subjectId: task.id, number: task.latenessCount },
        dto,
        actor.principal.userId,
        now,
      );
      task.blockedSince = null;
      await em.save(task);
      return this.finish(context, actor, task, 'explain', null, {
        latenessNumber: lateness.number,
        addressedTo: lateness.addressedTo,
      });
    });
    return result;
  }

  /** A coordinator's contribution to the lead; it does not move the task. */
  async contribute(actor: Actor, id: string, dto: ContributionDto): Promise<TaskSummary> {
    const result = await this.commands.change('task.contribute', actor, async (context) => {
      const { em } = context;
      const { task } = await this.lockVisible(em, actor, id, 'coordinate');
      if (['completed', 'cancelled', 'returned'].includes(task.state))
        throw new AppError('task/transition_not_allowed', { state: task.state, action: 'contribute' });
      await this.addReport(em, actor, task, 'contribution', dto.text, null, dto.attachmentIds);
      return this.finish(context, actor, task, 'contribute', dto.text, {});
    });
    return result;
  }

  /** An informed party's "đã biết"; idempotent (the first time is kept). */
  async acknowledge(actor: Actor, id: string, now = new Date()): Promise<TaskSummary> {
    const result = await this.commands.change('task.acknowledge', actor, async (context) => {
      const { em } = context;
      const { task, parties } = await this.lockVisible(em, actor, id, 'informed');
      const mine = parties.filter(
        (p) =>
          p.role === 'informed' &&
          p.acknowledgedAt === null &&
          holdsRole(actor.principal, p.unitId, p.userId),
      );
      if (mine.length === 0) return (await this.views.summaries(em, [task.id])).get(task.id)!;
      await em.update(
        TaskPartyEntity,
        mine.map((p) => p.id),
        { acknowledgedAt: now, acknowledgedBy: actor.principal.userId },
      );
      return this.finish(context, actor, task, 'acknowledge', null, {});
    });
    return result;
  }

  private async transition(
    actor: Actor,
    id: string,
    action: TaskAction,
    signed: SignedDecision<VersionedDto>,
    apply: (locked: Locked, em: EntityManager) => Outcome | Promise<Outcome>,
    now = new Date(),
  ): Promise<TaskSummary> {
    const rule = TASK_ACTIONS[action];
    const result = await this.commands.change(`task.${action}`, actor, async (context) => {
      const { em } = context;
      const locked = await this.lockVisible(em, actor, id, rule.by);
      const { task } = locked;
      // Signed by whoever acts, for this task and this action; a failing signature changes nothing.
      const { signatureId } = await this.decisions.verify(em, actor, signed, {
        subjectType: 'task',
        subjectId: id,
        action,
      });
      const version = signed.content.version;
      if (overdueUnexplained(task, now))
        throw new AppError('task/overdue_requires_explanation', { deadline: task.deadline.toISOString() });
      this.checkVersion(task, version);
      const to = nextState(task.state, action);
      if (to === null)
        throw new AppError('task/transition_not_allowed', {
          state: task.state,
          action,
          allowedFrom: rule.from,
        });
      const before = task.state;
      const outcome = await apply(locked, em);
      task.state = to;
      await em.save(task);
      if (outcome.progressChanged) await rollUpProgress(em, task.parentId);
      if (['submit', 'complete', 'cancel'].includes(action))
        await this.closePendingExtensions(em, task.id, now);
      return this.finish(
        context,
        actor,
        task,
        action,
        outcome.note ?? null,
        { from: before, to, ...outcome.after, signatureId },
        rule.by === 'assigner' ? task.assignerUnitId : task.leadUnitId,
      );
    });
    return result;
  }

  /** Locks the task; 404 to whoever may not see it, 403 to whoever sees it but lacks `role`. */
  private async lockVisible(em: EntityManager, actor: Actor, id: string, role: TaskRole): Promise<Locked> {
    const task = await em.findOne(TaskEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!task) throw new AppError('task/not_found', { id });
    const parties = await em.find(TaskPartyEntity, { where: { taskId: id } });
    const roles = rolesIn(actor.principal, task, parties);
    if (!roles.has(role)) {
      const follows =
        roles.size > 0 ||
        (
          await this.access.grantsFor(
            actor.principal,
            'task.follow',
            [task.leadUnitId, task.assignerUnitId],
            em,
          )
        ).size > 0;
      if (!follows) throw new AppError('task/not_found', { id });
      throw new AppError('task/not_allowed_for_role', { required: role, yourRoles: [...roles] });
    }
    return { task, parties, roles };
  }

  private checkVersion(task: TaskEntity, version: number): void {
    if (task.version !== version)
      throw new AppError('request/conflict_version', {
        id: task.id,
        expectedVersion: version,
        currentVersion: task.version,
      });
  }

  private async pendingExtension(em: EntityManager, taskId: string): Promise<TaskExtensionEntity> {
    const pending = await em.findOne(TaskExtensionEntity, { where: { taskId, state: 'pending' } });
    if (!pending) throw new AppError('task/no_pending_extension');
    return pending;
  }

  private async addReport(
    em: EntityManager,
    actor: Actor,
    task: TaskEntity,
    kind: TaskReportEntity['kind'],
    text: string,
    percent: number | null,
    attachmentIds: string[] = [],
  ): Promise<void> {
    const report = await em.save(
      TaskReportEntity,
      em.create(TaskReportEntity, { taskId: task.id, kind, authorId: actor.principal.userId, percent, text }),
    );
    await this.files.attach(em, actor, attachmentIds, 'task_report', report.id);
  }

  /** A pending extension request lapses when the task is submitted, ends, or gets a new deadline. */
  private async closePendingExtensions(em: EntityManager, taskId: string, now: Date): Promise<void> {
    await em.query(
      `UPDATE task_extensions SET state = 'withdrawn', decided_at = $2 WHERE task_id = $1 AND state = 'pending'`,
      [taskId, now],
    );
  }

  /** Audit entry and `task.changed` for everyone involved, in the transaction of the change. */
  private async finish(
    context: CommandContext,
    actor: Actor,
    task: TaskEntity,
    action: string,
    note: string | null,
    after: Record<string, unknown>,
    actingUnitId = task.leadUnitId,
  ): Promise<TaskSummary> {
    const { em } = context;
    await context.audit({
      actor,
      actingUnitId,
      action: `task.${action}`,
      subjectType: 'task',
      subjectId: task.id,
      after,
    });
    const summary = (await this.views.summaries(em, [task.id])).get(task.id)!;
    await context.emit({
      name: 'task.changed',
      payload: {
        task: summary,
        action,
        by: { id: actor.principal.userId, fullName: actor.principal.fullName },
        at: new Date().toISOString(),
        note,
      },
      audience: (await this.views.involvedPeople(em, [task.id])).get(task.id) ?? [],
    });
    return summary;
  }
}
