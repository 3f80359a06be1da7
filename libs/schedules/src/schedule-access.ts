import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AccessService, ActingPosition, headingPositionFor, Principal, roleGrants } from '@lt/access';
import { AppError } from '@lt/common';
import { OrgTreeService } from '@lt/org';
import { DataSource, EntityManager } from 'typeorm';
import { WorkScheduleEntity } from './work-schedule.entity';

/**
 * Who may do what with a unit's work schedule (lịch công tác). Drafting: its own leaders and
 * clerks, and those of the departments directly under it (the office, văn phòng, drafts the
 * leaders' week). Publishing: its head. Reading a published one: everyone with
 * a position in the unit or below it (people follow the schedules of their unit and of the
 * units above), and the leaders above it. A draft: its drafters and publisher only; for
 * anyone else a schedule they may not read does not exist (404).
 */
@Injectable()
export class ScheduleAccess {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: AccessService,
    private readonly tree: OrgTreeService,
  ) {}

  /**
   * Drafting a unit's schedule: a position granting `schedule.draft` (its leaders, its clerks)
   * in the unit itself, or in a department directly under it (its office: văn phòng).
   */
  async mayDraft(principal: Principal, unitId: string, em: EntityManager = this.dataSource.manager) {
    const drafting = principal.positions.filter((p) => roleGrants(p.role, 'schedule.draft') !== null);
    if (drafting.some((p) => p.unitId === unitId)) return true;
    if (drafting.length === 0) return false;
    const units = await this.tree.units(
      drafting.map((p) => p.unitId),
      em,
    );
    return units.some((u) => u.parentId === unitId && u.kind === 'department');
  }

  /** The head's post to publish with: their own, or one delegated with `schedule.publish` (Q., TUQ.). */
  publishingPosition(principal: Principal, unitId: string): ActingPosition | null {
    return headingPositionFor(principal, 'schedule.publish', unitId);
  }

  mayPublish(principal: Principal, unitId: string): boolean {
    return this.publishingPosition(principal, unitId) !== null;
  }

  async mayRead(
    principal: Principal,
    schedule: WorkScheduleEntity,
    em: EntityManager = this.dataSource.manager,
  ) {
    if (schedule.state === 'draft') return this.mayDraft(principal, schedule.unitId, em);
    return this.followsUnit(principal, schedule.unitId, em);
  }

  /** Whether the unit's published schedules are the principal's to read. */
  async followsUnit(principal: Principal, unitId: string, em: EntityManager = this.dataSource.manager) {
    const own = principal.positions.map((p) => p.unitId);
    if ((await this.tree.ancestryPairs([unitId], own, em)).length > 0) return true;
    return (await this.access.grantFor(principal, 'unit.read', unitId, em)) !== null;
  }

  /** The schedule, if the principal may read it (locked for update with `lock`). */
  async requireReadable(
    principal: Principal,
    id: string,
    em: EntityManager = this.dataSource.manager,
    lock = false,
  ): Promise<WorkScheduleEntity> {
    const schedule = await em.findOne(WorkScheduleEntity, {
      where: { id },
      ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
    if (!schedule || !(await this.mayRead(principal, schedule, em)))
      throw new AppError('schedule/not_found', { id });
    return schedule;
  }
}
