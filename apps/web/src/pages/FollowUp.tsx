import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { api } from '../api';
import type { AnnotationView, FollowUpItem, FollowUpPage as Page, Unit } from '../api-schema';
import { useSession } from '../session';
import { isLeadingRole } from '@lt/access/roles';
import {
  ErrorMessage,
  Field,
  formatDate,
  Loading,
  useAsync,
  useLiveReload,
  Pager,
  UnitOptions,
  OnBehalfOf,
} from '../ui';

/** The order the status filters show in: what burns first. */
const STATUSES = ['overdue', 'at_risk', 'on_track', 'done', 'cancelled'] as const satisfies readonly Status[];
type Status = FollowUpItem['status'];

/** Statuses move with the clock as well as with writes: the list refreshes itself this often. */
const REFRESH_MS = 60_000;
const PAGE_SIZE = 50;

/**
 * The leader's follow-up of annotations (theo dõi thực hiện bút phê): what became of every
 * instruction given by me or my unit's leaders — overdue first — with drill-down to the tasks.
 */
export function FollowUp() {
  const { t, i18n } = useTranslation();
  const { me } = useSession();
  const led = me!.positions.find((p) => isLeadingRole(p.role));
  const [status, setStatus] = useState<Status | ''>('');
  const [scope, setScope] = useState<'unit' | 'mine'>('unit');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [unitId, setUnitId] = useState('');
  const [page, setPage] = useState(1);
  const [open, setOpen] = useState<string | null>(null);
  const units = useAsync(
    () => (led ? api<Unit[]>('GET', `/units/${led.unitId}/subtree?depth=2`) : Promise.resolve([])),
    [led?.unitId],
  );
  const query = new URLSearchParams({
    scope,
    page: String(page),
    pageSize: String(PAGE_SIZE),
    ...(status ? { status } : {}),
    ...(unitId ? { unitId } : {}),
    // Whole days in Vietnam (UTC+7), whatever this computer's zone.
    ...(from ? { from: new Date(`${from}T00:00:00+07:00`).toISOString() } : {}),
    ...(to ? { to: new Date(new Date(`${to}T00:00:00+07:00`).getTime() + 86_400_000).toISOString() } : {}),
  });
  const list = useAsync(() => api<Page>('GET', `/annotations/follow-up?${query}`), [query.toString()]);
  useLiveReload((e) => e.name.startsWith('task.'), list.reload);
  useEffect(() => {
    const timer = setInterval(list.reload, REFRESH_MS);
    return () => clearInterval(timer);
  }, [list.reload]);

  return (
    <section className="panel" data-testid="follow-up">
      <h1>{t('followUp.title')}</h1>
      <div className="chips" role="group" aria-label={t('followUp.byStatus')}>
        <button
          type="button"
          aria-pressed={status === ''}
          className={status === '' ? 'chip active' : 'chip'}
          onClick={() => {
            setStatus('');
            setPage(1);
          }}
        >
          {t('followUp.all')} ({STATUSES.reduce((n, s) => n + (list.data?.counts[s] ?? 0), 0)})
        </button>
        {STATUSES.map((s) => (
          <button
            key={s}
            type="button"
            aria-pressed={status === s}
            className={`chip ${s}${status === s ? ' active' : ''}`}
            data-testid={`count-${s}`}
            onClick={() => {
              setStatus(s);
              setPage(1);
            }}
          >
            {t(`followUp.status.${s}`)} ({list.data?.counts[s] ?? 0})
          </button>
        ))}
      </div>
      <div className="row toolbar">
        <Field label={t('followUp.scope')}>
          <select value={scope} onChange={(e) => setScope(e.target.value as 'unit' | 'mine')}>
            <option value="unit">{t('followUp.scopeUnit')}</option>
            <option value="mine">{t('followUp.scopeMine')}</option>
          </select>
        </Field>
        <Field label={t('followUp.unit')}>
          <select value={unitId} onChange={(e) => setUnitId(e.target.value)}>
            <option value="">{t('followUp.allUnits')}</option>
            <UnitOptions units={units.data ?? []} />
          </select>
        </Field>
        <Field label={t('followUp.from')}>
          <input type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
        </Field>
        <Field label={t('followUp.to')}>
          <input type="date" value={to} onChange={(e) => setTo(e.target.value)} />
        </Field>
      </div>
      <ErrorMessage error={list.error} />
      {list.loading && !list.data ? (
        <Loading />
      ) : (
        <table className="grid stack" data-testid="follow-up-list">
          <thead>
            <tr>
              <th>{t('followUp.annotation')}</th>
              <th>{t('followUp.units')}</th>
              <th>{t('followUp.progress')}</th>
              <th>{t('followUp.nextDeadline')}</th>
              <th>{t('followUp.statusLabel')}</th>
            </tr>
          </thead>
          <tbody>
            {(list.data?.items ?? []).map((item) => (
              <FollowUpRow
                key={item.id}
                item={item}
                open={open === item.id}
                onToggle={() => setOpen(open === item.id ? null : item.id)}
                language={i18n.language}
              />
            ))}
          </tbody>
        </table>
      )}
      {list.data && list.data.total === 0 && <p className="muted">{t('app.none')}</p>}
      <Pager page={page} total={list.data?.total ?? 0} pageSize={PAGE_SIZE} onPage={setPage} />
      {list.data && (
        <p className="muted">
          {t('followUp.asOf')} {formatDate(list.data.generatedAt, i18n.language)}
        </p>
      )}
    </section>
  );
}

function FollowUpRow({
  item,
  open,
  onToggle,
  language,
}: {
  item: FollowUpItem;
  open: boolean;
  onToggle: () => void;
  language: string;
}) {
  const { t } = useTranslation();
  const subjectLink =
    item.subject.type === 'document'
      ? `/documents/${item.subject.id}`
      : item.subject.type === 'task'
        ? `/tasks?id=${item.subject.id}`
        : null;
  return (
    <>
      <tr className={`follow ${item.status}`} data-testid="follow-up-row" data-status={item.status}>
        <td>
          <button type="button" className="link" aria-expanded={open} onClick={onToggle}>
            “{item.text.length > 140 ? `${item.text.slice(0, 140)}…` : item.text}”
          </button>
          <div className="muted">
            {item.author.fullName}
            <OnBehalfOf person={item.onBehalfOf} /> · {formatDate(item.createdAt, language)} ·{' '}
            {subjectLink ? <Link to={subjectLink}>{item.subject.title}</Link> : item.subject.title}
          </div>
        </td>
        <td data-label={t('followUp.units')}>{item.leadUnits.map((u) => u.name).join(', ')}</td>
        <td data-label={t('followUp.progress')}>
          {t('followUp.doneOf', { done: item.tasks.done, total: item.tasks.total - item.tasks.cancelled })}
          {item.tasks.overdue > 0 && <span className="badge danger">{item.tasks.overdue}</span>}
        </td>
        <td data-label={t('followUp.nextDeadline')}>{formatDate(item.nextDeadline, language)}</td>
        <td data-label={t('followUp.statusLabel')}>
          <span className={`status ${item.status}`}>{t(`followUp.status.${item.status}`)}</span>
        </td>
      </tr>
      {open && (
        <tr>
          <td colSpan={5}>
            <AnnotationTasks id={item.id} />
          </td>
        </tr>
      )}
    </>
  );
}

/** Drill-down: every task the annotation started, its lead and its state. */
function AnnotationTasks({ id }: { id: string }) {
  const { t, i18n } = useTranslation();
  const detail = useAsync(() => api<AnnotationView>('GET', `/annotations/${id}`), [id]);
  if (detail.error) return <ErrorMessage error={detail.error} />;
  if (!detail.data) return <Loading />;
  return (
    <ul className="drill" data-testid="follow-up-tasks">
      {detail.data.tasks.map((task) => (
        <li key={task.id}>
          <Link to={`/tasks?id=${task.id}`}>{task.title}</Link> — {task.lead.unit.name}
          {task.lead.user && ` (${task.lead.user.fullName})`} — {t(`state.${task.state}`)} — {task.progress}%
          — {formatDate(task.deadline, i18n.language)} —{' '}
          <span className={`status ${task.followUp}`}>{t(`followUp.status.${task.followUp}`)}</span>
        </li>
      ))}
    </ul>
  );
}
