import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AccessService, Actor } from '@lt/access';
import { CommandContext, CommandRunner } from '@lt/commands';
import { AppError } from '@lt/common';
import {
  OrgTreeService,
  OrgUnitEntity,
  ReorganisationPlan,
  ReorganisationSteps,
  UnitIdentity,
} from '@lt/org';
import { PeopleService } from '@lt/people';
import { DataSource } from 'typeorm';
import { ReorganisationEntity } from './reorganisation.entity';
import { ReorganisationViewDto, ReorganiseDto, ReorganisationTargetDto } from './reorganisation.dto';

const IDENTITY_KEYS = ['name', 'code', 'organId'] as const;
const identityOf = (u: UnitIdentity): UnitIdentity => ({ name: u.name, code: u.code, organId: u.organId });

/** A minute's grace for clocks: "now" sent by a browser a moment ahead is now. */
const CLOCK_SKEW_MS = 60_000;

/**
 * Merges units (sáp nhập), splits one (chia tách) or renames one (đổi tên, đổi mã) in one
 * transaction: every library moves its own open work from the sources to the target
 * (ReorganisationSteps), merged units retire into the target with their history, a renamed
 * unit keeps its former names; one audit entry records what changed. The preview is the same
 * command rolled back, so it lists exactly what the real one would move.
 */
@Injectable()
export class ReorganiseUnits {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly commands: CommandRunner,
    private readonly access: AccessService,
    private readonly tree: OrgTreeService,
    private readonly people: PeopleService,
    private readonly steps: ReorganisationSteps,
  ) {}

  execute(actor: Actor, dto: ReorganiseDto, dryRun = false): Promise<ReorganisationViewDto> {
    return this.commands.run({
      name: 'org.reorganise',
      actor,
      dryRun,
      uniqueViolations: {
        org_units_code_key: 'org/unit_code_taken',
        org_units_organ_id_key: 'org/organ_id_taken',
      },
      run: (context) => this.within(context, actor, dto, dryRun),
    });
  }

  async list(actor: Actor, unitId: string): Promise<ReorganisationViewDto[]> {
    const em = this.dataSource.manager;
    await this.access.require(actor.principal, 'unit.manage', unitId, em);
    const ids = await this.tree.subtreeIds([unitId], em);
    const rows = await em
      .getRepository(ReorganisationEntity)
      .createQueryBuilder('r')
      .where('r.target_id = ANY(:ids)', { ids })
      .orderBy('r.effective_at', 'DESC')
      .limit(200)
      .getMany();
    const names = await this.tree.namesOf(
      rows.flatMap((r) => [r.targetId, ...r.sourceIds]),
      em,
    );
    const former = await this.tree.formerNames(
      rows.filter((r) => r.kind === 'rename').map((r) => r.targetId),
      em,
    );
    return rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      sources: r.sourceIds.map((id) => ({ id, name: names.get(id) ?? '' })),
      target: { id: r.targetId, name: names.get(r.targetId) ?? '' },
      effectiveAt: r.effectiveAt.toISOString(),
      moved: r.moved,
      basis: r.basis,
      renamedFrom:
        r.kind === 'rename'
          ? identityOf(former.get(r.targetId)!.find((n) => n.reorganisationId === r.id)!)
          : null,
      dryRun: false,
    }));
  }

  private async within(
    context: CommandContext,
    actor: Actor,
    dto: ReorganiseDto,
    dryRun: boolean,
  ): Promise<ReorganisationViewDto> {
    const { em } = context;
    const now = new Date();
    const effectiveAt = dto.effectiveAt ? new Date(dto.effectiveAt) : now;
    if (effectiveAt.getTime() > now.getTime() + CLOCK_SKEW_MS)
      throw new AppError('reorganisation/effective_in_future', { effectiveAt });
    if (dto.kind === 'rename') return this.renameWithin(context, actor, dto, effectiveAt, dryRun);
    if (!dto.target || !!dto.target.unitId === !!dto.target.new || dto.rename)
      throw new AppError('reorganisation/target_required');
    const to: ReorganisationTargetDto = dto.target;
    if (dto.kind === 'split' && (dto.sourceIds.length !== 1 || !dto.userIds?.length))
      throw new AppError('reorganisation/split_needs_people');
    if (to.unitId && dto.sourceIds.includes(to.unitId))
      throw new AppError('reorganisation/target_is_source', { unitId: to.unitId });

    // The right over both ends: every unit given up, and where the work goes.
    const ends = [...dto.sourceIds, to.unitId ?? to.new!.parentId];
    for (const id of ends) await this.tree.requireUnit(id, em);
    const grant = await this.access.requireAll(actor.principal, 'unit.manage', ends, em);
    // Two reorganisations of one unit: the second waits here, then finds it retired (409).
    const locked = await this.tree.lockUnits(em, ends);
    const inactive = locked.find((u) => !u.active);
    if (inactive) throw new AppError('reorganisation/unit_inactive', { unitId: inactive.id });
    const sources = dto.sourceIds.map((id) => locked.find((u) => u.id === id)!);
    const target = to.unitId
      ? locked.find((u) => u.id === to.unitId)!
      : await this.tree.insertUnit(em, { ...to.new!, parentId: to.new!.parentId });
    await this.checkShape(em, dto.kind, sources, target);
    if (dto.kind === 'split') {
      const holders = await this.people.holdersIn([sources[0].id], null, em);
      const outside = dto.userIds!.find((id) => !holders.some((h) => h.userId === id));
      if (outside) throw new AppError('reorganisation/person_not_in_unit', { userId: outside });
    }

    const plan: ReorganisationPlan = {
      kind: dto.kind,
      sourceIds: sources.map((u) => u.id),
      targetId: target.id,
      effectiveAt,
      userIds: dto.kind === 'split' ? dto.userIds! : null,
    };
    const moved: Record<string, Record<string, number>> = {};
    for (const [name, step] of this.steps.all()) moved[name] = await step.move(em, plan);
    if (dto.kind === 'merge')
      for (const source of sources) await this.tree.retireInto(em, source.id, target.id, effectiveAt);

    const record = await em.save(
      ReorganisationEntity,
      em.create(ReorganisationEntity, {
        kind: dto.kind,
        sourceIds: plan.sourceIds,
        targetId: target.id,
        userIds: plan.userIds,
        effectiveAt,
        moved,
        basis: dto.basis?.trim() ?? '',
        createdBy: actor.principal.userId,
      }),
    );
    await context.audit({
      actor,
      actingUnitId: grant.unitId,
      action: `org.${dto.kind}`,
      subjectType: 'reorganisation',
      subjectId: record.id,
      after: {
        sources: plan.sourceIds,
        target: target.id,
        userIds: plan.userIds,
        effectiveAt,
        moved,
        basis: record.basis,
      },
    });
    return {
      id: dryRun ? null : record.id,
      kind: dto.kind,
      sources: sources.map((u) => ({ id: u.id, name: u.name })),
      target: { id: target.id, name: target.name },
      effectiveAt: effectiveAt.toISOString(),
      moved,
      basis: record.basis,
      renamedFrom: null,
      dryRun,
    };
  }

  /**
   * A renaming or re-coding at the effective date (a resolution may rename a ward as well as
   * merge it): the unit keeps its id, its people and its records; what it bore until then
   * stays in its former names, found by search.
   */
  private async renameWithin(
    context: CommandContext,
    actor: Actor,
    dto: ReorganiseDto,
    effectiveAt: Date,
    dryRun: boolean,
  ): Promise<ReorganisationViewDto> {
    const { em } = context;
    const changes = dto.rename;
    if (dto.target || dto.userIds || dto.sourceIds.length !== 1 || !changes)
      throw new AppError('reorganisation/rename_required');
    const unitId = dto.sourceIds[0];
    await this.tree.requireUnit(unitId, em);
    const grant = await this.access.require(actor.principal, 'unit.manage', unitId, em);
    const [unit] = await this.tree.lockUnits(em, [unitId]);
    if (!unit.active) throw new AppError('reorganisation/unit_inactive', { unitId });
    if (IDENTITY_KEYS.every((key) => changes[key] === undefined || changes[key] === unit[key]))
      throw new AppError('reorganisation/rename_unchanged', { unitId });
    const from = identityOf(unit);
    const record = await em.save(
      ReorganisationEntity,
      em.create(ReorganisationEntity, {
        kind: 'rename',
        sourceIds: [unitId],
        targetId: unitId,
        userIds: null,
        effectiveAt,
        moved: {},
        basis: dto.basis?.trim() ?? '',
        createdBy: actor.principal.userId,
      }),
    );
    const renamed = await this.tree.rename(em, unit, changes, {
      at: effectiveAt,
      changedBy: actor.principal.userId,
      reorganisationId: record.id,
    });
    await context.audit({
      actor,
      actingUnitId: grant.unitId,
      action: 'org.rename',
      subjectType: 'reorganisation',
      subjectId: record.id,
      before: from,
      after: { ...identityOf(renamed), unitId, effectiveAt, basis: record.basis },
    });
    return {
      id: dryRun ? null : record.id,
      kind: 'rename',
      sources: [{ id: unitId, name: from.name }],
      target: { id: unitId, name: renamed.name },
      effectiveAt: effectiveAt.toISOString(),
      moved: {},
      basis: record.basis,
      renamedFrom: from,
      dryRun,
    };
  }

  /**
   * Units of one level only, none above another: a ward merges with wards, never with the
   * district above it or its own team; the root is never merged away.
   */
  private async checkShape(
    em: DataSource['manager'],
    kind: 'merge' | 'split',
    sources: OrgUnitEntity[],
    target: OrgUnitEntity,
  ): Promise<void> {
    const all = [...sources, target];
    const across =
      sources.some((u) => u.parentId === null) ||
      (kind === 'merge' && all.some((u) => u.kind !== target.kind)) ||
      (
        await this.tree.ancestryPairs(
          all.map((u) => u.id),
          all.map((u) => u.id),
          em,
        )
      ).some((p) => p.ancestorId !== p.unitId);
    if (across) throw new AppError('reorganisation/across_tree', { unitIds: all.map((u) => u.id) });
  }
}
