import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Actor } from '@lt/access';
import { AppError, pageOf } from '@lt/common';
import { PeopleService } from '@lt/people';
import type {
  BriefingCounts,
  BriefingReporterRef,
  BriefingReporterStatus,
  BriefingSection,
  BriefingSummary,
} from './briefing-events';
import { DataSource, EntityManager } from 'typeorm';
import { BriefingAccess } from './briefing-access';
import { BriefingListQuery } from './briefing.dto';
import { BriefingEntity, BriefingItemEntity } from './briefing.entity';
import {
  countStatuses,
  reporterStatus,
  reporterStatusSql,
  revisedAfterCutoff,
  revisedAfterCutoffSql,
} from './briefing-status';
import { BRIEFING_SUMMARY_COLUMNS, BriefingSummaries, SummaryRow } from './briefing-summaries';
import { readableBriefingSql } from './readable-briefing-sql';

export interface BriefingCommentView {
  id: string;
  itemId: string;
  text: string;
  author: { id: string; fullName: string };
  createdAt: string;
}

export interface BriefingItemView {
  id: string;
  section: BriefingSection;
  text: string;
  /** The signed task it became, if a leader turned it into one. */
  taskId: string | null;
  comments: BriefingCommentView[];
  /** Commented or tasked: a resubmission must keep it as it is. */
  locked: boolean;
}

export interface BriefingReportView {
  id: string;
  version: number;
  /** When it was first submitted: on time or late is judged by this one. */
  firstSubmittedAt: string;
  /** When it was last submitted (the first submission until it is resubmitted). */
  submittedAt: string;
  submittedBy: { id: string; fullName: string };
  late: boolean;
  /** Resubmitted after the cut-off: on time or late by its first submission, but revised since. */
  revisedAfterCutoff: boolean;
  done: BriefingItemView[];
  plan: BriefingItemView[];
  issues: BriefingItemView[];
}

export interface BriefingReporterView extends BriefingReporterRef {
  status: BriefingReporterStatus;
  /** I submit for this reporter, and the briefing is open. */
  canSubmit: boolean;
  report: BriefingReportView | null;
}

export type BriefingAction = 'comment' | 'assign' | 'close';

export interface BriefingView extends BriefingSummary {
  isoYear: number;
  isoWeek: number;
  openedBy: { id: string; fullName: string };
  openedAt: string;
  closedBy: { id: string; fullName: string } | null;
  closedAt: string | null;
  version: number;
  counts: BriefingCounts;
  /** What I may do as a leader of its unit, while it is open. */
  allowedActions: BriefingAction[];
  reporters: BriefingReporterView[];
  generatedAt: string;
}

export interface BriefingListItem extends BriefingSummary {
  openedAt: string;
  version: number;
  counts: BriefingCounts;
  /** The reporters I submit for, and where each stands. */
  mine: { reporterId: string; status: BriefingReporterStatus; revisedAfterCutoff: boolean }[];
}

export interface BriefingPage {
  items: BriefingListItem[];
  total: number;
  page: number;
  pageSize: number;
}

export interface BriefingItemSource {
  itemId: string;
  section: BriefingSection;
  text: string;
  briefing: { id: string; title: string; meetingAt: string };
}

/** Reading briefings: one in full, and the list of current and past ones. */
@Injectable()
export class BriefingViews {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: BriefingAccess,
    private readonly summaries: BriefingSummaries,
    private readonly people: PeopleService,
  ) {}

  async get(actor: Actor, id: string, now = new Date()): Promise<BriefingView> {
    const em = this.dataSource.manager;
    const briefing = await this.access.requireReadable(actor, id, em);
    return this.view(em, actor, briefing, now);
  }

  /** A report item and its briefing (what a task made from it came from), for whoever may read the briefing. */
  async item(actor: Actor, itemId: string): Promise<BriefingItemSource> {
    const em = this.dataSource.manager;
    const item = await em.findOne(BriefingItemEntity, { where: { id: itemId } });
    if (!item) throw new AppError('briefing/item_not_found', { itemId });
    const briefing = await this.access.requireReadable(actor, item.briefingId, em).catch((error: unknown) => {
      throw error instanceof AppError && error.code === 'briefing/not_found'
        ? new AppError('briefing/item_not_found', { itemId })
        : error;
    });
    return {
      itemId: item.id,
      section: item.section,
      text: item.text,
      briefing: { id: briefing.id, title: briefing.title, meetingAt: briefing.meetingAt.toISOString() },
    };
  }

  /** The whole briefing: every reporter with its status and report, items with comments and tasks. */
  async view(em: EntityManager, actor: Actor, briefing: BriefingEntity, now: Date): Promise<BriefingView> {
    const { principal } = actor;
    const summary = await this.summaries.summary(em, briefing.id);
    const refs = await this.summaries.reporterRefs(em, briefing.id);
    const reports: {
      id: string;
      reporterId: string;
      version: number;
      firstSubmittedAt: Date;
      submittedAt: Date;
      submittedBy: string;
    }[] = await em.query(
      `SELECT r.id, r.reporter_id AS "reporterId", r.version, r.first_submitted_at AS "firstSubmittedAt",
              r.submitted_at AS "submittedAt", r.submitted_by AS "submittedBy"
         FROM briefing_reports r WHERE r.briefing_id = $1`,
      [briefing.id],
    );
    const items: {
      id: string;
      reportId: string;
      section: BriefingSection;
      text: string;
      taskId: string | null;
    }[] = await em.query(
      `SELECT id, report_id AS "reportId", section, text, task_id AS "taskId"
           FROM briefing_items WHERE briefing_id = $1 ORDER BY report_id, section, sort_order`,
      [briefing.id],
    );
    const comments: (Omit<BriefingCommentView, 'author' | 'createdAt'> & {
      authorId: string;
      createdAt: Date;
    })[] = await em.query(
      `SELECT c.id, c.item_id AS "itemId", c.text, c.author_id AS "authorId", c.created_at AS "createdAt"
           FROM briefing_comments c
          WHERE c.briefing_id = $1 ORDER BY c.created_at, c.id`,
      [briefing.id],
    );
    const fullName = await this.people.namesOf(
      [
        briefing.openedBy,
        ...(briefing.closedBy ? [briefing.closedBy] : []),
        ...reports.map((r) => r.submittedBy),
        ...comments.map((c) => c.authorId),
      ],
      em,
    );
    const commentsOf = new Map<string, BriefingCommentView[]>();
    for (const c of comments) {
      const list = commentsOf.get(c.itemId) ?? [];
      list.push({
        id: c.id,
        itemId: c.itemId,
        text: c.text,
        author: { id: c.authorId, fullName: fullName.get(c.authorId) ?? '' },
        createdAt: new Date(c.createdAt).toISOString(),
      });
      commentsOf.set(c.itemId, list);
    }
    const itemViews = (reportId: string, section: BriefingSection): BriefingItemView[] =>
      items
        .filter((i) => i.reportId === reportId && i.section === section)
        .map((i) => {
          const itemComments = commentsOf.get(i.id) ?? [];
          return {
            id: i.id,
            section: i.section,
            text: i.text,
            taskId: i.taskId,
            comments: itemComments,
            locked: i.taskId !== null || itemComments.length > 0,
          };
        });
    const open = briefing.state === 'open';
    const reporters: BriefingReporterView[] = [...refs.values()].map((ref) => {
      const report = reports.find((r) => r.reporterId === ref.id);
      // A closed briefing's statuses stand as they were at its close.
      const status = reporterStatus(
        report ? new Date(report.firstSubmittedAt) : null,
        briefing.cutoffAt,
        now,
        briefing.closedAt,
      );
      const revised =
        report !== undefined &&
        revisedAfterCutoff(report.version, new Date(report.submittedAt), briefing.cutoffAt);
      return {
        ...ref,
        status,
        canSubmit:
          open &&
          this.access.reportsAs(principal, { id: ref.id, unitId: ref.unit.id, userId: ref.user?.id ?? null }),
        report: report
          ? {
              id: report.id,
              version: report.version,
              firstSubmittedAt: new Date(report.firstSubmittedAt).toISOString(),
              submittedAt: new Date(report.submittedAt).toISOString(),
              submittedBy: { id: report.submittedBy, fullName: fullName.get(report.submittedBy) ?? '' },
              late: status === 'late',
              revisedAfterCutoff: revised,
              done: itemViews(report.id, 'done'),
              plan: itemViews(report.id, 'plan'),
              issues: itemViews(report.id, 'issues'),
            }
          : null,
      };
    });
    const leads = open && this.access.unitLeaderPosition(principal, briefing.unitId) !== undefined;
    return {
      ...summary,
      isoYear: briefing.isoYear,
      isoWeek: briefing.isoWeek,
      openedBy: { id: briefing.openedBy, fullName: fullName.get(briefing.openedBy) ?? '' },
      openedAt: briefing.createdAt.toISOString(),
      closedBy: briefing.closedBy
        ? { id: briefing.closedBy, fullName: fullName.get(briefing.closedBy) ?? '' }
        : null,
      closedAt: briefing.closedAt?.toISOString() ?? null,
      version: briefing.version,
      counts: countStatuses(
        reporters.map((r) => ({ status: r.status, revisedAfterCutoff: r.report?.revisedAfterCutoff })),
      ),
      allowedActions: leads ? ['comment', 'assign', 'close'] : [],
      reporters,
      generatedAt: now.toISOString(),
    };
  }

  /**
   * The briefings I may read — of the units I lead and those below them, and those I report
   * to — newest meeting first: the current week's and the archive.
   */
  async list(actor: Actor, query: BriefingListQuery, now = new Date()): Promise<BriefingPage> {
    const { principal } = actor;
    const { page, pageSize, offset } = pageOf(query);
    const { led, reach } = await this.access.readerReach(principal, this.dataSource.manager);
    // Statuses as of now, or of the close for a closed briefing.
    const status = reporterStatusSql(
      'rp.first_submitted_at',
      'b.cutoff_at',
      '$6::timestamptz',
      'b.closed_at',
    );
    const revised = revisedAfterCutoffSql('rp.version', 'rp.submitted_at', 'b.cutoff_at');
    const [result]: {
      items:
        | (SummaryRow & {
            openedAt: Date;
            version: number;
            counts: BriefingCounts;
            mine: BriefingListItem['mine'];
          })[]
        | null;
      total: number;
    }[] = await this.dataSource.query(
      `WITH chosen AS (
         SELECT b.* FROM briefings b
          WHERE ${readableBriefingSql('b', '$1::uuid', '$2::uuid[]', '$9::uuid[]')}
            AND ($3::uuid IS NULL OR b.unit_id = $3) AND ($4::int IS NULL OR b.iso_year = $4)
            AND ($5::varchar IS NULL OR b.state = $5)),
       page AS (
         SELECT ${BRIEFING_SUMMARY_COLUMNS}, b.created_at AS "openedAt", b.version,
                (SELECT json_build_object(
                          'expected', count(*),
                          'onTime', count(*) FILTER (WHERE s.status = 'on_time'),
                          'late', count(*) FILTER (WHERE s.status = 'late'),
                          'missing', count(*) FILTER (WHERE s.status = 'missing'),
                          'pending', count(*) FILTER (WHERE s.status = 'pending'),
                          'revisedAfterCutoff', count(*) FILTER (WHERE s.revised))
                   FROM (SELECT ${status} AS status, ${revised} AS revised
                           FROM briefing_reporters r LEFT JOIN briefing_reports rp ON rp.reporter_id = r.id
                          WHERE r.briefing_id = b.id) s) AS counts,
                (SELECT coalesce(json_agg(json_build_object(
                          'reporterId', r.id, 'status', ${status}, 'revisedAfterCutoff', ${revised})
                          ORDER BY r.sort_order), '[]'::json)
                   FROM briefing_reporters r LEFT JOIN briefing_reports rp ON rp.reporter_id = r.id
                  WHERE r.briefing_id = b.id
                    AND (r.user_id = $1 OR (r.user_id IS NULL AND r.unit_id = ANY($2::uuid[])))) AS mine
           FROM chosen b
          ORDER BY b.meeting_at DESC, b.id
          LIMIT $7 OFFSET $8)
       SELECT (SELECT json_agg(p ORDER BY p."meetingAt" DESC, p.id) FROM page p) AS items, (SELECT count(*)::int FROM chosen) AS total`,
      [
        principal.userId,
        led,
        query.unitId ?? null,
        query.year ?? null,
        query.state ?? null,
        now,
        pageSize,
        offset,
        reach,
      ],
    );
    const rows = result.items ?? [];
    const summaries = await this.summaries.summarise(this.dataSource.manager, rows);
    return {
      items: rows.map((r, i) => ({
        ...summaries[i],
        openedAt: new Date(r.openedAt).toISOString(),
        version: r.version,
        counts: r.counts,
        mine: r.mine,
      })),
      total: result.total,
      page,
      pageSize,
    };
  }
}
