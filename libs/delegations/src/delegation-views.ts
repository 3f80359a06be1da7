import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  AccessService,
  Actor,
  DelegatedAuthority,
  delegablePowersOf,
  DEPUTY_ROLES,
  isHeadRole,
} from '@lt/access';
import { AppError } from '@lt/common';
import { OrgTreeService } from '@lt/org';
import { PeopleService } from '@lt/people';
import { DataSource, EntityManager } from 'typeorm';
import { DelegationEntity } from './delegation.entity';
import { runningDelegationsSql } from './running-delegations';
import type { DelegablePositionDto, DelegationViewDto } from './delegation.dto';
import type { DelegationSummary } from './delegation-events';

/** A delegation's state at `now`, from its period and revocation. */
export function delegationStatus(
  row: Pick<DelegationEntity, 'startsAt' | 'endsAt' | 'revokedAt'>,
  now = new Date(),
): DelegationViewDto['status'] {
  if (row.revokedAt) return 'revoked';
  if (row.endsAt <= now) return 'ended';
  return row.startsAt > now ? 'scheduled' : 'running';
}

/**
 * Reading delegations: those I gave, those given to me, and — for an admin — those of the
 * units they manage; and what a leader may delegate to whom (the form's choices).
 */
@Injectable()
export class DelegationViews {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: AccessService,
    private readonly tree: OrgTreeService,
    private readonly people: PeopleService,
  ) {}

  /** Given by me or to me, newest first; with `unitId`, those of a unit I manage (its admin). */
  async list(actor: Actor, unitId?: string): Promise<DelegationViewDto[]> {
    const em = this.dataSource.manager;
    if (unitId) {
      await this.access.require(actor.principal, 'person.manage', unitId, em);
      const ids = await this.tree.subtreeIds([unitId], em);
      const rows: { id: string }[] = await em.query(
        `SELECT id FROM delegations WHERE unit_id = ANY($1::uuid[]) ORDER BY starts_at DESC, id LIMIT 500`,
        [ids],
      );
      return this.views(
        actor,
        await this.load(
          em,
          rows.map((r) => r.id),
        ),
        em,
      );
    }
    const rows: { id: string }[] = await em.query(
      `SELECT id FROM delegations WHERE delegator_id = $1 OR delegate_id = $1
        ORDER BY starts_at DESC, id LIMIT 500`,
      [actor.principal.userId],
    );
    return this.views(
      actor,
      await this.load(
        em,
        rows.map((r) => r.id),
      ),
      em,
    );
  }

  /** One delegation, for its two people and the admins over its unit. */
  async one(
    actor: Actor,
    id: string,
    em: EntityManager = this.dataSource.manager,
  ): Promise<DelegationViewDto> {
    const [row] = await this.load(em, [id]);
    const concerned =
      row &&
      (row.delegatorId === actor.principal.userId ||
        row.delegateId === actor.principal.userId ||
        (await this.access.grantFor(actor.principal, 'person.manage', row.unitId, em)) !== null);
    if (!concerned) throw new AppError('delegation/not_found', { id });
    return (await this.views(actor, [row], em))[0];
  }

  /**
   * My positions that hold something delegable, each with the people I may delegate to: those
   * of its unit and of the units directly under it (its office, departments, wards).
   */
  async choices(actor: Actor): Promise<DelegablePositionDto[]> {
    const em = this.dataSource.manager;
    const mine = actor.principal.positions.filter((p) => delegablePowersOf(p.role).length > 0);
    if (mine.length === 0) return [];
    const own = await this.people.positionsOf(actor.principal.userId, em);
    const result: DelegablePositionDto[] = [];
    for (const position of mine) {
      const near = await this.tree.subtree(position.unitId, 1, em);
      const names = new Map(near.map((u) => [u.id, u.name]));
      const holders = await this.people.holdersIn(
        near.map((u) => u.id),
        null,
        em,
      );
      const seen = new Set<string>();
      const candidates = holders
        .filter((h) => h.userId !== actor.principal.userId)
        .filter((h) => (seen.has(`${h.userId}|${h.unitId}`) ? false : seen.add(`${h.userId}|${h.unitId}`)))
        .map((h) => ({
          id: h.userId,
          fullName: h.fullName,
          title: h.title,
          unit: { id: h.unitId, name: names.get(h.unitId) ?? '' },
          deputy: h.unitId === position.unitId && (DEPUTY_ROLES as readonly string[]).includes(h.role),
        }))
        // Deputies of the unit first: standing in for the head is the common case.
        .sort((a, b) => Number(b.deputy) - Number(a.deputy));
      result.push({
        positionId: position.positionId,
        unit: { id: position.unitId, name: names.get(position.unitId) ?? '' },
        title: own.find((p) => p.id === position.positionId)?.title ?? null,
        powers: delegablePowersOf(position.role),
        head: isHeadRole(position.role),
        candidates,
      });
    }
    return result;
  }

  /**
   * The delegations running now for someone else than the one asking (the drafter choosing a
   * TUQ. signer): what their principal will carry when they act.
   */
  async running(userId: string, em: EntityManager = this.dataSource.manager): Promise<DelegatedAuthority[]> {
    const [row]: { delegations: DelegatedAuthority[] }[] = await em.query(
      `SELECT ${runningDelegationsSql('$1::uuid')} AS delegations`,
      [userId],
    );
    return row.delegations;
  }

  /** Delegations as events carry them. */
  async summaries(rows: DelegationEntity[], em: EntityManager): Promise<DelegationSummary[]> {
    const names = await this.people.namesOf(
      rows.flatMap((r) => [r.delegatorId, r.delegateId]),
      em,
    );
    const units = new Map(
      (
        await this.tree.units(
          rows.flatMap((r) => (r.limitUnitId ? [r.unitId, r.limitUnitId] : [r.unitId])),
          em,
        )
      ).map((u) => [u.id, u.name]),
    );
    return rows.map((r) => ({
      id: r.id,
      form: r.form,
      delegator: { id: r.delegatorId, fullName: names.get(r.delegatorId) ?? r.delegatorName },
      delegate: { id: r.delegateId, fullName: names.get(r.delegateId) ?? '' },
      unit: { id: r.unitId, name: units.get(r.unitId) ?? '' },
      limitUnit: r.limitUnitId ? { id: r.limitUnitId, name: units.get(r.limitUnitId) ?? '' } : null,
      powers: r.powers,
      startsAt: r.startsAt.toISOString(),
      endsAt: r.endsAt.toISOString(),
      revokedAt: r.revokedAt?.toISOString() ?? null,
    }));
  }

  private async views(
    actor: Actor,
    rows: DelegationEntity[],
    em: EntityManager,
  ): Promise<DelegationViewDto[]> {
    const summaries = await this.summaries(rows, em);
    const titles = await this.people.positionTitles(
      rows.flatMap((r) => (r.positionId ? [r.positionId] : [])),
      em,
    );
    const manages = await this.access.grantsFor(
      actor.principal,
      'person.manage',
      [...new Set(rows.map((r) => r.unitId))],
      em,
    );
    const now = new Date();
    return rows.map((r, i) => {
      const status = delegationStatus(r, now);
      return {
        ...summaries[i],
        reason: r.reason,
        delegatorTitle: (r.positionId && titles.get(r.positionId)) || null,
        status,
        mayRevoke:
          (status === 'running' || status === 'scheduled') &&
          (r.delegatorId === actor.principal.userId || manages.has(r.unitId)),
        version: r.version,
      };
    });
  }

  private async load(em: EntityManager, ids: string[]): Promise<DelegationEntity[]> {
    if (ids.length === 0) return [];
    const rows = await em.getRepository(DelegationEntity).findBy(ids.map((id) => ({ id })));
    const order = new Map(ids.map((id, i) => [id, i]));
    return rows.sort((a, b) => order.get(a.id)! - order.get(b.id)!);
  }
}
