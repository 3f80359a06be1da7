import { Injectable } from '@nestjs/common';
import { HEAD_ROLES } from '@lt/access';
import { OrgTreeService } from '@lt/org';
import { PeopleService } from '@lt/people';
import { EntityManager } from 'typeorm';
import { LatenessEntity } from './lateness.entity';
import type { LateSubjectType } from './lateness-subjects';

/** A subject that has just missed its deadline, as its owning library counts it. */
export interface MissedDeadline {
  subjectType: LateSubjectType;
  subjectId: string;
  /** 1 for its first lateness, 2 for the second … */
  number: number;
  missedDeadline: Date;
  /** Whom the apology letter is addressed to; null for the citizen. */
  addressedTo: string | null;
  /** The late unit, and the person in it when one was answerable. */
  unitId: string;
  userId: string | null;
}

export interface OpenedCase {
  id: string;
  subjectId: string;
  /** The unit whose head reviews it. */
  reviewerUnitId: string;
  /** The heads (leaders, not deputies) of that unit: whom the case is announced to. */
  reviewers: string[];
}

/**
 * The one lateness mechanism (tasks and citizens' files): numbers each missed deadline, and
 * on a second (or later) one opens a discipline case for the head of the late unit — or of
 * the unit above, when that head is the one who was late (he would judge himself). The
 * owning library blocks its subject until the explanation and apology are filed, and
 * announces and audits in its own words; both run inside the caller's transaction.
 */
@Injectable()
export class Latenesses {
  constructor(
    private readonly people: PeopleService,
    private readonly tree: OrgTreeService,
  ) {}

  async record(em: EntityManager, missed: readonly MissedDeadline[], now: Date): Promise<OpenedCase[]> {
    if (missed.length === 0) return [];
    const rows: { id: string }[] = await em.query(
      `INSERT INTO latenesses (subject_type, subject_id, number, missed_deadline, overdue_at, addressed_to, unit_id)
       SELECT * FROM unnest($1::varchar[], $2::uuid[], $3::smallint[], $4::timestamptz[], $5::timestamptz[],
                            $6::uuid[], $7::uuid[])
       RETURNING id`,
      [
        missed.map((m) => m.subjectType),
        missed.map((m) => m.subjectId),
        missed.map((m) => m.number),
        missed.map((m) => m.missedDeadline),
        missed.map(() => now),
        missed.map((m) => m.addressedTo),
        missed.map((m) => m.unitId),
      ],
    );
    const repeat = missed.map((m, i) => ({ ...m, latenessId: rows[i].id })).filter((m) => m.number >= 2);
    if (repeat.length === 0) return [];
    const parentOf = new Map(
      (
        await this.tree.units(
          repeat.map((m) => m.unitId),
          em,
        )
      ).map((u) => [u.id, u.parentId]),
    );
    // The heads of the late units and of the units above them: who was late, and who reviews.
    const heads = await this.people.positionHolders(
      [...repeat.map((m) => m.unitId), ...[...parentOf.values()].filter((id) => id !== null)],
      { roles: HEAD_ROLES },
      em,
    );
    const reviewerUnit = (m: MissedDeadline) =>
      m.userId === null || heads.some((h) => h.unitId === m.unitId && h.userId === m.userId)
        ? (parentOf.get(m.unitId) ?? m.unitId)
        : m.unitId;
    const cases: { id: string; subjectId: string; reviewerUnitId: string }[] = await em.query(
      `INSERT INTO discipline_cases (subject_type, subject_id, lateness_id, unit_id, user_id, reviewer_unit_id, opened_at)
       SELECT *, $7::timestamptz FROM unnest($1::varchar[], $2::uuid[], $3::uuid[], $4::uuid[], $5::uuid[], $6::uuid[])
       RETURNING id, subject_id AS "subjectId", reviewer_unit_id AS "reviewerUnitId"`,
      [
        repeat.map((m) => m.subjectType),
        repeat.map((m) => m.subjectId),
        repeat.map((m) => m.latenessId),
        repeat.map((m) => m.unitId),
        repeat.map((m) => m.userId),
        repeat.map(reviewerUnit),
        now,
      ],
    );
    return cases.map((c) => ({
      ...c,
      reviewers: heads.filter((h) => h.unitId === c.reviewerUnitId).map((h) => h.userId),
    }));
  }

  /**
   * Files the explanation and the apology letter of the subject's lateness `number` (and the
   * new date the letter promises); the caller lifts its block.
   */
  async file(
    em: EntityManager,
    subject: { subjectType: LateSubjectType; subjectId: string; number: number },
    letter: { explanation: string; apology: string; newDueAt?: Date | null },
    by: string,
    now: Date,
  ): Promise<LatenessEntity> {
    const lateness = await em.findOneOrFail(LatenessEntity, { where: subject });
    lateness.explanation = letter.explanation;
    lateness.apology = letter.apology;
    lateness.newDueAt = letter.newDueAt ?? null;
    lateness.filedBy = by;
    lateness.filedAt = now;
    return em.save(lateness);
  }
}
