import { Injectable } from '@nestjs/common';
import { CommandRunner } from '@lt/commands';
import { AppConfig } from '@lt/config';
import { updatedRows } from '@lt/database';

/** How many files one pass of the worker masks. */
const MASK_BATCH = 500;

/**
 * Personal data is kept no longer than it serves (Nghị định 13/2023/NĐ-CP): once a file's result
 * has been handed back for ONE_STOP_PERSONAL_DATA_DAYS, the worker masks the applicant's name,
 * phone, e-mail and ID number. The same period then clears what citizens wrote about themselves
 * elsewhere: a feedback sender's optional name and phone once it was answered, and a survey's
 * free comment once it was given (its scores stay). The file, its procedure, dates and steps,
 * the feedback and its answer stay for the figures; each masking is audited. Rows are claimed
 * with SKIP LOCKED, so two workers never both mask one.
 */
@Injectable()
export class PersonalDataRetention {
  constructor(
    private readonly commands: CommandRunner,
    private readonly config: AppConfig,
  ) {}

  /** How many rows were masked: files, feedback contacts and survey comments. */
  async run(now: Date): Promise<number> {
    const before = new Date(now.getTime() - this.config.ONE_STOP_PERSONAL_DATA_DAYS * 86_400_000);
    return this.commands.change('citizen_file.mask', null, async ({ em, audit }) => {
      // A returned file changes no more: its last change is the hand-back.
      const masked = await updatedRows<{ id: string; unitId: string }>(
        em,
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
      const contacts = await updatedRows<{ id: string; unitId: string }>(
        em,
        `WITH due AS (
           SELECT id FROM feedback_messages
            WHERE answered_at < $1 AND (contact_name IS NOT NULL OR contact_phone IS NOT NULL)
            ORDER BY answered_at LIMIT ${MASK_BATCH} FOR UPDATE SKIP LOCKED)
         UPDATE feedback_messages m SET contact_name = NULL, contact_phone = NULL
           FROM due WHERE m.id = due.id
         RETURNING m.id, m.unit_id AS "unitId"`,
        [before],
      );
      const comments = await updatedRows<{ id: string; unitId: string }>(
        em,
        `WITH due AS (
           SELECT file_id FROM citizen_file_ratings
            WHERE rated_at < $1 AND comment IS NOT NULL
            ORDER BY rated_at LIMIT ${MASK_BATCH} FOR UPDATE SKIP LOCKED)
         UPDATE citizen_file_ratings r SET comment = NULL
           FROM due WHERE r.file_id = due.file_id
         RETURNING r.file_id AS id, r.unit_id AS "unitId"`,
        [before],
      );
      const after = { maskedAt: now, retentionDays: this.config.ONE_STOP_PERSONAL_DATA_DAYS };
      const entries = [
        ...masked.map((r) => ({ ...r, action: 'citizen_file.mask', subjectType: 'citizen_file' })),
        ...contacts.map((r) => ({ ...r, action: 'feedback.mask', subjectType: 'feedback' })),
        ...comments.map((r) => ({ ...r, action: 'citizen_file.rating.mask', subjectType: 'citizen_file' })),
      ];
      for (const e of entries)
        await audit({
          actor: null,
          actingUnitId: e.unitId,
          action: e.action,
          subjectType: e.subjectType,
          subjectId: e.id,
          after,
        });
      return entries.length;
    });
  }
}
