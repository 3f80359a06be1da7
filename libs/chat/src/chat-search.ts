import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Actor } from '@lt/access';
import { AppError } from '@lt/common';
import type { ChannelRef, ChatMessageView } from './chat-events';
import { DataSource } from 'typeorm';
import { ChannelAccess, ChannelFacts } from './channel-access';
import { MessageViews } from './chat-views';
import { SubjectReaders } from './subject-readers';

const MATCHES_SQL = `to_tsvector('simple', lt_fold(m.body)) @@ websearch_to_tsquery('simple', lt_fold($1))
          AND m.deleted_at IS NULL AND ($2::uuid IS NULL OR m.channel_id = $2)`;

export interface MessageHit {
  channel: ChannelRef;
  message: ChatMessageView;
}

/** The search text, checked: 2–200 characters once trimmed. */
export function searchText(q: string | undefined): string {
  const text = (q ?? '').normalize('NFC').trim();
  if (text.length < 2 || text.length > 200) throw new AppError('search/query_invalid');
  return text;
}

/**
 * Full-text search over the messages of every channel the person may read, newest first.
 * Text and query both go through `lt_fold` (migration SearchFold), so "tien do" finds
 * "tiến độ"; the GIN index `chat_messages_search_idx` is over the same expression.
 */
@Injectable()
export class ChatSearch {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: ChannelAccess,
    private readonly subjects: SubjectReaders,
    private readonly messageViews: MessageViews,
  ) {}

  async messages(
    actor: Actor,
    q: string | undefined,
    options: { channelId?: string; limit?: number } = {},
  ): Promise<MessageHit[]> {
    const text = searchText(q);
    const em = this.dataSource.manager;
    const reader = await this.subjects.reader(actor.principal.userId, em);
    if (!reader) return [];
    const params = [text, options.channelId ?? null];
    // The threads with a match, then those whose subject the person may read (each subject's
    // owner answers for all of them at once), then the newest matches in readable channels.
    const threads: ChannelFacts[] = await em.query(
      `SELECT DISTINCT c.id, c.kind, c.subject_type AS "subjectType", c.subject_id AS "subjectId"
         FROM chat_messages m JOIN chat_channels c ON c.id = m.channel_id
        WHERE ${MATCHES_SQL} AND c.kind = 'thread'`,
      params,
    );
    const rows: { id: string; channelId: string }[] = await em.query(
      `SELECT m.id, m.channel_id AS "channelId"
         FROM chat_messages m JOIN chat_channels c ON c.id = m.channel_id
        WHERE ${MATCHES_SQL}
          AND (c.unit_id = ANY($3::uuid[]) OR $4 IN (c.user_low, c.user_high) OR c.id = ANY($5::uuid[]))
        ORDER BY m.created_at DESC LIMIT $6`,
      [
        ...params,
        (await this.access.channelUnitsOf(em, [...new Set(reader.positions.map((p) => p.unitId))])).map(
          (u) => u.unitId,
        ),
        reader.userId,
        await this.access.readableThreads(em, reader, threads),
        options.limit ?? 30,
      ],
    );
    if (rows.length === 0) return [];
    const views = new Map(
      (
        await this.messageViews.of(
          em,
          rows.map((r) => r.id),
        )
      ).map((v) => [v.id, v]),
    );
    const channels: ChannelFacts[] = await em.query(
      `SELECT id, kind, unit_id AS "unitId", user_low AS "userLow", user_high AS "userHigh",
              subject_type AS "subjectType", subject_id AS "subjectId"
         FROM chat_channels WHERE id = ANY($1::uuid[])`,
      [[...new Set(rows.map((r) => r.channelId))]],
    );
    const refs = await this.access.refsOf(em, channels);
    return rows.map((r) => ({ channel: refs.get(r.channelId)!, message: views.get(r.id)! }));
  }
}
