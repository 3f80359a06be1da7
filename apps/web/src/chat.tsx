import { useCallback, useEffect, useState, useSyncExternalStore } from 'react';
import { useLocation, useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import {
  REALTIME_LIMITS,
  type ChannelRef,
  type ChatChannelView,
  type ChatMessageView,
  type FeedEnvelope,
  type FeedPayloads,
} from './contract';
import { api, onTokens } from './api';
import type { ReadCursor } from './api-schema';
import { live } from './live';
import { useSession } from './session';

export type ChannelView = ChatChannelView;

/** The server stops counting here; the list shows "999+". */
export const UNREAD_CAP = REALTIME_LIMITS.chatUnreadCap;

export const unreadText = (n: number) => (n >= UNREAD_CAP ? `${UNREAD_CAP}+` : String(n));

/** A message from someone else that is news to this browser (not a replayed old one). */
export type ChatNews = FeedPayloads['chat.message'];

/** Feed events closer together than this reload the list once. */
const RELOAD_COALESCE_MS = 200;

/**
 * The person's channels with their unread counts, kept up to date from the feed: the nav's
 * badge and the messaging screen read the same list. A message counts once — the feed may
 * replay old events after a fresh sign-in, so only a message past a channel's `lastN` moves
 * it; a channel the list does not know yet (a new direct message, a thread just followed)
 * reloads the list.
 */
class ChatStore {
  channels: ChannelView[] | null = null;
  error: unknown = null;
  /** The channel open and in sight: its new messages are read as they come, not counted. */
  reading: string | null = null;
  private me: string | null = null;
  private offEvents: (() => void) | null = null;
  /** Events that came while the list was loading: applied to the new list, once it is there. */
  private held: FeedEnvelope[] | null = null;
  private loading = false;
  private again = false;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private readonly marking = new Map<string, number>();
  private readonly listeners = new Set<() => void>();
  private readonly newsListeners = new Set<(news: ChatNews) => void>();

  start(me: string): void {
    if (this.me === me && this.offEvents) return;
    this.stop();
    this.me = me;
    this.offEvents = live.onEvent((e) => this.apply(e));
    this.reload();
  }

  stop(): void {
    this.offEvents?.();
    this.offEvents = null;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.me = null;
    this.channels = null;
    this.held = null;
    this.reading = null;
    this.marking.clear();
    this.emit();
  }

  reload(): void {
    if (!this.me) return;
    if (this.loading) {
      this.again = true;
      return;
    }
    this.loading = true;
    this.held = [];
    const me = this.me;
    api<ChannelView[]>('GET', '/chat/channels')
      .then(
        (list) => {
          if (this.me !== me) return;
          this.channels = list;
          this.error = null;
        },
        (error: unknown) => {
          this.error = error;
        },
      )
      .finally(() => {
        const held = this.held ?? [];
        this.held = null;
        this.loading = false;
        if (this.channels) held.forEach((e) => this.apply(e));
        this.emit();
        if (this.again) {
          this.again = false;
          this.reload();
        }
      });
  }

  /** Several events (a catch-up) reload the list once. */
  private scheduleReload(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.reload();
    }, RELOAD_COALESCE_MS);
  }

  private apply(e: FeedEnvelope): void {
    if (!e.name.startsWith('chat.')) return;
    if (this.held) {
      this.held.push(e);
      return;
    }
    if (!this.channels) return;
    if (e.name === 'chat.message') this.message(e.payload.message, e.payload.mentionsYou, e.payload.channel);
    else if (e.name === 'chat.message_changed') {
      const { message } = e.payload;
      const channel = this.find(message.channelId);
      if (!channel) return;
      if (channel.lastN === message.n && channel.lastMessage)
        this.update(channel.id, { lastMessage: { ...channel.lastMessage, body: message.body } });
      // A deleted message no longer counts as unread: the server says by how much.
      if (message.deletedAt && message.n > channel.lastReadN) this.scheduleReload();
    } else if (e.name === 'chat.read') this.read(e.payload.channelId, e.payload.lastReadN, e.payload.unread);
  }

  private message(message: ChatMessageView, mentionsYou: boolean, ref: ChannelRef): void {
    const channel = this.find(message.channelId);
    if (!channel) {
      this.scheduleReload();
      return;
    }
    if (message.n <= channel.lastN) return; // counted already (a replay, or our own answer)
    const mine = message.author.id === this.me;
    const reading = this.reading === channel.id;
    const next: ChannelView = {
      ...channel,
      lastN: message.n,
      lastMessage: { authorName: message.author.fullName, body: message.body, at: message.createdAt },
      // Writing moves one's own read cursor past everything (the server does the same).
      ...(mine
        ? { lastReadN: message.n, unread: 0, unreadMentions: 0 }
        : reading
          ? {}
          : {
              unread: Math.min(UNREAD_CAP, channel.unread + 1),
              unreadMentions: channel.unreadMentions + (mentionsYou ? 1 : 0),
            }),
    };
    // Latest activity first.
    this.channels = [next, ...this.channels!.filter((c) => c.id !== channel.id)];
    this.emit();
    if (!mine) this.newsListeners.forEach((l) => l({ channel: ref, message, mentionsYou }));
  }

  private read(channelId: string, lastReadN: number, unread: number): void {
    const channel = this.find(channelId);
    if (!channel || lastReadN < channel.lastReadN) return;
    this.update(channelId, {
      lastReadN,
      unread,
      unreadMentions: unread === 0 ? 0 : Math.min(channel.unreadMentions, unread),
    });
  }

  /** What the person posted here: counted at once, the feed's copy then changes nothing. */
  posted(message: ChatMessageView, ref: ChannelRef): void {
    if (this.channels) this.message(message, false, ref);
  }

  /** Moves the read cursor to message `upTo` (the server's answer is the count). */
  markRead(channelId: string, upTo: number): void {
    const channel = this.find(channelId);
    if (channel && upTo <= channel.lastReadN && channel.unread === 0) return;
    if ((this.marking.get(channelId) ?? 0) >= upTo) return;
    this.marking.set(channelId, upTo);
    api<ReadCursor>('POST', `/chat/channels/${channelId}/read`, { upTo })
      .then(
        (r) => this.read(channelId, r.lastReadN, r.unread),
        () => undefined, // tried again with the next message or visit
      )
      .finally(() => {
        if (this.marking.get(channelId) === upTo) this.marking.delete(channelId);
      });
  }

  total(): number {
    return (this.channels ?? []).reduce((sum, c) => sum + c.unread, 0);
  }

  find(id: string): ChannelView | undefined {
    return this.channels?.find((c) => c.id === id);
  }

  private update(id: string, change: Partial<ChannelView>): void {
    this.channels = (this.channels ?? []).map((c) => (c.id === id ? { ...c, ...change } : c));
    this.emit();
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  onNews(listener: (news: ChatNews) => void): () => void {
    this.newsListeners.add(listener);
    return () => this.newsListeners.delete(listener);
  }

  private emit(): void {
    this.listeners.forEach((l) => l());
  }
}

export const chat = new ChatStore();

/** The channel list, re-rendered as it changes. */
export function useChannels(): ChannelView[] | null {
  return useSyncExternalStore(chat.subscribe, () => chat.channels);
}

/**
 * The total of unread messages beside the nav's "Trao đổi" (and, `folded`, on the phone's menu
 * button, the nav being out of sight there); it starts the list for the session.
 */
export function ChatUnreadBadge({ me, folded = false }: { me: string; folded?: boolean }) {
  const { t } = useTranslation();
  useEffect(() => chat.start(me), [me]);
  useChannels();
  const total = chat.total();
  if (total === 0) return null;
  return (
    <>
      {' '}
      <span
        className="badge"
        data-testid={folded ? undefined : 'chat-unread'}
        aria-label={t('chat.unread', { count: total })}
      >
        {unreadText(total)}
      </span>
    </>
  );
}

onTokens((tokens) => {
  if (!tokens) chat.stop();
});

/** How a channel is called for me: the other person of a direct channel, a thread by its subject. */
export function useChannelTitle() {
  const { t } = useTranslation();
  const { me } = useSession();
  return useCallback(
    (c: ChannelRef) =>
      c.kind === 'direct'
        ? (c.people.find((p) => p.id !== me?.id)?.fullName ?? c.title)
        : c.kind === 'thread' && c.subject
          ? `${t(`chat.subjectType.${c.subject.type}`)}: ${c.title}`
          : c.title,
    [me?.id, t],
  );
}

/**
 * "An nhắc đến bạn trong …", on every page: announced (screen readers too), with a way there.
 * Not for the channel being read, and gone once that channel is opened.
 */
export function MentionNotice() {
  const { t } = useTranslation();
  const title = useChannelTitle();
  const navigate = useNavigate();
  const location = useLocation();
  const selected = location.pathname === '/chat' ? new URLSearchParams(location.search).get('channel') : null;
  const [news, setNews] = useState<ChatNews | null>(null);
  useEffect(
    () =>
      chat.onNews((n) => {
        if (n.mentionsYou && chat.reading !== n.channel.id) setNews(n);
      }),
    [],
  );
  useEffect(() => {
    if (selected && news?.channel.id === selected) setNews(null);
  }, [selected, news]);
  return (
    <div role="status" data-testid="mention-notice">
      {news && (
        <p className="ok notice">
          {t('chat.mentionNotice', {
            author: news.message.author.fullName,
            channel: title(news.channel),
            body: news.message.body.length > 120 ? `${news.message.body.slice(0, 119)}…` : news.message.body,
          })}{' '}
          <button
            type="button"
            onClick={() => {
              void navigate(`/chat?channel=${news.channel.id}&message=${news.message.n}`);
              setNews(null);
            }}
          >
            {t('chat.open')}
          </button>{' '}
          <button type="button" className="link" onClick={() => setNews(null)}>
            {t('app.close')}
          </button>
        </p>
      )}
    </div>
  );
}
