import { Injectable } from '@nestjs/common';
import { CommandRunner } from '@lt/commands';
import { AppConfig } from '@lt/config';

/** How many files one pass of the worker masks. */
const MASK_BATCH = 500;

/**
 * Personal data is kept no longer than it serves (Nghị định 13/2023/NĐ-CP): once a file's result
 * has been handed back for ONE_STOP_PERSONAL_DATA_DAYS, the worker masks the applicant's name,
 * phone, e-mail and ID number. The file, its procedure, dates and steps stay for the figures;
 * each masking is audited. Rows are claimed with SKIP LOCKED, so two workers never both mask one.
 */
@Injectable()
export class PersonalDataRetention {
  constructor(
    private readonly commands: CommandRunner,
    private readonly config: AppConfig,
  ) {}

  async run(now: Date): Promise<number> {
    const before = new Date(now.getTime() - this.config.ONE_STOP_PERSONAL_DATA_DAYS * 86_400_000);
    return this.commands.change('citizen_file.mask', null, async ({ em, audit }) => {
      // A returned file changes no more: its last change is the hand-back.
      const [masked]: [{ id: string; unitId: string }[], number] = await em.query(
        `WITH due AS (
           SELECT id FROM citizen_files
            WHERE state = 'returned' AND masked_at IS NULL AND updated_at < $1
            ORDER BY updated_at LIMIT ${MASK_BATCH} FOR UPDATE SKIP LOCKED)
         UPDATE citizen_files f
            SET applicant_name = '', applicant_phone = NULL, applicant_email = NULL,
                applicant_id_number = NULL, masked_at = $2
           FROM due WHERE f.id = due.id
         RETURNING f.id, f.unit_id AS "unitId"`,
        [before, now],
      );
      for (const file of masked)
        await audit({
          actor: null,
          actingUnitId: file.unitId,
          action: 'citizen_file.mask',
          subjectType: 'citizen_file',
          subjectId: file.id,
          after: { maskedAt: now, retentionDays: this.config.ONE_STOP_PERSONAL_DATA_DAYS },
        });
      return masked.length;
    });
  }
}
