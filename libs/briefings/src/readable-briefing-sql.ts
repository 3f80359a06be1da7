/**
 * Who reads a briefing, in SQL, for `b` (briefings) with `me` (uuid), `led` (uuid[], the units
 * of ledUnits) and `reach` (uuid[], those units and every unit under them, from
 * BriefingAccess.readerReach): the leaders of its unit and of every unit above it, and its
 * expected reporters — a reporting unit's leaders, a named person. The same rule as
 * BriefingAccess.requireReadable, for the list and search; briefings' own, so index.ts does
 * not export it.
 */
export function readableBriefingSql(b: string, me: string, led: string, reach: string): string {
  return `(${b}.unit_id = ANY(${reach})
           OR EXISTS (SELECT 1 FROM briefing_reporters rr WHERE rr.briefing_id = ${b}.id
                        AND (rr.user_id = ${me} OR (rr.user_id IS NULL AND rr.unit_id = ANY(${led})))))`;
}
