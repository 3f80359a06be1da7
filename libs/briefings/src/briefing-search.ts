import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Actor } from '@lt/access';
import { searchSnippet, pageOf } from '@lt/common';
import { PeopleService } from '@lt/people';
import type { BriefingSection, BriefingSummary } from './briefing-events';
import { DataSource } from 'typeorm';
import { BriefingAccess } from './briefing-access';
import { BriefingSearchQuery } from './briefing.dto';
import { BRIEFING_SEARCH_SQL } from './briefing.entity';
import {
  BRIEFING_SUMMARY_COLUMNS,
  BriefingSummaries,
  SummaryRow,
  toBriefingSummary,
} from './briefing-summaries';
import { readableBriefingSql } from './readable-briefing-sql';

/** How much of a matching text a search hit carries. */
export const BRIEFING_SNIPPET_WIDTH = 500;

export interface BriefingSearchHit {
  /** What matched: the briefing (title, conclusion), an item of a report, or a comment. */
  kind: 'briefing' | 'item' | 'comment';
  briefing: BriefingSummary;
  itemId: string | null;
  commentId: string | null;
  section: BriefingSection | null;
  /** Who reported the item (a unit or a person), or wrote the comment. */
  by: string | null;
  /**
   * The matching text as written (with its marks): whole when short, otherwise 500 characters
   * around the first query word it contains (the match may lie anywhere in it), "…" marking
   * what was left out.
   */
  text: string;
  rank: number;
}

export interface BriefingSearchPage {
  items: BriefingSearchHit[];
  total: number;
  page: number;
  pageSize: number;
}

/**
 * Full-text search over the briefings a person may read — titles, conclusions, report items
 * and comments — insensitive to Vietnamese marks and case (lt_fold on both sides, so "tien do"
 * finds "tiến độ"), with web-search syntax ("quoted phrase", -excluded). Best matches first,
 * then the newest meeting. The reach rule is the one of the list (readableBriefingSql), so a
 * hit never names a briefing its reader could not open.
 */
@Injectable()
export class BriefingSearch {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: BriefingAccess,
    private readonly summaries: BriefingSummaries,
    private readonly people: PeopleService,
  ) {}

  async search(actor: Actor, query: BriefingSearchQuery): Promise<BriefingSearchPage> {
    const { principal } = actor;
    const { page, pageSize, offset } = pageOf(query);
    const em = this.dataSource.manager;
    const { led, reach } = await this.access.readerReach(principal, em);
    const readable = readableBriefingSql('b', '$2::uuid', '$3::uuid[]', '$6::uuid[]');
    const [result]: {
      items:
        | (Omit<BriefingSearchHit, 'briefing' | 'by'> &
            SummaryRow & { briefingId: string; byUserId: string | null; byUnitId: string | null })[]
        | null;
      total: number;
    }[] = await em.query(
      `WITH q AS (SELECT websearch_to_tsquery('simple', lt_fold($1)) AS query),
       hits AS (
         SELECT 'briefing' AS kind, b.id AS "briefingId", NULL::uuid AS "itemId", NULL::uuid AS "commentId",
                NULL::varchar AS section, NULL::uuid AS "byUserId", NULL::uuid AS "byUnitId",
                b.title || coalesce(E'\\n' || b.conclusion, '') AS text,
                ts_rank(${BRIEFING_SEARCH_SQL.briefing('b')}, q.query) AS rank
           FROM briefings b, q WHERE ${BRIEFING_SEARCH_SQL.briefing('b')} @@ q.query AND ${readable}
         UNION ALL
         SELECT 'item', b.id, i.id, NULL, i.section, r.user_id, r.unit_id, i.text,
                ts_rank(${BRIEFING_SEARCH_SQL.item('i')}, q.query)
           FROM briefing_items i CROSS JOIN q
           JOIN briefings b ON b.id = i.briefing_id
           JOIN briefing_reports rp ON rp.id = i.report_id JOIN briefing_reporters r ON r.id = rp.reporter_id
          WHERE ${BRIEFING_SEARCH_SQL.item('i')} @@ q.query AND ${readable}
         UNION ALL
         SELECT 'comment', b.id, c.item_id, c.id, i.section, c.author_id, NULL, c.text,
                ts_rank(${BRIEFING_SEARCH_SQL.comment('c')}, q.query)
           FROM briefing_comments c CROSS JOIN q
           JOIN briefings b ON b.id = c.briefing_id JOIN briefing_items i ON i.id = c.item_id
          WHERE ${BRIEFING_SEARCH_SQL.comment('c')} @@ q.query AND ${readable}),
       page AS (
         SELECT h.*, ${BRIEFING_SUMMARY_COLUMNS}
           FROM hits h JOIN briefings b ON b.id = h."briefingId"
          ORDER BY h.rank DESC, b.meeting_at DESC, h."briefingId", h."itemId" NULLS FIRST, h."commentId" NULLS FIRST
          LIMIT $4 OFFSET $5)
       SELECT (SELECT json_agg(p ORDER BY p.rank DESC, p."meetingAt" DESC, p."briefingId", p."itemId" NULLS FIRST,
                               p."commentId" NULLS FIRST) FROM page p) AS items,
              (SELECT count(*)::int FROM hits) AS total`,
      [query.q, principal.userId, led, pageSize, offset, reach],
    );
    const hits = result.items ?? [];
    // The page's briefings, reporting units and people, named in one call each.
    const unitName = await this.summaries.unitNames(em, [
      ...hits.map((h) => h.unitId),
      ...hits.flatMap((h) => (h.byUnitId ? [h.byUnitId] : [])),
    ]);
    const fullName = await this.people.namesOf(
      hits.flatMap((h) => (h.byUserId ? [h.byUserId] : [])),
      em,
    );
    return {
      items: hits.map((h) => ({
        kind: h.kind,
        briefing: toBriefingSummary({ ...h, id: h.briefingId }, unitName.get(h.unitId) ?? ''),
        itemId: h.itemId,
        commentId: h.commentId,
        section: h.section,
        // A person reporting, or writing the comment, by name; a reporting unit by its name.
        by: h.byUserId
          ? (fullName.get(h.byUserId) ?? '')
          : h.byUnitId
            ? (unitName.get(h.byUnitId) ?? '')
            : null,
        // The whole text comes back (at most a title and a conclusion): cut here around the match.
        text: searchSnippet(h.text, query.q, BRIEFING_SNIPPET_WIDTH),
        rank: h.rank,
      })),
      total: result.total,
      page,
      pageSize,
    };
  }
}
