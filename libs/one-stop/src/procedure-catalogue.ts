import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AccessService, Actor } from '@lt/access';
import { CommandRunner } from '@lt/commands';
import { AppError } from '@lt/common';
import { requireVersion } from '@lt/database';
import { OrgTreeService, OrgUnitEntity } from '@lt/org';
import { DataSource, EntityManager } from 'typeorm';
import type {
  CreateProcedureDto,
  ProcedureFieldsDto,
  ProcedureViewDto,
  UpdateProcedureDto,
} from './one-stop.dto';
import { ProcedureEntity } from './one-stop.entity';

const snapshot = (p: ProcedureEntity) => ({
  code: p.code,
  name: p.name,
  field: p.field,
  papers: p.papers,
  processingDays: p.processingDays,
  steps: p.steps,
  active: p.active,
});

/**
 * Each unit's catalogue of administrative procedures (danh mục thủ tục hành chính): kept by
 * the unit's admin or leaders, read by whoever reads the unit (the counter picks from it).
 */
@Injectable()
export class ProcedureCatalogue {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly commands: CommandRunner,
    private readonly access: AccessService,
    private readonly tree: OrgTreeService,
  ) {}

  create(actor: Actor, dto: CreateProcedureDto): Promise<ProcedureViewDto> {
    return this.commands.run({
      name: 'procedure.create',
      actor,
      uniqueViolations: { procedures_unit_code_key: 'one_stop/procedure_code_taken' },
      run: async ({ em, audit }) => {
        const unit = await this.tree.requireUnit(dto.unitId, em);
        const grant = await this.access.require(actor.principal, 'procedure.manage', unit.id, em);
        if (!unit.active) throw new AppError('org/unit_inactive', { unitId: unit.id });
        await this.checkFields(em, unit, dto);
        const saved = await em.save(
          ProcedureEntity,
          em.create(ProcedureEntity, { unitId: unit.id, code: dto.code, ...this.fields(dto), active: true }),
        );
        await audit({
          actor,
          actingUnitId: grant.unitId,
          action: 'procedure.create',
          subjectType: 'procedure',
          subjectId: saved.id,
          after: snapshot(saved),
        });
        return (await this.views(em, [saved]))[0];
      },
    });
  }

  update(actor: Actor, id: string, dto: UpdateProcedureDto): Promise<ProcedureViewDto> {
    return this.commands.change('procedure.update', actor, async ({ em, audit }) => {
      const procedure = await em.findOne(ProcedureEntity, {
        where: { id },
        lock: { mode: 'pessimistic_write' },
      });
      if (!procedure) throw new AppError('one_stop/procedure_not_found', { id });
      const grant = await this.access.require(actor.principal, 'procedure.manage', procedure.unitId, em);
      requireVersion(procedure, dto.version);
      const unit = await this.tree.requireUnit(procedure.unitId, em);
      await this.checkFields(em, unit, dto);
      const before = snapshot(procedure);
      Object.assign(procedure, this.fields(dto), { active: dto.active });
      const saved = await em.save(procedure);
      await audit({
        actor,
        actingUnitId: grant.unitId,
        action: 'procedure.update',
        subjectType: 'procedure',
        subjectId: saved.id,
        before,
        after: snapshot(saved),
      });
      return (await this.views(em, [saved]))[0];
    });
  }

  async list(actor: Actor, unitId: string): Promise<ProcedureViewDto[]> {
    const em = this.dataSource.manager;
    await this.tree.requireUnit(unitId, em);
    await this.access.require(actor.principal, 'unit.read', unitId, em);
    const rows = await em.find(ProcedureEntity, { where: { unitId }, order: { field: 'ASC', name: 'ASC' } });
    return this.views(em, rows);
  }

  async get(actor: Actor, id: string): Promise<ProcedureViewDto> {
    const em = this.dataSource.manager;
    const procedure = await em.findOne(ProcedureEntity, { where: { id } });
    if (!procedure || !(await this.access.grantFor(actor.principal, 'unit.read', procedure.unitId, em)))
      throw new AppError('one_stop/procedure_not_found', { id });
    return (await this.views(em, [procedure]))[0];
  }

  async views(em: EntityManager, rows: ProcedureEntity[]): Promise<ProcedureViewDto[]> {
    const names = await this.tree.namesOf(
      rows.map((r) => r.unitId),
      em,
    );
    return rows.map((r) => ({
      id: r.id,
      unit: { id: r.unitId, name: names.get(r.unitId) ?? '' },
      code: r.code,
      name: r.name,
      field: r.field,
      papers: r.papers,
      processingDays: r.processingDays,
      steps: r.steps,
      active: r.active,
      version: r.version,
    }));
  }

  private fields(dto: ProcedureFieldsDto) {
    return {
      name: dto.name.trim(),
      field: dto.field?.trim() ?? '',
      papers: dto.papers.map((p) => ({ name: p.name.trim(), original: p.original, copies: p.copies })),
      processingDays: dto.processingDays,
      steps: dto.steps.map((s) => ({ name: s.name.trim(), unitId: s.unitId, role: s.role, days: s.days })),
    };
  }

  /**
   * The steps fit the legal time, and each is handled by an active unit of the same tree (a ward
   * passes a step to a city department: một cửa liên thông).
   */
  private async checkFields(em: EntityManager, unit: OrgUnitEntity, dto: ProcedureFieldsDto): Promise<void> {
    const total = dto.steps.reduce((sum, s) => sum + s.days, 0);
    if (total > dto.processingDays)
      throw new AppError('one_stop/steps_exceed_time', {
        stepDays: total,
        processingDays: dto.processingDays,
      });
    const [root] = await this.tree.chainAbove(unit.id, em);
    const stepUnits = [...new Set(dto.steps.map((s) => s.unitId))];
    const units = await this.tree.units(stepUnits, em);
    const inTree = new Set((await this.tree.ancestryPairs([root.id], stepUnits, em)).map((p) => p.unitId));
    const bad = stepUnits.find((id) => !units.some((u) => u.id === id && u.active) || !inTree.has(id));
    if (bad) throw new AppError('one_stop/step_unit_invalid', { unitId: bad });
  }
}
