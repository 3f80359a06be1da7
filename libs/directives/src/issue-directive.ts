import { Injectable } from '@nestjs/common';
import { Actor, actingWith, isLeadingRole, positionsFor } from '@lt/access';
import { CommandContext, CommandRunner } from '@lt/commands';
import { AppError, vietnamYear } from '@lt/common';
import { FilesService } from '@lt/files';
import { OrgTreeService } from '@lt/org';
import { PeopleService, PositionHolder, Role } from '@lt/people';
import { DirectiveSummary } from './directive-events';
import { EntityManager } from 'typeorm';
import { DirectiveEntity, DirectiveTarget } from './directive.entity';
import { IssueDirectiveDto } from './directive.dto';
import { toSummary } from './directive-views';

export interface IssuedDirective extends DirectiveSummary {
  recipientCount: number;
  version: number;
}

const targetsOf = (dto: IssueDirectiveDto): DirectiveTarget[] =>
  dto.targets.map((t) => ({
    unitId: t.unitId,
    includeSubtree: t.includeSubtree ?? false,
    roles: t.roles ? [...new Set(t.roles)] : null,
  }));

/**
 * Issues a directive: numbers it, resolves and stores its recipients, attaches its files,
 * audits it and queues `directive.issued` for every recipient — one command, so a directive
 * exists with all of that or not at all. A retried request with the same Idempotency-Key
 * answers the first directive instead of issuing a second one.
 */
@Injectable()
export class IssueDirective {
  constructor(
    private readonly commands: CommandRunner,
    private readonly tree: OrgTreeService,
    private readonly people: PeopleService,
    private readonly files: FilesService,
  ) {}

  execute(actor: Actor, dto: IssueDirectiveDto, idempotencyKey?: string): Promise<IssuedDirective> {
    return this.commands.run({
      name: 'directive.issue',
      actor,
      idempotency: { key: idempotencyKey, request: dto, conflict: 'directive/idempotency_conflict' },
      uniqueViolations: {
        directives_number_key: 'directive/number_taken',
        directives_notation_key: 'directive/number_taken',
      },
      run: (context) => this.issueWithin(context, actor, dto, idempotencyKey ?? null),
    });
  }

  /**
   * Issues inside the caller's command (a unit channel's announcement is a directive and its
   * message, together).
   */
  async issueWithin(
    context: CommandContext,
    actor: Actor,
    dto: IssueDirectiveDto,
    idempotencyKey: string | null,
  ): Promise<IssuedDirective> {
    const { em } = context;
    const { principal } = actor;
    // "Only a leader of a unit issues from it": a position in that very unit, not above it —
    // their own, or one delegated to them with this power (then issued thừa ủy quyền).
    const position = positionsFor(principal, 'directive.issue').find(
      (p) =>
        p.unitId === dto.issuingUnitId &&
        isLeadingRole(p.role) &&
        (!p.delegation?.limitUnitId || p.delegation.limitUnitId === p.unitId),
    );
    if (!position)
      throw new AppError('access/forbidden', { permission: 'directive.issue', unitId: dto.issuingUnitId });
    // Issued thừa ủy quyền when the position is a delegated one: the record and audit name both.
    const by = actingWith(actor, position);
    const issuedAt = new Date();
    const ackRequired = dto.ackRequired ?? true;
    const ackDueAt = dto.ackDueAt ? new Date(dto.ackDueAt) : null;
    if (ackDueAt && !ackRequired) {
      throw new AppError('request/validation_failed', undefined, [
        { field: 'ackDueAt', message: 'ackDueAt needs ackRequired: true' },
      ]);
    }
    if (ackDueAt && ackDueAt <= issuedAt) throw new AppError('directive/ack_due_in_past');
    const targets = targetsOf(dto);
    const unit = await this.tree.requireUnit(dto.issuingUnitId, em);
    if (!unit.active) throw new AppError('org/unit_inactive', { unitId: unit.id });
    const targetUnitIds = [...new Set(targets.map((t) => t.unitId))];
    const inside = await this.tree.ancestryPairs([unit.id], targetUnitIds, em);
    const outside = targetUnitIds.find((id) => !inside.some((p) => p.unitId === id));
    if (outside) throw new AppError('directive/target_outside_reach', { unitId: outside });

    const year = vietnamYear(issuedAt);
    const number = await this.nextNumber(em, unit.id, year);
    const directive = await em.save(
      DirectiveEntity,
      em.create(DirectiveEntity, {
        issuingUnitId: unit.id,
        year,
        number,
        notation: `${number}/${dto.type}-${unit.code}`,
        type: dto.type,
        subject: dto.subject.trim(),
        body: dto.body,
        urgency: dto.urgency,
        signerId: principal.userId,
        signerOnBehalfOfId: by.onBehalfOf?.delegatorId ?? null,
        issuedAt,
        targets,
        ackRequired,
        ackDueAt,
        recipientCount: 0,
        idempotencyKey,
      }),
    );
    const recipients = await this.storeRecipients(em, directive.id, targets, principal.userId);
    if (recipients.length === 0) throw new AppError('directive/no_recipients');
    directive.recipientCount = recipients.length;
    // Raw SQL: filling in the count is part of issuing, not a change that bumps the version.
    await em.query('UPDATE directives SET recipient_count = $2 WHERE id = $1', [
      directive.id,
      recipients.length,
    ]);
    const attachments = await this.files.attach(em, by, dto.attachmentIds ?? [], 'directive', directive.id);
    const summary = toSummary(
      directive,
      {
        unitName: unit.name,
        signerName: principal.fullName,
        onBehalfOfName: by.onBehalfOf?.delegatorName,
      },
      attachments,
    );
    await context.audit({
      actor: by,
      actingUnitId: unit.id,
      action: 'directive.issue',
      subjectType: 'directive',
      subjectId: directive.id,
      after: {
        notation: directive.notation,
        subject: directive.subject,
        targets,
        recipients: recipients.length,
        ackDueAt,
      },
    });
    await context.emit({ name: 'directive.issued', payload: summary, audience: recipients });
    return { ...summary, recipientCount: recipients.length, version: directive.version };
  }

  /** Numbers are handed out under the counter row's lock, in order, without gaps. */
  private async nextNumber(em: EntityManager, unitId: string, year: number): Promise<number> {
    const [row]: { lastNumber: number }[] = await em.query(
      `INSERT INTO directive_counters (unit_id, year, last_number) VALUES ($1, $2, 1)
       ON CONFLICT (unit_id, year) DO UPDATE SET last_number = directive_counters.last_number + 1
       RETURNING last_number AS "lastNumber"`,
      [unitId, year],
    );
    return row.lastNumber;
  }

  /**
   * Resolves the targets to people and stores them as recipients: everyone holding a
   * position (of the given roles) in a targeted unit or, with `includeSubtree`, below it, in
   * active units, with an enabled account — except the issuer. A person reached twice is
   * stored once, through the nearest unit. One query for the units, one for the people in
   * them, one insert: the fan-out benchmark (bench/fanout.ts) issues to a whole city.
   */
  private async storeRecipients(
    em: EntityManager,
    directiveId: string,
    targets: DirectiveTarget[],
    issuerId: string,
  ) {
    const reach = await this.tree.activeReach(targets, em);
    const holders = await this.people.holdersIn([...new Set(reach.map((r) => r.unitId))], null, em);
    const inUnit = new Map<string, PositionHolder[]>();
    for (const h of holders) {
      const list = inUnit.get(h.unitId);
      if (list) list.push(h);
      else inUnit.set(h.unitId, [h]);
    }
    const nearest = new Map<string, { unitId: string; role: Role; depth: number }>();
    for (const { root, unitId, depth } of reach) {
      const { roles } = targets[root];
      for (const h of inUnit.get(unitId) ?? []) {
        if (h.userId === issuerId || (roles && !roles.includes(h.role))) continue;
        const known = nearest.get(h.userId);
        if (!known || depth < known.depth) nearest.set(h.userId, { unitId, role: h.role, depth });
      }
    }
    const userIds = [...nearest.keys()].sort();
    const rows: { userId: string }[] = await em.query(
      `INSERT INTO directive_recipients (directive_id, user_id, unit_id, role)
       SELECT $1, r.user_id, r.unit_id, r.role FROM unnest($2::uuid[], $3::uuid[], $4::varchar[]) AS r(user_id, unit_id, role)
       RETURNING user_id AS "userId"`,
      [
        directiveId,
        userIds,
        userIds.map((id) => nearest.get(id)!.unitId),
        userIds.map((id) => nearest.get(id)!.role),
      ],
    );
    return rows.map((r) => r.userId);
  }
}
