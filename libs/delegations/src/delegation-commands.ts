import { Injectable } from '@nestjs/common';
import {
  AccessService,
  Actor,
  DELEGABLE_POWERS,
  DelegablePower,
  delegablePowersOf,
  deputisesUnit,
  isHeadRole,
} from '@lt/access';
import { CommandContext, CommandRunner } from '@lt/commands';
import { AppError } from '@lt/common';
import { lockForChange, requireVersion } from '@lt/database';
import { OrgTreeService } from '@lt/org';
import { PeopleService } from '@lt/people';
import { DelegationEntity } from './delegation.entity';
import { DELEGATION_LIMITS, GiveDelegationDto, RevokeDelegationDto } from './delegation.dto';
import { DelegationViews } from './delegation-views';
import type { DelegationViewDto } from './delegation.dto';

const DAY_MS = 86_400_000;

/**
 * Giving and revoking delegations of authority (ủy quyền), each one command with its audit
 * entry and the live notice to both people. A leader gives only what their own position
 * holds, to someone inside its reach; a delegate cannot hand it on.
 */
@Injectable()
export class DelegationCommands {
  constructor(
    private readonly commands: CommandRunner,
    private readonly access: AccessService,
    private readonly tree: OrgTreeService,
    private readonly people: PeopleService,
    private readonly views: DelegationViews,
  ) {}

  async give(actor: Actor, dto: GiveDelegationDto, idempotencyKey?: string): Promise<DelegationViewDto> {
    const id = await this.commands.run({
      name: 'delegation.give',
      actor,
      idempotency: { key: idempotencyKey, request: dto, conflict: 'delegation/idempotency_conflict' },
      run: (context) => this.giveWithin(context, actor, dto),
    });
    return this.views.one(actor, id);
  }

  private async giveWithin(context: CommandContext, actor: Actor, dto: GiveDelegationDto): Promise<string> {
    const { em } = context;
    const { principal } = actor;
    if ((principal.delegations ?? []).some((d) => d.positionId === dto.positionId))
      throw new AppError('delegation/not_redelegable', { positionId: dto.positionId });
    const position = principal.positions.find((p) => p.positionId === dto.positionId);
    if (!position) throw new AppError('delegation/position_not_yours', { positionId: dto.positionId });
    if (dto.delegateId === principal.userId) throw new AppError('delegation/self');
    const holdable = delegablePowersOf(position.role);
    const powers: DelegablePower[] = dto.form === 'Q' ? [...DELEGABLE_POWERS] : (dto.powers ?? []);
    if (dto.form === 'TUQ' && powers.length === 0) throw new AppError('delegation/powers_required');
    const missing = powers.find((p) => !holdable.includes(p));
    if (missing) throw new AppError('delegation/power_not_held', { power: missing, role: position.role });

    const now = new Date();
    const startsAt = dto.startsAt ? new Date(dto.startsAt) : now;
    const endsAt = new Date(dto.endsAt);
    if (
      endsAt <= startsAt ||
      endsAt <= now ||
      endsAt.getTime() - Math.max(startsAt.getTime(), now.getTime()) > DELEGATION_LIMITS.maxDays * DAY_MS
    )
      throw new AppError('delegation/period_invalid', {
        startsAt,
        endsAt,
        maxDays: DELEGATION_LIMITS.maxDays,
      });

    // The delegate holds a post in the position's subtree: a chairman delegates inside their
    // city, never to someone of another one.
    const [delegate] = await this.people.enabledWithPositions([dto.delegateId], em);
    const theirUnits = delegate ? [...new Set(delegate.positions.map((p) => p.unitId))] : [];
    const inside =
      theirUnits.length > 0 ? await this.tree.ancestryPairs([position.unitId], theirUnits, em) : [];
    if (!delegate || inside.length === 0)
      throw new AppError('delegation/delegate_outside_reach', { delegateId: dto.delegateId });
    if (dto.form === 'Q' && !(isHeadRole(position.role) && deputisesUnit(delegate, position.unitId)))
      throw new AppError('delegation/acting_needs_deputy');
    if (dto.limitUnitId) {
      const [within] = await this.tree.ancestryPairs([position.unitId], [dto.limitUnitId], em);
      if (!within) throw new AppError('delegation/unit_outside_reach', { unitId: dto.limitUnitId });
    }
    // One acting head at a time: two gifts of Q. for one post, racing, meet at this lock.
    await em.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [
      `delegation:${position.positionId}`,
    ]);
    if (dto.form === 'Q') {
      const [overlap]: { id: string }[] = await em.query(
        `SELECT id FROM delegations
          WHERE position_id = $1 AND form = 'Q' AND revoked_at IS NULL AND starts_at < $3 AND ends_at > $2
          LIMIT 1`,
        [position.positionId, startsAt, endsAt],
      );
      if (overlap) throw new AppError('delegation/overlap', { delegationId: overlap.id });
    }
    const saved = await em.save(
      DelegationEntity,
      em.create(DelegationEntity, {
        form: dto.form,
        delegatorId: principal.userId,
        delegatorName: principal.fullName,
        positionId: position.positionId,
        unitId: position.unitId,
        role: position.role,
        limitUnitId: dto.limitUnitId === position.unitId ? null : (dto.limitUnitId ?? null),
        delegateId: dto.delegateId,
        powers,
        startsAt,
        endsAt,
        reason: dto.reason?.trim() ?? '',
        revokedAt: null,
        revokedBy: null,
        revokeReason: null,
      }),
    );
    await context.audit({
      actor,
      actingUnitId: position.unitId,
      action: 'delegation.give',
      subjectType: 'delegation',
      subjectId: saved.id,
      after: {
        form: saved.form,
        delegateId: saved.delegateId,
        powers,
        limitUnitId: saved.limitUnitId,
        startsAt,
        endsAt,
        reason: saved.reason,
      },
    });
    await this.announce(context, actor, saved, 'delegation.given', now);
    return saved.id;
  }

  /** Ends a delegation now: by its delegator, or by an admin over the delegator's unit. */
  async revoke(actor: Actor, id: string, dto: RevokeDelegationDto): Promise<DelegationViewDto> {
    await this.commands.change('delegation.revoke', actor, async (context) => {
      const { em } = context;
      const row = await lockForChange(em, DelegationEntity, id, undefined, 'delegation/not_found');
      const mayRevoke =
        row.delegatorId === actor.principal.userId ||
        (await this.access.grantFor(actor.principal, 'person.manage', row.unitId, em)) !== null;
      if (!mayRevoke) {
        // Others do not learn that it exists, unless it concerns them.
        if (row.delegateId !== actor.principal.userId) throw new AppError('delegation/not_found', { id });
        throw new AppError('delegation/not_revoker');
      }
      requireVersion(row, dto.version);
      const now = new Date();
      if (row.revokedAt || row.endsAt <= now) throw new AppError('delegation/already_ended', { id });
      row.revokedAt = now;
      row.revokedBy = actor.principal.userId;
      row.revokeReason = dto.reason?.trim() || null;
      const saved = await em.save(row);
      await context.audit({
        actor,
        actingUnitId: row.unitId,
        action: 'delegation.revoke',
        subjectType: 'delegation',
        subjectId: row.id,
        before: { endsAt: row.endsAt },
        after: { revokedAt: now, reason: row.revokeReason },
      });
      await this.announce(context, actor, saved, 'delegation.revoked', now);
    });
    return this.views.one(actor, id);
  }

  private async announce(
    context: CommandContext,
    actor: Actor,
    row: DelegationEntity,
    name: 'delegation.given' | 'delegation.revoked',
    at: Date,
  ): Promise<void> {
    const [delegation] = await this.views.summaries([row], context.em);
    await context.emit({
      name,
      audience: [...new Set([row.delegatorId, row.delegateId])],
      payload: {
        delegation,
        by: { id: actor.principal.userId, fullName: actor.principal.fullName },
        at: at.toISOString(),
      },
    });
  }
}
