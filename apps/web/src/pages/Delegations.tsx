import { FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api';
import type { DelegablePosition, Delegation } from '../api-schema';
import { ErrorMessage, Field, Loading, useAsync, useLiveReload } from '../ui';

const DAY_MS = 86_400_000;

/** The end of a Vietnam calendar day, as an instant: a delegation "until 20/12" runs through that day. */
const endOfDay = (date: string) =>
  new Date(new Date(`${date}T00:00:00+07:00`).getTime() + DAY_MS).toISOString();
const dayAfter = (days: number) =>
  new Date(Date.now() + days * DAY_MS + 7 * 3_600_000).toISOString().slice(0, 10);

/**
 * Delegation of authority (ủy quyền): a head makes a deputy acting head (Q.) in two clicks —
 * the deputy's button, then confirm — or delegates named powers (TUQ.); both people see the
 * delegation, and the delegator revokes it.
 */
export function Delegations() {
  const { t, i18n } = useTranslation();
  const choices = useAsync(() => api<DelegablePosition[]>('GET', '/delegations/choices'), []);
  const list = useAsync(() => api<Delegation[]>('GET', '/delegations'), []);
  useLiveReload((e) => e.name.startsWith('delegation.'), list.reload);
  const [error, setError] = useState<unknown>(null);
  const locale = i18n.language === 'en' ? 'en-GB' : 'vi-VN';
  const date = (iso: string) =>
    new Date(iso).toLocaleString(locale, { dateStyle: 'short', timeStyle: 'short' });

  // Revoking asks once more, in the row: a slip of the finger would cut someone's authority.
  const [confirming, setConfirming] = useState<string | null>(null);
  const revoke = async (d: Delegation) => {
    setConfirming(null);
    setError(null);
    try {
      await api('POST', `/delegations/${d.id}/revoke`, { version: d.version });
      list.reload();
    } catch (e) {
      setError(e);
    }
  };

  return (
    <section className="delegations">
      <h1>{t('delegation.title')}</h1>
      <p className="explain">{t('delegation.explain')}</p>
      <ErrorMessage error={error ?? choices.error ?? list.error} />
      {choices.data?.map((position) => (
        <GiveForms key={position.positionId} position={position} onGiven={list.reload} />
      ))}
      <h2>{t('delegation.mine')}</h2>
      {list.loading && !list.data && <Loading />}
      {list.data?.length === 0 && <p className="muted">{t('delegation.none')}</p>}
      {!!list.data?.length && (
        <table className="delegation-list">
          <thead>
            <tr>
              <th>{t('delegation.from')}</th>
              <th>{t('delegation.to')}</th>
              <th>{t('delegation.powersLabel')}</th>
              <th>{t('delegation.period')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {list.data.map((d) => (
              <tr key={d.id} data-testid="delegation-row" data-status={d.status}>
                <td>
                  {d.delegator.fullName}
                  <br />
                  <small>{d.delegatorTitle ?? d.unit.name}</small>
                </td>
                <td>
                  <strong>{t(`delegation.form.${d.form}`)}</strong> — {d.delegate.fullName}
                </td>
                <td>
                  {d.powers.map((p) => t(`delegation.powers.${p}`)).join('; ')}
                  {d.limitUnit && <small> ({d.limitUnit.name})</small>}
                </td>
                <td>
                  {date(d.startsAt)} → {date(d.endsAt)}
                  <br />
                  <small className={`status-${d.status}`}>{t(`delegation.status.${d.status}`)}</small>
                </td>
                <td>
                  {d.mayRevoke &&
                    (confirming === d.id ? (
                      <>
                        <button type="button" onClick={() => void revoke(d)}>
                          {t('delegation.revokeConfirm')}
                        </button>{' '}
                        <button type="button" className="link" onClick={() => setConfirming(null)}>
                          {t('app.cancel')}
                        </button>
                      </>
                    ) : (
                      <button type="button" onClick={() => setConfirming(d.id)}>
                        {t('delegation.revoke')}
                      </button>
                    ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** For one of my positions: "acting head" per deputy (two clicks), and the TUQ. form. */
function GiveForms({ position, onGiven }: { position: DelegablePosition; onGiven: () => void }) {
  const { t } = useTranslation();
  const [acting, setActing] = useState<string | null>(null);
  const [until, setUntil] = useState(() => dayAfter(14));
  const [delegateId, setDelegateId] = useState('');
  const [powers, setPowers] = useState<string[]>([]);
  const [limitUnitId, setLimitUnitId] = useState('');
  const [reason, setReason] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const deputies = position.candidates.filter((c) => c.deputy);
  const units = [...new Map(position.candidates.map((c) => [c.unit.id, c.unit])).values()];

  const give = async (body: object) => {
    setError(null);
    setBusy(true);
    try {
      await api('POST', '/delegations', { positionId: position.positionId, ...body });
      setActing(null);
      setDelegateId('');
      setPowers([]);
      setReason('');
      onGiven();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const submitTuq = (e: FormEvent) => {
    e.preventDefault();
    void give({
      delegateId,
      form: 'TUQ',
      powers,
      endsAt: endOfDay(until),
      ...(limitUnitId ? { limitUnitId } : {}),
      ...(reason.trim() ? { reason: reason.trim() } : {}),
    });
  };

  return (
    <div className="delegation-give">
      <h2>
        {position.title ?? ''} — {position.unit.name}
      </h2>
      <ErrorMessage error={error} />
      {position.head &&
        deputies.map((d) =>
          acting === d.id ? (
            <p key={d.id} className="acting-confirm">
              <label>
                {t('delegation.actingUntil')}{' '}
                <input
                  type="date"
                  value={until}
                  min={dayAfter(0)}
                  onChange={(e) => setUntil(e.target.value)}
                />
              </label>{' '}
              <button
                type="button"
                disabled={busy}
                onClick={() => void give({ delegateId: d.id, form: 'Q', endsAt: endOfDay(until) })}
              >
                {t('delegation.confirmActing')}
              </button>{' '}
              <button type="button" className="link" onClick={() => setActing(null)}>
                {t('app.cancel')}
              </button>
            </p>
          ) : (
            <p key={d.id}>
              <button type="button" onClick={() => setActing(d.id)}>
                {t('delegation.acting', { name: d.fullName })}
              </button>
            </p>
          ),
        )}
      <form onSubmit={submitTuq} className="delegation-tuq">
        <h3>{t('delegation.tuq')}</h3>
        <Field label={t('delegation.delegate')}>
          <select value={delegateId} required onChange={(e) => setDelegateId(e.target.value)}>
            <option value="" />
            {position.candidates.map((c) => (
              <option key={`${c.id}|${c.unit.id}`} value={c.id}>
                {c.fullName} — {c.title ?? c.unit.name}
                {c.deputy ? ` (${t('delegation.deputy')})` : ''}
              </option>
            ))}
          </select>
        </Field>
        <fieldset>
          <legend>{t('delegation.powersLabel')}</legend>
          {position.powers.map((p) => (
            <label key={p} className="check">
              <input
                type="checkbox"
                checked={powers.includes(p)}
                onChange={(e) => setPowers(e.target.checked ? [...powers, p] : powers.filter((x) => x !== p))}
              />{' '}
              {t(`delegation.powers.${p}`)}
            </label>
          ))}
        </fieldset>
        <Field label={t('delegation.limit')}>
          <select value={limitUnitId} onChange={(e) => setLimitUnitId(e.target.value)}>
            <option value="">{t('delegation.wholeReach')}</option>
            {units
              .filter((u) => u.id !== position.unit.id)
              .map((u) => (
                <option key={u.id} value={u.id}>
                  {u.name}
                </option>
              ))}
          </select>
        </Field>
        <Field label={t('delegation.actingUntil')}>
          <input
            type="date"
            value={until}
            min={dayAfter(0)}
            required
            onChange={(e) => setUntil(e.target.value)}
          />
        </Field>
        <Field label={t('delegation.reason')}>
          <input
            value={reason}
            maxLength={500}
            placeholder={t('delegation.reasonPlaceholder')}
            onChange={(e) => setReason(e.target.value)}
          />
        </Field>
        <button type="submit" disabled={busy || !delegateId || powers.length === 0}>
          {t('delegation.give')}
        </button>
      </form>
    </div>
  );
}
