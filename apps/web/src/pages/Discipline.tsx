import { FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { api } from '../api';
import type { DisciplineCase, DisciplineCasePage } from '../api-schema';
import { useSession } from '../session';
import { signDecision } from '../signing';
import {
  ErrorMessage,
  Field,
  formatDate,
  Loading,
  NeedKey,
  useAsync,
  useLiveReload,
  OnBehalfOf,
} from '../ui';

type Decision = NonNullable<DisciplineCase['decision']>['decision'];
/** The decisions offered, mildest first. */
const DECISIONS = [
  'accept_explanation',
  'remind',
  'criticise',
  'propose_discipline',
] as const satisfies readonly Decision[];

/**
 * Discipline review: tasks late a second time ("không chấp nhận trễ hẹn 2 lần"), with every
 * explanation and apology letter, for the head of the unit to decide once.
 */
export function Discipline() {
  const { t } = useTranslation();
  const [state, setState] = useState<'open' | 'decided'>('open');
  const list = useAsync(
    () => api<DisciplineCasePage>('GET', `/discipline-cases?state=${state}&pageSize=100`),
    [state],
  );
  useLiveReload(
    (e) =>
      ['task.discipline_case', 'task.discipline_decided', 'citizen_file.discipline_case'].includes(e.name),
    list.reload,
  );
  return (
    <section className="panel" data-testid="discipline">
      <h1>{t('discipline.title')}</h1>
      <div className="tabs" role="tablist">
        {(['open', 'decided'] as const).map((s) => (
          <button
            key={s}
            role="tab"
            aria-selected={state === s}
            className={state === s ? 'tab active' : 'tab'}
            onClick={() => setState(s)}
          >
            {t(`discipline.${s}`)}
          </button>
        ))}
      </div>
      <ErrorMessage error={list.error} />
      {list.loading && !list.data && <Loading />}
      {list.data?.items.length === 0 && <p className="muted">{t('app.none')}</p>}
      {list.data?.items.map((c) => (
        <Case key={c.id} item={c} onDecided={list.reload} />
      ))}
    </section>
  );
}

function Case({ item, onDecided }: { item: DisciplineCase; onDecided: () => void }) {
  const { t, i18n } = useTranslation();
  const [decision, setDecision] = useState<Decision>('remind');
  const [note, setNote] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [needKey, setNeedKey] = useState(false);
  const { me } = useSession();
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      // The head's decision is signed like every decision, with this browser's key.
      // Deciding thừa ủy quyền: the signed bytes name the delegation, so the signature names both.
      const signed = await signDecision(me!.id, { type: 'discipline_case', id: item.id }, 'decide', {
        decision,
        ...(note.trim() ? { note } : {}),
        version: item.version,
        ...(item.decidingFor
          ? {
              actingFor: {
                delegationId: item.decidingFor.delegationId,
                delegatorId: item.decidingFor.delegatorId,
              },
            }
          : {}),
      });
      if (signed === null) {
        setNeedKey(true);
        return;
      }
      await api('POST', `/discipline-cases/${item.id}/decision`, signed);
      onDecided();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <article className="card" data-testid="discipline-case">
      <h2>
        {item.task ? (
          <Link to={`/tasks?id=${item.task.id}`}>{item.task.title}</Link>
        ) : (
          item.citizenFile && (
            <Link to={`/one-stop/files/${item.citizenFile.id}`} data-testid="discipline-file">
              {t('discipline.citizenFile', {
                code: item.citizenFile.code,
                procedure: item.citizenFile.procedure.name,
              })}
            </Link>
          )
        )}
      </h2>
      <p className="muted">
        {item.unit.name} · {t('discipline.lateness', { number: item.latenessNumber })} ·{' '}
        {formatDate(item.openedAt, i18n.language)}
      </p>
      <ol className="trail">
        {item.latenesses.map((l) => (
          <li key={l.number}>
            <strong>
              {t('discipline.missed', {
                number: l.number,
                deadline: formatDate(l.missedDeadline, i18n.language),
              })}
            </strong>
            {l.filedAt ? (
              <>
                <div>
                  {t('tasks.explanation')}: {l.explanation}
                </div>
                <div>
                  {t('tasks.apology')}: {l.apology}
                </div>
                {l.newDueAt && (
                  <div>{t('oneStop.newAppointment', { at: formatDate(l.newDueAt, i18n.language) })}</div>
                )}
                <div className="muted">
                  {l.filedBy?.fullName} · {formatDate(l.filedAt, i18n.language)}
                </div>
              </>
            ) : (
              <div className="muted">{t('discipline.notFiled')}</div>
            )}
          </li>
        ))}
      </ol>
      {item.decision && (
        <p className="ok" data-testid="decision">
          {i18n.language === 'en' ? item.decision.name.en : item.decision.name.vi}
          {item.decision.note && `: ${item.decision.note}`} — {item.decision.decidedBy.fullName}
          <OnBehalfOf person={item.decision.onBehalfOf} />,{' '}
          {formatDate(item.decision.decidedAt, i18n.language)}
        </p>
      )}
      {item.mayDecide && (
        <form className="inline-form" onSubmit={(e) => void submit(e)}>
          <div className="row">
            <Field label={t('discipline.decision')}>
              <select
                name="decision"
                value={decision}
                onChange={(e) => setDecision(e.target.value as Decision)}
              >
                {DECISIONS.map((d) => (
                  <option key={d} value={d}>
                    {t(`discipline.decisions.${d}`)}
                  </option>
                ))}
              </select>
            </Field>
            <Field label={t('discipline.note')}>
              <input
                name="note"
                value={note}
                onChange={(e) => setNote(e.target.value)}
                maxLength={2000}
                required={decision !== 'accept_explanation'}
              />
            </Field>
          </div>
          <ErrorMessage error={error} />
          {needKey && <NeedKey message="assign.needKeyDecision" />}
          <button type="submit" className="primary" disabled={busy}>
            {t('discipline.record')}
          </button>
        </form>
      )}
    </article>
  );
}
