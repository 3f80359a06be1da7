import { Injectable } from '@nestjs/common';
import { CommandContext, CommandRunner } from '@lt/commands';
import { AccessService, Actor } from '@lt/access';
import { AppError } from '@lt/common';
import { isForeignKeyViolation, lockForChange } from '@lt/database';
import { DirectiveReaders } from '@lt/directives';
import { OrgTreeService, OrgUnitEntity } from '@lt/org';
import { PeopleService } from '@lt/people';
import { EntityManager } from 'typeorm';
import { CreateUnitDto, MoveUnitDto, UpdateUnitDto, VersionOnlyDto } from './admin.dto';

export const snapshotUnit = (u: OrgUnitEntity) => ({
  parentId: u.parentId,
  kind: u.kind,
  name: u.name,
  code: u.code,
  organId: u.organId,
  active: u.active,
});

/** The unique constraints of org_units and their error codes. */
const UNIT_CONFLICTS = {
  org_units_code_key: 'org/unit_code_taken',
  org_units_organ_id_key: 'org/organ_id_taken',
} as const;

/**
 * Unit administration by unit admins. Structural changes (create under, move, deactivate,
 * delete) need the right over the parent: they belong to the level above the unit.
 * Each action checks access, changes rows and appends its audit entry in one transaction.
 */
@Injectable()
export class UnitAdministration {
  constructor(
    private readonly commands: CommandRunner,
    private readonly tree: OrgTreeService,
    private readonly access: AccessService,
    private readonly people: PeopleService,
    private readonly directives: DirectiveReaders,
  ) {}

  create(actor: Actor, input: CreateUnitDto): Promise<OrgUnitEntity> {
    return this.commands.run({
      name: 'unit.create',
      actor,
      uniqueViolations: UNIT_CONFLICTS,
      run: async (context) => {
        const { em } = context;
        const parent = await this.tree.requireUnit(input.parentId, em);
        const grant = await this.access.require(actor.principal, 'unit.manage', parent.id, em);
        if (!parent.active) throw new AppError('org/parent_inactive', { parentId: parent.id });
        const unit = await this.tree.insertUnit(em, { ...input, parentId: parent.id });
        await this.record(context, actor, grant.unitId, 'unit.create', unit, null);
        return unit;
      },
    });
  }

  update(actor: Actor, unitId: string, input: UpdateUnitDto): Promise<OrgUnitEntity> {
    return this.commands.run({
      name: 'unit.update',
      actor,
      uniqueViolations: UNIT_CONFLICTS,
      run: async (context) => {
        const { em } = context;
        await this.tree.requireUnit(unitId, em);
        const grant = await this.access.require(actor.principal, 'unit.manage', unitId, em);
        const unit = await lockForChange(em, OrgUnitEntity, unitId, input.version, 'org/unit_not_found');
        const before = snapshotUnit(unit);
        // A correction by the admin: the former name is kept all the same (a reorganisation's
        // renaming, with its date and basis, is POST /reorganisations kind `rename`).
        const saved = await this.tree.rename(
          em,
          unit,
          { name: input.name, code: input.code, organId: input.organId },
          { at: new Date(), changedBy: actor.principal.userId },
        );
        await this.record(context, actor, grant.unitId, 'unit.update', saved, before);
        return saved;
      },
    });
  }

  move(actor: Actor, unitId: string, input: MoveUnitDto): Promise<OrgUnitEntity> {
    return this.commands.change('unit.move', actor, async (context) => {
      const { em } = context;
      const current = await this.tree.requireUnit(unitId, em);
      if (current.parentId === null) throw new AppError('org/root_unit', { unitId });
      const newParent = await this.tree.requireUnit(input.parentId, em);
      const grant = await this.access.requireAll(
        actor.principal,
        'unit.manage',
        [current.parentId, newParent.id],
        em,
      );
      if (!newParent.active) throw new AppError('org/parent_inactive', { parentId: newParent.id });
      const unit = await lockForChange(em, OrgUnitEntity, unitId, input.version, 'org/unit_not_found');
      const before = snapshotUnit(unit);
      await this.tree.moveSubtree(em, unitId, newParent.id);
      unit.parentId = newParent.id;
      const saved = await em.save(unit);
      await this.record(context, actor, grant.unitId, 'unit.move', saved, before);
      return saved;
    });
  }

  deactivate(actor: Actor, unitId: string, input: VersionOnlyDto): Promise<OrgUnitEntity> {
    return this.commands.change('unit.deactivate', actor, async (context) => {
      const { em } = context;
      const { unit, grantUnitId } = await this.lockStructural(em, actor, unitId, input.version);
      const children = await this.tree.childCount(unitId, { activeOnly: true }, em);
      if (children > 0) throw new AppError('org/unit_has_children', { unitId, children });
      const people = await this.people.positionCount(unitId, em);
      if (people > 0) throw new AppError('org/unit_has_people', { unitId, people });
      const before = snapshotUnit(unit);
      unit.active = false;
      const saved = await em.save(unit);
      await this.record(context, actor, grantUnitId, 'unit.deactivate', saved, before);
      return saved;
    });
  }

  /** Deletes a unit that was never used: no sub-units, no people, nothing referring to it. */
  remove(actor: Actor, unitId: string, version: number): Promise<void> {
    return this.commands
      .change('unit.delete', actor, async (context) => {
        const { em } = context;
        const { unit, grantUnitId } = await this.lockStructural(em, actor, unitId, version);
        const people = await this.people.positionCount(unitId, em);
        if (people > 0) throw new AppError('org/unit_has_people', { unitId, people });
        const children = await this.tree.childCount(unitId, { activeOnly: false }, em);
        if (children > 0) throw new AppError('org/unit_has_children', { unitId, children });
        // Directive receipts name the unit without a foreign key (see the migration
        // RecipientsAsSnapshot): check them here.
        if (await this.directives.anyReceivedIn(unitId, em))
          throw new AppError('org/unit_in_use', { unitId });
        await this.record(context, actor, grantUnitId, 'unit.delete', unit, snapshotUnit(unit), true);
        await em.delete(OrgUnitEntity, { id: unitId });
      })
      .catch((error: unknown) => {
        if (isForeignKeyViolation(error)) throw new AppError('org/unit_in_use', { unitId });
        throw error;
      });
  }

  private async lockStructural(em: EntityManager, actor: Actor, unitId: string, version: number) {
    const current = await this.tree.requireUnit(unitId, em);
    if (current.parentId === null) throw new AppError('org/root_unit', { unitId });
    const grant = await this.access.require(actor.principal, 'unit.manage', current.parentId, em);
    const unit = await lockForChange(em, OrgUnitEntity, unitId, version, 'org/unit_not_found');
    return { unit, grantUnitId: grant.unitId };
  }

  private async record(
    context: CommandContext,
    actor: Actor,
    actingUnitId: string,
    action: string,
    unit: OrgUnitEntity,
    before: ReturnType<typeof snapshotUnit> | null,
    deleted = false,
  ) {
    await context.audit({
      actor,
      actingUnitId,
      action,
      subjectType: 'unit',
      subjectId: unit.id,
      before,
      after: deleted ? null : snapshotUnit(unit),
    });
  }
}
