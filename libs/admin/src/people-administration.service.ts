import { Injectable } from '@nestjs/common';
import { CommandContext, CommandRunner } from '@lt/commands';
import { AccessService, Actor, Grant } from '@lt/access';
import { AuthService } from '@lt/auth';
import { AppError } from '@lt/common';
import { lockForChange, requireVersion } from '@lt/database';
import { OrgTreeService } from '@lt/org';
import { PasswordHasher, PeopleService, PersonView, PositionEntity, UserEntity } from '@lt/people';
import { EntityManager } from 'typeorm';
import {
  CreatePersonDto,
  MovePersonDto,
  PositionInputDto,
  ResetPasswordDto,
  UpdatePersonDto,
  VersionOnlyDto,
} from './admin.dto';

const snapshotPerson = (u: UserEntity, positions: PositionEntity[]) => ({
  username: u.username,
  fullName: u.fullName,
  email: u.email,
  disabled: u.disabledAt !== null,
  positions: positions.map((p) => ({ id: p.id, unitId: p.unitId, role: p.role })),
});

/**
 * People administration by unit admins. Changing a person's account (disable, password,
 * name) needs the right over every unit they hold a position in, so a ward admin cannot
 * lock out someone who also serves at the district; adding or removing one position needs
 * the right over that position's unit.
 */
@Injectable()
export class PeopleAdministration {
  constructor(
    private readonly commands: CommandRunner,
    private readonly people: PeopleService,
    private readonly tree: OrgTreeService,
    private readonly access: AccessService,
    private readonly hasher: PasswordHasher,
    private readonly auth: AuthService,
  ) {}

  async create(actor: Actor, input: CreatePersonDto): Promise<PersonView> {
    const passwordHash = await this.hasher.hash(input.password);
    const id = await this.commands.run({
      name: 'person.create',
      actor,
      uniqueViolations: { users_username_key: 'person/username_taken' },
      run: async (context) => {
        const { em } = context;
        const unitIds = [...new Set(input.positions.map((p) => p.unitId))];
        for (const unitId of unitIds) await this.requireActiveUnit(em, unitId);
        const grant = await this.access.requireAll(actor.principal, 'person.manage', unitIds, em);
        const user = await em.save(
          UserEntity,
          em.create(UserEntity, {
            username: this.people.normaliseUsername(input.username),
            fullName: input.fullName.trim(),
            email: input.email ?? null,
            passwordHash,
          }),
        );
        const positions = await em.save(
          PositionEntity,
          dedupePositions(input.positions).map((p) =>
            em.create(PositionEntity, { ...p, title: p.title ?? null, userId: user.id }),
          ),
        );
        await this.record(
          context,
          actor,
          grant,
          'person.create',
          user.id,
          null,
          snapshotPerson(user, positions),
        );
        return user.id;
      },
    });
    return this.people.view(id);
  }

  update(actor: Actor, personId: string, input: UpdatePersonDto): Promise<PersonView> {
    return this.changeAccount(actor, personId, input.version, 'person.update', (user) => {
      if (input.fullName !== undefined) user.fullName = input.fullName.trim();
      if (input.email !== undefined) user.email = input.email;
    });
  }

  disable(actor: Actor, personId: string, input: VersionOnlyDto): Promise<PersonView> {
    return this.changeAccount(actor, personId, input.version, 'person.disable', async (user, em) => {
      user.disabledAt ??= new Date();
      await this.auth.revokeAllSessions(em, user.id, 'account_disabled');
    });
  }

  enable(actor: Actor, personId: string, input: VersionOnlyDto): Promise<PersonView> {
    return this.changeAccount(actor, personId, input.version, 'person.enable', (user) => {
      user.disabledAt = null;
    });
  }

  async resetPassword(actor: Actor, personId: string, input: ResetPasswordDto): Promise<PersonView> {
    const passwordHash = await this.hasher.hash(input.newPassword);
    return this.changeAccount(actor, personId, input.version, 'person.reset_password', async (user, em) => {
      user.passwordHash = passwordHash;
      await this.auth.revokeAllSessions(em, user.id, 'password_reset');
    });
  }

  /** Moves the positions a person holds in one unit to another unit. */
  async move(actor: Actor, personId: string, input: MovePersonDto): Promise<PersonView> {
    // A "move" to the same unit would find each position a duplicate of itself and delete it.
    if (input.fromUnitId === input.toUnitId)
      throw new AppError('request/validation_failed', undefined, [
        { field: 'toUnitId', message: 'toUnitId must differ from fromUnitId' },
      ]);
    await this.commands.change('person.move', actor, async (context) => {
      const { em } = context;
      const user = await lockForChange(em, UserEntity, personId, undefined, 'person/not_found');
      await this.requireActiveUnit(em, input.toUnitId);
      const grant = await this.access.requireAll(
        actor.principal,
        'person.manage',
        [input.fromUnitId, input.toUnitId],
        em,
      );
      requireVersion(user, input.version);
      const positions = await this.people.positionsOf(personId, em);
      const moving = positions.filter((p) => p.unitId === input.fromUnitId);
      if (moving.length === 0)
        throw new AppError('person/not_in_unit', { personId, unitId: input.fromUnitId });
      const before = snapshotPerson(user, positions);
      for (const position of moving) {
        const duplicate = positions.some(
          (p) => p.id !== position.id && p.unitId === input.toUnitId && p.role === position.role,
        );
        if (duplicate) await em.delete(PositionEntity, { id: position.id });
        else await em.update(PositionEntity, { id: position.id }, { unitId: input.toUnitId });
      }
      const saved = await em.save(user);
      await this.record(
        context,
        actor,
        grant,
        'person.move',
        personId,
        before,
        snapshotPerson(saved, await this.people.positionsOf(personId, em)),
      );
    });
    return this.people.view(personId);
  }

  async addPosition(actor: Actor, personId: string, input: PositionInputDto): Promise<PersonView> {
    await this.commands.run({
      name: 'person.add_position',
      actor,
      uniqueViolations: { positions_user_unit_role_key: 'person/position_exists' },
      run: async (context) => {
        const { em } = context;
        const user = await lockForChange(em, UserEntity, personId, undefined, 'person/not_found');
        await this.requireActiveUnit(em, input.unitId);
        const positions = await this.people.positionsOf(personId, em);
        const grant = await this.access.require(actor.principal, 'person.manage', input.unitId, em);
        // The admin must also reach the person already, or anyone could be pulled into a unit.
        const reach = await this.access.grantsFor(
          actor.principal,
          'person.manage',
          positions.map((p) => p.unitId),
          em,
        );
        if (positions.length > 0 && reach.size === 0) throw new AppError('access/forbidden', { personId });
        const position = await em.save(
          PositionEntity,
          em.create(PositionEntity, {
            userId: personId,
            unitId: input.unitId,
            role: input.role,
            title: input.title ?? null,
          }),
        );
        await this.record(
          context,
          actor,
          grant,
          'person.add_position',
          personId,
          snapshotPerson(user, positions),
          snapshotPerson(user, [...positions, position]),
        );
      },
    });
    return this.people.view(personId);
  }

  async removePosition(actor: Actor, personId: string, positionId: string): Promise<PersonView> {
    await this.commands.change('person.remove_position', actor, async (context) => {
      const { em } = context;
      const user = await lockForChange(em, UserEntity, personId, undefined, 'person/not_found');
      const positions = await this.people.positionsOf(personId, em);
      const position = positions.find((p) => p.id === positionId);
      if (!position) throw new AppError('person/position_not_found', { personId, positionId });
      const grant = await this.access.require(actor.principal, 'person.manage', position.unitId, em);
      if (positions.length === 1) throw new AppError('person/last_position', { personId });
      await em.delete(PositionEntity, { id: positionId });
      await this.record(
        context,
        actor,
        grant,
        'person.remove_position',
        personId,
        snapshotPerson(user, positions),
        snapshotPerson(
          user,
          positions.filter((p) => p.id !== positionId),
        ),
      );
    });
    return this.people.view(personId);
  }

  /** Account-wide changes: the admin must reach every unit the person serves in. */
  private async changeAccount(
    actor: Actor,
    personId: string,
    version: number,
    action: string,
    change: (user: UserEntity, em: EntityManager) => void | Promise<void>,
  ): Promise<PersonView> {
    await this.commands.change('person.change', actor, async (context) => {
      const { em } = context;
      const user = await lockForChange(em, UserEntity, personId, undefined, 'person/not_found');
      const positions = await this.people.positionsOf(personId, em);
      const grant = await this.access.requireAll(
        actor.principal,
        'person.manage',
        positions.map((p) => p.unitId),
        em,
      );
      requireVersion(user, version);
      const before = snapshotPerson(user, positions);
      await change(user, em);
      const saved = await em.save(user);
      await this.record(context, actor, grant, action, personId, before, snapshotPerson(saved, positions));
    });
    return this.people.view(personId);
  }

  private async requireActiveUnit(em: EntityManager, unitId: string): Promise<void> {
    const unit = await this.tree.requireUnit(unitId, em);
    if (!unit.active) throw new AppError('org/unit_inactive', { unitId });
  }

  private async record(
    context: CommandContext,
    actor: Actor,
    grant: Grant,
    action: string,
    personId: string,
    before: Record<string, unknown> | null,
    after: Record<string, unknown> | null,
  ) {
    await context.audit({
      actor,
      actingUnitId: grant.unitId,
      action,
      subjectType: 'person',
      subjectId: personId,
      before,
      after,
    });
  }
}

function dedupePositions(positions: PositionInputDto[]): PositionInputDto[] {
  const seen = new Set<string>();
  return positions.filter((p) => {
    const key = `${p.unitId}:${p.role}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
