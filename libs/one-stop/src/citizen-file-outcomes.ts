import { EntityManager } from 'typeorm';

/**
 * How files came out, judged one way for every report (docs/one-stop.md, "Figures"): a result
 * is ready when the file's last step is done; a file is late when it was ever counted late
 * (an apology's new appointment does not make it on time) or its result was ready after the
 * appointment; a file not ready is overdue once its appointment has passed, unless it waits
 * for the citizen's papers (its clock is stopped).
 */
const JUDGED = `
  SELECT f.unit_id, f.procedure_id, f.received_at, f.appointment_at, f.papers_requests,
         f.state = 'awaiting_papers' AS paused,
         (f.steps -> (jsonb_array_length(f.steps) - 1) ->> 'doneAt')::timestamptz AS ready_at,
         f.lateness_count > 0 AS counted_late
    FROM citizen_files f`;

const LATE = `(j.counted_late OR (j.ready_at IS NOT NULL AND j.ready_at > j.appointment_at))`;

/** The files a unit received in a period, by where they stand at `now`. */
export interface CitizenFileCounts {
  unitId: string;
  received: number;
  /** Result ready by the appointment and never counted late. */
  onTime: number;
  /** Result ready after the appointment, or counted late at some point. */
  late: number;
  /** Not ready, the appointment still ahead (or the clock stopped for papers). */
  inTime: number;
  /** Not ready, the appointment passed. */
  overdue: number;
  /** Sent back to the citizen for papers at least once. */
  returnedForPapers: number;
}

/**
 * The counts of the files received at `unitIds` in [since, until), per receiving unit — or per
 * unit and procedure with `byProcedure` (the counter's own figures). For the summary table
 * (libs/reporting) and GET /one-stop/figures.
 */
export async function citizenFileCounts(
  em: EntityManager,
  input: { unitIds: readonly string[]; since: Date; until: Date; now: Date; byProcedure?: boolean },
): Promise<(CitizenFileCounts & { procedureId: string | null })[]> {
  const procedure = input.byProcedure ? 'j.procedure_id' : 'NULL::uuid';
  return em.query(
    `SELECT j.unit_id AS "unitId", ${procedure} AS "procedureId", count(*)::int AS received,
            count(*) FILTER (WHERE j.ready_at IS NOT NULL AND NOT ${LATE})::int AS "onTime",
            count(*) FILTER (WHERE ${LATE})::int AS late,
            count(*) FILTER (WHERE NOT ${LATE} AND j.ready_at IS NULL
                               AND (j.paused OR j.appointment_at >= $4))::int AS "inTime",
            count(*) FILTER (WHERE NOT ${LATE} AND j.ready_at IS NULL
                               AND NOT j.paused AND j.appointment_at < $4)::int AS overdue,
            count(*) FILTER (WHERE j.papers_requests > 0)::int AS "returnedForPapers"
       FROM (${JUDGED} WHERE f.unit_id = ANY($1::uuid[]) AND f.received_at >= $2 AND f.received_at < $3) j
      GROUP BY j.unit_id, ${procedure}`,
    [input.unitIds, input.since, input.until, input.now],
  );
}

/** One receiving unit's files judged in a window, for the monthly ranking. */
export interface CitizenFileJudgement {
  unitId: string;
  onTime: number;
  late: number;
  /** Not ready, judged later in the window (only while `asOf` lies inside it), or waiting for papers. */
  pending: number;
}

/**
 * The files whose appointment in force falls in [since, until), per receiving unit (a file
 * given a new appointment after a lateness stays late, in the month of that appointment): the counter
 * answers to the citizen for the whole file, whichever unit handles a step (the unit that made
 * it late answers through its discipline case). On time and late as in citizenFileCounts,
 * judged at `asOf`; a file still in its time, or waiting for papers, is pending.
 */
export async function citizenFileJudgements(
  em: EntityManager,
  input: { since: Date; until: Date; asOf: Date },
): Promise<CitizenFileJudgement[]> {
  return em.query(
    `SELECT j.unit_id AS "unitId",
            count(*) FILTER (WHERE j.ready_at IS NOT NULL AND NOT ${LATE})::int AS "onTime",
            count(*) FILTER (WHERE ${LATE} OR (j.ready_at IS NULL AND NOT j.paused AND j.appointment_at <= $3))::int AS late,
            count(*) FILTER (WHERE NOT ${LATE} AND j.ready_at IS NULL
                               AND (j.paused OR j.appointment_at > $3))::int AS pending
       FROM (${JUDGED}) j
      WHERE j.appointment_at >= $1 AND j.appointment_at < $2
      GROUP BY j.unit_id`,
    [input.since, input.until, input.asOf],
  );
}
