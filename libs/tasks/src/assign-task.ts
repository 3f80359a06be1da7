import { Injectable } from '@nestjs/common';
import { Actor, actingWith, LEADING_ROLES, isLeadingRole, roleGrants } from '@lt/access';
import { CommandContext, CommandRunner } from '@lt/commands';
import { AppError } from '@lt/common';
import { DirectiveTaskSources } from '@lt/directives';
import { OrgTreeService } from '@lt/org';
import { PeopleService } from '@lt/people';
import { TaskSummary } from './task-events';
import { SignatureVerifier, signedContentOf } from '@lt/signing';
import { EntityManager } from 'typeorm';
import { ASSIGNMENT_KIND, AssignmentContentDto, AssignTaskDto, PartyRefDto } from './task.dto';
import { TaskEntity, TaskPartyEntity, TaskSourceType } from './task.entity';
import { rolesIn } from './task-views';
import { rollUpProgress } from './task-progress';
import { overdueUnexplained } from './task-state-machine';

/** What an assignment's audience and event need of the units and people it names. */
interface Reached {
  /** The names of the units named. */
  unitNames: Map<string, string>;
  /** The names of the people named. */
  people: Map<string, string>;
  /** The leaders of each unit named whole (and, for a task from an annotation, of the annotating unit). */
  leaders: Map<string, string[]>;
}

export interface AssignedTask extends TaskSummary {
  signatureId: string;
}

/** The position a signer signed with: it decides how far their assignments may reach. */
export interface SigningPosition {
  unitId: string;
  role: Parameters<typeof roleGrants>[0];
  /** A delegator's position, used thừa ủy quyền: its reach narrowed to the delegation's unit. */
  delegation?: { limitUnitId: string | null };
}

/** What one assignment asks: the signed fields a task is made of. */
export type AssignmentSpec = Pick<
  AssignmentContentDto,
  'title' | 'description' | 'lead' | 'coordinators' | 'informed' | 'deadline' | 'priority'
>;

/** Checks that need no database: a deadline ahead, and no party named twice. */
export function validateAssignment(spec: AssignmentSpec, now: Date): void {
  if (new Date(spec.deadline) <= now)
    throw new AppError('task/deadline_in_past', { deadline: spec.deadline });
  const parties = [spec.lead, ...spec.coordinators, ...spec.informed];
  const keys = parties.map((p) => `${p.unitId}/${p.userId ?? ''}`);
  const repeated = keys.find((k, i) => keys.indexOf(k) !== i);
  if (repeated) throw new AppError('task/duplicate_party', { party: repeated });
}

/**
 * Creates a task from a signed assignment. The signature is checked (SignatureVerifier)
 * before anything else is read, in the transaction that stores the task, its parties, the
 * signature, the audit entry and the `task.changed` event — all or nothing. A retry with the
 * same Idempotency-Key returns the first task.
 */
@Injectable()
export class AssignTask {
  constructor(
    private readonly commands: CommandRunner,
    private readonly verifier: SignatureVerifier,
    private readonly tree: OrgTreeService,
    private readonly people: PeopleService,
    private readonly directives: DirectiveTaskSources,
  ) {}

  async execute(
    actor: Actor,
    dto: AssignTaskDto,
    idempotencyKey?: string,
    now = new Date(),
  ): Promise<AssignedTask> {
    const content = signedContentOf<AssignmentContentDto>(
      dto.content,
      { kind: ASSIGNMENT_KIND, signer: (c) => c.assigner },
      actor,
    );
    validateAssignment(content, now);

    return this.commands.run({
      name: 'task.assign',
      actor,
      // The same key means the same signed content (a client may sign it again to retry).
      idempotency: { key: idempotencyKey, request: content, conflict: 'task/idempotency_conflict' },
      run: async (context) => {
        const { em } = context;
        const verified = await this.verifier.verifyAndRecord(em, actor, 'task.assign', { ...dto, content });
        // Signed thừa ủy quyền: the delegator's position decides the reach, and both are recorded.
        const by = actingWith(actor, verified.position);
        const parent = await this.checkSource(em, by, content, verified.position);
        const summary = await this.create(context, by, verified.position, content, verified.signed, {
          source: content.source ?? null,
          parentId: parent?.id,
          idempotencyKey,
          now,
        });
        return { ...summary, signatureId: verified.signatureId };
      },
    });
  }

  /**
   * Creates one task from an assignment already verified as signed by `actor` with
   * `position` (its own signature, or an annotation's that names it), inside the caller's
   * command: the parties must lie within the position's reach; the task, its parties, its
   * audit entry and its `task.changed` event are written together.
   */
  async create(
    context: CommandContext,
    actor: Actor,
    position: SigningPosition,
    spec: AssignmentSpec,
    signed: { signatureId: string; issuedAt: string },
    meta: {
      source: { type: TaskSourceType; id: string } | null;
      parentId?: string | null;
      idempotencyKey?: string | null;
      now: Date;
    },
  ): Promise<TaskSummary> {
    const { em } = context;
    const parentId = meta.parentId ?? null;
    const issuedAt = new Date(signed.issuedAt);
    const parties = [spec.lead, ...spec.coordinators, ...spec.informed];
    // A task from an annotation is followed by the annotating unit's leaders (TaskViews.involvedPeople).
    const followers = meta.source?.type === 'annotation' ? [position.unitId] : [];
    const reached = await this.checkReach(em, position, parties, followers);
    const deadline = new Date(spec.deadline);

    // The task and its parties in one statement.
    const others = [
      ...spec.coordinators.map((p) => ({ ...p, role: 'coordinate' as const })),
      ...spec.informed.map((p) => ({ ...p, role: 'informed' as const })),
    ].map((p) => ({ role: p.role, unitId: p.unitId, userId: p.userId ?? null }));
    const [task]: { id: string; version: number }[] = await em.query(
      `WITH task AS (
         INSERT INTO tasks (parent_id, title, description, lead_unit_id, lead_user_id, assigner_id, assigner_unit_id,
                            state, priority, source_type, source_id, deadline, original_deadline, issued_at,
                            signature_id, idempotency_key, assigner_on_behalf_of_id, version)
         VALUES ($1, $2, $3, $4, $5, $6, $7, 'assigned', $8, $9, $10, $11, $11, $12, $13, $14, $16, 1)
         RETURNING id, version),
       parties AS (
         INSERT INTO task_parties (task_id, role, unit_id, user_id)
         SELECT task.id, p.role, p."unitId", p."userId"
           FROM task, jsonb_to_recordset($15::jsonb) AS p(role varchar, "unitId" uuid, "userId" uuid))
       SELECT id, version FROM task`,
      [
        parentId,
        spec.title.trim(),
        spec.description,
        spec.lead.unitId,
        spec.lead.userId ?? null,
        actor.principal.userId,
        position.unitId,
        spec.priority,
        meta.source?.type ?? null,
        meta.source?.id ?? null,
        deadline,
        issuedAt,
        signed.signatureId,
        meta.idempotencyKey ?? null,
        JSON.stringify(others),
        actor.onBehalfOf?.delegatorId ?? null,
      ],
    );

    // A new sub-task counts in its parent's progress from now on.
    if (parentId) await rollUpProgress(em, parentId);
    await context.audit({
      actor,
      actingUnitId: position.unitId,
      action: 'task.assign',
      subjectType: 'task',
      subjectId: task.id,
      after: {
        title: spec.title.trim(),
        lead: spec.lead,
        coordinators: spec.coordinators.length,
        informed: spec.informed.length,
        deadline: spec.deadline,
        signatureId: signed.signatureId,
      },
    });
    // Built from what this transaction wrote and read, rather than read back.

    const summary: TaskSummary = {
      id: task.id,
      title: spec.title.trim(),
      state: 'assigned',
      priority: spec.priority as TaskSummary['priority'],
      deadline: deadline.toISOString(),
      originalDeadline: deadline.toISOString(),
      issuedAt: issuedAt.toISOString(),
      progress: 0,
      blocked: false,
      latenessCount: 0,
      urgedCount: 0,
      lastUrgedAt: null,
      lead: {
        unit: { id: spec.lead.unitId, name: reached.unitNames.get(spec.lead.unitId)! },
        user: spec.lead.userId
          ? { id: spec.lead.userId, fullName: reached.people.get(spec.lead.userId) ?? '' }
          : null,
      },
      assigner: {
        id: actor.principal.userId,
        fullName: actor.principal.fullName,
        unitId: position.unitId,
        onBehalfOf: actor.onBehalfOf
          ? { id: actor.onBehalfOf.delegatorId, fullName: actor.onBehalfOf.delegatorName }
          : null,
      },
      source: meta.source ? { type: meta.source.type, id: meta.source.id } : null,
      parentId,
      version: task.version,
    };
    // Everyone involved: the assigner, named people, the leaders of units named whole, and
    // the followers' leaders.
    const audience = new Set([actor.principal.userId]);
    for (const p of parties) {
      if (p.userId) audience.add(p.userId);
      else for (const leader of reached.leaders.get(p.unitId) ?? []) audience.add(leader);
    }
    for (const unitId of followers)
      for (const leader of reached.leaders.get(unitId) ?? []) audience.add(leader);
    await context.emit({
      name: 'task.changed',
      payload: {
        task: summary,
        action: 'assign',
        by: { id: actor.principal.userId, fullName: actor.principal.fullName },
        at: meta.now.toISOString(),
        note: null,
      },
      audience: [...audience],
    });
    return summary;
  }

  /**
   * Every party must lie within the reach of the position the assigner signed with: its own
   * unit for an official, its unit's subtree for a leader. A named person must hold a
   * position in the unit given with them. Returns the units' names, the named people's names
   * and the leaders of the units named whole and of `followers`, for the event: one batched
   * question to the tree for the units, one for the reach (only beyond the position's own
   * unit), one to people for those named and one for the leaders.
   */
  private async checkReach(
    em: EntityManager,
    position: SigningPosition,
    parties: PartyRefDto[],
    followers: string[],
  ): Promise<Reached> {
    const reach = roleGrants(position.role, 'task.assign');
    if (!reach)
      throw new AppError('access/forbidden', { permission: 'task.assign', unitId: position.unitId });
    const root = position.delegation?.limitUnitId ?? position.unitId;
    const unitIds = [...new Set(parties.map((p) => p.unitId))];
    const units = new Map((await this.tree.units(unitIds, em)).map((u) => [u.id, u]));
    const below =
      reach === 'subtree'
        ? await this.tree.ancestryPairs(
            [root],
            unitIds.filter((id) => id !== root),
            em,
          )
        : [];
    const inside = new Set([root, ...below.map((p) => p.unitId)]);
    const outside = unitIds.find((id) => !units.has(id) || !inside.has(id));
    if (outside) throw new AppError('task/assignee_outside_reach', { unitId: outside });
    const inactive = [...units.values()].find((u) => !u.active);
    if (inactive) throw new AppError('org/unit_inactive', { unitId: inactive.id });
    const named = parties.filter((p): p is PartyRefDto & { userId: string } => !!p.userId);
    const found = await this.people.servingIn(named, em);
    const missing = named.find((p) => !found.some((f) => f.userId === p.userId && f.unitId === p.unitId));
    if (missing)
      throw new AppError('task/person_not_in_unit', { userId: missing.userId, unitId: missing.unitId });
    const leaders = new Map<string, string[]>();
    const whole = [...parties.filter((p) => !p.userId).map((p) => p.unitId), ...followers];
    for (const l of await this.people.positionHolders(whole, { roles: LEADING_ROLES }, em))
      leaders.set(l.unitId, [...(leaders.get(l.unitId) ?? []), l.userId]);
    return {
      unitNames: new Map([...units.values()].map((u) => [u.id, u.name])),
      people: new Map(found.map((f) => [f.userId, f.fullName])),
      leaders,
    };
  }

  /**
   * The source must exist and be the assigner's to act on: a directive they received or
   * follow, or a parent task they lead (a sub-task, delegated down the tree). Annotations and
   * briefing items create their tasks themselves (POST /annotations, POST
   * /briefings/:id/items/:itemId/task): named here as a source they are refused, so a task can
   * never claim an annotation or a briefing item that does not list it.
   */
  private async checkSource(
    em: EntityManager,
    actor: Actor,
    content: AssignmentContentDto,
    position: { unitId: string; role: string },
  ): Promise<TaskEntity | null> {
    const source = content.source;
    if (!source) return null;
    if (source.type === 'task') {
      const parent = await em.findOne(TaskEntity, {
        where: { id: source.id },
        lock: { mode: 'pessimistic_write' },
      });
      if (!parent) throw new AppError('task/source_not_found', { ...source });
      const parties = await em.find(TaskPartyEntity, { where: { taskId: parent.id } });
      // The lead of the parent, signing as that lead: the named person, or a leader of the lead
      // unit signing with that very position (not with a post held elsewhere).
      const leadsAsSigned =
        parent.leadUserId !== null
          ? parent.leadUserId === actor.principal.userId
          : parent.leadUnitId === position.unitId && isLeadingRole(position.role);
      if (!leadsAsSigned || !rolesIn(actor.principal, parent, parties).has('lead'))
        throw new AppError('task/not_parent_lead');
      if (!['accepted', 'in_progress'].includes(parent.state))
        throw new AppError('task/parent_not_active', { state: parent.state });
      if (overdueUnexplained(parent, new Date())) throw new AppError('task/overdue_requires_explanation');
      return parent;
    }
    if (source.type === 'directive') {
      // One they signed or received, or one issued at or under a unit where they may issue.
      const directive = await this.directives.asSource(em, source.id, actor.principal.userId);
      const followed =
        directive !== null &&
        (directive.signedOrReceived ||
          (
            await this.tree.ancestryPairs(
              actor.principal.positions
                .filter((p) => roleGrants(p.role, 'directive.issue'))
                .map((p) => p.unitId),
              [directive.issuingUnitId],
              em,
            )
          ).length > 0);
      if (!followed) throw new AppError('task/source_not_found', { ...source });
      return null;
    }
    throw new AppError('task/source_not_found', { ...source });
  }
}
