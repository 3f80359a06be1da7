import { FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { mondayBriefing } from '../monday-briefing';
import { BRIEFING_SECTIONS, type BriefingReporterStatus, type BriefingSection } from '../contract';
import { api } from '../api';
import type {
  Briefing,
  BriefingItem as Item,
  BriefingPage,
  BriefingReporter as Reporter,
  BriefingSearchPage,
  Person,
  Unit,
} from '../api-schema';
import { useSession } from '../session';
import { isLeadingRole } from '@lt/access/roles';
import { ASSIGNMENT_KIND, useSignedSubmit } from '../signed-submit';
import { keyOf } from '../signing';
import {
  ErrorMessage,
  Field,
  formatDate,
  Loading,
  Pager,
  UnitOptions,
  UrgencySelect,
  useAsync,
  useIdempotentCreate,
  useLiveReload,
  NeedKey,
} from '../ui';

const PAGE_SIZE = 20;
/** How each status shows: on time reads as done, late as a warning, missing as a failure. */
const STATUS_CLASS: Record<BriefingReporterStatus, string> = {
  on_time: 'tag ok',
  late: 'tag warn',
  missing: 'tag danger',
  pending: 'tag',
};

const reporterName = (r: Pick<Reporter, 'unit' | 'user'>) =>
  r.user ? `${r.user.fullName} (${r.unit.name})` : r.unit.name;

function StatusChip({ status }: { status: BriefingReporterStatus }) {
  const { t } = useTranslation();
  return (
    <span className={STATUS_CLASS[status]} data-testid={`status-${status}`}>
      {t(`briefings.status.${status}`)}
    </span>
  );
}

/** "Sửa sau hạn": shown by the status of a report resubmitted after the cut-off. */
function RevisedChip() {
  const { t } = useTranslation();
  return (
    <span
      className="tag warn"
      data-testid="revised-after-cutoff"
      title={t('briefings.revisedAfterCutoffHint')}
    >
      {t('briefings.revisedAfterCutoff')}
    </span>
  );
}

function Counts({ counts }: { counts: Briefing['counts'] }) {
  const { t } = useTranslation();
  return (
    <p className="chips" aria-label={t('briefings.counts')}>
      <span className="tag">{t('briefings.expected', { count: counts.expected })}</span>
      <span className="tag ok">
        {t('briefings.status.on_time')}: {counts.onTime}
      </span>
      <span className="tag warn">
        {t('briefings.status.late')}: {counts.late}
      </span>
      <span className="tag danger">
        {t('briefings.status.missing')}: {counts.missing}
      </span>
      {counts.pending > 0 && (
        <span className="tag">
          {t('briefings.status.pending')}: {counts.pending}
        </span>
      )}
      {counts.revisedAfterCutoff > 0 && (
        <span className="tag warn" title={t('briefings.revisedAfterCutoffHint')}>
          {t('briefings.revisedAfterCutoff')}: {counts.revisedAfterCutoff}
        </span>
      )}
    </p>
  );
}

/**
 * The electronic weekly briefing (giao ban điện tử): the current and past briefings, opening
 * one (unit leaders), reports, comments, items made into signed tasks, the conclusion, search.
 */
export function Briefings() {
  const { id } = useParams();
  return id ? <BriefingDetail id={id} /> : <BriefingList />;
}

function BriefingList() {
  const { t, i18n } = useTranslation();
  const { me } = useSession();
  const navigate = useNavigate();
  const [state, setState] = useState<'open' | 'closed'>('open');
  const [page, setPage] = useState(1);
  const [q, setQ] = useState('');
  const [searched, setSearched] = useState('');
  const [opening, setOpening] = useState(false);
  const leads = me!.positions.some((p) => isLeadingRole(p.role));
  const list = useAsync(
    () => api<BriefingPage>('GET', `/briefings?state=${state}&page=${page}&pageSize=${PAGE_SIZE}`),
    [state, page],
  );
  const hits = useAsync(
    () =>
      searched
        ? api<BriefingSearchPage>(
            'GET',
            `/briefings/search?${new URLSearchParams({ q: searched, pageSize: '50' })}`,
          )
        : Promise.resolve(null),
    [searched],
  );
  useLiveReload((e) => e.name.startsWith('briefing.'), list.reload);

  return (
    <section className="panel" data-testid="briefings">
      <h1>{t('briefings.title')}</h1>
      <form
        className="toolbar"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          setSearched(q.trim());
        }}
      >
        <Field label={t('briefings.search')}>
          <input type="search" name="q" value={q} maxLength={200} onChange={(e) => setQ(e.target.value)} />
        </Field>
        <button type="submit">{t('briefings.find')}</button>
        {leads && (
          <button type="button" onClick={() => setOpening(!opening)} aria-expanded={opening}>
            {t('briefings.open')}
          </button>
        )}
      </form>
      {opening && <OpenForm onOpened={(b) => void navigate(`/briefings/${b.id}`)} />}
      {searched && (
        <div data-testid="briefing-hits">
          <h2>{t('briefings.results', { q: searched })}</h2>
          {hits.loading && <Loading />}
          <ErrorMessage error={hits.error} />
          {hits.data?.items.length === 0 && <p className="muted">{t('briefings.noResults')}</p>}
          <ul className="thread">
            {hits.data?.items.map((h) => (
              <li key={`${h.kind}-${h.briefing.id}-${h.itemId ?? ''}-${h.text.length}`}>
                <Link to={`/briefings/${h.briefing.id}`}>
                  {h.briefing.title} — {h.briefing.unit.name} ({h.briefing.week})
                </Link>
                <p className="muted">
                  {t(`briefings.hit.${h.kind}`)}
                  {h.section && ` · ${t(`briefings.section.${h.section}`)}`}
                  {h.by && ` · ${h.by}`}
                </p>
                <p>{h.text}</p>
              </li>
            ))}
          </ul>
        </div>
      )}
      <div className="tabs" role="tablist">
        {(['open', 'closed'] as const).map((s) => (
          <button
            key={s}
            type="button"
            role="tab"
            aria-selected={state === s}
            className={state === s ? 'active' : ''}
            onClick={() => {
              setState(s);
              setPage(1);
            }}
          >
            {t(s === 'open' ? 'briefings.current' : 'briefings.archive')}
          </button>
        ))}
      </div>
      {list.loading && !list.data && <Loading />}
      <ErrorMessage error={list.error} />
      {list.data?.items.length === 0 && <p className="muted">{t('app.none')}</p>}
      <div className="cards">
        {list.data?.items.map((b) => (
          <article key={b.id} className="card" data-testid="briefing-card">
            <header>
              <Link to={`/briefings/${b.id}`}>
                <strong>{b.title}</strong>
              </Link>{' '}
              <span className="muted">
                {b.unit.name} · {b.week}
              </span>
            </header>
            <p>
              {t('briefings.meetingAt')}: {formatDate(b.meetingAt, i18n.language)} · {t('briefings.cutoffAt')}
              : {formatDate(b.cutoffAt, i18n.language)}
            </p>
            <Counts counts={b.counts} />
            {b.mine.length > 0 && (
              <p>
                {t('briefings.myReport')}:{' '}
                {b.mine.map((m) => (
                  <span key={m.reporterId}>
                    <StatusChip status={m.status} /> {m.revisedAfterCutoff && <RevisedChip />}
                  </span>
                ))}
              </p>
            )}
          </article>
        ))}
      </div>
      <Pager page={page} total={list.data?.total ?? 0} pageSize={PAGE_SIZE} onPage={setPage} />
    </section>
  );
}

/** A `datetime-local` value (the browser's own time, as the field shows it). */
const localInput = (at: Date) =>
  new Date(at.getTime() - at.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);

/** A leader opens the week's briefing of a unit they lead: by default every ward below reports. */
function OpenForm({ onOpened }: { onOpened: (b: Briefing) => void }) {
  const { t, i18n } = useTranslation();
  const { me } = useSession();
  const led = me!.positions.filter((p) => isLeadingRole(p.role));
  const [unitId, setUnitId] = useState(led[0]?.unitId ?? '');
  const [defaults] = useState(() => mondayBriefing(new Date()));
  const [title, setTitle] = useState(() =>
    t('briefings.defaultTitle', {
      date: defaults.meetingAt.toLocaleDateString(i18n.language === 'en' ? 'en-GB' : 'vi-VN'),
    }),
  );
  const [meetingAt, setMeetingAt] = useState(localInput(defaults.meetingAt));
  const [cutoffAt, setCutoffAt] = useState(localInput(defaults.cutoffAt));
  const [skipped, setSkipped] = useState<string[]>([]);
  const [people, setPeople] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const create = useIdempotentCreate<object>();
  const children = useAsync(
    () =>
      unitId
        ? api<Unit[]>('GET', `/units/${unitId}/subtree?depth=1`).then((u) =>
            u.filter((x) => x.depth === 1 && x.active),
          )
        : Promise.resolve([]),
    [unitId],
  );
  const staff = useAsync(
    () => (unitId ? api<Person[]>('GET', `/units/${unitId}/people`) : Promise.resolve([])),
    [unitId],
  );
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      const body = {
        unitId,
        title,
        meetingAt: new Date(meetingAt).toISOString(),
        cutoffAt: new Date(cutoffAt).toISOString(),
        ...(skipped.length > 0
          ? { units: (children.data ?? []).filter((u) => !skipped.includes(u.id)).map((u) => u.id) }
          : {}),
        ...(people.length > 0 ? { people } : {}),
      };
      // Sent again after a lost answer, the same request opens the same briefing.
      const opened = await create<Briefing>('/briefings', body, () => Promise.resolve(body));
      if (opened) onOpened(opened);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="inline-form" onSubmit={(e) => void submit(e)} data-testid="open-briefing">
      <h2>{t('briefings.open')}</h2>
      <div className="row">
        <Field label={t('briefings.unit')}>
          <select value={unitId} onChange={(e) => setUnitId(e.target.value)} required>
            {led.map((p) => (
              <option key={p.id} value={p.unitId}>
                {p.unitName}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('briefings.titleField')}>
          <input
            value={title}
            onChange={(e) => setTitle(e.target.value)}
            required
            minLength={3}
            maxLength={300}
          />
        </Field>
      </div>
      <div className="row">
        <Field label={t('briefings.meetingAt')}>
          <input
            type="datetime-local"
            value={meetingAt}
            onChange={(e) => setMeetingAt(e.target.value)}
            required
          />
        </Field>
        <Field label={t('briefings.cutoffAt')}>
          <input
            type="datetime-local"
            value={cutoffAt}
            onChange={(e) => setCutoffAt(e.target.value)}
            required
          />
        </Field>
      </div>
      <fieldset>
        <legend>{t('briefings.reportingUnits')}</legend>
        {(children.data ?? []).map((u) => (
          <label key={u.id} className="check">
            <input
              type="checkbox"
              checked={!skipped.includes(u.id)}
              onChange={(e) =>
                setSkipped(e.target.checked ? skipped.filter((x) => x !== u.id) : [...skipped, u.id])
              }
            />{' '}
            {u.name}
          </label>
        ))}
      </fieldset>
      <Field label={t('briefings.reportingPeople')}>
        <select
          multiple
          value={people}
          onChange={(e) => setPeople([...e.target.selectedOptions].map((o) => o.value))}
        >
          {(staff.data ?? [])
            .filter((p) => p.id !== me!.id)
            .map((p) => (
              <option key={p.id} value={p.id}>
                {p.fullName}
              </option>
            ))}
        </select>
      </Field>
      <ErrorMessage error={error} />
      <button type="submit" className="primary" disabled={busy}>
        {t('briefings.openSubmit')}
      </button>
    </form>
  );
}

function BriefingDetail({ id }: { id: string }) {
  const { t, i18n } = useTranslation();
  const briefing = useAsync(() => api<Briefing>('GET', `/briefings/${id}`), [id]);
  useLiveReload(
    (e) =>
      (e.name.startsWith('briefing.') && (e.payload as { briefing: { id: string } }).briefing.id === id) ||
      e.name === 'task.changed',
    briefing.reload,
  );
  const b = briefing.data;
  if (!b) return briefing.error ? <ErrorMessage error={briefing.error} /> : <Loading />;
  const may = (action: Briefing['allowedActions'][number]) => b.allowedActions.includes(action);
  return (
    <section className="panel" data-testid="briefing">
      <p>
        <Link to="/briefings">← {t('briefings.title')}</Link>
      </p>
      <h1>{b.title}</h1>
      <p className="muted">
        {b.unit.name} · {b.week} · {t(`briefings.state.${b.state}`)}{' '}
        <button type="button" className="link no-print" onClick={() => window.print()}>
          {t('briefings.print')}
        </button>
      </p>
      <p>
        {t('briefings.meetingAt')}: {formatDate(b.meetingAt, i18n.language)} · {t('briefings.cutoffAt')}:{' '}
        {formatDate(b.cutoffAt, i18n.language)} · {t('briefings.openedBy')}: {b.openedBy.fullName}
      </p>
      <Counts counts={b.counts} />
      {b.conclusion && (
        <div className="explain" data-testid="conclusion">
          <strong>{t('briefings.conclusion')}</strong>
          <p>{b.conclusion}</p>
          <p className="muted">
            {b.closedBy?.fullName} · {formatDate(b.closedAt, i18n.language)}
          </p>
        </div>
      )}
      {b.reporters.map((r) => (
        <article key={r.id} className="card" data-testid="reporter">
          <header>
            <strong>{reporterName(r)}</strong> <StatusChip status={r.status} />{' '}
            {r.report?.revisedAfterCutoff && (
              <>
                <RevisedChip />{' '}
              </>
            )}
            {r.report && (
              <span className="muted">
                {t('briefings.submittedAt', {
                  at: formatDate(r.report.firstSubmittedAt, i18n.language),
                  by: r.report.submittedBy.fullName,
                })}
                {r.report.version > 1 &&
                  ` · ${t('briefings.revised', { count: r.report.version - 1, at: formatDate(r.report.submittedAt, i18n.language) })}`}
              </span>
            )}
          </header>
          {r.report &&
            BRIEFING_SECTIONS.map((section) => (
              <div key={section}>
                <h3>{t(`briefings.section.${section}`)}</h3>
                {r.report![section].length === 0 ? (
                  <p className="muted">{t('app.none')}</p>
                ) : (
                  <ol>
                    {r.report![section].map((item) => (
                      <ItemView
                        key={item.id}
                        briefing={b}
                        reporter={r}
                        item={item}
                        onChange={briefing.reload}
                      />
                    ))}
                  </ol>
                )}
              </div>
            ))}
          {r.canSubmit && <ReportForm briefing={b} reporter={r} onSaved={briefing.reload} />}
        </article>
      ))}
      {may('close') && <CloseForm briefing={b} onClosed={briefing.reload} />}
    </section>
  );
}

function ItemView({
  briefing,
  reporter,
  item,
  onChange,
}: {
  briefing: Briefing;
  reporter: Reporter;
  item: Item;
  onChange: () => void;
}) {
  const { t, i18n } = useTranslation();
  const [text, setText] = useState('');
  const [assigning, setAssigning] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const create = useIdempotentCreate<{ text: string }>();
  const comment = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      // Sent again after a lost answer, the same comment is not added twice.
      const body = { text };
      await create(`/briefings/${briefing.id}/items/${item.id}/comments`, body, () => Promise.resolve(body));
      setText('');
      onChange();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <li data-testid="briefing-item">
      <p>
        {item.text}{' '}
        {item.taskId && (
          <Link className="tag ok" to={`/tasks?id=${item.taskId}`}>
            {t('briefings.tasked')}
          </Link>
        )}
      </p>
      {item.comments.length > 0 && (
        <ul className="thread">
          {item.comments.map((c) => (
            <li key={c.id}>
              <p className="annotation">{c.text}</p>
              <span className="muted">
                {c.author.fullName} · {formatDate(c.createdAt, i18n.language)}
              </span>
            </li>
          ))}
        </ul>
      )}
      {briefing.allowedActions.includes('comment') && (
        <form className="toolbar comment-form" onSubmit={(e) => void comment(e)}>
          <Field label={t('briefings.comment')}>
            <input value={text} onChange={(e) => setText(e.target.value)} required maxLength={2000} />
          </Field>
          <button type="submit" disabled={busy}>
            {t('briefings.send')}
          </button>
          {briefing.allowedActions.includes('assign') && !item.taskId && (
            <button type="button" onClick={() => setAssigning(!assigning)} aria-expanded={assigning}>
              {t('briefings.assign')}
            </button>
          )}
        </form>
      )}
      <ErrorMessage error={error} />
      {assigning && (
        <AssignForm
          briefing={briefing}
          reporter={reporter}
          item={item}
          onDone={() => {
            setAssigning(false);
            onChange();
          }}
        />
      )}
    </li>
  );
}

/**
 * "Giao việc" from an item: an assignment signed here with this browser's key, its source
 * the item, sent in one request that creates the task and marks the item.
 */
function AssignForm({
  briefing,
  reporter,
  item,
  onDone,
}: {
  briefing: Briefing;
  reporter: Reporter;
  item: Item;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const { me } = useSession();
  const key = useAsync(() => keyOf(me!.id), [me?.id]);
  const units = useAsync(
    () => api<Unit[]>('GET', `/units/${briefing.unit.id}/subtree?depth=2`),
    [briefing.unit.id],
  );
  const [title, setTitle] = useState(item.text.slice(0, 500));
  const [lead, setLead] = useState(reporter.user ? briefing.unit.id : reporter.unit.id);
  const [deadline, setDeadline] = useState('');
  const [priority, setPriority] = useState(0);
  const { busy, error, status, submit: signAndSend } = useSignedSubmit();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const content = {
      kind: ASSIGNMENT_KIND,
      title,
      description: item.text,
      lead:
        reporter.user && lead === briefing.unit.id
          ? { unitId: lead, userId: reporter.user.id }
          : { unitId: lead },
      coordinators: [],
      informed: [],
      deadline: new Date(deadline).toISOString(),
      priority,
      source: { type: 'briefing' as const, id: item.id },
      assigner: me!.id,
    };
    void signAndSend(`/briefings/${briefing.id}/items/${item.id}/task`, content, () => {
      onDone();
      return null;
    });
  };
  if (key.loading) return <Loading />;
  if (!key.data) return <NeedKey />;
  return (
    <form className="inline-form" onSubmit={(e) => void submit(e)} data-testid="assign-from-item">
      <Field label={t('assign.taskTitle')}>
        <input
          value={title}
          onChange={(e) => setTitle(e.target.value)}
          required
          minLength={3}
          maxLength={500}
        />
      </Field>
      <div className="row">
        <Field label={t('assign.lead')}>
          <select value={lead} onChange={(e) => setLead(e.target.value)} required>
            <UnitOptions units={units.data ?? []} />
          </select>
        </Field>
        <Field label={t('assign.deadline')}>
          <input
            type="datetime-local"
            value={deadline}
            onChange={(e) => setDeadline(e.target.value)}
            required
          />
        </Field>
        <Field label={t('assign.priority')}>
          <UrgencySelect value={priority} onChange={setPriority} />
        </Field>
      </div>
      <p className="explain">{t('briefings.assignExplain')}</p>
      <ErrorMessage error={error} />
      {status && (
        <p className="ok" role="status">
          {status}
        </p>
      )}
      <button type="submit" className="primary" disabled={busy}>
        {t('briefings.assignSubmit')}
      </button>
    </form>
  );
}

type Draft = Record<BriefingSection, { id?: string; text: string; locked: boolean }[]>;

/** My report: three sections of items, added and removed freely; resubmitted against its version. */
function ReportForm({
  briefing,
  reporter,
  onSaved,
}: {
  briefing: Briefing;
  reporter: Reporter;
  onSaved: () => void;
}) {
  const { t } = useTranslation();
  const fromReport = (): Draft =>
    Object.fromEntries(
      BRIEFING_SECTIONS.map((s) => [
        s,
        reporter.report
          ? reporter.report[s].map((i) => ({ id: i.id, text: i.text, locked: i.locked }))
          : s === 'issues'
            ? []
            : [{ text: '', locked: false }],
      ]),
    ) as Draft;
  const [draft, setDraft] = useState<Draft>(fromReport);
  const [editing, setEditing] = useState(!reporter.report);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const update = (section: BriefingSection, items: Draft[BriefingSection]) =>
    setDraft({ ...draft, [section]: items });
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      const items = (s: BriefingSection) =>
        draft[s]
          .filter((i) => i.text.trim())
          .map((i) => (i.id ? { id: i.id, text: i.text } : { text: i.text }));
      await api('PUT', `/briefings/${briefing.id}/reporters/${reporter.id}/report`, {
        ...(reporter.report ? { version: reporter.report.version } : {}),
        done: items('done'),
        plan: items('plan'),
        issues: items('issues'),
      });
      setEditing(false);
      onSaved();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  if (!editing)
    return (
      <button
        type="button"
        onClick={() => {
          setDraft(fromReport());
          setEditing(true);
        }}
      >
        {t('briefings.revise')}
      </button>
    );
  return (
    <form className="inline-form" onSubmit={(e) => void submit(e)} data-testid="report-form">
      <h2>{t(reporter.report ? 'briefings.revise' : 'briefings.submit')}</h2>
      {new Date(briefing.cutoffAt) < new Date() && !reporter.report && (
        <p className="notice warn">{t('briefings.lateWarning')}</p>
      )}
      {BRIEFING_SECTIONS.map((section) => (
        <fieldset key={section}>
          <legend>{t(`briefings.section.${section}`)}</legend>
          {draft[section].map((item, i) => (
            <div key={item.id ?? `new-${i}`} className="row">
              <textarea
                rows={2}
                maxLength={2000}
                value={item.text}
                disabled={item.locked}
                aria-label={`${t(`briefings.section.${section}`)} ${i + 1}`}
                onChange={(e) =>
                  update(
                    section,
                    draft[section].map((x, j) => (j === i ? { ...x, text: e.target.value } : x)),
                  )
                }
              />
              {item.locked ? (
                <span className="muted">{t('briefings.locked')}</span>
              ) : (
                <button
                  type="button"
                  className="link"
                  onClick={() =>
                    update(
                      section,
                      draft[section].filter((_, j) => j !== i),
                    )
                  }
                >
                  {t('briefings.removeItem')}
                </button>
              )}
            </div>
          ))}
          <button
            type="button"
            onClick={() => update(section, [...draft[section], { text: '', locked: false }])}
          >
            + {t('briefings.addItem')}
          </button>
        </fieldset>
      ))}
      <ErrorMessage error={error} />
      <button type="submit" className="primary" disabled={busy}>
        {t('briefings.send')}
      </button>
    </form>
  );
}

function CloseForm({ briefing, onClosed }: { briefing: Briefing; onClosed: () => void }) {
  const { t } = useTranslation();
  const [conclusion, setConclusion] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy || !window.confirm(t('briefings.confirmClose'))) return;
    setBusy(true);
    setError(null);
    try {
      await api('POST', `/briefings/${briefing.id}/close`, { version: briefing.version, conclusion });
      onClosed();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="inline-form" onSubmit={(e) => void submit(e)} data-testid="close-briefing">
      <h2>{t('briefings.close')}</h2>
      <Field label={t('briefings.conclusion')}>
        <textarea
          rows={4}
          value={conclusion}
          onChange={(e) => setConclusion(e.target.value)}
          required
          maxLength={20000}
        />
      </Field>
      <ErrorMessage error={error} />
      <button type="submit" className="primary" disabled={busy}>
        {t('briefings.closeSubmit')}
      </button>
    </form>
  );
}
