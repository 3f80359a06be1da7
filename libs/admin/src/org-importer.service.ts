import { Injectable } from '@nestjs/common';
import { CommandContext, CommandRunner } from '@lt/commands';
import { InjectDataSource } from '@nestjs/typeorm';
import { AccessService, Actor } from '@lt/access';
import { AppError } from '@lt/common';
import { OrgTreeService, OrgUnitEntity } from '@lt/org';
import { PasswordHasher, PeopleService, PositionEntity, UserEntity } from '@lt/people';
import { randomBytes } from 'node:crypto';
import { DataSource, In } from 'typeorm';
import { parentsFirst, ParsedImport, validateImport, wellFormed } from './org-import';
import { snapshotUnit } from './unit-administration.service';

export interface ImportReport {
  units: { created: number; updated: number; moved: number; unchanged: number };
  people: { created: number; updated: number; unchanged: number };
  positionsAdded: number;
}

/**
 * Loads units and people from a parsed file. All or nothing: every row is validated first
 * and any problem is reported by row with nothing written; then everything is written in
 * one transaction. Idempotent: units are matched by code and people by username, so
 * importing the same file again changes nothing. It only adds and updates; it never removes.
 *
 * `actor` null means the system (seed, command line); otherwise every unit written must lie
 * in the actor's reach for `org.import`.
 */
@Injectable()
export class OrgImporter {
  constructor(
    private readonly commands: CommandRunner,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tree: OrgTreeService,
    private readonly people: PeopleService,
    private readonly access: AccessService,
    private readonly hasher: PasswordHasher,
  ) {}

  async import(actor: Actor | null, parsed: ParsedImport): Promise<ImportReport> {
    // The codes below are read from the rows: a file of the wrong shape is refused first.
    if (!wellFormed(parsed.file)) {
      const errors = validateImport(parsed, new Set());
      throw new AppError('import/invalid_rows', { errorCount: errors.length }, errors.slice(0, 500));
    }
    const codesInFile = [
      ...parsed.file.units.flatMap((u) => [u.code, u.parentCode]),
      ...parsed.file.people.flatMap((p) => p.positions.map((x) => x.unitCode)),
    ].filter((code): code is string => typeof code === 'string');
    const existing = await this.dataSource
      .getRepository(OrgUnitEntity)
      .find({ where: { code: In(codesInFile) } });
    const errors = validateImport(parsed, new Set(existing.map((u) => u.code)));
    if (errors.length > 0)
      throw new AppError('import/invalid_rows', { errorCount: errors.length }, errors.slice(0, 500));

    const hashes = await this.hashPasswords(parsed);
    return this.commands.change('org.import', actor, async (context) => {
      const { em } = context;
      const report: ImportReport = {
        units: { created: 0, updated: 0, moved: 0, unchanged: 0 },
        people: { created: 0, updated: 0, unchanged: 0 },
        positionsAdded: 0,
      };
      const idByCode = new Map<string, string>();
      const lookup = async (code: string) => {
        if (!idByCode.has(code)) {
          const unit = await em.findOne(OrgUnitEntity, { where: { code } });
          if (unit) idByCode.set(code, unit.id);
        }
        return idByCode.get(code);
      };
      const requireReach = async (unitId: string | null) => {
        if (!actor) return null;
        if (unitId === null)
          throw new AppError('access/forbidden', { permission: 'org.import', unitId: null });
        return (await this.access.require(actor.principal, 'org.import', unitId, em)).unitId;
      };

      for (const row of parentsFirst(parsed.file.units)) {
        const parentId = row.parentCode ? ((await lookup(row.parentCode)) ?? null) : null;
        const unit = await em.findOne(OrgUnitEntity, {
          where: { code: row.code },
          lock: { mode: 'pessimistic_write' },
        });
        if (!unit) {
          const actingUnitId = await requireReach(parentId);
          const created = await this.tree.insertUnit(em, {
            code: row.code,
            name: row.name,
            kind: row.kind,
            organId: row.organId,
            parentId,
          });
          idByCode.set(row.code, created.id);
          await this.record(
            context,
            actor,
            actingUnitId,
            'unit.import',
            created.id,
            null,
            snapshotUnit(created),
          );
          report.units.created++;
          continue;
        }
        idByCode.set(row.code, unit.id);
        const before = snapshotUnit(unit);
        const moved = row.parentCode !== undefined && unit.parentId !== parentId;
        const changed = unit.name !== row.name || unit.kind !== row.kind || unit.organId !== row.organId;
        if (!moved && !changed) {
          report.units.unchanged++;
          continue;
        }
        const actingUnitId = await requireReach(unit.parentId ?? unit.id);
        if (moved) {
          await requireReach(parentId);
          await this.tree.moveSubtree(em, unit.id, parentId!);
          unit.parentId = parentId;
          report.units.moved++;
        } else report.units.updated++;
        Object.assign(unit, { name: row.name, kind: row.kind, organId: row.organId });
        await em.save(unit);
        await this.record(context, actor, actingUnitId, 'unit.import', unit.id, before, snapshotUnit(unit));
      }

      for (const row of parsed.file.people) {
        const username = this.people.normaliseUsername(row.username);
        let user = await em.findOne(UserEntity, { where: { username }, lock: { mode: 'pessimistic_write' } });
        const wanted = await Promise.all(
          row.positions.map(async (p) => ({ ...p, unitId: (await lookup(p.unitCode))! })),
        );
        const actingUnitId = await requireReach(wanted[0]?.unitId ?? null);
        for (const p of wanted.slice(1)) await requireReach(p.unitId);
        const held = user ? await this.people.positionsOf(user.id, em) : [];
        let changed = false;
        if (!user) {
          user = await em.save(
            UserEntity,
            em.create(UserEntity, {
              username,
              fullName: row.fullName,
              email: row.email ?? null,
              passwordHash: hashes.get(row.password ?? '')!,
            }),
          );
          report.people.created++;
        } else if (user.fullName !== row.fullName || (row.email !== undefined && user.email !== row.email)) {
          user.fullName = row.fullName;
          if (row.email !== undefined) user.email = row.email;
          await em.save(user);
          changed = true;
        }
        const missing = wanted.filter(
          (w, i) =>
            !held.some((h) => h.unitId === w.unitId && h.role === w.role) &&
            wanted.findIndex((x) => x.unitId === w.unitId && x.role === w.role) === i,
        );
        for (const p of missing) {
          await em.save(
            PositionEntity,
            em.create(PositionEntity, {
              userId: user.id,
              unitId: p.unitId,
              role: p.role,
              title: p.title ?? null,
            }),
          );
        }
        report.positionsAdded += missing.length;
        if (held.length > 0 && (changed || missing.length > 0)) report.people.updated++;
        else if (held.length > 0) report.people.unchanged++;
        if (held.length === 0 || changed || missing.length > 0) {
          await this.record(context, actor, actingUnitId, 'person.import', user.id, null, {
            username,
            fullName: user.fullName,
            positionsAdded: missing.map((p) => ({ unitId: p.unitId, role: p.role })),
          });
        }
      }
      return report;
    });
  }

  /** One argon2 hash per distinct password in the file (people without one get an unusable random password). */
  private async hashPasswords(parsed: ParsedImport): Promise<Map<string, string>> {
    const hashes = new Map<string, string>();
    for (const person of parsed.file.people) {
      const password = person.password ?? '';
      if (!hashes.has(password))
        hashes.set(password, await this.hasher.hash(password || randomBytes(24).toString('base64url')));
    }
    return hashes;
  }

  private async record(
    context: CommandContext,
    actor: Actor | null,
    actingUnitId: string | null,
    action: string,
    subjectId: string,
    before: Record<string, unknown> | null,
    after: Record<string, unknown>,
  ) {
    await context.audit({
      actor,
      actingUnitId,
      action,
      subjectType: action.split('.')[0] === 'unit' ? 'unit' : 'person',
      subjectId,
      before,
      after,
    });
  }
}
