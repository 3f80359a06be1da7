import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Actor } from '@lt/access';
import { AppError } from '@lt/common';
import { FilesService } from '@lt/files';
import type { ChannelRef, ChatMessageView } from './chat-events';
import { DataSource } from 'typeorm';
import {
  CHANNEL_REF_SQL,
  ChannelRefRow,
  channelReadableSql,
  readersSql,
  toChannelRef,
} from './channel-access';
import { messageViews } from './chat-views';

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
    private readonly files: FilesService,
  ) {}

  async messages(
    actor: Actor,
    q: string | undefined,
    options: { channelId?: string; limit?: number } = {},
  ): Promise<MessageHit[]> {
    const text = searchText(q);
    const rows: { id: string; channelId: string }[] = await this.dataSource.query(
      `SELECT m.id, m.channel_id AS "channelId"
         FROM chat_messages m JOIN chat_channels c ON c.id = m.channel_id, ${readersSql('ARRAY[$1::uuid]')} r
        WHERE to_tsvector('simple', lt_fold(m.body)) @@ websearch_to_tsquery('simple', lt_fold($2))
          AND m.deleted_at IS NULL AND ($3::uuid IS NULL OR m.channel_id = $3)
          AND ${channelReadableSql('c', 'r')}
        ORDER BY m.created_at DESC LIMIT $4`,
      [actor.principal.userId, text, options.channelId ?? null, options.limit ?? 30],
    );
    if (rows.length === 0) return [];
    const em = this.dataSource.manager;
    const views = new Map(
      (
        await messageViews(
          em,
          this.files,
          rows.map((r) => r.id),
        )
      ).map((v) => [v.id, v]),
    );
    const channelIds = [...new Set(rows.map((r) => r.channelId))];
    const refRows = await em.query<ChannelRefRow[]>(`${CHANNEL_REF_SQL} WHERE c.id = ANY($1::uuid[])`, [
      channelIds,
    ]);
    const refs = new Map(refRows.map((r) => [r.id, toChannelRef(r)]));
    return rows.map((r) => ({ channel: refs.get(r.channelId)!, message: views.get(r.id)! }));
  }
}
