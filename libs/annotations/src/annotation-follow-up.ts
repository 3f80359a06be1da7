import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AccessService, Actor, ledUnitIds, roleGrants } from '@lt/access';
import { AgendaPart, AppError, pageOf } from '@lt/common';
import { AppConfig } from '@lt/config';
import { OrgTreeService } from '@lt/org';
import { PeopleService } from '@lt/people';
import { TaskReads } from '@lt/tasks';
import { DataSource } from 'typeorm';
import { FOLLOW_UP_STATUSES, FollowUpQuery, FollowUpStatus } from './annotation.dto';
import { AnnotationSubjectType } from './annotation.entity';
import { AnnotationSubjects } from './annotation-subjects';
import { progressStatusSql, taskFollowUpStatus } from './follow-up-status';

export interface FollowUpItem {
  id: string;
  createdAt: string;
  text: string;
  author: { id: string; fullName: string };
  /** Signed thừa ủy quyền (or as acting head): the leader whose post the author used. */
  onBehalfOf: { id: string; fullName: string } | null;
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

const NO_TASKS: FollowUpItem['tasks'] = {
  total: 0,
  done: 0,
  onTrack: 0,
  atRisk: 0,
  overdue: 0,
  cancelled: 0,
};

/** The counter of FollowUpItem['tasks'] each task status adds to. */
const STATUS_COUNT: Record<FollowUpStatus, Exclude<keyof FollowUpItem['tasks'], 'total'>> = {
  done: 'done',
  on_track: 'onTrack',
  at_risk: 'atRisk',
  overdue: 'overdue',
  cancelled: 'cancelled',
};

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
    private readonly tasks: TaskReads,
    private readonly people: PeopleService,
    private readonly tree: OrgTreeService,
  ) {}

  /**
   * The person's own annotations whose tasks need following up (their part of the home page):
   * overdue first, then at risk; the count and the first `limit`.
   */
  async needingAttention(actor: Actor, limit: number, now = new Date()): Promise<AgendaPart[]> {
    if (!actor.principal.positions.some((p) => roleGrants(p.role, 'annotation.write'))) return [];
    const page = (status: FollowUpStatus) =>
      this.list(
        actor,
        Object.assign(new FollowUpQuery(), { scope: 'mine', status, page: 1, pageSize: limit }),
        now,
      );
    const overdue = await page('overdue');
    const atRisk = await page('at_risk');
    const count = overdue.counts.overdue + overdue.counts.at_risk;
    if (count === 0) return [];
    return [
      {
        group: 'follow_up',
        count,
        items: [...overdue.items, ...atRisk.items].slice(0, limit).map((a) => ({
          group: 'follow_up',
          kind: 'annotation',
          id: a.id,
          title: a.subject.title,
          detail: a.text,
          dueAt: a.nextDeadline,
          overdue: a.status === 'overdue',
        })),
      },
    ];
  }

  async list(actor: Actor, query: FollowUpQuery, now = new Date()): Promise<FollowUpPage> {
    const { principal } = actor;
    const { page, pageSize, offset } = pageOf(query, 50);
    const led = query.scope === 'mine' ? [] : ledUnitIds(principal);
    if (query.unitId) await this.access.require(principal, 'task.follow', query.unitId);
    const from = query.from ? new Date(query.from) : null;
    const to = query.to ? new Date(query.to) : null;
    if (from && to && from >= to)
      throw new AppError('request/validation_failed', { from: query.from, to: query.to });

    const leadIn = query.unitId ? await this.ledUnder(principal.userId, led, from, to, query.unitId) : null;
    const [result]: {
      items:
        | {
            id: string;
            status: FollowUpStatus;
            createdAt: string;
            text: string;
            authorId: string;
            onBehalfOfId: string | null;
            subjectType: AnnotationSubjectType;
            subjectId: string;
            nextDeadline: string | null;
          }[]
        | null;
      counts: Record<string, number> | null;
      total: number;
    }[] = await this.dataSource.query(
      `WITH scoped AS MATERIALIZED (
         SELECT p.annotation_id AS id, p.created_at, p.next_deadline, ${progressStatusSql('$6::timestamptz', '$7::interval')} AS status
           FROM annotation_progress p
          WHERE (p.author_id = $1 OR p.author_unit_id = ANY($2::uuid[]))
            AND ($3::timestamptz IS NULL OR p.created_at >= $3) AND ($4::timestamptz IS NULL OR p.created_at < $4)
            AND ($5::uuid[] IS NULL OR p.annotation_id = ANY($5::uuid[]))),
       chosen AS (SELECT * FROM scoped WHERE $8::varchar IS NULL OR status = $8),
       page AS (
         SELECT g.id, g.status, g.next_deadline AS "nextDeadline", a.created_at AS "createdAt", a.text,
                a.author_id AS "authorId", a.author_on_behalf_of_id AS "onBehalfOfId", a.subject_type AS "subjectType", a.subject_id AS "subjectId"
           FROM chosen g JOIN annotations a ON a.id = g.id
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
        leadIn,
        now,
        `${this.config.FOLLOW_UP_AT_RISK_HOURS} hours`,
        query.status ?? null,
        pageSize,
        offset,
      ],
    );
    const rows = result.items ?? [];
    const titles = await this.subjects.titles(rows.map((r) => ({ type: r.subjectType, id: r.subjectId })));
    const authors = await this.people.namesOf(
      rows.flatMap((r) => (r.onBehalfOfId ? [r.authorId, r.onBehalfOfId] : [r.authorId])),
    );
    const progress = await this.progressOf(
      rows.map((r) => r.id),
      now,
    );
    const counts = Object.fromEntries(FOLLOW_UP_STATUSES.map((s) => [s, result.counts?.[s] ?? 0])) as Record<
      FollowUpStatus,
      number
    >;
    return {
      items: rows.map((r) => ({
        id: r.id,
        createdAt: new Date(r.createdAt).toISOString(),
        text: r.text,
        author: { id: r.authorId, fullName: authors.get(r.authorId) ?? '' },
        onBehalfOf: r.onBehalfOfId
          ? { id: r.onBehalfOfId, fullName: authors.get(r.onBehalfOfId) ?? '' }
          : null,
        subject: { type: r.subjectType, id: r.subjectId, title: titles.get(r.subjectId) ?? '' },
        status: r.status,
        tasks: progress.get(r.id)?.tasks ?? { ...NO_TASKS },
        nextDeadline: r.nextDeadline ? new Date(r.nextDeadline).toISOString() : null,
        leadUnits: progress.get(r.id)?.leadUnits ?? [],
      })),
      total: result.total,
      page,
      pageSize,
      counts,
      generatedAt: now.toISOString(),
    };
  }

  /**
   * Which of the annotations in the selection (by me or my led units, in the period) started
   * a task led at or under `unitId`: the candidates from annotation_progress, then one
   * question to the tasks library over the unit's subtree.
   */
  private async ledUnder(
    me: string,
    led: string[],
    from: Date | null,
    to: Date | null,
    unitId: string,
  ): Promise<string[]> {
    const candidates: { id: string }[] = await this.dataSource.query(
      `SELECT annotation_id AS id FROM annotation_progress
        WHERE (author_id = $1 OR author_unit_id = ANY($2::uuid[]))
          AND ($3::timestamptz IS NULL OR created_at >= $3) AND ($4::timestamptz IS NULL OR created_at < $4)`,
      [me, led, from, to],
    );
    if (candidates.length === 0) return [];
    const units = await this.tree.subtreeIds([unitId]);
    const chosen = await this.tasks.sourcesLedIn(
      'annotation',
      candidates.map((c) => c.id),
      units,
    );
    return [...chosen];
  }

  /** The page's annotations' tasks one by one, at `now`, and who leads them (in name order). */
  private async progressOf(
    annotationIds: string[],
    now: Date,
  ): Promise<Map<string, Pick<FollowUpItem, 'tasks' | 'leadUnits'>>> {
    const tasks = await this.tasks.fromSources('annotation', annotationIds);
    const unitNames = await this.tree.namesOf(tasks.map((t) => t.leadUnitId));
    const atRiskMs = this.config.FOLLOW_UP_AT_RISK_HOURS * 3_600_000;
    const result = new Map<string, Pick<FollowUpItem, 'tasks' | 'leadUnits'> & { leads: Set<string> }>();
    for (const t of tasks) {
      const item = result.get(t.sourceId) ?? { tasks: { ...NO_TASKS }, leadUnits: [], leads: new Set() };
      const status = taskFollowUpStatus(
        { state: t.state, deadline: t.deadline.toISOString() },
        now,
        atRiskMs,
      );
      item.tasks.total += 1;
      item.tasks[STATUS_COUNT[status]] += 1;
      item.leads.add(t.leadUnitId);
      result.set(t.sourceId, item);
    }
    // unitNames comes in name order: its order is the lead units' order.
    for (const item of result.values())
      item.leadUnits = [...unitNames]
        .filter(([id]) => item.leads.has(id))
        .map(([id, name]) => ({ id, name }));
    return result;
  }
}
