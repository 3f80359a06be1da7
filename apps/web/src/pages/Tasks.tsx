import { FormEvent, lazy, Suspense, useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { TASK_STATE_NAMES, type AttachmentMeta, type FeedEnvelope, type TaskSummary } from '../contract';
import { useSession } from '../session';
import { isLeadingRole } from '@lt/access/roles';
import { api } from '../api';
import type {
  AnnotationView,
  BriefingItemSource,
  TaskDetail as Detail,
  TaskPage as Page,
  TaskParty as Party,
  TaskScope,
} from '../api-schema';
import {
  AttachmentList,
  AttachmentPicker,
  ErrorMessage,
  EscalationTrail,
  EvidenceButton,
  Field,
  formatDate,
  Loading,
  NeedKey,
  useAsync,
  useLiveReload,
  OnBehalfOf,
} from '../ui';
import { signDecision } from '../signing';

type Scope = TaskScope;

type FieldName = 'reason' | 'percent' | 'text' | 'deadline' | 'explanation' | 'apology' | 'note';

/** Where each action is posted, and what it asks for. */
const PAGE_SIZE = 50;

/** Fields a person may leave empty. */
const OPTIONAL: FieldName[] = ['note', 'deadline'];

const ACTIONS: Record<
  string,
  {
    path: string;
    fields: FieldName[];
    versioned: boolean;
    /** A decision, signed with this browser's key (every transition of the task). */
    signed?: boolean;
    /** Takes attached files (report, final report, contribution). */
    files?: boolean;
  }
> = {
  accept: { path: 'accept', fields: [], versioned: true, signed: true },
  return: { path: 'return', fields: ['reason'], versioned: true, signed: true },
  start: { path: 'start', fields: [], versioned: true, signed: true },
  report: { path: 'reports', fields: ['percent', 'text'], versioned: true, signed: true, files: true },
  request_extension: { path: 'extension', fields: ['deadline', 'reason'], versioned: true, signed: true },
  submit: { path: 'submit', fields: ['text'], versioned: true, signed: true, files: true },
  approve_extension: { path: 'extension/approve', fields: ['note'], versioned: true, signed: true },
  refuse_extension: { path: 'extension/refuse', fields: ['note'], versioned: true, signed: true },
  complete: { path: 'complete', fields: [], versioned: true, signed: true },
  reopen: { path: 'reopen', fields: ['reason', 'deadline'], versioned: true, signed: true },
  cancel: { path: 'cancel', fields: ['reason'], versioned: true, signed: true },
  file_explanation: { path: 'explanation', fields: ['explanation', 'apology'], versioned: true },
  contribute: { path: 'contributions', fields: ['text'], versioned: false, files: true },
  acknowledge: { path: 'acknowledge', fields: [], versioned: false },
  urge: { path: 'urge', fields: ['note'], versioned: false },
};

export function Tasks() {
  const { t, i18n } = useTranslation();
  const [scope, setScope] = useState<Scope>('mine');
  // Opened from elsewhere (a document's trail, the follow-up) with ?id=: that task is shown.
  const [params] = useSearchParams();
  const [selected, setSelected] = useState<string | null>(params.get('id'));
  const { me } = useSession();
  // A unit's tasks are for its leaders (those who follow it); others see theirs.
  const follows = (me?.positions ?? []).some((p) => isLeadingRole(p.role));
  const [state, setState] = useState('');
  const [overdueOnly, setOverdueOnly] = useState(false);
  const [page, setPage] = useState(1);
  /** A different list starts on its first page. */
  const refine = (change: () => void) => {
    change();
    setPage(1);
  };
  const query = new URLSearchParams({ scope, pageSize: String(PAGE_SIZE), page: String(page) });
  if (state) query.set('state', state);
  if (overdueOnly) query.set('overdue', 'true');
  const list = useAsync(
    () => api<Page>('GET', `/tasks?${query.toString()}`),
    [scope, state, overdueOnly, page],
  );
  const total = list.data?.total ?? 0;
  const accept = useCallback((e: FeedEnvelope) => e.name.startsWith('task.'), []);
  useLiveReload(accept, list.reload);

  return (
    <section className="split">
      <div className="panel">
        <h1>{t('tasks.title')}</h1>
        <div className="tabs">
          {(follows ? (['mine', 'assigned', 'unit'] as const) : (['mine', 'assigned'] as const)).map((s) => (
            <button
              key={s}
              type="button"
              aria-pressed={scope === s}
              className={scope === s ? 'active' : ''}
              onClick={() => refine(() => setScope(s))}
            >
              {t(`tasks.${s}`)}
            </button>
          ))}
        </div>
        <div className="row filters">
          <Field label={t('tasks.state')}>
            <select value={state} onChange={(e) => refine(() => setState(e.target.value))}>
              <option value="">{t('tasks.allStates')}</option>
              {TASK_STATE_NAMES.map((s) => (
                <option key={s} value={s}>
                  {t(`state.${s}`)}
                </option>
              ))}
            </select>
          </Field>
          <label className="check">
            <input
              type="checkbox"
              checked={overdueOnly}
              onChange={(e) => refine(() => setOverdueOnly(e.target.checked))}
            />
            {t('tasks.overdueOnly')}
          </label>
        </div>
        <ErrorMessage error={list.error} />
        {list.loading && !list.data && <Loading />}
        {list.data?.items.length === 0 && <p className="muted">{t('tasks.empty')}</p>}
        <table className="grid tasks">
          <thead>
            <tr>
              <th>{t('assign.taskTitle')}</th>
              <th>{t('tasks.lead')}</th>
              <th>{t('tasks.deadline')}</th>
              <th>{t('tasks.state')}</th>
              <th>{t('tasks.progress')}</th>
            </tr>
          </thead>
          <tbody>
            {list.data?.items.map((task) => (
              <tr key={task.id} className={selected === task.id ? 'selected' : ''} data-testid="task-row">
                <td>
                  <button className="link" onClick={() => setSelected(task.id)}>
                    {task.title}
                  </button>
                  {task.blocked && <span className="tag danger">{t('tasks.overdue')}</span>}
                </td>
                <td>{task.lead.user?.fullName ?? task.lead.unit.name}</td>
                <td>{formatDate(task.deadline, i18n.language)}</td>
                <td>{t(`state.${task.state}`)}</td>
                <td>{task.progress}%</td>
              </tr>
            ))}
          </tbody>
        </table>
        {(total > PAGE_SIZE || page > 1) && (
          <nav className="actions" aria-label={t('tasks.pages')}>
            <button type="button" disabled={page === 1} onClick={() => setPage(page - 1)}>
              {t('tasks.previous')}
            </button>
            <span className="muted" data-testid="page-range">
              {t('tasks.range', {
                from: (page - 1) * PAGE_SIZE + 1,
                to: Math.min(page * PAGE_SIZE, total),
                total,
              })}
            </span>
            <button type="button" disabled={page * PAGE_SIZE >= total} onClick={() => setPage(page + 1)}>
              {t('tasks.next')}
            </button>
          </nav>
        )}
      </div>
      {selected && <TaskPanel key={selected} id={selected} onChanged={list.reload} />}
    </section>
  );
}

function TaskPanel({ id, onChanged }: { id: string; onChanged: () => void }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const detail = useAsync(() => api<Detail>('GET', `/tasks/${id}`), [id]);
  const accept = useCallback(
    (e: FeedEnvelope) => e.name.startsWith('task.') && (e.payload as { task: TaskSummary }).task.id === id,
    [id],
  );
  useLiveReload(accept, detail.reload);
  const [action, setAction] = useState<string | null>(null);
  const [values, setValues] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>(null);
  const [needKey, setNeedKey] = useState(false);
  const { me } = useSession();
  const [busy, setBusy] = useState(false);
  const [files, setFiles] = useState<AttachmentMeta[]>([]);
  const [uploading, setUploading] = useState(false);
  const panel = useRef<HTMLElement>(null);
  const form = useRef<HTMLFormElement>(null);
  const task = detail.data;

  // On a phone the panel sits below the list: bring it into view, and focus its heading so a
  // keyboard user continues from there.
  useEffect(() => {
    if (!task) return;
    panel.current?.scrollIntoView({ block: 'start' });
    panel.current?.querySelector('h2')?.focus();
  }, [task?.id]);
  useEffect(() => {
    if (action) form.current?.querySelector<HTMLElement>('input, textarea')?.focus();
  }, [action]);

  /** A button opens its form when the action asks for something; only the form posts it. */
  const choose = (name: string) => {
    setError(null);
    setNeedKey(false);
    // Each form starts empty: nothing typed or attached for another action comes along.
    setValues({});
    setFiles([]);
    if (ACTIONS[name].fields.length > 0) setAction(name);
    else void post(name);
  };

  const post = async (name: string, event?: FormEvent) => {
    event?.preventDefault();
    if (!task || busy) return;
    const spec = ACTIONS[name];
    setError(null);
    setBusy(true);
    try {
      const body: Record<string, unknown> = spec.versioned ? { version: task.version } : {};
      for (const f of spec.fields) {
        if (!values[f]) continue;
        body[f] =
          f === 'percent'
            ? Number(values[f])
            : f === 'deadline'
              ? new Date(values[f]).toISOString()
              : values[f];
      }
      if (spec.files && files.length > 0) body.attachmentIds = files.map((f) => f.id);
      const sent = spec.signed ? await signDecision(me!.id, { type: 'task', id: task.id }, name, body) : body;
      if (sent === null) {
        setNeedKey(true);
        return;
      }
      await api('POST', `/tasks/${task.id}/${spec.path}`, sent);
      setAction(null);
      setValues({});
      setFiles([]);
      detail.reload();
      onChanged();
      panel.current?.querySelector('h2')?.focus();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  if (!task)
    return <div className="panel">{detail.error ? <ErrorMessage error={detail.error} /> : <Loading />}</div>;
  const pending = task.extensions.find((e) => e.state === 'pending');
  const partyName = (p: Pick<Party, 'unit' | 'user'>) =>
    p.user ? `${p.user.fullName} (${p.unit.name})` : p.unit.name;
  return (
    <article className="panel" data-testid="task-detail" ref={panel}>
      <h2 tabIndex={-1}>{task.title}</h2>
      <p className="body">{task.description}</p>
      <dl className="facts">
        <dt>{t('tasks.state')}</dt>
        <dd data-testid="task-state">{t(`state.${task.state}`)}</dd>
        <dt>{t('tasks.lead')}</dt>
        <dd>{partyName(task.lead)}</dd>
        {task.coordinators.length > 0 && (
          <>
            <dt>{t('tasks.coordinators')}</dt>
            <dd>{task.coordinators.map(partyName).join('; ')}</dd>
          </>
        )}
        {task.informed.length > 0 && (
          <>
            <dt>{t('tasks.informed')}</dt>
            <dd>{task.informed.map((p) => `${partyName(p)}${p.acknowledgedAt ? ` ✓` : ''}`).join('; ')}</dd>
          </>
        )}
        <dt>{t('tasks.assigner')}</dt>
        <dd>
          {task.assigner.fullName}
          <OnBehalfOf person={task.assigner.onBehalfOf} />
        </dd>
        <dt>{t('tasks.deadline')}</dt>
        <dd>{formatDate(task.deadline, language)}</dd>
        {task.originalDeadline !== task.deadline && (
          <>
            <dt>{t('tasks.originalDeadline')}</dt>
            <dd>{formatDate(task.originalDeadline, language)}</dd>
          </>
        )}
        <dt>{t('tasks.progress')}</dt>
        <dd>
          <progress max={100} value={task.progress} aria-label={t('tasks.progress')} /> {task.progress}%
        </dd>
        {task.returnReason && task.state === 'returned' && (
          <>
            <dt>{t('tasks.returnReason')}</dt>
            <dd>{task.returnReason}</dd>
          </>
        )}
      </dl>
      {task.blocked && <p className="error">{t('tasks.overdue')}</p>}
      {pending && (
        <div className="explain" data-testid="pending-extension">
          <strong>{t('tasks.extensionPending')}</strong>
          <p>
            {t('tasks.requestedDeadline')}: {formatDate(pending.requestedDeadline, language)}
            <br />
            {t('tasks.reason')}: {pending.reason}
          </p>
        </div>
      )}
      {task.chain.length > 0 && (
        <p className="muted">
          {t('tasks.chain')}: {task.chain.map((c) => c.title).join(' › ')}
        </p>
      )}
      {task.children.length > 0 && (
        <>
          <h3>{t('tasks.children')}</h3>
          <ul>
            {task.children.map((c) => (
              <li key={c.id}>
                {c.title} — {t(`state.${c.state}`)} ({c.progress}%)
              </li>
            ))}
          </ul>
        </>
      )}
      <div className="actions">
        {task.myRoles.includes('lead') &&
          ['accepted', 'in_progress'].includes(task.state) &&
          !task.blocked && (
            <a className="button" href={`#/assign?parent=${task.id}`}>
              {t('assign.subtask')}
            </a>
          )}
        {task.allowedActions.map((a) => (
          <button
            key={a}
            type="button"
            className={a === 'file_explanation' ? 'primary' : ''}
            aria-expanded={ACTIONS[a].fields.length > 0 ? action === a : undefined}
            disabled={busy}
            onClick={() => choose(a)}
          >
            {t(`action.${a}`)}
          </button>
        ))}
        <a className="button" href={`#/chat?thread=task:${task.id}`}>
          {t('chat.discuss')}
        </a>
      </div>
      {action && (
        <form className="subform" ref={form} onSubmit={(e) => void post(action, e)}>
          {ACTIONS[action].fields.map((f) => (
            <Field
              key={f}
              label={t(
                f === 'deadline'
                  ? 'tasks.newDeadline'
                  : f === 'note'
                    ? action === 'urge'
                      ? 'tasks.urgeNote'
                      : 'tasks.note'
                    : `tasks.${f}`,
              )}
            >
              {f === 'text' || f === 'explanation' || f === 'apology' ? (
                <textarea
                  rows={3}
                  value={values[f] ?? ''}
                  onChange={(e) => setValues({ ...values, [f]: e.target.value })}
                  required
                />
              ) : (
                <input
                  type={f === 'percent' ? 'number' : f === 'deadline' ? 'datetime-local' : 'text'}
                  min={f === 'percent' ? 0 : undefined}
                  max={f === 'percent' ? 100 : undefined}
                  value={values[f] ?? ''}
                  onChange={(e) => setValues({ ...values, [f]: e.target.value })}
                  required={
                    !OPTIONAL.includes(f) ||
                    (f === 'deadline' && action === 'request_extension') ||
                    (f === 'note' && action === 'urge')
                  }
                />
              )}
            </Field>
          ))}
          {ACTIONS[action].files && (
            <AttachmentPicker value={files} onChange={setFiles} onBusy={setUploading} />
          )}
          <button type="submit" className="primary" disabled={busy || uploading}>
            {t(`action.${action}`)}
          </button>{' '}
          <button
            type="button"
            onClick={() => {
              setAction(null);
              setValues({});
              setFiles([]);
            }}
          >
            {t('app.cancel')}
          </button>
        </form>
      )}
      <ErrorMessage error={error} />
      {needKey && <NeedKey message="assign.needKeyDecision" />}
      {task.urgings.length > 0 && (
        <>
          <h3>{t('tasks.urgings', { count: task.urgedCount })}</h3>
          <ol className="trail" data-testid="urgings">
            {task.urgings.map((u) => (
              <li key={u.at}>
                <span className="muted">
                  {formatDate(u.at, language)} · {u.by.fullName}
                </span>
                <p className="body">{u.note}</p>
              </li>
            ))}
          </ol>
        </>
      )}
      <EscalationTrail escalations={task.escalations} />
      <EvidenceButton path={`/tasks/${task.id}/evidence`} fileName={`ho-so-chung-cu-task-${task.id}.tar`} />
      {task.latenesses.length > 0 && (
        <>
          <h3>{t('tasks.latenesses')}</h3>
          <ol className="trail" data-testid="latenesses">
            {task.latenesses.map((l) => (
              <li key={l.number}>
                <span className="muted">
                  {t('tasks.missedDeadline')}: {formatDate(l.missedDeadline, language)}
                </span>
                {l.filedAt ? (
                  <>
                    <p className="body">
                      <strong>{t('tasks.explanation')}:</strong> {l.explanation}
                    </p>
                    <p className="body">
                      <strong>{t('tasks.apology')}:</strong> {l.apology}
                    </p>
                  </>
                ) : (
                  <p className="error">{t('tasks.notExplained')}</p>
                )}
              </li>
            ))}
          </ol>
        </>
      )}
      {task.extensions.some((e) => e.state !== 'pending') && (
        <>
          <h3>{t('tasks.extensions')}</h3>
          <ol className="trail">
            {task.extensions
              .filter((e) => e.state !== 'pending')
              .map((e) => (
                <li key={e.id}>
                  {formatDate(e.requestedDeadline, language)} — {t(`extensionState.${e.state}`)}
                  <br />
                  <span className="muted">
                    {t('tasks.reason')}: {e.reason}
                    {e.decisionNote && ` — ${t('tasks.decisionNote')}: ${e.decisionNote}`}
                  </span>
                </li>
              ))}
          </ol>
        </>
      )}
      {task.reports.length > 0 && (
        <>
          <h3>{t('tasks.reports')}</h3>
          <ol className="trail">
            {task.reports.map((r) => (
              <li key={r.id}>
                <span className="muted">
                  {formatDate(r.createdAt, language)} — {r.author.fullName} — {t(`reportKind.${r.kind}`)}
                  {r.percent !== null && ` — ${r.percent}%`}
                </span>
                <p className="body">{r.text}</p>
                <AttachmentList
                  files={r.attachments}
                  base={`/tasks/${task.id}/reports/${r.id}/attachments`}
                />
                <ReportAnnotation reportId={r.id} />
              </li>
            ))}
          </ol>
        </>
      )}
      {task.source?.type === 'annotation' && <AnnotationSource id={task.source.id} />}
      {task.source?.type === 'briefing' && <BriefingSource itemId={task.source.id} />}
      <TaskAnnotations taskId={task.id} onSaved={detail.reload} />
    </article>
  );
}

/** The annotation this task came from, and what it was written on (a document, a directive …). */
function AnnotationSource({ id }: { id: string }) {
  const { t, i18n } = useTranslation();
  const source = useAsync(() => api<AnnotationView>('GET', `/annotations/${id}`), [id]);
  if (!source.data) return null;
  const { subject } = source.data;
  const link =
    subject.type === 'document'
      ? `#/documents/${subject.id}`
      : subject.type === 'task'
        ? `#/tasks?id=${subject.id}`
        : subject.type === 'directive'
          ? '#/directives'
          : null;
  return (
    <section className="explain" data-testid="task-source">
      <h3>{t('annotations.source')}</h3>
      <p className="annotation">“{source.data.text}”</p>
      <p className="muted">
        {source.data.author.fullName}
        <OnBehalfOf person={source.data.onBehalfOf} /> · {formatDate(source.data.createdAt, i18n.language)} ·{' '}
        {link ? <a href={link}>{subject.title}</a> : subject.title}
      </p>
    </section>
  );
}

/** The weekly briefing item this task was made from, linking to the briefing. */
function BriefingSource({ itemId }: { itemId: string }) {
  const { t, i18n } = useTranslation();
  const source = useAsync(() => api<BriefingItemSource>('GET', `/briefings/items/${itemId}`), [itemId]);
  if (!source.data) return null;
  const { briefing } = source.data;
  return (
    <section className="explain" data-testid="task-source">
      <h3>{t('briefings.taskSource')}</h3>
      <p className="annotation">
        {t(`briefings.section.${source.data.section}`)}: “{source.data.text}”
      </p>
      <p className="muted">
        <a href={`#/briefings/${briefing.id}`}>{briefing.title}</a> ·{' '}
        {formatDate(briefing.meetingAt, i18n.language)}
      </p>
    </section>
  );
}

// The annotation form signs with this browser's key: its code loads only when a leader opens it.
const AnnotateForm = lazy(() => import('./Documents').then((m) => ({ default: m.AnnotateForm })));

/** A leader's annotation on one progress report ("Đẩy nhanh tiến độ …"), signed here. */
function ReportAnnotation({ reportId }: { reportId: string }) {
  const { t } = useTranslation();
  const { me } = useSession();
  const [open, setOpen] = useState(false);
  const [saved, setSaved] = useState(false);
  if (!(me?.positions ?? []).some((p) => isLeadingRole(p.role))) return null;
  if (!open)
    return (
      <button type="button" className="link" onClick={() => setOpen(true)}>
        {saved ? `✓ ${t('annotations.write')}` : t('annotations.write')}
      </button>
    );
  return (
    <Suspense fallback={<Loading />}>
      <AnnotateForm
        subject={{ type: 'task_report', id: reportId }}
        onDone={() => {
          setOpen(false);
          setSaved(true);
        }}
      />
    </Suspense>
  );
}

/**
 * Leaders' remarks on the task (bút phê): the thread, and for a leader the form to add one —
 * possibly assigning more work — signed in the browser.
 */
function TaskAnnotations({ taskId, onSaved }: { taskId: string; onSaved: () => void }) {
  const { t, i18n } = useTranslation();
  const { me } = useSession();
  const leads = (me?.positions ?? []).some((p) => isLeadingRole(p.role));
  const thread = useAsync(
    () => api<AnnotationView[]>('GET', `/annotations?subjectType=task&subjectId=${taskId}`),
    [taskId],
  );
  const [writing, setWriting] = useState(false);
  if (!leads && (thread.data ?? []).length === 0) return null;
  return (
    <section data-testid="task-annotations">
      <h3>{t('annotations.thread')}</h3>
      <ul className="thread">
        {(thread.data ?? []).map((a) => (
          <li key={a.id}>
            <p className="annotation">“{a.text}”</p>
            <p className="muted">
              {a.author.fullName}
              <OnBehalfOf person={a.onBehalfOf} /> · {formatDate(a.createdAt, i18n.language)}
              {a.tasks.length > 0 && ` · ${t('annotations.assigned', { count: a.tasks.length })}`}
            </p>
          </li>
        ))}
      </ul>
      {leads &&
        (writing ? (
          <Suspense fallback={<Loading />}>
            <AnnotateForm
              subject={{ type: 'task', id: taskId }}
              onDone={() => {
                setWriting(false);
                thread.reload();
                onSaved();
              }}
            />
          </Suspense>
        ) : (
          <button type="button" onClick={() => setWriting(true)}>
            {t('annotations.write')}
          </button>
        ))}
    </section>
  );
}
