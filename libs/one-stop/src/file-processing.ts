import { Injectable } from '@nestjs/common';
import { AccessService, Actor, isLeadingRole } from '@lt/access';
import { CommandContext, CommandRunner } from '@lt/commands';
import { AppError } from '@lt/common';
import { requireVersion } from '@lt/database';
import { Latenesses } from '@lt/lateness';
import type { CitizenFileChange, CitizenFileState } from './one-stop-events';
import type { ApologyDto, CitizenFileViewDto, RequestPapersDto } from './one-stop.dto';
import { FileLateness, lateUnapologised } from './file-lateness';
import { CitizenFileEntity, PlannedStep } from './one-stop.entity';
import { CitizenFiles } from './citizen-files';
import { CitizenFileSummaries } from './citizen-file-summaries';
import { PublicHolidays } from './public-holidays';
import { dueAt, isWorkingDay, planSteps, vietnamDay, workingDaysBetween } from './working-days';

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
    private readonly files: CitizenFiles,
    private readonly holidays: PublicHolidays,
    private readonly summaries: CitizenFileSummaries,
    private readonly lateness: FileLateness,
    private readonly latenesses: Latenesses,
  ) {}

  /** The current step done, by one holding its role in its unit (or leading that unit). */
  stepDone(actor: Actor, id: string, version: number, now = new Date()): Promise<CitizenFileViewDto> {
    return this.change(actor, id, version, 'citizen_file.step_done', (file) => {
      if (!IN_STEP.includes(file.state)) throw new AppError('one_stop/wrong_state', { state: file.state });
      this.requireApologised(file, now);
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
    return this.change(actor, id, dto.version, 'citizen_file.papers_requested', async (file, { em }) => {
      if (!IN_STEP.includes(file.state)) throw new AppError('one_stop/wrong_state', { state: file.state });
      this.requireApologised(file, now);
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
    return this.change(actor, id, version, 'citizen_file.papers_received', async (file, { em }) => {
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

  /**
   * The one thing a late file accepts (the tasks' gate, through the same lateness mechanism):
   * the current step's handler files an explanation and an apology letter to the citizen
   * (Circular 01/2018, form 04: phiếu xin lỗi và hẹn lại ngày trả kết quả) with a new appointment,
   * a working day after today. The steps left are planned again, none due after the new
   * appointment, and the file moves on from there; missing that one too is its second lateness.
   */
  apologise(actor: Actor, id: string, dto: ApologyDto, now = new Date()): Promise<CitizenFileViewDto> {
    return this.change(actor, id, dto.version, 'citizen_file.apologised', async (file, context) => {
      const { em } = context;
      if (!IN_STEP.includes(file.state)) throw new AppError('one_stop/not_late');
      this.requireHandler(actor, file.steps[file.currentStep]);
      // Late but not yet counted by the worker: counted now, in this transaction.
      if (file.blockedSince === null && lateUnapologised(file, now)) {
        await this.lateness.markLate(context, now, [file.id]);
        Object.assign(file, await em.findOneByOrFail(CitizenFileEntity, { id: file.id }));
      }
      if (file.blockedSince === null) throw new AppError('one_stop/not_late');
      const holidays = await this.holidays.ahead(em, now);
      const day = dto.newAppointment;
      if (day <= vietnamDay(now) || !isWorkingDay(day, holidays))
        throw new AppError('one_stop/bad_new_appointment', { newAppointment: day });
      const newDueAt = dueAt(day);
      await this.latenesses.file(
        em,
        { subjectType: 'citizen_file', subjectId: file.id, number: file.latenessCount },
        { explanation: dto.explanation.trim(), apology: dto.apology.trim(), newDueAt },
        actor.principal.userId,
        now,
      );
      const left = planSteps(file.steps.slice(file.currentStep), now, holidays);
      file.steps = [
        ...file.steps.slice(0, file.currentStep),
        ...left.map((s) => ({ ...s, dueDay: s.dueDay > day ? day : s.dueDay })),
      ];
      const before = file.appointmentAt;
      file.appointmentAt = newDueAt;
      file.blockedSince = null;
      return {
        change: 'apologised',
        step: file.currentStep,
        after: { latenessNumber: file.latenessCount, appointmentBefore: before, appointmentAt: newDueAt },
      };
    });
  }

  /** The result given to the citizen, at the counter. */
  handBack(actor: Actor, id: string, version: number): Promise<CitizenFileViewDto> {
    return this.change(actor, id, version, 'citizen_file.handed_back', async (file, { em }) => {
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
    move: (file: CitizenFileEntity, context: CommandContext) => Move | Promise<Move>,
  ): Promise<CitizenFileViewDto> {
    return this.commands.change(action, actor, async (context) => {
      const { em, audit, emit } = context;
      const file = await em.findOne(CitizenFileEntity, {
        where: { id },
        lock: { mode: 'pessimistic_write' },
      });
      if (!file || !(await this.files.mayRead(actor.principal, file, em)))
        throw new AppError('one_stop/file_not_found', { id });
      requireVersion(file, version);
      const before = file.state;
      const { change, step, after } = await move(file, context);
      const saved = await em.save(file);
      const by = { id: actor.principal.userId, fullName: actor.principal.fullName };
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
          file: (await this.summaries.summarise(em, [saved])).get(saved.id)!,
          change,
          step,
          by,
          at: new Date().toISOString(),
        },
        audience: (await this.files.handlers(em, saved)).filter((u) => u !== actor.principal.userId),
      });
      return this.files.viewOf(em, saved.id);
    });
  }

  private requireApologised(file: CitizenFileEntity, now: Date): void {
    if (lateUnapologised(file, now))
      throw new AppError('one_stop/late_requires_apology', {
        appointmentAt: file.appointmentAt.toISOString(),
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
}
