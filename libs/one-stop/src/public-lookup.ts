import { Injectable } from '@nestjs/common';
import { latenessesOf } from '@lt/lateness';
import { InjectDataSource } from '@nestjs/typeorm';
import { AppError } from '@lt/common';
import { AppConfig } from '@lt/config';
import { OrgTreeService } from '@lt/org';
import { timingSafeEqual } from 'node:crypto';
import { RateLimiterMemory } from 'rate-limiter-flexible';
import { consumeOrRefuse, rateLimited } from '@lt/auth';
import { DataSource } from 'typeorm';
import type { PublicFileStatusDto } from './one-stop.dto';
import { CitizenFileEntity, ProcedureEntity } from './one-stop.entity';

const LOOKUP = (per: 'address' | 'code') => ({ kind: 'file_lookup', per });

/**
 * A citizen looks up their file with the code and the PIN printed on the receipt, without an
 * account. It answers where the file stands and nothing personal; a wrong code and a wrong
 * PIN get the same answer; lookups are limited per address, and wrong PINs per code (across
 * addresses) so the six digits cannot be tried out. Limits live in this instance's memory.
 */
@Injectable()
export class PublicLookup {
  private readonly perAddress: RateLimiterMemory;
  private readonly wrongPins: RateLimiterMemory;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tree: OrgTreeService,
    config: AppConfig,
  ) {
    this.perAddress = new RateLimiterMemory({
      points: config.ONE_STOP_LOOKUPS_PER_MINUTE,
      duration: 60,
      keyPrefix: 'lookup',
    });
    this.wrongPins = new RateLimiterMemory({
      points: config.ONE_STOP_WRONG_PINS_PER_HOUR,
      duration: 3600,
      keyPrefix: 'lookup-pin',
    });
  }

  async status(code: string, pin: string, address: string | undefined): Promise<PublicFileStatusDto> {
    await consumeOrRefuse(this.perAddress, address ?? 'unknown', LOOKUP('address'));
    const locked = await this.wrongPins.get(code);
    if (locked && locked.remainingPoints <= 0) throw rateLimited(locked, LOOKUP('code'));
    const file = await this.dataSource.manager.findOne(CitizenFileEntity, { where: { code } });
    if (!file || !samePin(file.lookupPin, pin)) {
      // Counted for codes that exist and codes that do not alike: the answer tells nothing.
      await consumeOrRefuse(this.wrongPins, code, LOOKUP('code'));
      throw new AppError('one_stop/lookup_not_found');
    }
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
}

function samePin(stored: string, given: string): boolean {
  const a = Buffer.from(stored);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}
