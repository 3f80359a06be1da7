import { FormEvent, useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { TASK_STATE_NAMES, type FeedEnvelope, type TaskSummary } from '@lt/realtime/contract';
import { LEADER_ROLES, useSession } from '../session';
import { api } from '../api';
import { ErrorMessage, Field, formatDate, Loading, useAsync, useLiveReload } from '../ui';

type Scope = 'mine' | 'assigned' | 'unit';
interface Page {
  items: TaskSummary[];
  total: number;
}
interface Detail extends TaskSummary {
  description: string;
  allowedActions: string[];
  myRoles: string[];
  chain: { id: string; title: string }[];
  children: TaskSummary[];
  reports: {
    id: string;
    kind: string;
    author: { fullName: string };
    percent: number | null;
    text: string;
    createdAt: string;
  }[];
}

/** Where each action is posted, and what it asks for. */
const ACTIONS: Record<
  string,
  {
    path: string;
    fields: ('reason' | 'percent' | 'text' | 'deadline' | 'explanation' | 'apology')[];
    versioned: boolean;
  }
> = {
  accept: { path: 'accept', fields: [], versioned: true },
  return: { path: 'return', fields: ['reason'], versioned: true },
  start: { path: 'start', fields: [], versioned: true },
  report: { path: 'reports', fields: ['percent', 'text'], versioned: true },
  request_extension: { path: 'extension', fields: ['deadline', 'reason'], versioned: true },
  submit: { path: 'submit', fields: ['text'], versioned: true },
  approve_extension: { path: 'extension/approve', fields: [], versioned: true },
  refuse_extension: { path: 'extension/refuse', fields: [], versioned: true },
  complete: { path: 'complete', fields: [], versioned: true },
  reopen: { path: 'reopen', fields: ['reason', 'deadline'], versioned: true },
  cancel: { path: 'cancel', fields: ['reason'], versioned: true },
  file_explanation: { path: 'explanation', fields: ['explanation', 'apology'], versioned: true },
  contribute: { path: 'contributions', fields: ['text'], versioned: false },
  acknowledge: { path: 'acknowledge', fields: [], versioned: false },
};

export function Tasks() {
  const { t, i18n } = useTranslation();
  const [scope, setScope] = useState<Scope>('mine');
  const [selected, setSelected] = useState<string | null>(null);
  const { me } = useSession();
  // A unit's tasks are for its leaders (those who follow it); others see theirs.
  const follows = (me?.positions ?? []).some((p) => LEADER_ROLES.includes(p.role));
  const [state, setState] = useState('');
  const [overdueOnly, setOverdueOnly] = useState(false);
  const query = new URLSearchParams({ scope, pageSize: '50' });
  if (state) query.set('state', state);
  if (overdueOnly) query.set('overdue', 'true');
  const list = useAsync(() => api<Page>('GET', `/tasks?${query.toString()}`), [scope, state, overdueOnly]);
  const accept = useCallback((e: FeedEnvelope) => e.name.startsWith('task.'), []);
  useLiveReload(accept, list.reload);

  return (
    <section className="split">
      <div className="panel">
        <h1>{t('tasks.title')}</h1>
        <div role="tablist" className="tabs">
          {(follows ? (['mine', 'assigned', 'unit'] as const) : (['mine', 'assigned'] as const)).map((s) => (
            <button
              key={s}
              role="tab"
              aria-selected={scope === s}
              className={scope === s ? 'active' : ''}
              onClick={() => setScope(s)}
            >
              {t(`tasks.${s}`)}
            </button>
          ))}
        </div>
        <div className="row filters">
          <Field label={t('tasks.state')}>
            <select value={state} onChange={(e) => setState(e.target.value)}>
              <option value="">{t('tasks.allStates')}</option>
              {TASK_STATE_NAMES.map((s) => (
                <option key={s} value={s}>
                  {t(`state.${s}`)}
                </option>
              ))}
            </select>
          </Field>
          <label className="check">
            <input type="checkbox" checked={overdueOnly} onChange={(e) => setOverdueOnly(e.target.checked)} />
            {t('tasks.overdueOnly')}
          </label>
        </div>
        <ErrorMessage error={list.error} />
        {list.loading && !list.data && <Loading />}
        {list.data?.items.length === 0 && <p className="muted">{t('tasks.empty')}</p>}
        <table className="grid">
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
      </div>
      {selected && <TaskPanel id={selected} onChanged={list.reload} />}
    </section>
  );
}

function TaskPanel({ id, onChanged }: { id: string; onChanged: () => void }) {
  const { t, i18n } = useTranslation();
  const detail = useAsync(() => api<Detail>('GET', `/tasks/${id}`), [id]);
  const accept = useCallback(
    (e: FeedEnvelope) => e.name.startsWith('task.') && (e.payload as { task: TaskSummary }).task.id === id,
    [id],
  );
  useLiveReload(accept, detail.reload);
  const [action, setAction] = useState<string | null>(null);
  const [values, setValues] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>(null);
  const task = detail.data;

  const run = async (name: string, event?: FormEvent) => {
    event?.preventDefault();
    if (!task) return;
    const spec = ACTIONS[name];
    if (spec.fields.length > 0 && action !== name) {
      setAction(name);
      return;
    }
    setError(null);
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
      await api('POST', `/tasks/${task.id}/${spec.path}`, body);
      setAction(null);
      setValues({});
      detail.reload();
      onChanged();
    } catch (e) {
      setError(e);
    }
  };

  if (!task)
    return <div className="panel">{detail.error ? <ErrorMessage error={detail.error} /> : <Loading />}</div>;
  return (
    <article className="panel" data-testid="task-detail">
      <h2>{task.title}</h2>
      <p className="body">{task.description}</p>
      <dl className="facts">
        <dt>{t('tasks.state')}</dt>
        <dd data-testid="task-state">{t(`state.${task.state}`)}</dd>
        <dt>{t('tasks.lead')}</dt>
        <dd>
          {task.lead.user ? `${task.lead.user.fullName} (${task.lead.unit.name})` : task.lead.unit.name}
        </dd>
        <dt>{t('tasks.assigner')}</dt>
        <dd>{task.assigner.fullName}</dd>
        <dt>{t('tasks.deadline')}</dt>
        <dd>{formatDate(task.deadline, i18n.language)}</dd>
        {task.originalDeadline !== task.deadline && (
          <>
            <dt>{t('tasks.originalDeadline')}</dt>
            <dd>{formatDate(task.originalDeadline, i18n.language)}</dd>
          </>
        )}
        <dt>{t('tasks.progress')}</dt>
        <dd>
          <progress max={100} value={task.progress} /> {task.progress}%
        </dd>
      </dl>
      {task.blocked && <p className="error">{t('tasks.overdue')}</p>}
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
          <button key={a} className={a === 'file_explanation' ? 'primary' : ''} onClick={() => void run(a)}>
            {t(`action.${a}`)}
          </button>
        ))}
      </div>
      {action && (
        <form className="subform" onSubmit={(e) => void run(action, e)}>
          {ACTIONS[action].fields.map((f) => (
            <Field key={f} label={t(f === 'deadline' ? 'tasks.newDeadline' : `tasks.${f}`)}>
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
                  required={f !== 'deadline' || action === 'request_extension'}
                />
              )}
            </Field>
          ))}
          <button type="submit" className="primary">
            {t(`action.${action}`)}
          </button>{' '}
          <button type="button" onClick={() => setAction(null)}>
            {t('app.cancel')}
          </button>
        </form>
      )}
      <ErrorMessage error={error} />
      {task.reports.length > 0 && (
        <>
          <h3>{t('tasks.reports')}</h3>
          <ol className="trail">
            {task.reports.map((r) => (
              <li key={r.id}>
                <span className="muted">
                  {formatDate(r.createdAt, i18n.language)} — {r.author.fullName}
                  {r.percent !== null && ` — ${r.percent}%`}
                </span>
                <p>{r.text}</p>
              </li>
            ))}
          </ol>
        </>
      )}
    </article>
  );
}
