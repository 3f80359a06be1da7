import { Injectable } from '@nestjs/common';
import { AccessService, Actor, isLeadingRole } from '@lt/access';
import { CommandContext, CommandRunner } from '@lt/commands';
import { AppError } from '@lt/common';
import { requireVersion } from '@lt/database';
import { OrgTreeService } from '@lt/org';
import type { CitizenFileChange, CitizenFileState, CitizenFileSummary } from './one-stop-events';
import type { CitizenFileViewDto, RequestPapersDto } from './one-stop.dto';
import { CitizenFileEntity, PlannedStep, ProcedureEntity } from './one-stop.entity';
import { CitizenFiles } from './citizen-files';
import { PublicHolidays } from './public-holidays';
import { dueAt, planSteps, vietnamDay, workingDaysBetween } from './working-days';

const IN_STEP: readonly CitizenFileState[] = ['received', 'processing'];

/** What a move did: the event's change, the step it concerns, and what the audit adds. */
interface Move {
  change: CitizenFileChange;
  step: number;
  after: Record<string, unknown>;
}

/**
 * A citizen's file moving through its steps (một cửa liên thông), each move one command with its
 * audit entry and `citizen_file.changed` to the handlers: the step's handler marks it done and
 * the next unit has it; a handler or the counter returns it to the citizen for papers (the
 * clock stops, the reason is the citizen's to read); the counter takes the papers (the clock
 * runs again: the steps left and the appointment are re-planned from then); the counter hands
 * the result back.
 */
@Injectable()
export class FileProcessing {
  constructor(
    private readonly commands: CommandRunner,
    private readonly access: AccessService,
    private readonly tree: OrgTreeService,
    private readonly files: CitizenFiles,
    private readonly holidays: PublicHolidays,
  ) {}

  /** The current step done, by one holding its role in its unit (or leading that unit). */
  stepDone(actor: Actor, id: string, version: number, now = new Date()): Promise<CitizenFileViewDto> {
    return this.change(actor, id, version, 'citizen_file.step_done', (file) => {
      if (!IN_STEP.includes(file.state)) throw new AppError('one_stop/wrong_state', { state: file.state });
      const step = file.steps[file.currentStep];
      this.requireHandler(actor, step);
      file.steps = file.steps.map((s, i) =>
        i === file.currentStep
          ? { ...s, doneBy: actor.principal.userId, doneAt: now.toISOString(), late: now > dueAt(s.dueDay) }
          : s,
      );
      const step0 = file.currentStep;
      file.currentStep += 1;
      file.state = file.currentStep === file.steps.length ? 'done' : 'processing';
      return {
        change: file.state === 'done' ? 'done' : 'step_done',
        step: step0,
        after: { late: now > dueAt(step.dueDay) },
      };
    });
  }

  /** Back to the citizen for more papers: the clock stops with the current step's working days left. */
  requestPapers(
    actor: Actor,
    id: string,
    dto: RequestPapersDto,
    now = new Date(),
  ): Promise<CitizenFileViewDto> {
    return this.change(actor, id, dto.version, 'citizen_file.papers_requested', async (file, em) => {
      if (!IN_STEP.includes(file.state)) throw new AppError('one_stop/wrong_state', { state: file.state });
      const step = file.steps[file.currentStep];
      if (!this.handles(actor, step)) await this.requireCounter(actor, file, em);
      const { days } = await this.holidays.between(em, vietnamDay(now), step.dueDay);
      file.daysLeft = workingDaysBetween(vietnamDay(now), step.dueDay, days);
      file.state = 'awaiting_papers';
      file.papersRequests += 1;
      file.pausedAt = now;
      file.pauseReason = dto.reason.trim();
      return { change: 'papers_requested', step: file.currentStep, after: { daysLeft: file.daysLeft } };
    });
  }

  /**
   * The papers brought, at the counter: the clock runs again from now, the current step with the
   * days it had left (at least one), the steps after it with theirs; the appointment moves with them.
   */
  papersReceived(actor: Actor, id: string, version: number, now = new Date()): Promise<CitizenFileViewDto> {
    return this.change(actor, id, version, 'citizen_file.papers_received', async (file, em) => {
      if (file.state !== 'awaiting_papers') throw new AppError('one_stop/wrong_state', { state: file.state });
      await this.requireCounter(actor, file, em);
      const left = file.steps.slice(file.currentStep);
      file.steps = [
        ...file.steps.slice(0, file.currentStep),
        ...planSteps(
          left,
          now,
          await this.holidays.ahead(em, now),
          Math.max(1, file.daysLeft ?? left[0].days),
        ),
      ];
      const before = file.appointmentAt;
      const last = file.steps[file.steps.length - 1].dueDay;
      if (dueAt(last) > file.appointmentAt) file.appointmentAt = dueAt(last);
      file.state = 'processing';
      file.pausedAt = null;
      file.pauseReason = null;
      file.daysLeft = null;
      return {
        change: 'papers_received',
        step: file.currentStep,
        after: { appointmentBefore: before, appointmentAt: file.appointmentAt },
      };
    });
  }

  /** The result given to the citizen, at the counter. */
  handBack(actor: Actor, id: string, version: number): Promise<CitizenFileViewDto> {
    return this.change(actor, id, version, 'citizen_file.handed_back', async (file, em) => {
      if (file.state !== 'done') throw new AppError('one_stop/wrong_state', { state: file.state });
      await this.requireCounter(actor, file, em);
      file.state = 'returned';
      return { change: 'handed_back', step: file.steps.length - 1, after: {} };
    });
  }

  /**
   * The frame of every move: lock the file, 404 for whoever may not read it, the version, the
   * move, then save, audit and tell the handlers in the same transaction.
   */
  private change(
    actor: Actor,
    id: string,
    version: number,
    action: string,
    move: (file: CitizenFileEntity, em: CommandContext['em']) => Move | Promise<Move>,
  ): Promise<CitizenFileViewDto> {
    return this.commands.change(action, actor, async ({ em, audit, emit }) => {
      const file = await em.findOne(CitizenFileEntity, {
        where: { id },
        lock: { mode: 'pessimistic_write' },
      });
      if (!file || !(await this.files.mayRead(actor.principal, file, em)))
        throw new AppError('one_stop/file_not_found', { id });
      requireVersion(file, version);
      const before = file.state;
      const { change, step, after } = await move(file, em);
      const saved = await em.save(file);
      await audit({
        actor,
        actingUnitId: file.steps[Math.min(step, file.steps.length - 1)]?.unitId ?? file.unitId,
        action,
        subjectType: 'citizen_file',
        subjectId: file.id,
        before: { state: before },
        after: { state: saved.state, step, ...after },
      });
      await emit({
        name: 'citizen_file.changed',
        payload: {
          file: await this.summary(em, saved),
          change,
          step,
          by: { id: actor.principal.userId, fullName: actor.principal.fullName },
          at: new Date().toISOString(),
        },
        audience: (await this.files.handlers(em, saved)).filter((u) => u !== actor.principal.userId),
      });
      return this.files.viewOf(em, saved.id);
    });
  }

  private handles(actor: Actor, step: PlannedStep): boolean {
    return actor.principal.positions.some(
      (p) => p.unitId === step.unitId && (p.role === step.role || isLeadingRole(p.role)),
    );
  }

  private requireHandler(actor: Actor, step: PlannedStep): void {
    if (!this.handles(actor, step))
      throw new AppError('one_stop/not_step_handler', { unitId: step.unitId, role: step.role });
  }

  private async requireCounter(
    actor: Actor,
    file: CitizenFileEntity,
    em: CommandContext['em'],
  ): Promise<void> {
    if (!(await this.access.grantFor(actor.principal, 'citizen_file.receive', file.unitId, em)))
      throw new AppError('one_stop/not_counter', { unitId: file.unitId });
  }

  private async summary(em: CommandContext['em'], file: CitizenFileEntity): Promise<CitizenFileSummary> {
    const procedure = await em.findOneByOrFail(ProcedureEntity, { id: file.procedureId });
    const unit = await this.tree.requireUnit(file.unitId, em);
    return {
      id: file.id,
      code: file.code,
      unit: { id: unit.id, name: unit.name },
      procedure: { id: procedure.id, code: procedure.code, name: procedure.name },
      state: file.state,
      receivedAt: file.receivedAt.toISOString(),
      appointmentAt: file.appointmentAt.toISOString(),
    };
  }
}
