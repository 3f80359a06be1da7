import { Injectable } from '@nestjs/common';
import { latenessesOf } from '@lt/lateness';
import { InjectDataSource } from '@nestjs/typeorm';
import { AccessService, Actor, Principal } from '@lt/access';
import { CommandRunner } from '@lt/commands';
import { AppError } from '@lt/common';
import { OrgTreeService } from '@lt/org';
import { PeopleService } from '@lt/people';
import { randomInt } from 'node:crypto';
import { DataSource, EntityManager, In } from 'typeorm';
import type { CitizenFileViewDto, ReceiveFileDto } from './one-stop.dto';
import { CitizenFileEntity, PlannedStep, ProcedureEntity } from './one-stop.entity';
import { ProcedureCatalogue } from './procedure-catalogue';
import { CitizenFileSummaries } from './citizen-file-summaries';
import { lateUnapologised } from './late-unapologised';
import { PublicHolidays } from './public-holidays';
import { dueAt, planSteps, vietnamDay, workingDaysAfter, yearsBetween } from './working-days';

/** A paper's identity when checking that every paper asked for was received. */
const paperKey = (name: string) => name.normalize('NFC').trim().toLocaleLowerCase('vi');

/**
 * The one-stop counter (bộ phận tiếp nhận và trả kết quả): receiving a citizen's file gives it
 * its code, the appointment from the procedure's legal time in working days, and each step's
 * deadline, in one command; reading a file (with the applicant's personal data) is for those
 * who handle it: the people of the receiving unit and of the steps' units, and leaders above.
 */
@Injectable()
export class CitizenFiles {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly commands: CommandRunner,
    private readonly access: AccessService,
    private readonly tree: OrgTreeService,
    private readonly people: PeopleService,
    private readonly holidays: PublicHolidays,
    private readonly catalogue: ProcedureCatalogue,
    private readonly summaries: CitizenFileSummaries,
  ) {}

  receive(
    actor: Actor,
    dto: ReceiveFileDto,
    idempotencyKey?: string,
    now = new Date(),
  ): Promise<CitizenFileViewDto> {
    return this.commands.run({
      name: 'citizen_file.receive',
      actor,
      idempotency: {
        key: idempotencyKey,
        request: dto,
        conflict: 'one_stop/idempotency_conflict',
        reread: (first, em) => this.viewOf(em, first.id),
      },
      run: async ({ em, audit, emit }) => {
        const procedure = await em.findOne(ProcedureEntity, { where: { id: dto.procedureId } });
        if (!procedure || !(await this.access.grantFor(actor.principal, 'unit.read', procedure.unitId, em)))
          throw new AppError('one_stop/procedure_not_found', { id: dto.procedureId });
        const grant = await this.access.require(
          actor.principal,
          'citizen_file.receive',
          procedure.unitId,
          em,
        );
        if (!procedure.active) throw new AppError('one_stop/procedure_inactive', { id: procedure.id });
        if (!dto.applicant.phone && !dto.applicant.email) throw new AppError('one_stop/contact_required');
        const received = new Set(dto.papers.map((p) => paperKey(p.name)));
        const missing = procedure.papers.filter((p) => !received.has(paperKey(p.name))).map((p) => p.name);
        if (missing.length > 0) throw new AppError('one_stop/papers_missing', { missing });

        const unit = await this.tree.requireUnit(procedure.unitId, em);
        if (!unit.active) throw new AppError('org/unit_inactive', { unitId: unit.id });
        // The plan: each step due at the end of its share of the working days, the file at the end of the legal time.
        const today = vietnamDay(now);
        const off = await this.holidays.ahead(em, now);
        const steps: PlannedStep[] = planSteps(procedure.steps, now, off);
        const appointment = workingDaysAfter(now, procedure.processingDays, off);
        const [{ last }]: { last: number }[] = await em.query(
          `INSERT INTO citizen_file_counters AS c (unit_id, day, last) VALUES ($1, $2, 1)
           ON CONFLICT (unit_id, day) DO UPDATE SET last = c.last + 1 RETURNING c.last`,
          [unit.id, today],
        );
        const code = `${unit.organId}-${today.slice(2).replaceAll('-', '')}-${String(last).padStart(4, '0')}`;
        const saved = await em.save(
          CitizenFileEntity,
          em.create(CitizenFileEntity, {
            code,
            unitId: unit.id,
            procedureId: procedure.id,
            applicantName: dto.applicant.fullName.trim(),
            applicantPhone: dto.applicant.phone ?? null,
            applicantEmail: dto.applicant.email?.toLowerCase() ?? null,
            applicantIdNumber: dto.applicant.idNumber ?? null,
            papers: dto.papers.map((p) => ({ name: p.name.trim(), original: p.original, copies: p.copies })),
            steps,
            state: 'received',
            receivedBy: actor.principal.userId,
            receivedAt: now,
            appointmentAt: dueAt(appointment),
            lookupPin: String(randomInt(0, 1_000_000)).padStart(6, '0'),
            maskedAt: null,
          }),
        );
        // The audit keeps what was received, not who brought it: personal data stays in one place.
        await audit({
          actor,
          actingUnitId: grant.unitId,
          action: 'citizen_file.receive',
          subjectType: 'citizen_file',
          subjectId: saved.id,
          after: {
            code,
            procedureId: procedure.id,
            papers: saved.papers.length,
            appointmentAt: saved.appointmentAt,
          },
        });
        await emit({
          name: 'citizen_file.received',
          payload: {
            file: (await this.summaries.summarise(em, [saved])).get(saved.id)!,
          },
          audience: await this.handlers(em, saved),
        });
        return this.viewOf(em, saved.id);
      },
    });
  }

  async view(actor: Actor, id: string): Promise<CitizenFileViewDto> {
    const em = this.dataSource.manager;
    const file = await em.findOne(CitizenFileEntity, { where: { id } });
    if (!file || !(await this.mayRead(actor.principal, file, em)))
      throw new AppError('one_stop/file_not_found', { id });
    return this.viewOf(em, id);
  }

  /** The files a unit's counter received, newest first (the counter's own list). */
  async list(actor: Actor, unitId: string): Promise<CitizenFileViewDto[]> {
    const em = this.dataSource.manager;
    await this.tree.requireUnit(unitId, em);
    await this.access.require(actor.principal, 'citizen_file.read', unitId, em);
    const files = await em.find(CitizenFileEntity, {
      where: { unitId },
      order: { receivedAt: 'DESC', id: 'ASC' },
      take: 200,
    });
    return this.views(em, files);
  }

  /** Whoever handles it: `citizen_file.read` over the receiving unit or one of its steps' units. */
  async mayRead(principal: Principal, file: CitizenFileEntity, em: EntityManager): Promise<boolean> {
    const units = [...new Set([file.unitId, ...file.steps.map((s) => s.unitId)])];
    return (await this.access.grantsFor(principal, 'citizen_file.read', units, em)).size > 0;
  }

  /** Who is told of the file live: the counter staff and the handlers of its steps' units. */
  async handlers(em: EntityManager, file: CitizenFileEntity): Promise<string[]> {
    const units = [...new Set([file.unitId, ...file.steps.map((s) => s.unitId)])];
    const holders = await this.people.positionHolders(units, { enabledOnly: true }, em);
    return [...new Set(holders.map((h) => h.userId))];
  }

  async viewOf(em: EntityManager, id: string): Promise<CitizenFileViewDto> {
    return (await this.views(em, [await em.findOneByOrFail(CitizenFileEntity, { id })]))[0];
  }

  /** The views of `files`, each name and procedure asked once for them all. */
  private async views(em: EntityManager, files: CitizenFileEntity[]): Promise<CitizenFileViewDto[]> {
    if (files.length === 0) return [];
    const procedures = await em.findBy(ProcedureEntity, {
      id: In([...new Set(files.map((f) => f.procedureId))]),
    });
    const procedureViews = new Map((await this.catalogue.views(em, procedures)).map((p) => [p.id, p]));
    const names = await this.tree.namesOf(
      files.flatMap((f) => [f.unitId, ...f.steps.map((s) => s.unitId)]),
      em,
    );
    const latenesses = await latenessesOf(
      em,
      'citizen_file',
      files.map((f) => f.id),
    );
    const receivers = await this.people.namesOf(
      [
        ...new Set([
          ...files.flatMap((f) => [f.receivedBy, ...f.steps.flatMap((s) => (s.doneBy ? [s.doneBy] : []))]),
          ...latenesses.flatMap((l) => (l.filedBy ? [l.filedBy] : [])),
        ]),
      ],
      em,
    );
    const now = new Date();
    const days = files.flatMap((f) => [vietnamDay(f.receivedAt), vietnamDay(f.appointmentAt)]).sort();
    const { yearsMissing } = await this.holidays.between(em, days[0], days[days.length - 1]);
    return files.map((file) => {
      const spanned = yearsBetween(vietnamDay(file.receivedAt), vietnamDay(file.appointmentAt));
      return {
        id: file.id,
        code: file.code,
        lookupPin: file.lookupPin,
        unit: { id: file.unitId, name: names.get(file.unitId) ?? '' },
        procedure: procedureViews.get(file.procedureId)!,
        applicant: file.maskedAt
          ? null
          : {
              fullName: file.applicantName,
              phone: file.applicantPhone,
              email: file.applicantEmail,
              idNumber: file.applicantIdNumber,
            },
        papers: file.papers,
        steps: file.steps.map((s, i) => ({
          name: s.name,
          unitId: s.unitId,
          role: s.role,
          days: s.days,
          dueDay: s.dueDay,
          unit: { id: s.unitId, name: names.get(s.unitId) ?? '' },
          doneAt: s.doneAt ?? null,
          doneBy: s.doneBy ? { id: s.doneBy, fullName: receivers.get(s.doneBy) ?? '' } : null,
          late:
            s.late ?? (i === file.currentStep && file.state !== 'awaiting_papers' && now > dueAt(s.dueDay)),
        })),
        state: file.state,
        currentStep: file.currentStep,
        pauseReason: file.pauseReason,
        receivedBy: { id: file.receivedBy, fullName: receivers.get(file.receivedBy) ?? '' },
        receivedAt: file.receivedAt.toISOString(),
        appointmentAt: file.appointmentAt.toISOString(),
        holidaysMissing: yearsMissing.filter((y) => spanned.includes(y)),
        latenesses: latenesses
          .filter((l) => l.subjectId === file.id)
          .map((l) => ({
            number: l.number,
            missedAppointment: l.missedDeadline.toISOString(),
            lateAt: l.overdueAt.toISOString(),
            explanation: l.explanation,
            apology: l.apology,
            newAppointmentAt: l.newDueAt?.toISOString() ?? null,
            filedBy: l.filedBy ? { id: l.filedBy, fullName: receivers.get(l.filedBy) ?? '' } : null,
            filedAt: l.filedAt?.toISOString() ?? null,
          })),
        awaitingApology: lateUnapologised(file, now),
        version: file.version,
      };
    });
  }
}
