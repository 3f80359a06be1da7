import { Injectable } from '@nestjs/common';
import { CommandRunner } from '@lt/commands';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Actor } from '@lt/access';
import { AppError } from '@lt/common';
import { FilesService } from '@lt/files';
import { PeopleService } from '@lt/people';
import { REALTIME_LIMITS } from '@lt/realtime';
import { ChatChannelView, ChatMessagePage, ThreadSubjectType } from './chat-events';
import { DataSource, EntityManager } from 'typeorm';
import { ChannelAccess, ChannelFacts } from './channel-access';
import { ChatMessageEntity } from './chat.entity';
import { MessageViews } from './chat-views';
import { SubjectReaders } from './subject-readers';

export type ChannelView = ChatChannelView;
export type MessagePage = ChatMessagePage;
const UNREAD_CAP = REALTIME_LIMITS.chatUnreadCap;

// Only the last UNREAD_CAP messages are looked at (an index range on (channel_id, n)): a
// newcomer to a channel with a long history costs no more than anyone else.
const unreadSql = (extra: string) =>
  `(SELECT count(*)::int FROM chat_messages x
     WHERE x.channel_id = c.id AND x.n > GREATEST(COALESCE(m.last_read_n, 0), c.last_n - ${UNREAD_CAP})
       AND x.author_id <> $1 AND x.deleted_at IS NULL ${extra})`;

// `activity` ranks by the last message (ties share a rank): names order the ties, once known.
const VIEW_SQL = `
  SELECT c.id, c.kind, c.unit_id AS "unitId", c.user_low AS "userLow", c.user_high AS "userHigh",
         c.subject_type AS "subjectType", c.subject_id AS "subjectId",
         c.last_n::int AS "lastN", COALESCE(m.last_read_n, 0)::int AS "lastReadN",
         COALESCE(m.following, c.kind <> 'thread') AS following,
         ${unreadSql('')} AS unread, ${unreadSql('AND $1 = ANY(x.mentions)')} AS "unreadMentions",
         lm.body AS "lastBody", lm.author_id AS "lastAuthorId", lm.created_at AS "lastAt",
         dense_rank() OVER (ORDER BY c.last_message_at DESC NULLS LAST)::int AS activity
    FROM chat_channels c
    LEFT JOIN chat_members m ON m.channel_id = c.id AND m.user_id = $1
    LEFT JOIN LATERAL (
      SELECT CASE WHEN x.deleted_at IS NULL THEN left(x.body, 200) ELSE '' END AS body, x.author_id, x.created_at
        FROM chat_messages x
       WHERE x.channel_id = c.id ORDER BY x.n DESC LIMIT 1) lm ON TRUE`;

type ViewRow = ChannelFacts & {
  lastN: number;
  lastReadN: number;
  following: boolean;
  unread: number;
  unreadMentions: number;
  lastBody: string | null;
  lastAuthorId: string | null;
  lastAt: Date | null;
  activity: number;
};

/**
 * A person's channels: the list with unread counts, opening a direct channel or a thread,
 * following, the read cursor and the history, paged backwards.
 */
@Injectable()
export class ChatChannels {
  constructor(
    private readonly commands: CommandRunner,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: ChannelAccess,
    private readonly subjects: SubjectReaders,
    private readonly people: PeopleService,
    private readonly files: FilesService,
    private readonly messageViews: MessageViews,
  ) {}

  /** My units' channels, my direct channels and the threads I follow, latest activity first. */
  async mine(actor: Actor): Promise<ChannelView[]> {
    const me = actor.principal.userId;
    const em = this.dataSource.manager;
    // The principal was loaded this request, its account enabled: its positions as stored now.
    const positions = await this.people.positionsOf(me, em);
    const since = new Map<string, Date>();
    for (const p of positions) if (!since.has(p.unitId)) since.set(p.unitId, p.createdAt);
    const ownUnitIds = [...since.keys()];
    // Units merged into mine: their channels' history is ours to read, from the merger on unread.
    for (const { unitId, mergedAt } of await this.access.channelUnitsOf(em, ownUnitIds))
      if (mergedAt && !since.has(unitId)) since.set(unitId, mergedAt);
    const unitIds = [...since.keys()];
    // A unit's channel exists from the first time one of its people looks.
    await em.query(
      `INSERT INTO chat_channels (kind, unit_id)
       SELECT 'unit', u.id FROM unnest($1::uuid[]) AS u(id)
        WHERE NOT EXISTS (SELECT 1 FROM chat_channels c WHERE c.unit_id = u.id)
       ON CONFLICT (unit_id) WHERE unit_id IS NOT NULL DO NOTHING`,
      [ownUnitIds],
    );
    // A unit's history from before one joined it is not unread: the read cursor starts at the
    // last message older than the position.
    await em.query(
      `INSERT INTO chat_members (channel_id, user_id, last_read_n)
       SELECT c.id, $1, COALESCE((SELECT max(x.n) FROM chat_messages x
                                   WHERE x.channel_id = c.id AND x.created_at < s.since), 0)
         FROM unnest($2::uuid[], $3::timestamptz[]) AS s(unit_id, since) JOIN chat_channels c ON c.unit_id = s.unit_id
        WHERE NOT EXISTS (SELECT 1 FROM chat_members m WHERE m.channel_id = c.id AND m.user_id = $1)
       ON CONFLICT (channel_id, user_id) DO NOTHING`,
      [me, unitIds, unitIds.map((id) => since.get(id))],
    );
    const followed: ChannelFacts[] = await em.query(
      `SELECT c.id, c.kind, c.subject_type AS "subjectType", c.subject_id AS "subjectId"
         FROM chat_members f JOIN chat_channels c ON c.id = f.channel_id
        WHERE f.user_id = $1 AND f.following AND c.kind = 'thread'`,
      [me],
    );
    const threads = await this.access.readableThreads(em, { userId: me, positions }, followed);
    // Each branch on its own index: my units' channels, my pairs, the threads I follow and may read.
    const rows: ViewRow[] = await em.query(
      `${VIEW_SQL}
        WHERE c.id IN (
          SELECT c1.id FROM chat_channels c1 WHERE c1.unit_id = ANY($2::uuid[])
          UNION ALL SELECT c2.id FROM chat_channels c2 WHERE c2.user_low = $1
          UNION ALL SELECT c3.id FROM chat_channels c3 WHERE c3.user_high = $1
          UNION ALL SELECT unnest($3::uuid[]))`,
      [me, unitIds, threads],
    );
    return this.toViews(em, rows);
  }

  async view(
    actor: Actor,
    channelId: string,
    em: EntityManager = this.dataSource.manager,
  ): Promise<ChannelView> {
    await this.access.requireReadable(actor, channelId, em);
    const rows: ViewRow[] = await em.query(`${VIEW_SQL} WHERE c.id = $2`, [
      actor.principal.userId,
      channelId,
    ]);
    return (await this.toViews(em, rows))[0];
  }

  /** The people a message in the channel reaches (whom a mention can name), by name. */
  async members(actor: Actor, channelId: string): Promise<{ id: string; fullName: string }[]> {
    const em = this.dataSource.manager;
    const channel = await this.access.requireReadable(actor, channelId, em);
    const names = await this.people.namesOf(await this.access.audience(em, channel), em);
    return [...names].map(([id, fullName]) => ({ id, fullName }));
  }

  /** The channel between me and `userId`, made on first use. */
  async direct(actor: Actor, userId: string): Promise<ChannelView> {
    const me = actor.principal.userId;
    if (userId === me) throw new AppError('chat/direct_self');
    const [other] = await this.subjects.readers([userId]);
    if (!other) throw new AppError('chat/person_not_found', { userId });
    const [low, high] = [me, userId].sort();
    await this.dataSource.query(
      `INSERT INTO chat_channels (kind, user_low, user_high) VALUES ('direct', $1, $2)
       ON CONFLICT (user_low, user_high) WHERE user_low IS NOT NULL DO NOTHING`,
      [low, high],
    );
    const [{ id }]: { id: string }[] = await this.dataSource.query(
      'SELECT id FROM chat_channels WHERE user_low = $1 AND user_high = $2',
      [low, high],
    );
    return this.view(actor, id);
  }

  /**
   * The thread on a directive, task or document, for whoever may read the subject (to anyone
   * else it does not exist); opening it follows it.
   */
  async thread(actor: Actor, subjectType: ThreadSubjectType, subjectId: string): Promise<ChannelView> {
    const me = actor.principal.userId;
    return this.commands.change('chat.thread.open', actor, async ({ em }) => {
      const reader = await this.subjects.reader(me, em);
      const readable =
        reader && (await this.subjects.readableBy(reader, subjectType, [subjectId], em)).length > 0;
      if (!readable) throw new AppError('chat/channel_not_found', { subjectType, subjectId });
      await em.query(
        `INSERT INTO chat_channels (kind, subject_type, subject_id) VALUES ('thread', $1, $2)
         ON CONFLICT (subject_type, subject_id) WHERE subject_id IS NOT NULL DO NOTHING`,
        [subjectType, subjectId],
      );
      const [{ id }]: { id: string }[] = await em.query(
        'SELECT id FROM chat_channels WHERE subject_type = $1 AND subject_id = $2',
        [subjectType, subjectId],
      );
      await em.query(
        `INSERT INTO chat_members (channel_id, user_id, following) VALUES ($1, $2, TRUE)
         ON CONFLICT (channel_id, user_id) DO UPDATE SET following = TRUE`,
        [id, me],
      );
      return this.view(actor, id, em);
    });
  }

  /** Stop (or start again) getting a thread's messages live. */
  async follow(actor: Actor, channelId: string, following: boolean): Promise<ChannelView> {
    const channel = await this.access.requireReadable(actor, channelId);
    // A unit's people and a pair always get their channel's messages: there is nothing to stop.
    if (channel.kind !== 'thread') throw new AppError('chat/follow_threads_only');
    await this.dataSource.query(
      `INSERT INTO chat_members (channel_id, user_id, following) VALUES ($1, $2, $3)
       ON CONFLICT (channel_id, user_id) DO UPDATE SET following = $3`,
      [channelId, actor.principal.userId, following],
    );
    return this.view(actor, channelId);
  }

  /** Moves my read cursor forward to `upTo` (never back, never past the last message). */
  async markRead(
    actor: Actor,
    channelId: string,
    upTo: number,
  ): Promise<{ lastReadN: number; unread: number }> {
    const me = actor.principal.userId;
    const result = await this.commands.change('chat.read', actor, async ({ em, emit }) => {
      await this.access.requireReadable(actor, channelId, em);
      const [row]: { lastReadN: number }[] = await em.query(
        `INSERT INTO chat_members AS m (channel_id, user_id, last_read_n)
         SELECT c.id, $2, LEAST($3::bigint, c.last_n) FROM chat_channels c WHERE c.id = $1
         ON CONFLICT (channel_id, user_id) DO UPDATE SET last_read_n = GREATEST(m.last_read_n, excluded.last_read_n)
         RETURNING last_read_n::int AS "lastReadN"`,
        [channelId, me, upTo],
      );
      const [{ unread }]: { unread: number }[] = await em.query(
        `SELECT ${unreadSql('')} AS unread FROM chat_channels c
           LEFT JOIN chat_members m ON m.channel_id = c.id AND m.user_id = $1 WHERE c.id = $2`,
        [me, channelId],
      );
      await emit({
        name: 'chat.read',
        payload: { channelId, lastReadN: row.lastReadN, unread },
        audience: [me],
      });
      return { lastReadN: row.lastReadN, unread };
    });
    return result;
  }

  /** A page of history before message `before` (default: the newest), oldest first. */
  async messages(actor: Actor, channelId: string, before?: number, limit = 50): Promise<MessagePage> {
    await this.access.requireReadable(actor, channelId);
    const rows: { id: string }[] = await this.dataSource.query(
      `SELECT id FROM chat_messages WHERE channel_id = $1 AND ($2::bigint IS NULL OR n < $2)
        ORDER BY n DESC LIMIT $3`,
      [channelId, before ?? null, limit + 1],
    );
    const page = rows.slice(0, limit).reverse();
    return {
      messages: await this.messageViews.of(
        this.dataSource.manager,
        page.map((r) => r.id),
      ),
      more: rows.length > limit,
    };
  }

  /** A file attached to a message, for whoever may read its channel. */
  async attachment(actor: Actor, messageId: string, fileId: string) {
    const message = await this.dataSource.manager.findOne(ChatMessageEntity, { where: { id: messageId } });
    if (!message || message.deletedAt) throw new AppError('chat/message_not_found', { id: messageId });
    await this.access.requireReadable(actor, message.channelId).catch((error: unknown) => {
      throw error instanceof AppError && error.code === 'chat/channel_not_found'
        ? new AppError('chat/message_not_found', { id: messageId })
        : error;
    });
    return message.directiveId
      ? this.files.content('directive', message.directiveId, fileId)
      : this.files.content('chat_message', messageId, fileId);
  }

  /** Views of the rows, by latest activity and then by title. */
  private async toViews(em: EntityManager, rows: ViewRow[]): Promise<ChannelView[]> {
    const refs = await this.access.refsOf(em, rows);
    const authors = await this.people.namesOf([...new Set(rows.flatMap((r) => r.lastAuthorId ?? []))], em);
    const views = rows.map((row): ChannelView & { activity: number } => ({
      ...refs.get(row.id)!,
      lastN: row.lastN,
      lastReadN: row.lastReadN,
      unread: row.unread,
      unreadMentions: row.unreadMentions,
      following: row.following,
      lastMessage: row.lastAt
        ? { authorName: authors.get(row.lastAuthorId!)!, body: row.lastBody!, at: row.lastAt.toISOString() }
        : null,
      activity: row.activity,
    }));
    return views
      .sort((a, b) => a.activity - b.activity || byText(a.title, b.title))
      .map(({ activity: _activity, ...view }) => view);
  }
}

/** Text in code point order, as the database's C collation sorts it. */
function byText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
