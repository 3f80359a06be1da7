import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AccessService, Actor } from '@lt/access';
import { AppError } from '@lt/common';
import { AppConfig } from '@lt/config';
import { LEADER_ROLES } from '@lt/tasks';
import { DataSource } from 'typeorm';
import { FOLLOW_UP_STATUSES, FollowUpQuery, FollowUpStatus } from './annotation.dto';
import { AnnotationSubjectType } from './annotation.entity';
import { AnnotationSubjects } from './annotation-subjects';
import { ANNOTATION_STATUS_SQL, taskFollowUpSql } from './follow-up-status';

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
    const led =
      query.scope === 'mine'
        ? []
        : principal.positions.filter((p) => LEADER_ROLES.includes(p.role)).map((p) => p.unitId);
    if (query.unitId) await this.access.require(principal, 'task.follow', query.unitId);
    const from = query.from ? new Date(query.from) : null;
    const to = query.to ? new Date(query.to) : null;
    if (from && to && from >= to)
      throw new AppError('request/validation_failed', { from: query.from, to: query.to });

    const [result]: {
      items:
        | (Omit<FollowUpItem, 'author' | 'subject' | 'tasks' | 'createdAt' | 'nextDeadline'> & {
            createdAt: string;
            authorId: string;
            authorName: string;
            subjectType: AnnotationSubjectType;
            subjectId: string;
            total: number;
            done: number;
            onTrack: number;
            atRisk: number;
            overdue: number;
            cancelled: number;
            nextDeadline: string | null;
          })[]
        | null;
      counts: Record<string, number> | null;
      total: number;
    }[] = await this.dataSource.query(
      `WITH scoped AS MATERIALIZED (
         SELECT a.id FROM annotations a
          WHERE cardinality(a.task_ids) > 0 AND (a.author_id = $1 OR a.author_unit_id = ANY($2::uuid[]))
            AND ($3::timestamptz IS NULL OR a.created_at >= $3) AND ($4::timestamptz IS NULL OR a.created_at < $4)
            AND ($5::uuid IS NULL OR EXISTS (
                  SELECT 1 FROM tasks t JOIN org_unit_closure c ON c.descendant_id = t.lead_unit_id AND c.ancestor_id = $5
                   WHERE t.source_type = 'annotation' AND t.source_id = a.id))),
       per_task AS (
         SELECT t.source_id AS annotation_id, t.lead_unit_id, t.deadline, ${taskFollowUpSql('$6::timestamptz', '$7::interval')} AS status
           FROM scoped s JOIN tasks t ON t.source_type = 'annotation' AND t.source_id = s.id),
       agg AS MATERIALIZED (
         SELECT annotation_id AS id, ${ANNOTATION_STATUS_SQL} AS status,
                count(*)::int AS total,
                (count(*) FILTER (WHERE status = 'done'))::int AS done,
                (count(*) FILTER (WHERE status = 'on_track'))::int AS "onTrack",
                (count(*) FILTER (WHERE status = 'at_risk'))::int AS "atRisk",
                (count(*) FILTER (WHERE status = 'overdue'))::int AS overdue,
                (count(*) FILTER (WHERE status = 'cancelled'))::int AS cancelled,
                min(deadline) FILTER (WHERE status IN ('on_track', 'at_risk', 'overdue')) AS "nextDeadline",
                array_agg(DISTINCT lead_unit_id) AS lead_units
           FROM per_task GROUP BY annotation_id),
       chosen AS (SELECT * FROM agg WHERE $8::varchar IS NULL OR status = $8),
       page AS (
         SELECT g.*, a.created_at AS "createdAt", a.text, a.author_id AS "authorId", u.full_name AS "authorName",
                a.subject_type AS "subjectType", a.subject_id AS "subjectId",
                (SELECT json_agg(json_build_object('id', lu.id, 'name', lu.name) ORDER BY lu.name)
                   FROM org_units lu WHERE lu.id = ANY(g.lead_units)) AS "leadUnits"
           FROM chosen g JOIN annotations a ON a.id = g.id JOIN users u ON u.id = a.author_id
          ORDER BY ${STATUS_ORDER.replace('status', 'g.status')}, g."nextDeadline" NULLS LAST, a.created_at DESC, a.id
          LIMIT $9 OFFSET $10)
       SELECT (SELECT json_agg(p) FROM page p) AS items,
              (SELECT json_object_agg(status, n) FROM (SELECT status, count(*)::int AS n FROM agg GROUP BY status) c) AS counts,
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
        tasks: {
          total: r.total,
          done: r.done,
          onTrack: r.onTrack,
          atRisk: r.atRisk,
          overdue: r.overdue,
          cancelled: r.cancelled,
        },
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
