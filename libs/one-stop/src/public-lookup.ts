import { Injectable } from '@nestjs/common';
import { latenessesOf } from '@lt/lateness';
import { InjectDataSource } from '@nestjs/typeorm';
import { AppError } from '@lt/common';
import { CommandRunner } from '@lt/commands';
import { OrgTreeService } from '@lt/org';
import { DataSource } from 'typeorm';
import type { PublicFileStatusDto, RatingDto } from './one-stop.dto';
import { CitizenLimits } from './citizen-limits';
import {
  CitizenFileEntity,
  CitizenFileRatingEntity,
  ProcedureEntity,
  SATISFACTION_QUESTIONS,
  type SatisfactionQuestion,
} from './one-stop.entity';

/**
 * A citizen looks up their file with the code and the PIN printed on the receipt, without an
 * account: where the file stands, the apology letters sent them, nothing personal; once the
 * result is handed back, they rate the service, once. Limited by CitizenLimits.
 */
@Injectable()
export class PublicLookup {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tree: OrgTreeService,
    private readonly limits: CitizenLimits,
    private readonly commands: CommandRunner,
  ) {}

  private async fileFor(code: string, pin: string, address: string | undefined): Promise<CitizenFileEntity> {
    await this.limits.request(address);
    return this.limits.second(
      code,
      async () => {
        const file = await this.dataSource.manager.findOne(CitizenFileEntity, { where: { code } });
        return file && Object.assign(file, { pinOf: file.lookupPin });
      },
      pin,
      () => new AppError('one_stop/lookup_not_found'),
    );
  }

  async status(code: string, pin: string, address: string | undefined): Promise<PublicFileStatusDto> {
    const file = await this.fileFor(code, pin, address);
    const procedure = await this.dataSource.manager.findOneByOrFail(ProcedureEntity, {
      id: file.procedureId,
    });
    const names = await this.tree.namesOf([file.unitId, ...file.steps.map((s) => s.unitId)]);
    return {
      code: file.code,
      unit: names.get(file.unitId) ?? '',
      procedure: { code: procedure.code, name: procedure.name },
      state: file.state,
      receivedAt: file.receivedAt.toISOString(),
      appointmentAt: file.appointmentAt.toISOString(),
      steps: file.steps.map((s) => ({
        name: s.name,
        unit: names.get(s.unitId) ?? '',
        dueDay: s.dueDay,
        done: s.doneAt !== undefined,
      })),
      pauseReason: file.state === 'awaiting_papers' ? file.pauseReason : null,
      mayRate:
        file.state === 'returned' &&
        !(await this.dataSource.manager.exists(CitizenFileRatingEntity, { where: { fileId: file.id } })),
      // The letters addressed to the citizen; the explanation is the leaders' and stays inside.
      apologies: (await latenessesOf(this.dataSource.manager, 'citizen_file', [file.id]))
        .filter((l) => l.filedAt !== null)
        .map((l) => ({
          number: l.number,
          missedAppointment: l.missedDeadline.toISOString(),
          apology: l.apology!,
          newAppointmentAt: l.newDueAt!.toISOString(),
          filedAt: l.filedAt!.toISOString(),
        })),
    };
  }

  /**
   * The satisfaction survey: once the result is handed back (409 one_stop/not_returned before),
   * one response per file (409 one_stop/already_rated), scores 1..5 per question.
   */
  async rate(
    code: string,
    dto: RatingDto,
    address: string | undefined,
    now = new Date(),
  ): Promise<{ ratedAt: string }> {
    const file = await this.fileFor(code, dto.pin, address);
    if (file.state !== 'returned') throw new AppError('one_stop/not_returned');
    const scores = Object.fromEntries(SATISFACTION_QUESTIONS.map((q) => [q, dto.scores[q]])) as Record<
      SatisfactionQuestion,
      number
    >;
    return this.commands.change('citizen_file.rate', null, async ({ em, audit }) => {
      const inserted: unknown[] = await em.query(
        `INSERT INTO citizen_file_ratings (file_id, unit_id, scores, comment, rated_at)
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (file_id) DO NOTHING RETURNING file_id`,
        [file.id, file.unitId, JSON.stringify(scores), dto.comment?.trim() || null, now],
      );
      if (inserted.length === 0) throw new AppError('one_stop/already_rated');
      // The scores, not the comment: a citizen's words may name them.
      await audit({
        actor: null,
        actingUnitId: file.unitId,
        action: 'citizen_file.rate',
        subjectType: 'citizen_file',
        subjectId: file.id,
        after: { scores },
      });
      return { ratedAt: now.toISOString() };
    });
  }
}
