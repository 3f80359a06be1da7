import { FormEvent, InputHTMLAttributes, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router-dom';
import type { AttachmentMeta } from '../contract';
import { api, ApiError, download, postXml } from '../api';
import type {
  AnnotationView,
  AnswerableTask,
  Delivery,
  ExternalStatus,
  Viewer,
  DocumentDetail,
  DocumentPage,
  DocumentSummary,
  RouteTarget,
  TrailItem,
  Unit,
} from '../api-schema';
import { useSession } from '../session';
import { roleGrants } from '@lt/access/permissions';
import { isLeadingRole } from '@lt/access/roles';
import { ANNOTATION_KIND, useSignedSubmit } from '../signed-submit';
import { keyOf } from '../signing';
import {
  AttachmentList,
  AttachmentPicker,
  ErrorMessage,
  Field,
  formatDate,
  Loading,
  UnitsSelect,
  UrgencySelect,
  useAsync,
  useIdempotentCreate,
  useLiveReload,
  Pager,
  UnitOptions,
  NeedKey,
  OnBehalfOf,
} from '../ui';

type Direction = DocumentSummary['direction'];

const PAGE_SIZE = 50;

/** Registers of incoming and outgoing documents (sổ văn bản đến/đi), for clerks and leaders. */
export function Documents() {
  const { id } = useParams();
  return id ? <DocumentView id={id} /> : <Register />;
}

function Register() {
  const { t, i18n } = useTranslation();
  const { me } = useSession();
  const clerkUnits = me!.positions.filter((p) => roleGrants(p.role, 'document.register'));
  const leads = me!.positions.some((p) => isLeadingRole(p.role));
  // A leader starts with what waits for his annotation; a clerk with the register.
  const [direction, setDirection] = useState<Direction | 'waiting'>(
    leads && clerkUnits.length === 0 ? 'waiting' : 'incoming',
  );
  const [year, setYear] = useState(new Date().getFullYear());
  const [unitId, setUnitId] = useState(clerkUnits[0]?.unitId ?? me!.positions[0].unitId);
  // Whose registers I may read: my own units, and for a leader the units below (the office
  // whose clerk keeps the district's register, the wards).
  const below = useAsync(
    () =>
      Promise.all(
        me!.positions
          .filter((p) => isLeadingRole(p.role))
          .map((p) => api<Unit[]>('GET', `/units/${p.unitId}/subtree?depth=1`)),
      ).then((lists) => lists.flat()),
    [me!.id],
  );
  const registers = [
    ...me!.positions.map((p) => ({ id: p.unitId, name: p.unitName, depth: 0 })),
    ...(below.data ?? []),
  ].filter((u, i, all) => all.findIndex((x) => x.id === u.id) === i);
  const [q, setQ] = useState('');
  const [search, setSearch] = useState('');
  const [page, setPage] = useState(1);
  const [creating, setCreating] = useState(false);
  const list = useAsync(
    () =>
      direction === 'waiting'
        ? api<DocumentSummary[]>('GET', '/documents/waiting').then((items) => ({
            items,
            total: items.length,
          }))
        : api<DocumentPage>(
            'GET',
            `/documents?${new URLSearchParams({
              direction,
              unitId,
              year: String(year),
              page: String(page),
              pageSize: String(PAGE_SIZE),
              ...(search ? { q: search } : {}),
            })}`,
          ),
    [direction, unitId, page, search, year],
  );
  // A document routed to me arrives live.
  useLiveReload((e) => e.name === 'document.routed' || e.name === 'document.urged', list.reload);

  const exportAs = (format: 'csv' | 'xlsx') =>
    direction !== 'waiting' &&
    void download(
      `/documents/register?${new URLSearchParams({ direction, unitId, year: String(year), format })}`,
      `${t(`documents.${direction}`)}.${format}`,
    ).catch(() => undefined);
  return (
    <section className="panel">
      <h1>{t('documents.title')}</h1>
      <div className="tabs" role="tablist">
        {([...(leads ? (['waiting'] as const) : []), 'incoming', 'outgoing'] as const).map((d) => (
          <button
            key={d}
            role="tab"
            aria-selected={direction === d}
            className={direction === d ? 'tab active' : 'tab'}
            onClick={() => {
              setDirection(d);
              setPage(1);
              setCreating(false);
            }}
          >
            {t(`documents.${d}`)}
          </button>
        ))}
      </div>
      {direction !== 'waiting' && (
        <div className="row toolbar">
          <Field label={t('documents.year')}>
            <input
              type="number"
              min={2000}
              max={2200}
              value={year}
              onChange={(e) => {
                setYear(Number(e.target.value));
                setPage(1);
              }}
            />
          </Field>
          {registers.length > 1 && (
            <Field label={t('documents.unit')}>
              <select value={unitId} onChange={(e) => setUnitId(e.target.value)}>
                <UnitOptions units={registers} />
              </select>
            </Field>
          )}
          <form
            className="row"
            role="search"
            onSubmit={(e) => {
              e.preventDefault();
              setPage(1);
              setSearch(q.trim());
            }}
          >
            <Field label={t('documents.search')}>
              <input type="search" value={q} onChange={(e) => setQ(e.target.value)} />
            </Field>
            <button type="submit">{t('documents.find')}</button>
          </form>
          <button type="button" onClick={() => exportAs('xlsx')}>
            {t('documents.exportXlsx')}
          </button>
          <button type="button" onClick={() => exportAs('csv')}>
            {t('documents.exportCsv')}
          </button>
          {direction === 'incoming' && clerkUnits.some((p) => p.unitId === unitId) && (
            <ReceiveEdxml unitId={unitId} onReceived={list.reload} />
          )}
          {clerkUnits.some((p) => p.unitId === unitId) && !creating && (
            <button type="button" className="primary" onClick={() => setCreating(true)}>
              {t(direction === 'incoming' ? 'documents.registerIncoming' : 'documents.registerOutgoing')}
            </button>
          )}
        </div>
      )}
      {creating && direction !== 'waiting' && (
        <RegisterForm
          direction={direction}
          unitId={unitId}
          onDone={() => {
            setCreating(false);
            list.reload();
          }}
        />
      )}
      <ErrorMessage error={list.error} />
      {list.loading && !list.data ? (
        <Loading />
      ) : (
        <table className="grid stack" data-testid="register">
          <thead>
            <tr>
              <th>{t(direction === 'outgoing' ? 'documents.number' : 'documents.arrivalNumber')}</th>
              <th>{t('documents.code')}</th>
              <th>{t('documents.organ')}</th>
              <th>{t('documents.subject')}</th>
              <th>{t('documents.due')}</th>
              <th>{t('documents.state')}</th>
            </tr>
          </thead>
          <tbody>
            {(list.data?.items ?? []).map((d) => (
              <tr key={d.id} className={d.priority >= 2 ? 'urgent' : undefined}>
                <td data-label={t(direction === 'outgoing' ? 'documents.number' : 'documents.arrivalNumber')}>
                  {d.registerNumber}
                </td>
                <td data-label={t('documents.code')}>
                  {d.codeNumber}/{d.codeNotation}
                </td>
                <td data-label={t('documents.organ')}>{d.organName}</td>
                <td>
                  <Link to={`/documents/${d.id}`}>
                    {d.typeName}: {d.subject}
                  </Link>
                  {d.duplicateOf && <span className="badge warn">{t('documents.duplicateMark')}</span>}
                </td>
                <td data-label={t('documents.due')}>{formatDate(d.dueDate, i18n.language)}</td>
                <td data-label={t('documents.state')}>
                  {t(`documentState.${d.state}`)}
                  {d.routedTo && ` — ${d.routedTo.fullName}`}
                  {d.urgedCount > 0 && (
                    <span className="badge warn">{t('documents.urgings', { count: d.urgedCount })}</span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {list.data && list.data.total === 0 && <p className="muted">{t('app.none')}</p>}
      <Pager page={page} total={list.data?.total ?? 0} pageSize={PAGE_SIZE} onPage={setPage} />
    </section>
  );
}

/** The clerk's entry form, with the repeat check the decree asks for before saving. */
function RegisterForm({
  direction,
  unitId,
  onDone,
}: {
  direction: Direction;
  unitId: string;
  onDone: () => void;
}) {
  const { t, i18n } = useTranslation();
  const [form, setForm] = useState({
    codeNumber: '',
    codeNotation: '',
    organName: '',
    issuedDate: new Date().toISOString().slice(0, 10),
    typeName: 'Công văn',
    subject: '',
    dueDate: '',
    signerName: '',
    recipients: '',
  });
  const [priority, setPriority] = useState(0);
  const [files, setFiles] = useState<AttachmentMeta[]>([]);
  // The unit's tasks an outgoing document may answer (báo cáo kết quả thực hiện).
  const [answers, setAnswers] = useState<string[]>([]);
  const answerable = useAsync(
    () =>
      direction === 'outgoing'
        ? api<AnswerableTask[]>('GET', `/documents/answerable-tasks?unitId=${unitId}`)
        : Promise.resolve([]),
    [direction, unitId],
  );
  const [uploading, setUploading] = useState(false);
  const [duplicates, setDuplicates] = useState<
    { id: string; registerNumber: number; registeredAt: string }[]
  >([]);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const create = useIdempotentCreate<object>();
  const set = (name: keyof typeof form) => (e: { target: { value: string } }) =>
    setForm({ ...form, [name]: e.target.value });
  /** One text field of the form, bound to `form[name]`. */
  const text = (
    name: keyof typeof form,
    label: string,
    props: InputHTMLAttributes<HTMLInputElement> = {},
  ) => (
    <Field label={t(label)}>
      <input name={name} value={form[name]} onChange={set(name)} {...props} />
    </Field>
  );

  const submit = async (event: FormEvent, acceptDuplicate = false) => {
    event.preventDefault();
    if (busy || uploading) return;
    setBusy(true);
    setError(null);
    const common = {
      unitId,
      typeName: form.typeName,
      subject: form.subject,
      priority,
      ...(form.dueDate ? { dueDate: new Date(form.dueDate).toISOString() } : {}),
      ...(form.signerName ? { signerName: form.signerName } : {}),
      attachmentIds: files.map((f) => f.id),
    };
    const body =
      direction === 'incoming'
        ? {
            ...common,
            codeNumber: form.codeNumber,
            codeNotation: form.codeNotation,
            organName: form.organName,
            issuedDate: form.issuedDate,
            ...(acceptDuplicate ? { acceptDuplicate } : {}),
          }
        : {
            ...common,
            codeNotation: form.codeNotation,
            recipients: form.recipients,
            ...(answers.length > 0 ? { answersTaskIds: answers } : {}),
          };
    try {
      await create(`/documents/${direction}`, body, () => Promise.resolve(body));
      setDuplicates([]);
      onDone();
    } catch (e) {
      if (e instanceof ApiError && e.body.code === 'document/duplicate')
        setDuplicates(
          (e.body as unknown as { details: { duplicates: typeof duplicates } }).details.duplicates,
        );
      else setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="panel narrow" onSubmit={(e) => void submit(e)} data-testid="register-form">
      <h2>{t(direction === 'incoming' ? 'documents.registerIncoming' : 'documents.registerOutgoing')}</h2>
      {direction === 'incoming' && (
        <div className="row">
          {text('codeNumber', 'documents.codeNumber', { required: true, maxLength: 30 })}
          {text('codeNotation', 'documents.codeNotation', { required: true, maxLength: 100 })}
          {text('issuedDate', 'documents.issuedDate', { type: 'date', required: true })}
        </div>
      )}
      {direction === 'incoming'
        ? text('organName', 'documents.organ', { required: true, maxLength: 200 })
        : text('codeNotation', 'documents.codeNotation', { required: true, maxLength: 100 })}
      <div className="row">
        {text('typeName', 'documents.type', { required: true, maxLength: 100 })}
        <Field label={t('documents.priority')}>
          <UrgencySelect value={priority} onChange={setPriority} />
        </Field>
        {text('dueDate', 'documents.due', { type: 'datetime-local' })}
      </div>
      <Field label={t('documents.subject')}>
        <textarea
          name="subject"
          rows={2}
          value={form.subject}
          onChange={set('subject')}
          required
          minLength={3}
          maxLength={1000}
        />
      </Field>
      {text('signerName', 'documents.signer', { maxLength: 200 })}
      {direction === 'outgoing' && (
        <Field label={t('documents.recipients')}>
          <textarea
            name="recipients"
            rows={2}
            value={form.recipients}
            onChange={set('recipients')}
            required
          />
        </Field>
      )}
      {direction === 'outgoing' && (answerable.data ?? []).length > 0 && (
        <Field label={t('documents.answers')}>
          <select
            name="answersTaskIds"
            multiple
            value={answers}
            onChange={(e) => setAnswers([...e.target.selectedOptions].map((o) => o.value))}
          >
            {(answerable.data ?? []).map((task) => (
              <option key={task.id} value={task.id}>
                {task.title} — {formatDate(task.deadline, i18n.language)}
              </option>
            ))}
          </select>
        </Field>
      )}
      <AttachmentPicker value={files} onChange={setFiles} onBusy={setUploading} />
      {duplicates.length > 0 && (
        <div className="notice warn" role="alert" data-testid="duplicate-warning">
          <p>{t('documents.duplicateFound')}</p>
          <ul>
            {duplicates.map((d) => (
              <li key={d.id}>
                <Link to={`/documents/${d.id}`}>
                  {t('documents.arrivalNumber')} {d.registerNumber}
                </Link>{' '}
                — {formatDate(d.registeredAt, i18n.language)}
              </li>
            ))}
          </ul>
          <button type="button" onClick={(e) => void submit(e, true)} disabled={busy}>
            {t('documents.registerAnyway')}
          </button>
        </div>
      )}
      <ErrorMessage error={error} />
      <div className="row">
        <button type="submit" className="primary" disabled={busy || uploading}>
          {t('documents.save')}
        </button>
        <button type="button" onClick={onDone}>
          {t('app.cancel')}
        </button>
      </div>
    </form>
  );
}

function DocumentView({ id }: { id: string }) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const doc = useAsync(() => api<DocumentDetail>('GET', `/documents/${id}`), [id]);
  const trail = useAsync(() => api<TrailItem[]>('GET', `/documents/${id}/trail`), [id]);
  const thread = useAsync(
    () => api<AnnotationView[]>('GET', `/annotations?subjectType=document&subjectId=${id}`),
    [id],
  );
  const reload = () => {
    doc.reload();
    trail.reload();
    thread.reload();
  };
  // Tasks started here move on: the trail and the statuses follow live.
  useLiveReload((e) => e.name.startsWith('task.') || e.name === 'document.urged', reload);
  if (doc.error) return <ErrorMessage error={doc.error} />;
  if (!doc.data) return <Loading />;
  const d = doc.data;
  return (
    <section className="panel" data-testid="document">
      <button type="button" className="link" onClick={() => void navigate('/documents')}>
        ‹ {t('documents.back')}
      </button>
      <h1>
        {d.typeName}: {d.subject}
      </h1>
      <dl className="facts">
        <dt>{t(d.direction === 'incoming' ? 'documents.arrivalNumber' : 'documents.number')}</dt>
        <dd>
          {d.registerNumber}/{d.registerYear}
        </dd>
        <dt>{t('documents.code')}</dt>
        <dd>
          {d.codeNumber}/{d.codeNotation}
        </dd>
        <dt>{t('documents.organ')}</dt>
        <dd>{d.organName}</dd>
        <dt>{t('documents.issuedDate')}</dt>
        <dd>{d.issuedDate.split('-').reverse().join('/')}</dd>
        <dt>{t('documents.priority')}</dt>
        <dd>{t(`urgency.${d.priority}`)}</dd>
        <dt>{t('documents.due')}</dt>
        <dd>{formatDate(d.dueDate, i18n.language)}</dd>
        <dt>{t('documents.state')}</dt>
        <dd data-testid="document-state">
          {t(`documentState.${d.state}`)}
          {d.routedTo && ` — ${d.routedTo.fullName}`}
        </dd>
        {d.signerName && (
          <>
            <dt>{t('documents.signer')}</dt>
            <dd>{d.signerName}</dd>
          </>
        )}
        {d.recipients && (
          <>
            <dt>{t('documents.recipients')}</dt>
            <dd>{d.recipients}</dd>
          </>
        )}
      </dl>
      {d.body && <p className="body">{d.body}</p>}
      <AttachmentList files={d.attachments} base={`/documents/${d.id}/attachments`} />
      {d.state === 'recalled' && (
        <p className="notice warn" role="status">
          {t('arrivals.recalled')}
        </p>
      )}
      {d.direction === 'outgoing' && d.signatureId && <Deliveries doc={d} onChanged={reload} />}
      <Exchange doc={d} />
      <Viewers id={d.id} />
      <p>
        <Link className="button" to={`/chat?thread=document:${d.id}`}>
          {t('chat.discuss')}
        </Link>
      </p>
      {d.answersTasks.length > 0 && (
        <p>
          {t('documents.answers')}:{' '}
          {d.answersTasks.map((task) => (
            <Link key={task.id} to={`/tasks?id=${task.id}`}>
              {task.title}
            </Link>
          ))}
        </p>
      )}
      {d.urgings.length > 0 && (
        <>
          <h3>{t('documents.urgings', { count: d.urgedCount })}</h3>
          <ol className="trail" data-testid="document-urgings">
            {d.urgings.map((u) => (
              <li key={u.at}>
                <span className="muted">
                  {formatDate(u.at, i18n.language)} · {u.by.fullName} → {u.to.fullName}
                </span>
                <p className="body">{u.note}</p>
              </li>
            ))}
          </ol>
        </>
      )}
      {d.allowedActions.includes('urge') && <UrgeForm doc={d} onDone={reload} />}
      {d.allowedActions.includes('route') && <RouteForm doc={d} onDone={reload} />}
      {d.allowedActions.includes('annotate') && (
        <AnnotateForm subject={{ type: 'document', id: d.id }} onDone={reload} />
      )}
      <h2>{t('annotations.thread')}</h2>
      {(thread.data ?? []).length === 0 && <p className="muted">{t('app.none')}</p>}
      <ul className="thread" data-testid="thread">
        {(thread.data ?? []).map((a) => (
          <li key={a.id}>
            <p className="annotation">“{a.text}”</p>
            <p className="muted">
              {a.author.fullName}
              <OnBehalfOf person={a.onBehalfOf} /> · {formatDate(a.createdAt, i18n.language)} ·{' '}
              {t('annotations.signed')}
              {a.status && (
                <>
                  {' · '}
                  <span className={`status ${a.status}`}>{t(`followUp.status.${a.status}`)}</span>
                </>
              )}
            </p>
            {a.tasks.length > 0 && (
              <ul>
                {a.tasks.map((task) => (
                  <li key={task.id}>
                    <Link to={`/tasks?id=${task.id}`}>{task.title}</Link> — {task.lead.unit.name} —{' '}
                    {formatDate(task.deadline, i18n.language)} —{' '}
                    <span className={`status ${task.followUp}`}>{t(`followUp.status.${task.followUp}`)}</span>
                  </li>
                ))}
              </ul>
            )}
          </li>
        ))}
      </ul>
      <h2>{t('documents.trail')}</h2>
      <ol className="trail" data-testid="trail">
        {(trail.data ?? []).map((s, i) => (
          <li key={i}>
            <span className="muted">{formatDate(s.at, i18n.language)}</span>{' '}
            <strong>
              {t(`trail.${s.kind}`, {
                decision: s.kind === 'reviewed' && s.decision ? t(`trail.${s.decision}`) : s.decision,
              })}
            </strong>
            {s.by && ` — ${s.by.fullName}`}
            {s.to && ` → ${s.to}`}
            {s.percent !== null && ` (${s.percent}%)`}
            {s.text && <div>{s.text}</div>}
          </li>
        ))}
      </ol>
    </section>
  );
}

/** The clerk hands the document to a leader of the unit or above for annotation. */
/** Who viewed it, downloaded its files or exported it, and when (Decree 30/2020). */
function Viewers({ id }: { id: string }) {
  const { t, i18n } = useTranslation();
  const list = useAsync(() => api<Viewer[]>('GET', `/documents/${id}/views`), [id]);
  if (!list.data || list.data.length === 0) return null;
  return (
    <details data-testid="viewers">
      <summary>{t('documents.viewers', { count: list.data.length })}</summary>
      <ul className="list">
        {list.data.map((v) => (
          <li key={v.person.id}>
            {v.person.fullName} — {t('documents.viewedTimes', { count: v.times })} ·{' '}
            {formatDate(v.lastAt, i18n.language)}
          </li>
        ))}
      </ul>
    </details>
  );
}

/** Each recipient unit of a document issued here, its edXML status (01–06) live; recall (thu hồi). */
function Deliveries({ doc, onChanged }: { doc: DocumentDetail; onChanged: () => void }) {
  const { t, i18n } = useTranslation();
  const list = useAsync(() => api<Delivery[]>('GET', `/documents/${doc.id}/deliveries`), [doc.id]);
  useLiveReload((e) => e.name === 'document.delivery_status', list.reload);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<unknown>(null);
  const recall = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    try {
      await api('POST', `/documents/${doc.id}/recall`, { reason });
      onChanged();
      list.reload();
    } catch (e) {
      setError(e);
    }
  };
  return (
    <>
      <h3>{t('arrivals.deliveries')}</h3>
      <ul className="list" data-testid="deliveries">
        {(list.data ?? []).map((r) => (
          <li key={r.id} data-testid="delivery">
            {r.unit.name}: <strong>{i18n.language === 'en' ? r.statusName.en : r.statusName.vi}</strong> (
            {r.status}){r.refusalReason && ` — ${r.refusalReason}`}
            <span className="muted"> · {formatDate(r.decidedAt ?? r.arrivedAt, i18n.language)}</span>
          </li>
        ))}
      </ul>
      {doc.state !== 'recalled' && (
        <form className="inline-form" onSubmit={(e) => void recall(e)}>
          <Field label={t('arrivals.recallReason')}>
            <input
              name="recallReason"
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              minLength={3}
              required
            />
          </Field>
          <button type="submit">{t('arrivals.recall')}</button>
        </form>
      )}
      <ErrorMessage error={error} />
    </>
  );
}

/**
 * A package another agency sent (edXML, QCVN 102:2016), received into the unit's incoming
 * register; a refusal (unsigned, tampered, not addressed here…) is shown and nothing is stored.
 */
function ReceiveEdxml({ unitId, onReceived }: { unitId: string; onReceived: () => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [error, setError] = useState<unknown>(null);
  const receive = async (file: File | undefined) => {
    if (!file) return;
    setError(null);
    try {
      const entry = await postXml<DocumentDetail>(`/documents/edxml?unitId=${unitId}`, file);
      onReceived();
      void navigate(`/documents/${entry.id}`);
    } catch (e) {
      setError(e);
    }
  };
  return (
    <div>
      <Field label={t('edxml.import')}>
        <input
          type="file"
          name="edxml"
          accept=".edxml,.xml,application/xml,text/xml"
          title={t('edxml.importHint')}
          onChange={(e) => {
            void receive(e.target.files?.[0]);
            e.target.value = '';
          }}
        />
      </Field>
      <ErrorMessage error={error} />
    </div>
  );
}

/**
 * edXML with agencies outside, for the clerks of the document's unit: an issued document goes
 * out as a signed package and its recipients' status messages come back; a document received
 * from outside answers with its own status (03–06).
 */
function Exchange({ doc }: { doc: DocumentDetail }) {
  const { t, i18n } = useTranslation();
  const { me } = useSession();
  const clerk = me!.positions.some(
    (p) => p.unitId === doc.unit.id && roleGrants(p.role, 'document.register'),
  );
  const outgoing = doc.direction === 'outgoing' && doc.state === 'issued' && doc.signatureId !== null;
  const statuses = useAsync(
    () =>
      outgoing
        ? api<ExternalStatus[]>('GET', `/documents/${doc.id}/external-statuses`)
        : Promise.resolve([] as ExternalStatus[]),
    [doc.id, outgoing],
  );
  const [error, setError] = useState<unknown>(null);
  const run = (action: () => Promise<unknown>) => {
    setError(null);
    action().catch(setError);
  };
  if (!clerk || (!outgoing && (doc.direction !== 'incoming' || !doc.organId))) return null;
  return (
    <section data-testid="edxml">
      <h3>{t('edxml.title')}</h3>
      {outgoing ? (
        <>
          <p className="row">
            <button
              type="button"
              onClick={() =>
                run(() =>
                  download(`/documents/${doc.id}/edxml`, `${doc.codeNumber}-${doc.codeNotation}.edxml`),
                )
              }
            >
              {t('edxml.export')}
            </button>
            <Field label={t('edxml.importStatus')}>
              <input
                type="file"
                name="edxmlStatus"
                accept=".edxml,.xml,application/xml,text/xml"
                onChange={(e) => {
                  const file = e.target.files?.[0];
                  e.target.value = '';
                  if (file) run(() => postXml(`/documents/edxml-status`, file).then(statuses.reload));
                }}
              />
            </Field>
          </p>
          <h4>{t('edxml.statuses')}</h4>
          <ul className="list" data-testid="external-statuses">
            {(statuses.data ?? []).length === 0 && <li className="muted">{t('edxml.none')}</li>}
            {(statuses.data ?? []).map((s) => (
              <li key={s.organId} data-testid="external-status">
                {s.organName}: <strong>{i18n.language === 'en' ? s.statusName.en : s.statusName.vi}</strong> (
                {s.status}){s.description && ` — ${s.description}`}
                <span className="muted"> · {formatDate(s.statusAt, i18n.language)}</span>
              </li>
            ))}
          </ul>
        </>
      ) : (
        <button
          type="button"
          onClick={() =>
            run(() => download(`/documents/${doc.id}/edxml-status`, `trang-thai-${doc.codeNumber}.edxml`))
          }
        >
          {t('edxml.exportStatus')}
        </button>
      )}
      <ErrorMessage error={error} />
    </section>
  );
}

/** Urging (đôn đốc) the leader a document waits with: a note, sent live to them. */
function UrgeForm({ doc, onDone }: { doc: DocumentDetail; onDone: () => void }) {
  const { t } = useTranslation();
  const [note, setNote] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api('POST', `/documents/${doc.id}/urge`, { note });
      setNote('');
      onDone();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="inline-form" onSubmit={(e) => void submit(e)} data-testid="urge-form">
      <h2>{t('documents.urge', { name: doc.routedTo?.fullName ?? '' })}</h2>
      <Field label={t('documents.urgeNote')}>
        <textarea
          name="urgeNote"
          value={note}
          onChange={(e) => setNote(e.target.value)}
          minLength={3}
          maxLength={1000}
          required
        />
      </Field>
      <ErrorMessage error={error} />
      <button type="submit" className="primary" disabled={busy}>
        {t('documents.urgeSubmit')}
      </button>
    </form>
  );
}

function RouteForm({ doc, onDone }: { doc: DocumentDetail; onDone: () => void }) {
  const { t } = useTranslation();
  const leaders = useAsync(() => api<RouteTarget[]>('GET', `/documents/${doc.id}/route-targets`), [doc.id]);
  const [to, setTo] = useState('');
  const [note, setNote] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api('POST', `/documents/${doc.id}/route`, {
        toUserId: to,
        note: note || undefined,
        version: doc.version,
      });
      onDone();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="inline-form" onSubmit={(e) => void submit(e)} data-testid="route-form">
      <h2>{t('documents.route')}</h2>
      <div className="row">
        <Field label={t('documents.routeTo')}>
          <select name="routeTo" value={to} onChange={(e) => setTo(e.target.value)} required>
            <option value="" />
            {(leaders.data ?? []).map((p) => (
              <option key={p.id} value={p.id}>
                {p.fullName} — {p.title ?? ''} ({p.unitName})
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('documents.routeNote')}>
          <input name="routeNote" value={note} onChange={(e) => setNote(e.target.value)} maxLength={2000} />
        </Field>
      </div>
      <ErrorMessage error={error} />
      <button type="submit" className="primary" disabled={busy}>
        {t('documents.routeSubmit')}
      </button>
    </form>
  );
}

interface AssignmentRow {
  title: string;
  lead: string;
  coordinators: string[];
  informed: string[];
  deadline: string;
  priority: number;
}
const emptyRow = (): AssignmentRow => ({
  title: '',
  lead: '',
  coordinators: [],
  informed: [],
  deadline: '',
  priority: 0,
});

/**
 * The leader's annotation: an instruction, and the tasks it assigns (lead, coordinators,
 * informed, deadline). Signed here with this browser's key; saving creates every task at once.
 */
export function AnnotateForm({
  subject,
  onDone,
}: {
  subject: { type: 'document' | 'directive' | 'task' | 'task_report'; id: string };
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const { me } = useSession();
  const key = useAsync(() => keyOf(me!.id), [me?.id]);
  const position =
    me!.positions.find((p) => p.id === key.data?.positionId) ??
    me!.positions.find((p) => isLeadingRole(p.role));
  const tree = useAsync(
    () => (position ? api<Unit[]>('GET', `/units/${position.unitId}/subtree?depth=2`) : Promise.resolve([])),
    [position?.unitId],
  );
  const [text, setText] = useState('');
  const [rows, setRows] = useState<AssignmentRow[]>([]);
  const { busy, error, status, submit: signAndSend } = useSignedSubmit();
  const units = tree.data ?? [];
  const update = (i: number, patch: Partial<AssignmentRow>) =>
    setRows(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const content = {
      kind: ANNOTATION_KIND,
      subject,
      text,
      assignments: rows.map((r) => ({
        title: r.title,
        lead: { unitId: r.lead },
        coordinators: r.coordinators.filter((c) => c !== r.lead).map((unitId) => ({ unitId })),
        informed: r.informed
          .filter((i) => i !== r.lead && !r.coordinators.includes(i))
          .map((unitId) => ({ unitId })),
        deadline: new Date(r.deadline).toISOString(),
        priority: r.priority,
      })),
      author: me!.id,
    };
    void signAndSend<AnnotationView>('/annotations', content, (saved) => {
      setText('');
      setRows([]);
      onDone();
      return t('annotations.saved', { count: saved.tasks.length });
    });
  };
  if (key.loading) return <Loading />;
  if (!key.data) return <NeedKey />;
  return (
    <form className="inline-form" onSubmit={(e) => void submit(e)} data-testid="annotate-form">
      <h2>{t('annotations.write')}</h2>
      <Field label={t('annotations.text')}>
        <textarea
          name="annotation"
          rows={3}
          value={text}
          onChange={(e) => setText(e.target.value)}
          required
        />
      </Field>
      {rows.map((r, i) => (
        <fieldset key={i} className="assignment" data-testid="assignment-row">
          <legend>
            {t('annotations.assignment')} {i + 1}
          </legend>
          <Field label={t('assign.taskTitle')}>
            <input
              name={`title-${i}`}
              value={r.title}
              onChange={(e) => update(i, { title: e.target.value })}
              required
              minLength={3}
              maxLength={500}
            />
          </Field>
          <div className="row">
            <Field label={t('assign.lead')}>
              <select
                name={`lead-${i}`}
                value={r.lead}
                onChange={(e) => update(i, { lead: e.target.value })}
                required
              >
                <option value="" />
                <UnitOptions units={units} />
              </select>
            </Field>
            <Field label={t('assign.deadline')}>
              <input
                name={`deadline-${i}`}
                type="datetime-local"
                value={r.deadline}
                onChange={(e) => update(i, { deadline: e.target.value })}
                required
              />
            </Field>
            <Field label={t('assign.priority')}>
              <UrgencySelect value={r.priority} onChange={(priority) => update(i, { priority })} />
            </Field>
          </div>
          <div className="row">
            <Field label={t('assign.coordinators')}>
              <UnitsSelect
                units={units}
                value={r.coordinators}
                onChange={(coordinators) => update(i, { coordinators })}
              />
            </Field>
            <Field label={t('assign.informed')}>
              <UnitsSelect
                units={units}
                value={r.informed}
                onChange={(informed) => update(i, { informed })}
              />
            </Field>
          </div>
          <button type="button" className="link" onClick={() => setRows(rows.filter((_, j) => j !== i))}>
            {t('annotations.removeAssignment')}
          </button>
        </fieldset>
      ))}
      <button type="button" onClick={() => setRows([...rows, emptyRow()])}>
        + {t('annotations.addAssignment')}
      </button>
      <p className="explain">{t('annotations.explain')}</p>
      <ErrorMessage error={error} />
      {status && (
        <p className="ok" role="status">
          {status}
        </p>
      )}
      <button type="submit" className="primary" disabled={busy}>
        {t('annotations.submit')}
      </button>
    </form>
  );
}
