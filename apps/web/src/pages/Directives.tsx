import { lazy, Suspense, useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DirectiveSummary, FeedEnvelope } from '../contract';
import { api } from '../api';
import type { InboxItem } from '../api-schema';
import { useSession } from '../session';
import { isLeadingRole } from '@lt/access/roles';
import { live } from '../live';
import { NotificationsOffer } from '../notifications';
import {
  AttachmentList,
  ErrorMessage,
  formatDate,
  Loading,
  useAsync,
  useLiveReload,
  OnBehalfOf,
} from '../ui';

const PAGE_SIZE = 100;

/** The live directive feed: new ones appear without reload; read and "Tôi đã nhận" buttons. */
export function Directives() {
  const { t, i18n } = useTranslation();
  const { me } = useSession();
  const assigns = (me?.permissions ?? []).includes('task.assign');
  const leads = (me?.positions ?? []).some((p) => isLeadingRole(p.role));
  const {
    data: latest,
    error,
    loading,
    reload,
  } = useAsync(() => api<InboxItem[]>('GET', `/directives?limit=${PAGE_SIZE}`), []);
  // Older pages, fetched on request and kept below the latest (which live events reload).
  const [older, setOlder] = useState<InboxItem[]>([]);
  const [olderError, setOlderError] = useState<unknown>(null);
  const [exhausted, setExhausted] = useState(false);
  const data = latest && [...latest, ...older.filter((o) => !latest.some((l) => l.id === o.id))];
  const loadOlder = async () => {
    const last = data?.[data.length - 1];
    if (!last) return;
    setOlderError(null);
    try {
      const page = await api<InboxItem[]>(
        'GET',
        `/directives?limit=${PAGE_SIZE}&before=${encodeURIComponent(last.issuedAt)}`,
      );
      setOlder((current) => [...current, ...page]);
      if (page.length < PAGE_SIZE) setExhausted(true);
    } catch (e) {
      setOlderError(e);
    }
  };
  const [actionError, setActionError] = useState<unknown>(null);
  const [comments, setComments] = useState<Record<string, string>>({});
  const [arrived, setArrived] = useState<DirectiveSummary | null>(null);
  const accept = useCallback((e: FeedEnvelope) => e.name.startsWith('directive.'), []);
  useLiveReload(accept, reload);
  // A new directive is announced (screen readers too), not only slipped into the list. "New"
  // is newer than anything the first load showed (server times): a fresh session's catch-up
  // replays older ones, which are not news.
  const newestLoaded = useRef<string | null>(null);
  if (data && newestLoaded.current === null)
    newestLoaded.current = data.reduce((max, d) => (d.issuedAt > max ? d.issuedAt : max), '');
  useEffect(
    () =>
      live.onEvent((e) => {
        const since = newestLoaded.current;
        if (e.name === 'directive.issued' && since !== null && e.payload.issuedAt > since)
          setArrived(e.payload);
      }),
    [],
  );

  const act = async (id: string, action: 'read' | 'acknowledge') => {
    setActionError(null);
    try {
      await api(
        'POST',
        `/directives/${id}/${action}`,
        action === 'acknowledge' ? { comment: comments[id] || undefined } : undefined,
      );
      reload();
    } catch (e) {
      setActionError(e);
    }
  };

  const unread = (data ?? []).filter((d) => !d.receipt.readAt).length;
  useEffect(() => {
    document.title = unread > 0 ? `(${unread}) ${t('app.name')}` : t('app.name');
    return () => void (document.title = t('app.name'));
  }, [unread, t]);
  return (
    <section>
      <h1>
        {t('directives.inbox')}{' '}
        {unread > 0 && (
          <span
            className="badge"
            data-testid="unread-count"
            aria-label={`${unread} ${t('directives.unread')}`}
          >
            {unread}
          </span>
        )}
      </h1>
      <NotificationsOffer />
      <p className="ok" role="status" data-testid="arrived">
        {arrived && `${t('directives.newArrived')}: ${arrived.notation} — ${arrived.subject}`}
      </p>
      <ErrorMessage error={error ?? actionError ?? olderError} />
      {loading && !data && <Loading />}
      {data?.length === 0 && <p className="muted">{t('directives.empty')}</p>}
      <ul className="cards">
        {data?.map((d) => (
          <li
            key={d.id}
            className={`card ${d.receipt.readAt ? '' : 'unread'} ${d.recalledAt ? 'recalled' : ''}`}
            data-testid="directive"
          >
            <header>
              <strong>{d.notation}</strong>{' '}
              <span className={`urgency u${d.urgency}`}>{t(`urgency.${d.urgency}`)}</span>
              {d.recalledAt && <span className="tag danger">{t('directives.recalled')}</span>}
              <span className="muted">{formatDate(d.issuedAt, i18n.language)}</span>
            </header>
            <h2>{d.subject}</h2>
            {d.recallReason && (
              <p className="error">
                {t('directives.recalled')}: {d.recallReason}
              </p>
            )}
            <p className="body">{d.body}</p>
            <AttachmentList files={d.attachments} base={`/directives/${d.id}/attachments`} />
            <p className="muted">
              {t('directives.issuedBy')}: {d.issuingUnit.name} — {d.signer.fullName}
              <OnBehalfOf person={d.onBehalfOf} />
              {d.ackDueAt && ` · ${t('directives.ackDue')}: ${formatDate(d.ackDueAt, i18n.language)}`}
            </p>
            <footer>
              {!d.receipt.readAt && (
                <button onClick={() => void act(d.id, 'read')}>{t('directives.read')}</button>
              )}
              {d.ackRequired && !d.receipt.acknowledgedAt && !d.recalledAt && (
                <>
                  <input
                    aria-label={t('directives.comment')}
                    placeholder={t('directives.comment')}
                    value={comments[d.id] ?? ''}
                    onChange={(e) => setComments({ ...comments, [d.id]: e.target.value })}
                  />
                  <button className="primary" onClick={() => void act(d.id, 'acknowledge')}>
                    {t('directives.acknowledge')}
                  </button>
                </>
              )}
              {assigns && !d.recalledAt && (
                <a className="button" href={`#/assign?directive=${d.id}`}>
                  {t('assign.fromThisDirective')}
                </a>
              )}
              {!d.recalledAt && (
                <a className="button" href={`#/chat?thread=directive:${d.id}`}>
                  {t('chat.discuss')}
                </a>
              )}
              {d.receipt.acknowledgedAt && (
                <span className="tag ok">
                  {t('directives.acknowledged')} {formatDate(d.receipt.acknowledgedAt, i18n.language)}
                </span>
              )}
            </footer>
            {leads && !d.recalledAt && <DirectiveAnnotation directiveId={d.id} />}
          </li>
        ))}
      </ul>
      {latest && latest.length >= PAGE_SIZE && !exhausted && (
        <button type="button" onClick={() => void loadOlder()}>
          {t('directives.older')}
        </button>
      )}
    </section>
  );
}

// The annotation form signs with this browser's key: its code loads only when a leader opens it.
const AnnotateForm = lazy(() => import('./Documents').then((m) => ({ default: m.AnnotateForm })));

/** A leader's annotation on a directive received: "Giao phòng … chủ trì", signed here. */
function DirectiveAnnotation({ directiveId }: { directiveId: string }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [saved, setSaved] = useState(false);
  if (!open)
    return (
      <button type="button" onClick={() => setOpen(true)}>
        {saved ? `✓ ${t('annotations.write')}` : t('annotations.write')}
      </button>
    );
  return (
    <Suspense fallback={<Loading />}>
      <AnnotateForm
        subject={{ type: 'directive', id: directiveId }}
        onDone={() => {
          setOpen(false);
          setSaved(true);
        }}
      />
    </Suspense>
  );
}
