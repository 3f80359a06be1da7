import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Actor } from '@lt/access';
import { searchSnippet } from '@lt/common';
import { BriefingSearch } from '@lt/briefings';
import { ChatSearch, readersSql, searchText, subjectReadableSql } from '@lt/chat';
import { DataSource } from 'typeorm';

export const SEARCH_TYPES = ['message', 'directive', 'task', 'document', 'briefing'] as const;
export type SearchType = (typeof SEARCH_TYPES)[number];

export interface SearchHit {
  type: SearchType;
  /** The message, directive, task, document or briefing. */
  id: string;
  title: string;
  /** The matching text around the first word found, as written. */
  snippet: string;
  at: string;
  /** Where to open a message: its channel and its place there (null for other kinds). */
  channelId: string | null;
  n: number | null;
}

/**
 * The folded text each kind is searched by: the very expressions of the GIN indexes of
 * migration SearchIndexes (an index serves a query only over the same expression).
 */
export const SEARCH_TEXT_SQL = {
  directive: (d: string) =>
    `to_tsvector('simple', lt_fold(${d}.notation || ' ' || ${d}.subject || ' ' || ${d}.body))`,
  task: (t: string) => `to_tsvector('simple', lt_fold(${t}.title || ' ' || ${t}.description))`,
  document: (d: string) =>
    `to_tsvector('simple', lt_fold(${d}.code_number || '/' || ${d}.code_notation || ' ' || ${d}.organ_name || ' ' || ${d}.subject))`,
};

interface Row {
  id: string;
  title: string;
  text: string;
  at: Date;
}

/**
 * One search over everything a person may read: messages of their channels, directives,
 * tasks, documents and weekly briefings, each by its own reading rule (the ones threads use:
 * subjectReadableSql; the briefing list's), insensitive to Vietnamese marks ("tien do" finds
 * "tiến độ"). The newest first, at most `limit` of each kind.
 */
@Injectable()
export class SearchService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly chat: ChatSearch,
    private readonly briefings: BriefingSearch,
  ) {}

  async search(
    actor: Actor,
    q: string | undefined,
    types: SearchType[],
    limit: number,
  ): Promise<SearchHit[]> {
    const text = searchText(q);
    const wanted = new Set(types.length > 0 ? types : SEARCH_TYPES);
    const me = actor.principal.userId;
    const hits: SearchHit[] = [];
    const snippet = (body: string) => searchSnippet(body, text, 200);
    const subject = async (type: 'directive' | 'task' | 'document', sql: string) => {
      if (!wanted.has(type)) return;
      const rows: Row[] = await this.dataSource.query(sql, [me, text, limit]);
      for (const r of rows)
        hits.push({
          type,
          id: r.id,
          title: r.title,
          snippet: snippet(r.text),
          at: r.at.toISOString(),
          channelId: null,
          n: null,
        });
    };
    const reader = readersSql('ARRAY[$1::uuid]');
    const query = `websearch_to_tsquery('simple', lt_fold($2))`;
    await subject(
      'directive',
      `SELECT x.id, x.notation || ' ' || x.subject AS title, x.body AS text, x.issued_at AS at
         FROM directives x, ${reader} r
        WHERE ${SEARCH_TEXT_SQL.directive('x')} @@ ${query} AND ${subjectReadableSql('directive', 'x.id', 'r')}
        ORDER BY x.issued_at DESC LIMIT $3`,
    );
    await subject(
      'task',
      `SELECT x.id, x.title, x.title || ' ' || x.description AS text, x.issued_at AS at
         FROM tasks x, ${reader} r
        WHERE ${SEARCH_TEXT_SQL.task('x')} @@ ${query} AND ${subjectReadableSql('task', 'x.id', 'r')}
        ORDER BY x.issued_at DESC LIMIT $3`,
    );
    await subject(
      'document',
      `SELECT x.id, x.code_number || '/' || x.code_notation || ' ' || x.subject AS title,
              x.organ_name || ' — ' || x.subject AS text, x.created_at AS at
         FROM documents x, ${reader} r
        WHERE ${SEARCH_TEXT_SQL.document('x')} @@ ${query} AND ${subjectReadableSql('document', 'x.id', 'r')}
        ORDER BY x.created_at DESC LIMIT $3`,
    );
    if (wanted.has('message')) {
      for (const { channel, message } of await this.chat.messages(actor, text, { limit }))
        hits.push({
          type: 'message',
          id: message.id,
          title: `${channel.title} — ${message.author.fullName}`,
          snippet: snippet(message.body),
          at: message.createdAt,
          channelId: channel.id,
          n: message.n,
        });
    }
    if (wanted.has('briefing')) {
      const page = await this.briefings.search(actor, { q: text, pageSize: limit });
      const seen = new Set<string>();
      // One hit per briefing (its best match first), as a hit opens the briefing.
      for (const hit of page.items.filter((h) => !seen.has(h.briefing.id) && seen.add(h.briefing.id)))
        hits.push({
          type: 'briefing',
          id: hit.briefing.id,
          title: hit.briefing.title,
          snippet: snippet(hit.text),
          at: hit.briefing.meetingAt,
          channelId: null,
          n: null,
        });
    }
    return hits.sort((a, b) => b.at.localeCompare(a.at));
  }
}
