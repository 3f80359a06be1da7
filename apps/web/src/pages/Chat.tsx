import { FormEvent, KeyboardEvent, useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import {
  REALTIME_LIMITS,
  type AttachmentMeta,
  type ChatMessagePage as MessagePage,
  type ChatMessageView,
  type ProgressCounts,
} from '../contract';
import { api, ApiError } from '../api';
import type {
  InboxItem,
  IssuedItem,
  MessageHit as Hit,
  Person,
  PersonRef as Member,
  Unit,
} from '../api-schema';
import { chat, ChannelView, unreadText, useChannelTitle, useChannels } from '../chat';
import { live } from '../live';
import { useSession } from '../session';
import { isLeadingRole } from '@lt/access/roles';
import {
  AttachmentList,
  AttachmentPicker,
  ErrorMessage,
  Field,
  formatDate,
  Loading,
  UnitOptions,
  useAsync,
  useIdempotentCreate,
} from '../ui';

const PAGE_SIZE = 50;
/** Going to a message found by search pages back at most this far (20 × 100 messages). */
const REVEAL_PAGES = 20;
const REVEAL_PAGE_SIZE = 100;
/** The server's CHAT_EDIT_WINDOW_MINUTES (its default); the server has the last word. */
const EDIT_WINDOW_MS = 15 * 60_000;
/** Mentions offered at once while typing "@…". */
const PICKER_SIZE = 8;

/** Lower case without Vietnamese diacritics: "Đỗ Bình" and "do binh" compare equal. */
export function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').toLowerCase();
}

/** Messages by `n`, each once; of two copies the later version stays. */
function merge(a: ChatMessageView[], b: ChatMessageView[]): ChatMessageView[] {
  const byId = new Map<string, ChatMessageView>();
  for (const m of [...a, ...b]) {
    const seen = byId.get(m.id);
    if (!seen || m.version >= seen.version) byId.set(m.id, m);
  }
  return [...byId.values()].sort((x, y) => x.n - y.n);
}

/** A channel's name as its reader sees it: the other person of a direct channel, a thread's subject. */
/**
 * Messaging (trao đổi): the unit's channel, direct messages and the threads on directives,
 * tasks and documents. `?channel=<id>` opens a channel (`&message=<n>` at that message);
 * `?thread=<type>:<id>` opens — and follows — the thread on a directive, task or document.
 */
export function Chat() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const channelId = params.get('channel');
  const focusN = Number(params.get('message')) || null;
  const thread = params.get('thread');
  const [threadError, setThreadError] = useState<unknown>(null);
  const open = useCallback(
    (id: string, n?: number) => setParams(n ? { channel: id, message: String(n) } : { channel: id }),
    [setParams],
  );

  useEffect(() => {
    if (!thread) return;
    const [type, subjectId] = thread.split(':');
    let cancelled = false;
    setThreadError(null);
    api<ChannelView>(
      'POST',
      `/chat/threads/${encodeURIComponent(type)}/${encodeURIComponent(subjectId ?? '')}`,
    ).then(
      (view) => {
        if (cancelled) return;
        chat.reload(); // followed now: it joins the list
        setParams({ channel: view.id }, { replace: true });
      },
      (error: unknown) => !cancelled && setThreadError(error),
    );
    return () => {
      cancelled = true;
    };
  }, [thread, setParams]);

  return (
    <section className="chat-page">
      <h1>{t('chat.title')}</h1>
      <ErrorMessage error={threadError} />
      <div className={channelId ? 'chat has-channel' : 'chat'}>
        <div className="panel chat-side">
          <NewDirect onOpen={open} />
          <ChatSearch channelId={channelId} onOpen={open} />
          <ChannelList selected={channelId} />
        </div>
        {channelId ? (
          <ChannelPane key={channelId} id={channelId} focusN={focusN} onBack={() => setParams({})} />
        ) : (
          <div className="panel chat-pane">
            {thread && !threadError ? <Loading /> : <p className="muted">{t('chat.pick')}</p>}
          </div>
        )}
      </div>
    </section>
  );
}

/** The channels: the unit's first, then direct messages, then threads; latest activity first in each. */
function ChannelList({ selected }: { selected: string | null }) {
  const { t, i18n } = useTranslation();
  const channels = useChannels();
  const title = useChannelTitle();
  if (!channels) return chat.error ? <ErrorMessage error={chat.error} /> : <Loading />;
  const groups = [
    { kind: 'unit', label: t('chat.unitChannels') },
    { kind: 'direct', label: t('chat.direct') },
    { kind: 'thread', label: t('chat.threads') },
  ] as const;
  return (
    <nav aria-label={t('chat.channels')} data-testid="channels">
      {channels.length === 0 && <p className="muted">{t('chat.noChannels')}</p>}
      {groups.map(({ kind, label }) => {
        const list = channels.filter((c) => c.kind === kind);
        if (list.length === 0) return null;
        return (
          <section key={kind}>
            <h2 className="chat-group">{label}</h2>
            <ul className="chat-channels">
              {list.map((c) => (
                <li key={c.id} data-testid="channel">
                  <Link
                    to={`/chat?channel=${c.id}`}
                    aria-current={c.id === selected ? 'page' : undefined}
                    className={c.unread > 0 ? 'unread' : ''}
                  >
                    <span className="chat-channel-title">
                      <span>
                        {title(c)}
                        {c.readOnly && <span className="muted"> ({t('chat.merged')})</span>}
                      </span>
                      {c.unreadMentions > 0 && (
                        <span className="badge mention-badge" title={t('chat.mentionsYou')}>
                          @<span className="visually-hidden"> {t('chat.mentionsYou')}</span>
                        </span>
                      )}
                      {c.unread > 0 && (
                        <span className="badge" data-testid="channel-unread">
                          {unreadText(c.unread)}
                          <span className="visually-hidden"> {t('chat.unreadShort')}</span>
                        </span>
                      )}
                    </span>
                    {c.lastMessage && (
                      <span className="preview muted">
                        {c.lastMessage.authorName}: {c.lastMessage.body || t('chat.deleted')} ·{' '}
                        {formatDate(c.lastMessage.at, i18n.language)}
                      </span>
                    )}
                  </Link>
                </li>
              ))}
            </ul>
          </section>
        );
      })}
    </nav>
  );
}

/** Search every message the person may read; diacritics optional ("tien do" finds "tiến độ"). */
function ChatSearch({
  channelId,
  onOpen,
}: {
  channelId: string | null;
  onOpen: (id: string, n: number) => void;
}) {
  const { t, i18n } = useTranslation();
  const title = useChannelTitle();
  const [q, setQ] = useState('');
  const [here, setHere] = useState(false);
  const [results, setResults] = useState<Hit[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [short, setShort] = useState(false);
  const [busy, setBusy] = useState(false);
  const search = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    const text = q.trim();
    setShort(text.length < 2);
    if (text.length < 2 || busy) return;
    setBusy(true);
    try {
      const query = new URLSearchParams({ q: text, limit: '30' });
      if (here && channelId) query.set('channelId', channelId);
      setResults(await api<Hit[]>('GET', `/chat/search?${query.toString()}`));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="chat-search">
      <form role="search" onSubmit={(e) => void search(e)}>
        <div className="chat-search-row">
          <Field label={t('chat.search')}>
            <input type="search" value={q} maxLength={200} onChange={(e) => setQ(e.target.value)} />
          </Field>
          <button type="submit" disabled={busy}>
            {t('chat.searchButton')}
          </button>
        </div>
        {channelId && (
          <label className="check">
            <input type="checkbox" checked={here} onChange={(e) => setHere(e.target.checked)} />
            {t('chat.searchHere')}
          </label>
        )}
      </form>
      {short && <p className="muted">{t('chat.searchShort')}</p>}
      <ErrorMessage error={error} />
      {results && (
        <section aria-label={t('chat.results')} data-testid="search-results">
          {results.length === 0 && <p className="muted">{t('chat.noResults')}</p>}
          <ul className="chat-results">
            {results.map((hit) => (
              <li key={hit.message.id}>
                <button type="button" className="link" onClick={() => onOpen(hit.channel.id, hit.message.n)}>
                  <strong>{title(hit.channel)}</strong> — {hit.message.author.fullName}:{' '}
                  {hit.message.body.length > 160 ? `${hit.message.body.slice(0, 159)}…` : hit.message.body}
                </button>{' '}
                <span className="muted">{formatDate(hit.message.createdAt, i18n.language)}</span>
              </li>
            ))}
          </ul>
          <button type="button" className="link" onClick={() => setResults(null)}>
            {t('chat.closeResults')}
          </button>
        </section>
      )}
    </div>
  );
}

/** A new direct message: a person found in the units the directory shows this person. */
function NewDirect({ onOpen }: { onOpen: (id: string) => void }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  return (
    <div className="chat-new">
      <button type="button" aria-expanded={open} onClick={() => setOpen(!open)}>
        {t('chat.newDirect')}
      </button>
      {open && (
        <PersonPicker
          onOpen={(id) => {
            setOpen(false);
            onOpen(id);
          }}
        />
      )}
    </div>
  );
}

function PersonPicker({ onOpen }: { onOpen: (id: string) => void }) {
  const { t } = useTranslation();
  const { me } = useSession();
  const roots = [...new Set((me?.positions ?? []).map((p) => p.unitId))];
  const units = useAsync(async () => {
    const trees = await Promise.all(roots.map((id) => api<Unit[]>('GET', `/units/${id}/subtree?depth=2`)));
    const seen = new Set<string>();
    return trees.flat().filter((u) => !seen.has(u.id) && seen.add(u.id));
  }, [roots.join()]);
  const [unitId, setUnitId] = useState(roots[0] ?? '');
  const people = useAsync(
    () => (unitId ? api<Person[]>('GET', `/units/${unitId}/people`) : Promise.resolve([])),
    [unitId],
  );
  const [q, setQ] = useState('');
  const [error, setError] = useState<unknown>(null);
  const shown = (people.data ?? []).filter(
    (p) => p.id !== me?.id && !p.disabled && fold(p.fullName).includes(fold(q.trim())),
  );
  const start = async (userId: string) => {
    setError(null);
    try {
      const view = await api<ChannelView>('POST', '/chat/direct', { userId });
      chat.reload();
      onOpen(view.id);
    } catch (e) {
      setError(e);
    }
  };
  return (
    <div className="subform" data-testid="new-direct">
      <Field label={t('chat.unit')}>
        <select value={unitId} onChange={(e) => setUnitId(e.target.value)}>
          <UnitOptions units={units.data ?? []} />
        </select>
      </Field>
      <Field label={t('chat.findPerson')}>
        <input type="search" value={q} onChange={(e) => setQ(e.target.value)} autoFocus />
      </Field>
      {people.loading && !people.data && <Loading />}
      <ErrorMessage error={people.error ?? units.error ?? error} />
      {people.data && shown.length === 0 && <p className="muted">{t('chat.noPeople')}</p>}
      <ul className="chat-people" aria-label={t('chat.people')}>
        {shown.map((p) => (
          <li key={p.id}>
            <button type="button" onClick={() => void start(p.id)}>
              {p.fullName}
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** One channel: its history paged backwards, live messages, edits, and the composer. */
function ChannelPane({ id, focusN, onBack }: { id: string; focusN: number | null; onBack: () => void }) {
  const { t } = useTranslation();
  const { me } = useSession();
  const title = useChannelTitle();
  const info = useAsync(() => api<ChannelView>('GET', `/chat/channels/${id}`), [id]);
  const members = useAsync(() => api<Member[]>('GET', `/chat/channels/${id}/members`), [id]);
  const [messages, setMessages] = useState<ChatMessageView[]>([]);
  const [loaded, setLoaded] = useState(false);
  const [more, setMore] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [olderBusy, setOlderBusy] = useState(false);
  const [visible, setVisible] = useState(document.visibilityState === 'visible');
  const [now, setNow] = useState(Date.now());
  const [newBelow, setNewBelow] = useState(false);
  const [focused, setFocused] = useState<number | null>(null);
  const [following, setFollowing] = useState<boolean | null>(null);
  const scroller = useRef<HTMLDivElement>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const atBottom = useRef(true);
  /** Where the view stood before older messages were put above it. */
  const anchor = useRef<{ height: number; top: number } | null>(null);
  const latest = useRef({ messages, more, loaded });
  latest.current = { messages, more, loaded };
  const firstN = messages[0]?.n ?? 0;
  const lastN = messages[messages.length - 1]?.n ?? 0;

  useEffect(() => {
    let cancelled = false;
    api<MessagePage>('GET', `/chat/channels/${id}/messages?limit=${PAGE_SIZE}`).then(
      (page) => {
        if (cancelled) return;
        const last = page.messages[page.messages.length - 1]?.n ?? 0;
        // Live ones that came meanwhile stay; replayed older ones do not.
        setMessages((current) =>
          merge(
            page.messages,
            current.filter((m) => m.n > last),
          ),
        );
        setMore(page.more);
        setLoaded(true);
      },
      (e: unknown) => !cancelled && setError(e),
    );
    return () => {
      cancelled = true;
    };
  }, [id]);

  // On a phone the pane replaces the list: the heading takes the focus, for keyboards and readers.
  useEffect(() => heading.current?.focus({ preventScroll: true }), [id]);

  useEffect(
    () =>
      live.onEvent((e) => {
        if (e.name === 'chat.message' && e.payload.message.channelId === id) {
          const m = e.payload.message;
          setMessages((current) => {
            if (current.some((x) => x.id === m.id)) return current;
            // Older than what is shown (a replay): it is in the history, not news.
            if (latest.current.loaded && current.length > 0 && m.n < current[0].n) return current;
            return merge(current, [m]);
          });
        } else if (e.name === 'chat.message_changed' && e.payload.message.channelId === id) {
          const m = e.payload.message;
          setMessages((current) => (current.some((x) => x.id === m.id) ? merge(current, [m]) : current));
        }
      }),
    [id],
  );

  // Read while open and in sight: the list does not count what is read as it comes.
  useEffect(() => {
    const onVisibility = () => setVisible(document.visibilityState === 'visible');
    document.addEventListener('visibilitychange', onVisibility);
    const tick = setInterval(() => setNow(Date.now()), 30_000);
    return () => {
      document.removeEventListener('visibilitychange', onVisibility);
      clearInterval(tick);
    };
  }, []);
  useEffect(() => {
    if (!visible) return;
    chat.reading = id;
    return () => {
      if (chat.reading === id) chat.reading = null;
    };
  }, [id, visible]);
  useEffect(() => {
    if (visible && loaded && lastN > 0) chat.markRead(id, lastN);
  }, [id, visible, loaded, lastN]);

  // Older messages above keep what was in view where it was; new ones below follow if the
  // reader was at the bottom, or else offer a way down.
  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el || !anchor.current) return;
    el.scrollTop = anchor.current.top + (el.scrollHeight - anchor.current.height);
    anchor.current = null;
  }, [firstN]);
  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el || focused !== null) return;
    if (atBottom.current) el.scrollTop = el.scrollHeight;
    else if (messages[messages.length - 1]?.author.id !== me?.id) setNewBelow(true);
  }, [lastN, loaded]);

  const onScroll = () => {
    const el = scroller.current;
    if (!el) return;
    atBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < 60;
    if (atBottom.current) setNewBelow(false);
  };
  const toBottom = () => {
    const el = scroller.current;
    if (el) el.scrollTop = el.scrollHeight;
    atBottom.current = true;
    setNewBelow(false);
  };

  const fetchOlder = async (before: number, limit: number): Promise<MessagePage> => {
    const page = await api<MessagePage>(
      'GET',
      `/chat/channels/${id}/messages?before=${before}&limit=${limit}`,
    );
    const el = scroller.current;
    if (el) anchor.current = { height: el.scrollHeight, top: el.scrollTop };
    setMessages((current) => merge(page.messages, current));
    setMore(page.more);
    return page;
  };
  const loadOlder = async () => {
    setError(null);
    setOlderBusy(true);
    try {
      await fetchOlder(firstN, PAGE_SIZE);
    } catch (e) {
      setError(e);
    } finally {
      setOlderBusy(false);
    }
  };

  // Opened at a message (a search result, a mention): page back until it is there, then show it.
  useEffect(() => {
    if (!loaded || focusN === null) return;
    let cancelled = false;
    void (async () => {
      let first = latest.current.messages[0]?.n ?? 0;
      let older = latest.current.more;
      for (let i = 0; i < REVEAL_PAGES && older && first > focusN && !cancelled; i++) {
        const page = await fetchOlder(first, REVEAL_PAGE_SIZE);
        first = page.messages[0]?.n ?? first;
        older = page.more;
      }
      if (!cancelled) setFocused(focusN);
    })().catch((e: unknown) => setError(e));
    return () => {
      cancelled = true;
    };
  }, [loaded, focusN]);
  useLayoutEffect(() => {
    if (focused === null) return;
    const item = scroller.current?.querySelector<HTMLElement>(`[data-n="${focused}"]`);
    if (!item) return;
    item.scrollIntoView({ block: 'center' });
    item.focus({ preventScroll: true });
    atBottom.current = false;
  }, [focused, firstN]);

  const changed = (m: ChatMessageView) => setMessages((current) => merge(current, [m]));
  /** The message as the server has it now (after a refused edit). */
  const reloadOne = async (n: number): Promise<ChatMessageView | null> => {
    const page = await api<MessagePage>('GET', `/chat/channels/${id}/messages?before=${n + 1}&limit=1`);
    const fresh = page.messages.find((m) => m.n === n) ?? null;
    if (fresh) changed(fresh);
    return fresh;
  };
  const sent = (m: ChatMessageView) => {
    atBottom.current = true;
    setFocused(null);
    changed(m);
    if (info.data) chat.posted(m, info.data);
  };
  const toggleFollow = async (next: boolean) => {
    setError(null);
    try {
      const view = await api<ChannelView>('PUT', `/chat/channels/${id}/follow`, { following: next });
      setFollowing(view.following);
      chat.reload();
    } catch (e) {
      setError(e);
    }
  };

  if (info.error)
    return (
      <div className="panel chat-pane">
        <ErrorMessage error={info.error} />
      </div>
    );
  const channel = info.data;
  const isFollowing = following ?? channel?.following ?? false;
  const subjectLink =
    channel?.subject?.type === 'task'
      ? `#/tasks?id=${channel.subject.id}`
      : channel?.subject?.type === 'document'
        ? `#/documents/${channel.subject.id}`
        : channel?.subject?.type === 'directive'
          ? '#/directives'
          : null;
  return (
    <section className="panel chat-pane" data-testid="channel-pane" aria-labelledby="chat-pane-title">
      <button type="button" className="link back" onClick={onBack}>
        ‹ {t('chat.backToList')}
      </button>
      <header className="chat-pane-head">
        <h2 id="chat-pane-title" ref={heading} tabIndex={-1}>
          {channel ? title(channel) : t('app.loading')}
        </h2>
        {channel?.kind === 'thread' && (
          <span className="actions">
            {subjectLink && <a href={subjectLink}>{t('chat.viewSubject')}</a>}
            <button type="button" aria-pressed={isFollowing} onClick={() => void toggleFollow(!isFollowing)}>
              {t('chat.follow')}
            </button>
          </span>
        )}
      </header>
      <ErrorMessage error={error} />
      <div
        className="chat-messages"
        ref={scroller}
        onScroll={onScroll}
        tabIndex={0}
        role="log"
        aria-label={t('chat.messages')}
      >
        {more && (
          <button type="button" className="older" disabled={olderBusy} onClick={() => void loadOlder()}>
            {t('chat.older')}
          </button>
        )}
        {!loaded && !error && <Loading />}
        {loaded && messages.length === 0 && <p className="muted">{t('chat.noMessages')}</p>}
        <ol className="chat-list-messages">
          {messages.map((m) => (
            <MessageItem
              key={m.id}
              m={m}
              now={now}
              focused={focused === m.n}
              onChanged={changed}
              reloadOne={reloadOne}
            />
          ))}
        </ol>
      </div>
      {newBelow && (
        <button type="button" className="new-below" onClick={toBottom}>
          {t('chat.newBelow')} ↓
        </button>
      )}
      {channel?.readOnly ? (
        <p className="muted chat-read-only" data-testid="channel-read-only">
          {t('chat.readOnly')}
        </p>
      ) : (
        channel && <Composer channel={channel} members={members.data ?? []} onSent={sent} />
      )}
    </section>
  );
}

function MessageItem({
  m,
  now,
  focused,
  onChanged,
  reloadOne,
}: {
  m: ChatMessageView;
  now: number;
  focused: boolean;
  onChanged: (m: ChatMessageView) => void;
  reloadOne: (n: number) => Promise<ChatMessageView | null>;
}) {
  const { t, i18n } = useTranslation();
  const { me } = useSession();
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState('');
  /** The version the edit started from: a change made elsewhere meanwhile is refused, not overwritten. */
  const [base, setBase] = useState(m.version);
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [conflict, setConflict] = useState(false);
  const [busy, setBusy] = useState(false);
  const mine = m.author.id === me?.id;
  const editable = mine && !m.deletedAt && !m.announcement && now - Date.parse(m.createdAt) < EDIT_WINDOW_MS;

  const change = async (kind: 'edit' | 'delete', event?: FormEvent) => {
    event?.preventDefault();
    if (busy) return;
    setError(null);
    setConflict(false);
    setBusy(true);
    try {
      const updated =
        kind === 'edit'
          ? await api<ChatMessageView>('PATCH', `/chat/messages/${m.id}`, { body: draft, version: base })
          : await api<ChatMessageView>('DELETE', `/chat/messages/${m.id}?version=${base}`);
      onChanged(updated);
      setEditing(false);
      setConfirming(false);
    } catch (e) {
      if (e instanceof ApiError && e.body.code === 'request/conflict_version') {
        // Changed in another tab or device: show what it says now, and let the person decide.
        const fresh = await reloadOne(m.n).catch(() => null);
        if (fresh) setBase(fresh.version);
        if (fresh?.deletedAt) setEditing(false);
        setConflict(true);
      } else setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <li
      className={`chat-message${mine ? ' mine' : ''}${focused ? ' focused' : ''}`}
      data-testid="message"
      data-n={m.n}
      tabIndex={-1}
    >
      <header>
        <strong>{m.author.fullName}</strong>{' '}
        <time className="muted" dateTime={m.createdAt}>
          {formatDate(m.createdAt, i18n.language)}
        </time>
        {m.editedAt && !m.deletedAt && (
          <span className="muted" title={formatDate(m.editedAt, i18n.language)}>
            {' '}
            {t('chat.edited')}
          </span>
        )}
        {m.announcement && (
          <span className="tag ok">
            {t('chat.announcement')} {m.announcement.notation}
          </span>
        )}
      </header>
      {m.deletedAt ? (
        <p className="muted deleted">
          <em>{t('chat.deleted')}</em>
        </p>
      ) : (
        <MessageText m={m} />
      )}
      {!m.deletedAt && <AttachmentList files={m.attachments} base={`/chat/messages/${m.id}/attachments`} />}
      {m.announcement && !m.deletedAt && <Announcement message={m} mine={mine} />}
      {conflict && (
        <p className="error" role="alert">
          {t('chat.conflict')}
        </p>
      )}
      <ErrorMessage error={error} />
      {editing ? (
        <form className="subform" onSubmit={(e) => void change('edit', e)}>
          <Field label={t('chat.editLabel')}>
            <textarea
              rows={2}
              value={draft}
              maxLength={REALTIME_LIMITS.chatMessageMaxLength}
              autoFocus
              onChange={(e) => setDraft(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === 'Escape') setEditing(false);
              }}
              required
            />
          </Field>
          <button type="submit" className="primary" disabled={busy}>
            {t('app.save')}
          </button>{' '}
          <button type="button" onClick={() => setEditing(false)}>
            {t('app.cancel')}
          </button>
        </form>
      ) : confirming ? (
        <p className="actions">
          {t('chat.confirmDelete')}{' '}
          <button type="button" className="primary" disabled={busy} onClick={() => void change('delete')}>
            {t('chat.delete')}
          </button>{' '}
          <button type="button" onClick={() => setConfirming(false)}>
            {t('app.cancel')}
          </button>
        </p>
      ) : (
        editable && (
          <p className="message-actions">
            <button
              type="button"
              className="link"
              onClick={() => {
                setDraft(m.body);
                setBase(m.version);
                setConflict(false);
                setEditing(true);
              }}
            >
              {t('chat.edit')}
            </button>
            <button
              type="button"
              className="link"
              onClick={() => {
                setBase(m.version);
                setConflict(false);
                setConfirming(true);
              }}
            >
              {t('chat.delete')}
            </button>
          </p>
        )
      )}
    </li>
  );
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The text, each "@Name" it mentions marked (more strongly when it names the reader). */
function MessageText({ m }: { m: ChatMessageView }) {
  const { me } = useSession();
  if (!m.body) return null;
  const names = m.mentions
    .filter((x) => x.fullName)
    .map((x) => ({ text: `@${x.fullName}`, me: x.id === me?.id }))
    .sort((a, b) => b.text.length - a.text.length);
  if (names.length === 0) return <p className="body">{m.body}</p>;
  const parts = m.body.split(new RegExp(`(${names.map((n) => escapeRegExp(n.text)).join('|')})`, 'g'));
  return (
    <p className="body">
      {parts.map((part, i) => {
        const name = i % 2 === 1 ? names.find((n) => n.text === part) : undefined;
        return name ? (
          <mark key={i} className={name.me ? 'mention me' : 'mention'}>
            {part}
          </mark>
        ) : (
          part
        );
      })}
    </p>
  );
}

/**
 * An announcement is a notice directive of the unit: its people acknowledge it here as on the
 * directives screen; its author follows the count live.
 */
function Announcement({ message, mine }: { message: ChatMessageView; mine: boolean }) {
  const { t, i18n } = useTranslation();
  const a = message.announcement!;
  return (
    <div className="explain announcement" data-testid="announcement">
      {a.ackDueAt && (
        <p className="muted">
          {t('directives.ackDue')}: {formatDate(a.ackDueAt, i18n.language)}
        </p>
      )}
      {mine ? (
        <AnnouncementProgress directiveId={a.directiveId} />
      ) : (
        <AnnouncementReceipt directiveId={a.directiveId} />
      )}
    </div>
  );
}

function AnnouncementProgress({ directiveId }: { directiveId: string }) {
  const { t } = useTranslation();
  const [counts, setCounts] = useState<ProgressCounts | null>(null);
  useEffect(() => live.watch(directiveId, (e) => setCounts(e.counts)), [directiveId]);
  return (
    <p>
      {counts && (
        <>
          {t('chat.ackProgress')}:{' '}
          <strong data-testid="announcement-progress">
            {counts.acknowledged}/{counts.recipients}
          </strong>{' '}
        </>
      )}
      <a href="#/issue">{t('chat.viewProgress')}</a>
    </p>
  );
}

function AnnouncementReceipt({ directiveId }: { directiveId: string }) {
  const { t, i18n } = useTranslation();
  const directive = useAsync(
    () => api<InboxItem | IssuedItem>('GET', `/directives/${directiveId}`),
    [directiveId],
  );
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  // Its leaders get the directive with counts, its recipients with their receipt.
  const receipt = directive.data && 'receipt' in directive.data ? directive.data.receipt : undefined;
  if (!receipt) return null; // not one of its recipients (joined the unit later, say)
  if (directive.data?.recalledAt) return <span className="tag danger">{t('directives.recalled')}</span>;
  if (receipt.acknowledgedAt)
    return (
      <span className="tag ok" data-testid="announcement-acknowledged">
        {t('directives.acknowledged')} {formatDate(receipt.acknowledgedAt, i18n.language)}
      </span>
    );
  const acknowledge = async () => {
    setError(null);
    setBusy(true);
    try {
      await api('POST', `/directives/${directiveId}/acknowledge`, {});
      directive.reload();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <button type="button" className="primary" disabled={busy} onClick={() => void acknowledge()}>
        {t('chat.acknowledge')}
      </button>
      <ErrorMessage error={error} />
    </>
  );
}

/** Where an "@…" being typed starts, and what follows it so far. */
function mentionQuery(text: string, caret: number): { start: number; query: string } | null {
  const before = text.slice(0, caret);
  const at = before.lastIndexOf('@');
  if (at < 0 || (at > 0 && !/\s/.test(before[at - 1]))) return null;
  const query = before.slice(at + 1);
  if (query.length > 40 || /\n|\s\s/.test(query)) return null;
  return { start: at, query };
}

/**
 * The composer: Enter sends, Shift+Enter starts a new line; "@" offers the channel's people to
 * name; files; for a leader of the unit, posting as an announcement to acknowledge.
 */
function Composer({
  channel,
  members,
  onSent,
}: {
  channel: ChannelView;
  members: Member[];
  onSent: (m: ChatMessageView) => void;
}) {
  const { t } = useTranslation();
  const { me } = useSession();
  const [text, setText] = useState('');
  const [named, setNamed] = useState<Member[]>([]);
  const [files, setFiles] = useState<AttachmentMeta[]>([]);
  const [attaching, setAttaching] = useState(false);
  const [uploading, setUploading] = useState(false);
  const [announce, setAnnounce] = useState(false);
  const [ackDue, setAckDue] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [picker, setPicker] = useState<{ start: number; query: string } | null>(null);
  const [active, setActive] = useState(0);
  const box = useRef<HTMLTextAreaElement>(null);
  const create = useIdempotentCreate<object>();
  const leads =
    channel.kind === 'unit' &&
    (me?.positions ?? []).some((p) => p.unitId === channel.unit?.id && isLeadingRole(p.role));
  const matches = picker
    ? members
        .filter((p) => p.id !== me?.id && fold(p.fullName).includes(fold(picker.query)))
        .slice(0, PICKER_SIZE)
    : [];
  const pickerOpen = matches.length > 0;

  const edit = (value: string, caret: number) => {
    setText(value);
    setPicker(mentionQuery(value, caret));
    setActive(0);
  };
  const pick = (person: Member) => {
    if (!picker) return;
    const caret = box.current?.selectionStart ?? text.length;
    const inserted = `@${person.fullName} `;
    const next = text.slice(0, picker.start) + inserted + text.slice(caret);
    setText(next);
    setNamed((current) => (current.some((p) => p.id === person.id) ? current : [...current, person]));
    setPicker(null);
    const at = picker.start + inserted.length;
    // After React has put the new text in: the caret after the name — unless more was typed
    // meanwhile (a fast typist, a test), when moving it back would split their words.
    requestAnimationFrame(() => {
      if (!box.current || box.current.value !== next) return;
      box.current.focus();
      box.current.setSelectionRange(at, at);
    });
  };

  const send = async (event?: FormEvent) => {
    event?.preventDefault();
    const body = text.trim();
    if (busy || uploading || (body.length === 0 && files.length === 0)) return;
    // Only the names still in the text are mentioned.
    const mentions = named.filter((p) => body.includes(`@${p.fullName}`)).map((p) => p.id);
    const form = {
      channel: channel.id,
      body,
      mentions,
      files: files.map((f) => f.id),
      announce: leads && announce,
      ackDue,
    };
    setError(null);
    setBusy(true);
    try {
      const message = await create<ChatMessageView>(`/chat/channels/${channel.id}/messages`, form, () =>
        Promise.resolve({
          body,
          ...(mentions.length > 0 ? { mentions } : {}),
          ...(files.length > 0 ? { attachmentIds: files.map((f) => f.id) } : {}),
          ...(form.announce
            ? { announcement: ackDue ? { ackDueAt: new Date(ackDue).toISOString() } : {} }
            : {}),
        }),
      );
      if (message) onSent(message);
      setText('');
      setNamed([]);
      setFiles([]);
      setAttaching(false);
      setAnnounce(false);
      setAckDue('');
      setPicker(null);
      box.current?.focus();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.nativeEvent.isComposing) return; // an input method is still composing a letter
    if (pickerOpen) {
      if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        e.preventDefault();
        const step = e.key === 'ArrowDown' ? 1 : -1;
        setActive((a) => (a + step + matches.length) % matches.length);
        return;
      }
      if (e.key === 'Enter' || e.key === 'Tab') {
        e.preventDefault();
        pick(matches[Math.min(active, matches.length - 1)]);
        return;
      }
      if (e.key === 'Escape') {
        e.preventDefault();
        setPicker(null);
        return;
      }
    }
    if (e.key === 'Enter' && !e.shiftKey) {
      e.preventDefault();
      void send();
    }
  };

  return (
    <form className="chat-composer" onSubmit={(e) => void send(e)} data-testid="composer">
      <Field label={t('chat.message')}>
        <textarea
          ref={box}
          rows={3}
          value={text}
          maxLength={REALTIME_LIMITS.chatMessageMaxLength}
          placeholder={t('chat.placeholder')}
          aria-autocomplete="list"
          aria-controls={pickerOpen ? 'mention-picker' : undefined}
          aria-activedescendant={pickerOpen ? `mention-${matches[active]?.id}` : undefined}
          onChange={(e) => edit(e.target.value, e.target.selectionStart)}
          onKeyDown={onKeyDown}
          onBlur={() => setTimeout(() => setPicker(null), 150)}
        />
      </Field>
      {pickerOpen && (
        <ul
          className="mention-picker"
          id="mention-picker"
          role="listbox"
          aria-label={t('chat.mentionPicker')}
        >
          {matches.map((p, i) => (
            <li
              key={p.id}
              id={`mention-${p.id}`}
              role="option"
              aria-selected={i === active}
              onMouseDown={(e) => {
                e.preventDefault();
                pick(p);
              }}
            >
              @{p.fullName}
            </li>
          ))}
        </ul>
      )}
      {attaching && <AttachmentPicker value={files} onChange={setFiles} onBusy={setUploading} />}
      {leads && (
        <div className="announce">
          <label className="check">
            <input type="checkbox" checked={announce} onChange={(e) => setAnnounce(e.target.checked)} />
            {t('chat.announce')}
          </label>
          {announce && (
            <Field label={t('chat.ackDue')}>
              <input type="datetime-local" value={ackDue} onChange={(e) => setAckDue(e.target.value)} />
            </Field>
          )}
        </div>
      )}
      <ErrorMessage error={error} />
      <div className="actions">
        <button type="submit" className="primary" disabled={busy || uploading}>
          {t('chat.send')}
        </button>
        <button type="button" aria-expanded={attaching} onClick={() => setAttaching(!attaching)}>
          📎 {t('chat.attach')}
          {files.length > 0 && ` (${files.length})`}
        </button>
      </div>
    </form>
  );
}
