import { Injectable } from '@nestjs/common';
import { Actor, isLeadingRole } from '@lt/access';
import { CommandContext, CommandRunner } from '@lt/commands';
import { AppError, vietnamYear } from '@lt/common';
import { FilesService } from '@lt/files';
import { OrgTreeService } from '@lt/org';
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
    // "Only a leader of a unit issues from it": a position in that very unit, not above it.
    const position = principal.positions.find((p) => p.unitId === dto.issuingUnitId && isLeadingRole(p.role));
    if (!position)
      throw new AppError('access/forbidden', { permission: 'directive.issue', unitId: dto.issuingUnitId });
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
    const attachments = await this.files.attach(
      em,
      actor,
      dto.attachmentIds ?? [],
      'directive',
      directive.id,
    );
    const summary = toSummary(
      directive,
      { unitName: unit.name, signerName: principal.fullName },
      attachments,
    );
    await context.audit({
      actor,
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
   * Resolves the targets to people, in SQL, and stores them as recipients: everyone holding
   * a position (of the given roles) in a targeted unit or, with `includeSubtree`, below it,
   * in active units, with an enabled account — except the issuer. A person reached twice
   * is stored once, through the nearest unit.
   */
  private async storeRecipients(
    em: EntityManager,
    directiveId: string,
    targets: DirectiveTarget[],
    issuerId: string,
  ) {
    const rows: { userId: string }[] = await em.query(
      `INSERT INTO directive_recipients (directive_id, user_id, unit_id, role)
       SELECT DISTINCT ON (p.user_id) $1::uuid, p.user_id, p.unit_id, p.role
         FROM jsonb_to_recordset($2::jsonb) AS t("unitId" uuid, "includeSubtree" boolean, roles jsonb)
         JOIN org_unit_closure c ON c.ancestor_id = t."unitId" AND (t."includeSubtree" OR c.depth = 0)
         JOIN org_units u ON u.id = c.descendant_id AND u.active
         JOIN positions p ON p.unit_id = c.descendant_id
              AND (t.roles IS NULL OR jsonb_typeof(t.roles) = 'null' OR t.roles ? p.role)
         JOIN users us ON us.id = p.user_id AND us.disabled_at IS NULL
        WHERE p.user_id <> $3
        ORDER BY p.user_id, c.depth
       RETURNING user_id AS "userId"`,
      [directiveId, JSON.stringify(targets), issuerId],
    );
    return rows.map((r) => r.userId);
  }
}
