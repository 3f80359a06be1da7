import { Injectable } from '@nestjs/common';
import { CommandContext, CommandRunner } from '@lt/commands';
import { Latenesses } from '@lt/lateness';
import { AuditInput } from '@lt/audit';
import { OutgoingEvent } from '@lt/realtime';
import { In } from 'typeorm';
import { CitizenFileEntity } from './one-stop.entity';
import { CitizenFiles } from './citizen-files';
import { CitizenFileSummaries } from './citizen-file-summaries';
export { lateUnapologised } from './late-unapologised';

/** How many late files one pass of the worker takes. */
const LATE_BATCH = 500;

/** Still with a step to go: a file awaiting papers has its clock stopped, a done one is not late. */
const OPEN_STEP = `state IN ('received', 'processing')`;

/**
 * A citizen's file that misses its appointment (trễ hẹn), through the one lateness mechanism the
 * tasks use (@lt/lateness): it is counted and numbered, it stops — nothing moves it on until the
 * current step's handler files an explanation and an apology letter to the citizen with a new
 * appointment (FileProcessing.apologise) — and a second lateness opens a discipline case for the
 * head of the step's unit, reviewed by the head above (the discipline review, libs/ranking).
 * Run by the worker for every file due, and on demand by the apology for its own file. Rows are
 * claimed with SKIP LOCKED, so two workers never count one appointment twice.
 */
@Injectable()
export class FileLateness {
  constructor(
    private readonly commands: CommandRunner,
    private readonly latenesses: Latenesses,
    private readonly files: CitizenFiles,
    private readonly summaries: CitizenFileSummaries,
  ) {}

  /** The worker's pass: every file past its appointment counted, batch after batch. */
  async run(now: Date): Promise<{ late: number; disciplineCases: number }> {
    let late = 0;
    let disciplineCases = 0;
    for (;;) {
      const marked = await this.commands.change('citizen_file.late', null, (context) =>
        this.markLate(context, now),
      );
      if (marked.length === 0) return { late, disciplineCases };
      late += marked.length;
      disciplineCases += marked.filter((m) => m.disciplineCaseId).length;
    }
  }

  async markLate(
    context: CommandContext,
    now: Date,
    onlyIds?: string[],
  ): Promise<{ fileId: string; latenessNumber: number; disciplineCaseId: string | null }[]> {
    const { em } = context;
    const [marked]: [{ id: string; latenessCount: number; appointmentAt: Date; unitId: string }[], number] =
      await em.query(
        `WITH due AS (
             SELECT id FROM citizen_files
              WHERE ${OPEN_STEP} AND appointment_at <= $1
                AND late_for_appointment IS DISTINCT FROM appointment_at
                AND ($2::uuid[] IS NULL OR id = ANY($2::uuid[]))
              ORDER BY appointment_at LIMIT ${LATE_BATCH}
              FOR UPDATE SKIP LOCKED)
           UPDATE citizen_files f
              SET blocked_since = $1, late_for_appointment = f.appointment_at,
                  lateness_count = f.lateness_count + 1, version = f.version + 1, updated_at = now()
             FROM due WHERE f.id = due.id
           RETURNING f.id, f.lateness_count AS "latenessCount", f.appointment_at AS "appointmentAt",
                     (f.steps -> f.current_step ->> 'unitId')::uuid AS "unitId"`,
        [now, onlyIds ?? null],
      );
    if (marked.length === 0) return [];
    // The step's unit answers: its steps are handled by a role, not a named person.
    const cases = await this.latenesses.record(
      em,
      marked.map((m) => ({
        subjectType: 'citizen_file',
        subjectId: m.id,
        number: m.latenessCount,
        missedDeadline: m.appointmentAt,
        addressedTo: null,
        unitId: m.unitId,
        userId: null,
      })),
      now,
    );
    const files = await em.findBy(CitizenFileEntity, { id: In(marked.map((m) => m.id)) });
    const summaries = await this.summaries.summarise(em, files);
    const events: OutgoingEvent[] = [];
    const audits: AuditInput[] = [];
    for (const file of files) {
      const m = marked.find((x) => x.id === file.id)!;
      audits.push({
        actor: null,
        actingUnitId: m.unitId,
        action: 'citizen_file.late',
        subjectType: 'citizen_file',
        subjectId: file.id,
        after: {
          latenessNumber: m.latenessCount,
          missedAppointment: m.appointmentAt,
          step: file.currentStep,
        },
      });
      events.push({
        name: 'citizen_file.changed',
        payload: {
          file: summaries.get(file.id)!,
          change: 'late',
          step: file.currentStep,
          by: null,
          at: now.toISOString(),
        },
        audience: await this.files.handlers(em, file),
      });
    }
    for (const c of cases) {
      const m = marked.find((x) => x.id === c.subjectId)!;
      audits.push({
        actor: null,
        actingUnitId: c.reviewerUnitId,
        action: 'citizen_file.discipline_case.open',
        subjectType: 'discipline_case',
        subjectId: c.id,
        after: { citizenFileId: c.subjectId, latenessNumber: m.latenessCount },
      });
      events.push({
        name: 'citizen_file.discipline_case',
        payload: {
          caseId: c.id,
          file: summaries.get(c.subjectId)!,
          latenessNumber: m.latenessCount,
          unitId: m.unitId,
        },
        audience: c.reviewers,
      });
    }
    await context.audit(...audits);
    await context.emit(...events);
    return marked.map((m) => ({
      fileId: m.id,
      latenessNumber: m.latenessCount,
      disciplineCaseId: cases.find((c) => c.subjectId === m.id)?.id ?? null,
    }));
  }
}
