import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AccessService, Actor, ledUnitIds } from '@lt/access';
import { AppError } from '@lt/common';
import { AppConfig } from '@lt/config';
import { DataSource } from 'typeorm';
import { FOLLOW_UP_STATUSES, FollowUpQuery, FollowUpStatus } from './annotation.dto';
import { AnnotationSubjectType } from './annotation.entity';
import { AnnotationSubjects } from './annotation-subjects';
import { progressStatusSql, taskFollowUpSql } from './follow-up-status';

export interface FollowUpItem {
  id: string;
  createdAt: string;
  text: string;
  author: { id: string; fullName: string };
  subject: { type: AnnotationSubjectType; id: string; title: string };
  status: FollowUpStatus;
  tasks: { total: number; done: number; onTrack: number; atRisk: number; overdue: number; cancelled: number };
  /** The nearest deadline among the tasks still owed. */
  nextDeadline: string | null;
  leadUnits: { id: string; name: string }[];
}

export interface FollowUpPage {
  items: FollowUpItem[];
  total: number;
  page: number;
  pageSize: number;
  /** How many annotations of the whole selection (before the status filter) are in each status. */
  counts: Record<FollowUpStatus, number>;
  generatedAt: string;
}

/** Burning first: what is overdue, then at risk, on track, done. */
const STATUS_ORDER = `CASE status WHEN 'overdue' THEN 0 WHEN 'at_risk' THEN 1 WHEN 'on_track' THEN 2 WHEN 'done' THEN 3 ELSE 4 END`;

/**
 * The leader's follow-up of annotations (theo dõi thực hiện bút phê): every annotation by
 * me, or by the leaders of the units I lead, that assigned work, with a status derived at
 * this instant from its tasks (follow-up-status.ts) — so "overdue" moves with the clock,
 * not only with writes.
 */
@Injectable()
export class AnnotationFollowUp {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: AccessService,
    private readonly subjects: AnnotationSubjects,
    private readonly config: AppConfig,
  ) {}

  async list(actor: Actor, query: FollowUpQuery, now = new Date()): Promise<FollowUpPage> {
    const { principal } = actor;
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 50;
    const led = query.scope === 'mine' ? [] : ledUnitIds(principal);
    if (query.unitId) await this.access.require(principal, 'task.follow', query.unitId);
    const from = query.from ? new Date(query.from) : null;
    const to = query.to ? new Date(query.to) : null;
    if (from && to && from >= to)
      throw new AppError('request/validation_failed', { from: query.from, to: query.to });

    const [result]: {
      items:
        | (Omit<FollowUpItem, 'author' | 'subject' | 'createdAt' | 'nextDeadline'> & {
            createdAt: string;
            authorId: string;
            authorName: string;
            subjectType: AnnotationSubjectType;
            subjectId: string;
            tasks: FollowUpItem['tasks'];
            nextDeadline: string | null;
          })[]
        | null;
      counts: Record<string, number> | null;
      total: number;
    }[] = await this.dataSource.query(
      `WITH scoped AS MATERIALIZED (
         SELECT p.annotation_id AS id, p.created_at, p.next_deadline, ${progressStatusSql('$6::timestamptz', '$7::interval')} AS status
           FROM annotation_progress p
          WHERE (p.author_id = $1 OR p.author_unit_id = ANY($2::uuid[]))
            AND ($3::timestamptz IS NULL OR p.created_at >= $3) AND ($4::timestamptz IS NULL OR p.created_at < $4)
            AND ($5::uuid IS NULL OR EXISTS (
                  SELECT 1 FROM tasks t JOIN org_unit_closure c ON c.descendant_id = t.lead_unit_id AND c.ancestor_id = $5
                   WHERE t.source_type = 'annotation' AND t.source_id = p.annotation_id))),
       chosen AS (SELECT * FROM scoped WHERE $8::varchar IS NULL OR status = $8),
       page AS (
         SELECT g.id, g.status, g.next_deadline AS "nextDeadline", a.created_at AS "createdAt", a.text,
                a.author_id AS "authorId", u.full_name AS "authorName", a.subject_type AS "subjectType",
                a.subject_id AS "subjectId",
                -- The page's rows only: their tasks one by one, and who leads them.
                (SELECT json_build_object(
                          'total', count(*), 'done', count(*) FILTER (WHERE x.status = 'done'),
                          'onTrack', count(*) FILTER (WHERE x.status = 'on_track'),
                          'atRisk', count(*) FILTER (WHERE x.status = 'at_risk'),
                          'overdue', count(*) FILTER (WHERE x.status = 'overdue'),
                          'cancelled', count(*) FILTER (WHERE x.status = 'cancelled'))
                   FROM (SELECT ${taskFollowUpSql('$6::timestamptz', '$7::interval')} AS status FROM tasks t
                          WHERE t.source_type = 'annotation' AND t.source_id = g.id) x) AS tasks,
                (SELECT json_agg(json_build_object('id', lu.id, 'name', lu.name) ORDER BY lu.name)
                   FROM org_units lu
                  WHERE lu.id IN (SELECT t.lead_unit_id FROM tasks t
                                   WHERE t.source_type = 'annotation' AND t.source_id = g.id)) AS "leadUnits"
           FROM chosen g JOIN annotations a ON a.id = g.id JOIN users u ON u.id = a.author_id
          ORDER BY ${STATUS_ORDER.replace('status', 'g.status')}, g.next_deadline NULLS LAST, g.created_at DESC, g.id
          LIMIT $9 OFFSET $10)
       SELECT (SELECT json_agg(p) FROM page p) AS items,
              (SELECT json_object_agg(status, n) FROM (SELECT status, count(*)::int AS n FROM scoped GROUP BY status) c) AS counts,
              (SELECT count(*)::int FROM chosen) AS total`,
      [
        principal.userId,
        led,
        from,
        to,
        query.unitId ?? null,
        now,
        `${this.config.FOLLOW_UP_AT_RISK_HOURS} hours`,
        query.status ?? null,
        pageSize,
        (page - 1) * pageSize,
      ],
    );
    const rows = result.items ?? [];
    const titles = await this.subjects.titles(rows.map((r) => ({ type: r.subjectType, id: r.subjectId })));
    const counts = Object.fromEntries(FOLLOW_UP_STATUSES.map((s) => [s, result.counts?.[s] ?? 0])) as Record<
      FollowUpStatus,
      number
    >;
    return {
      items: rows.map((r) => ({
        id: r.id,
        createdAt: new Date(r.createdAt).toISOString(),
        text: r.text,
        author: { id: r.authorId, fullName: r.authorName },
        subject: { type: r.subjectType, id: r.subjectId, title: titles.get(r.subjectId) ?? '' },
        status: r.status,
        tasks: r.tasks,
        nextDeadline: r.nextDeadline ? new Date(r.nextDeadline).toISOString() : null,
        leadUnits: r.leadUnits ?? [],
      })),
      total: result.total,
      page,
      pageSize,
      counts,
      generatedAt: now.toISOString(),
    };
  }
}
