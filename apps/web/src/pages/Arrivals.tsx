import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { api } from '../api';
import type { Delivery } from '../api-schema';
import { ErrorMessage, formatDate, Loading, useAsync, useLiveReload } from '../ui';

/**
 * The clerk's inbox of documents sent by other units of the deployment (văn bản đến liên
 * thông): accept one into the unit's incoming register, or refuse it with a reason.
 */
export function Arrivals() {
  const { t, i18n } = useTranslation();
  const list = useAsync(() => api<Delivery[]>('GET', '/arrivals'), []);
  useLiveReload((e) => e.name === 'document.arrived' || e.name === 'document.recalled', list.reload);
  const [error, setError] = useState<unknown>(null);
  const [refusing, setRefusing] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const [accepted, setAccepted] = useState<Delivery | null>(null);
  const act = async (work: () => Promise<Delivery>) => {
    setError(null);
    try {
      const done = await work();
      if (done.status === '03') setAccepted(done);
      setRefusing(null);
      setReason('');
      list.reload();
    } catch (e) {
      setError(e);
    }
  };
  return (
    <section className="panel">
      <h1>{t('arrivals.title')}</h1>
      <p className="explain">{t('arrivals.explain')}</p>
      {accepted?.incoming && (
        <p className="ok" role="status">
          {t('arrivals.accepted', { number: accepted.incoming.registerNumber })}{' '}
          <Link to={`/documents/${accepted.incoming.id}`}>{t('arrivals.open')}</Link>
        </p>
      )}
      <ErrorMessage error={error} />
      {list.loading && !list.data && <Loading />}
      {list.data?.length === 0 && <p className="muted">{t('arrivals.none')}</p>}
      <ul className="list" data-testid="arrivals">
        {(list.data ?? []).map((d) => (
          <li key={d.id} data-testid="arrival">
            <strong>
              {d.document.codeNumber}/{d.document.codeNotation}
            </strong>{' '}
            {d.document.subject} — {d.document.organName} → {d.unit.name}
            <span className="muted"> · {formatDate(d.arrivedAt, i18n.language)}</span>{' '}
            <button
              type="button"
              className="primary"
              onClick={() => void act(() => api('POST', `/arrivals/${d.id}/accept`))}
            >
              {t('arrivals.accept')}
            </button>{' '}
            <button type="button" onClick={() => setRefusing(d.id)}>
              {t('arrivals.refuse')}
            </button>
            {refusing === d.id && (
              <form
                className="subform"
                onSubmit={(e) => {
                  e.preventDefault();
                  void act(() => api('POST', `/arrivals/${d.id}/refuse`, { reason }));
                }}
              >
                <label>
                  {t('arrivals.reason')}
                  <input
                    name="reason"
                    value={reason}
                    onChange={(e) => setReason(e.target.value)}
                    required
                    minLength={3}
                  />
                </label>
                <button type="submit">{t('arrivals.refuseSubmit')}</button>
              </form>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
