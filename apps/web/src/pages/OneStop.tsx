import { FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import qrcode from 'qrcode-generator';
import { roleGrants } from '@lt/access/permissions';
import { api } from '../api';
import type { CitizenFile, Feedback, Procedure } from '../api-schema';
import { useSession } from '../session';
import {
  ErrorMessage,
  Field,
  formatDate,
  Loading,
  useAsync,
  useIdempotentCreate,
  useLiveReload,
} from '../ui';

/** The citizen's lookup page, opened by the receipt's QR code with the code and PIN filled in. */
export const lookupUrl = (file: Pick<CitizenFile, 'code' | 'lookupPin'>) =>
  `${location.origin}${location.pathname.replace(/[^/]*$/, '')}tra-cuu.html?ma=${encodeURIComponent(file.code)}&pin=${file.lookupPin}`;

/**
 * The one-stop counter (bộ phận tiếp nhận và trả kết quả): pick the procedure, tick the papers
 * the citizen brought, note who they are, receive — the code and the appointment come back with
 * a receipt to print; below, the files the counter received.
 */
export function OneStop() {
  const { t, i18n } = useTranslation();
  const { me } = useSession();
  const unitId = me?.positions.find((p) => roleGrants(p.role, 'citizen_file.read'))?.unitId;
  const procedures = useAsync(
    () => (unitId ? api<Procedure[]>('GET', `/one-stop/procedures?unitId=${unitId}`) : Promise.resolve([])),
    [unitId],
  );
  const files = useAsync(
    () => (unitId ? api<CitizenFile[]>('GET', `/one-stop/files?unitId=${unitId}`) : Promise.resolve([])),
    [unitId],
  );
  useLiveReload((e) => e.name === 'citizen_file.received', files.reload);
  const receives = me?.permissions.includes('citizen_file.receive');
  return (
    <section className="one-stop">
      <h1>{t('oneStop.title')}</h1>
      <ErrorMessage error={procedures.error ?? files.error} />
      {receives && procedures.data && (
        <ReceiveForm procedures={procedures.data.filter((p) => p.active)} onReceived={files.reload} />
      )}
      <h2>{t('oneStop.received')}</h2>
      {files.loading && !files.data && <Loading />}
      {files.data?.length === 0 && <p className="muted">{t('oneStop.none')}</p>}
      <ul className="file-list" data-testid="file-list">
        {files.data?.map((f) => (
          <li key={f.id}>
            <Link to={`/one-stop/files/${f.id}`}>{f.code}</Link> — {f.procedure.name} —{' '}
            {f.applicant?.fullName ?? t('oneStop.masked')} · {t('oneStop.appointment')}:{' '}
            {formatDate(f.appointmentAt, i18n.language)}
          </li>
        ))}
      </ul>
      {me?.positions
        .filter((p) => roleGrants(p.role, 'feedback.answer'))
        .map((p) => (
          <FeedbackBox key={p.unitId} unitId={p.unitId} unitName={p.unitName} />
        ))}
    </section>
  );
}

/** A unit's feedback mailbox (hòm thư góp ý, phản ánh) for its leaders: unanswered first, answered once. */
function FeedbackBox({ unitId, unitName }: { unitId: string; unitName: string }) {
  const { t, i18n } = useTranslation();
  const box = useAsync(() => api<Feedback[]>('GET', `/one-stop/feedback?unitId=${unitId}`), [unitId]);
  useLiveReload((e) => e.name === 'feedback.received', box.reload);
  return (
    <section data-testid="feedback-box">
      <h2>{t('oneStop.mailbox', { unit: unitName })}</h2>
      <ErrorMessage error={box.error} />
      {box.data?.length === 0 && <p className="muted">{t('oneStop.mailboxEmpty')}</p>}
      {box.data?.map((f) => (
        <article key={f.id} className="card" data-testid="feedback">
          <p>
            <strong>{t(`oneStop.kinds.${f.kind}`)}</strong> {f.code} ·{' '}
            {formatDate(f.receivedAt, i18n.language)}
            {f.about && ` · ${f.about}`}
            {f.overdue && <span className="badge late"> {t('oneStop.answerOverdue')}</span>}
          </p>
          <p className="quoted">{f.text}</p>
          {(f.contactName || f.contactPhone) && (
            <p className="muted">{[f.contactName, f.contactPhone].filter(Boolean).join(' · ')}</p>
          )}
          {f.answer ? (
            <p>
              {t('oneStop.answered', {
                by: f.answeredBy?.fullName ?? '',
                at: formatDate(f.answeredAt, i18n.language),
              })}
              : {f.answer}
            </p>
          ) : (
            <AnswerForm feedback={f} onAnswered={box.reload} />
          )}
        </article>
      ))}
    </section>
  );
}

function AnswerForm({ feedback, onAnswered }: { feedback: Feedback; onAnswered: () => void }) {
  const { t, i18n } = useTranslation();
  const [answer, setAnswer] = useState('');
  const [error, setError] = useState<unknown>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      await api('POST', `/one-stop/feedback/${feedback.id}/answer`, { version: feedback.version, answer });
      onAnswered();
    } catch (err) {
      setError(err);
    }
  };
  return (
    <form className="stack" onSubmit={(e) => void submit(e)}>
      <Field label={t('oneStop.answer', { due: formatDate(feedback.dueAt, i18n.language) })}>
        <textarea value={answer} maxLength={4000} onChange={(e) => setAnswer(e.target.value)} />
      </Field>
      <button type="submit" className="primary" disabled={!answer.trim()}>
        {t('oneStop.sendAnswer')}
      </button>
      <ErrorMessage error={error} />
    </form>
  );
}

function ReceiveForm({ procedures, onReceived }: { procedures: Procedure[]; onReceived: () => void }) {
  const { t } = useTranslation();
  const create = useIdempotentCreate<object>();
  const [procedureId, setProcedureId] = useState('');
  const [applicant, setApplicant] = useState({ fullName: '', phone: '', email: '', idNumber: '' });
  const [ticked, setTicked] = useState<Set<string>>(new Set());
  const [error, setError] = useState<unknown>(null);
  const [received, setReceived] = useState<CitizenFile | null>(null);
  const procedure = procedures.find((p) => p.id === procedureId);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!procedure) return;
    setError(null);
    const body = {
      procedureId,
      applicant: Object.fromEntries(Object.entries(applicant).filter(([, v]) => v.trim() !== '')),
      papers: procedure.papers.filter((p) => ticked.has(p.name)),
    };
    try {
      const file = await create<CitizenFile>('/one-stop/files', body, () => Promise.resolve(body));
      if (file) {
        setReceived(file);
        setTicked(new Set());
        setApplicant({ fullName: '', phone: '', email: '', idNumber: '' });
        onReceived();
      }
    } catch (err) {
      setError(err);
    }
  };
  return (
    <form className="panel" onSubmit={(e) => void submit(e)} data-testid="receive-form">
      <h2>{t('oneStop.receive')}</h2>
      <Field label={t('oneStop.procedure')}>
        <select value={procedureId} required onChange={(e) => setProcedureId(e.target.value)}>
          <option value="" />
          {procedures.map((p) => (
            <option key={p.id} value={p.id}>
              {p.code} — {p.name} ({t('oneStop.days', { count: p.processingDays })})
            </option>
          ))}
        </select>
      </Field>
      {procedure && (
        <fieldset>
          <legend>{t('oneStop.papers')}</legend>
          {procedure.papers.map((p) => (
            <label key={p.name} className="check">
              <input
                type="checkbox"
                checked={ticked.has(p.name)}
                onChange={(e) => {
                  const next = new Set(ticked);
                  if (e.target.checked) next.add(p.name);
                  else next.delete(p.name);
                  setTicked(next);
                }}
              />{' '}
              {p.name} ({p.original ? t('oneStop.original') : t('oneStop.copy')}, {p.copies})
            </label>
          ))}
        </fieldset>
      )}
      <div className="row">
        <Field label={t('oneStop.applicant')}>
          <input
            value={applicant.fullName}
            required
            onChange={(e) => setApplicant({ ...applicant, fullName: e.target.value })}
          />
        </Field>
        <Field label={t('oneStop.phone')}>
          <input
            value={applicant.phone}
            inputMode="tel"
            onChange={(e) => setApplicant({ ...applicant, phone: e.target.value })}
          />
        </Field>
        <Field label={t('oneStop.email')}>
          <input
            value={applicant.email}
            type="email"
            onChange={(e) => setApplicant({ ...applicant, email: e.target.value })}
          />
        </Field>
        <Field label={t('oneStop.idNumber')}>
          <input
            value={applicant.idNumber}
            inputMode="numeric"
            onChange={(e) => setApplicant({ ...applicant, idNumber: e.target.value })}
          />
        </Field>
      </div>
      <ErrorMessage error={error} />
      <button type="submit" className="primary">
        {t('oneStop.receiveButton')}
      </button>
      {received && (
        <p className="ok" role="status" data-testid="received">
          {t('oneStop.receivedAs', { code: received.code })}{' '}
          <Link to={`/one-stop/files/${received.id}`}>{t('oneStop.printReceipt')}</Link>
        </p>
      )}
    </form>
  );
}

/**
 * The receipt (giấy tiếp nhận hồ sơ và hẹn trả kết quả, after Circular 01/2018/TT-VPCP, form 01):
 * printed for the citizen, with the code, the lookup PIN and a QR code that opens the lookup page.
 */
export function FileReceipt() {
  const { t, i18n } = useTranslation();
  const { id } = useParams();
  const file = useAsync(() => api<CitizenFile>('GET', `/one-stop/files/${id}`), [id]);
  if (file.error) return <ErrorMessage error={file.error} />;
  if (!file.data) return <Loading />;
  const f = file.data;
  return (
    <article className="receipt panel" data-testid="receipt">
      <p className="no-print">
        <button type="button" onClick={() => window.print()}>
          {t('oneStop.print')}
        </button>
      </p>
      <FileActions file={f} onChanged={file.reload} />
      <CounterHeading unitName={f.unit.name} />
      <h1>{t('oneStop.receiptTitle')}</h1>
      <p>
        {t('oneStop.code')}: <strong data-testid="receipt-code">{f.code}</strong> · {t('oneStop.pin')}:{' '}
        <strong>{f.lookupPin}</strong>
      </p>
      <p>
        {t('oneStop.applicant')}: {f.applicant?.fullName ?? t('oneStop.masked')}
        {f.applicant?.phone && ` · ${f.applicant.phone}`}
      </p>
      <p>
        {t('oneStop.procedure')}: {f.procedure.name} ({f.procedure.code})
      </p>
      <h2>{t('oneStop.papers')}</h2>
      <ol>
        {f.papers.map((p) => (
          <li key={p.name}>
            {p.name} ({p.original ? t('oneStop.original') : t('oneStop.copy')}, {p.copies})
          </li>
        ))}
      </ol>
      <p className="appointment">
        {t('oneStop.appointment')}: <strong>{formatDate(f.appointmentAt, i18n.language)}</strong>
      </p>
      {f.holidaysMissing.length > 0 && (
        <p className="warning no-print">
          {t('oneStop.holidaysMissing', { years: f.holidaysMissing.join(', ') })}
        </p>
      )}
      <div className="receipt-foot">
        <QrCode text={lookupUrl(f)} label={t('oneStop.qr')} />
        <p>
          {t('oneStop.lookupHint')}
          <br />
          {t('oneStop.receivedBy')}: {f.receivedBy.fullName}, {formatDate(f.receivedAt, i18n.language)}
        </p>
      </div>
    </article>
  );
}

/**
 * The apology letter of one lateness, as printed and given to the citizen (Circular 01/2018,
 * form 04: phiếu xin lỗi và hẹn lại ngày trả kết quả), under the unit's heading.
 */
export function ApologyLetter() {
  const { t, i18n } = useTranslation();
  const { id, number } = useParams();
  const file = useAsync(() => api<CitizenFile>('GET', `/one-stop/files/${id}`), [id]);
  if (file.error) return <ErrorMessage error={file.error} />;
  if (!file.data) return <Loading />;
  const f = file.data;
  const letter = f.latenesses.find((l) => String(l.number) === number && l.filedAt);
  if (!letter) return <p className="muted">{t('oneStop.noLetter')}</p>;
  return (
    <article className="receipt panel" data-testid="apology-letter">
      <p className="no-print">
        <Link to={`/one-stop/files/${f.id}`}>{t('oneStop.backToFile')}</Link>{' '}
        <button type="button" onClick={() => window.print()}>
          {t('oneStop.print')}
        </button>
      </p>
      <CounterHeading unitName={f.unit.name} />
      <h1>{t('oneStop.letterTitle')}</h1>
      <p>{t('oneStop.letterTo', { name: f.applicant?.fullName ?? t('oneStop.masked') })}</p>
      <p>
        {t('oneStop.letterAbout', {
          code: f.code,
          procedure: f.procedure.name,
          missed: formatDate(letter.missedAppointment, i18n.language),
        })}
      </p>
      <p className="letter-body">{letter.apology}</p>
      <p className="appointment">
        {t('oneStop.newAppointment', { at: formatDate(letter.newAppointmentAt, i18n.language) })}
      </p>
      <p>
        {letter.filedBy?.fullName}, {formatDate(letter.filedAt, i18n.language)}
      </p>
    </article>
  );
}

/** The heading of what the counter prints: the unit and its counter, and the national motto. */
function CounterHeading({ unitName }: { unitName: string }) {
  const { t } = useTranslation();
  return (
    <header className="receipt-heading">
      <div>
        <strong>{unitName.toUpperCase()}</strong>
        <br />
        {t('oneStop.counterName')}
      </div>
      <div>
        <strong>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</strong>
        <br />
        Độc lập - Tự do - Hạnh phúc
      </div>
    </header>
  );
}

/** A QR code drawn as SVG squares (qrcode-generator computes the modules): prints sharp at any size. */
function QrCode({ text, label }: { text: string; label: string }) {
  const qr = qrcode(0, 'M');
  qr.addData(text);
  qr.make();
  const size = qr.getModuleCount();
  const dark: { x: number; y: number }[] = [];
  for (let y = 0; y < size; y++) for (let x = 0; x < size; x++) if (qr.isDark(y, x)) dark.push({ x, y });
  return (
    <svg
      className="qr"
      data-testid="receipt-qr"
      data-text={text}
      role="img"
      aria-label={label}
      viewBox={`-2 -2 ${size + 4} ${size + 4}`}
      width="128"
      height="128"
      shapeRendering="crispEdges"
    >
      <rect x={-2} y={-2} width={size + 4} height={size + 4} fill="#fff" />
      {dark.map(({ x, y }) => (
        <rect key={`${x}.${y}`} x={x} y={y} width={1} height={1} fill="#000" />
      ))}
    </svg>
  );
}

/**
 * What can be done with the file now (not printed): the current step done, returned to the
 * citizen for papers with the reason they will read, the papers taken in, the result handed back.
 * The server decides who may; a refusal says why.
 */
function FileActions({ file, onChanged }: { file: CitizenFile; onChanged: () => void }) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<unknown>(null);
  const act = async (action: string, body: object = {}) => {
    setError(null);
    try {
      await api('POST', `/one-stop/files/${file.id}/${action}`, { version: file.version, ...body });
      setReason('');
      onChanged();
    } catch (e) {
      setError(e);
    }
  };
  const step = file.steps[file.currentStep];
  return (
    <div className="no-print file-actions" data-testid="file-actions">
      <p>
        {t('oneStop.state')}: <strong data-testid="file-state">{t(`oneStop.states.${file.state}`)}</strong>
        {step &&
          file.state !== 'awaiting_papers' &&
          ` · ${t('oneStop.currentStep')}: ${step.name} (${step.unit.name})`}
        {file.pauseReason && ` · ${file.pauseReason}`}
      </p>
      {file.latenesses
        .filter((l) => l.filedAt)
        .map((l) => (
          <p key={l.number}>
            <Link to={`/one-stop/files/${file.id}/letters/${l.number}`} data-testid="apology-link">
              {t('oneStop.printLetter', { number: l.number })}
            </Link>
          </p>
        ))}
      {file.awaitingApology && <ApologyForm file={file} onFiled={onChanged} />}
      {(file.state === 'received' || file.state === 'processing') && !file.awaitingApology && (
        <>
          <button type="button" className="primary" onClick={() => void act('step-done')}>
            {t('oneStop.stepDone')}
          </button>
          <Field label={t('oneStop.papersReason')}>
            <input value={reason} maxLength={1000} onChange={(e) => setReason(e.target.value)} />
          </Field>
          <button
            type="button"
            disabled={!reason.trim()}
            onClick={() => void act('request-papers', { reason })}
          >
            {t('oneStop.requestPapers')}
          </button>
        </>
      )}
      {file.state === 'awaiting_papers' && (
        <button type="button" className="primary" onClick={() => void act('papers-received')}>
          {t('oneStop.papersReceived')}
        </button>
      )}
      {file.state === 'done' && (
        <button type="button" className="primary" onClick={() => void act('hand-back')}>
          {t('oneStop.handBack')}
        </button>
      )}
      <ErrorMessage error={error} />
    </div>
  );
}

/**
 * A late file's gate: the step's handler explains, apologises to the citizen and gives a new
 * appointment; until then nothing else moves the file (the server refuses with 423).
 */
function ApologyForm({ file, onFiled }: { file: CitizenFile; onFiled: () => void }) {
  const { t, i18n } = useTranslation();
  const [explanation, setExplanation] = useState('');
  const [apology, setApology] = useState(() =>
    t('oneStop.apologyTemplate', { code: file.code, procedure: file.procedure.name }),
  );
  const [newAppointment, setNewAppointment] = useState('');
  const [error, setError] = useState<unknown>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      await api('POST', `/one-stop/files/${file.id}/apology`, {
        version: file.version,
        explanation,
        apology,
        newAppointment,
      });
      onFiled();
    } catch (err) {
      setError(err);
    }
  };
  return (
    <form className="stack warning-box" data-testid="apology-form" onSubmit={(e) => void submit(e)}>
      <p className="warning">
        {t('oneStop.lateNotice', { at: formatDate(file.appointmentAt, i18n.language) })}
      </p>
      <Field label={t('oneStop.explanation')}>
        <textarea value={explanation} maxLength={4000} onChange={(e) => setExplanation(e.target.value)} />
      </Field>
      <Field label={t('oneStop.apology')}>
        <textarea value={apology} maxLength={4000} rows={4} onChange={(e) => setApology(e.target.value)} />
      </Field>
      <Field label={t('oneStop.newAppointmentDay')}>
        <input type="date" value={newAppointment} onChange={(e) => setNewAppointment(e.target.value)} />
      </Field>
      <button
        type="submit"
        className="primary"
        disabled={!explanation.trim() || !apology.trim() || !newAppointment}
      >
        {t('oneStop.fileApology')}
      </button>
      <ErrorMessage error={error} />
    </form>
  );
}
