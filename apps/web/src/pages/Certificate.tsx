import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api';
import { useSession } from '../session';
import type { Certificate } from '../api-schema';
import { enrol, forget, keyOf } from '../signing';
import { ErrorMessage, Field, formatDate, useAsync } from '../ui';

/** My certificates, the key on this device, enrolment and revocation. */
export function Certificate() {
  const { t, i18n } = useTranslation();
  const { me } = useSession();
  const list = useAsync(() => api<Certificate[]>('GET', '/signing/certificates'), []);
  const key = useAsync(() => keyOf(me!.id), [me?.id]);
  const [positionId, setPositionId] = useState(me?.positions[0]?.id ?? '');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const create = async () => {
    setBusy(true);
    setError(null);
    try {
      await enrol(me!.id, me!.fullName, positionId);
      list.reload();
      key.reload();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const revoke = async (id: string) => {
    if (!window.confirm(t('certificate.confirmRevoke'))) return;
    setError(null);
    try {
      await api('POST', `/signing/certificates/${id}/revoke`, { reason: 'keyCompromise' });
      if (key.data?.certificateId === id) await forget(me!.id);
      list.reload();
      key.reload();
    } catch (e) {
      setError(e);
    }
  };

  // The key on this device signs only while its certificate is valid; revoked elsewhere or
  // expired, the person makes a new key and enrols again.
  const deviceCertificate = list.data?.find((c) => c.id === key.data?.certificateId);
  const loaded = !key.loading && list.data !== undefined;
  const needsKey = loaded && (!key.data || deviceCertificate?.status !== 'valid');

  return (
    <section className="panel narrow">
      <h1>{t('certificate.title')}</h1>
      <p className="explain">{t('certificate.explain')}</p>
      {needsKey && (
        <div className="subform">
          <p role={key.data ? 'alert' : undefined}>
            {t(key.data ? 'certificate.deviceKeyUnusable' : 'certificate.none')}
          </p>
          <Field label={t('certificate.position')}>
            <select value={positionId} onChange={(e) => setPositionId(e.target.value)}>
              {me?.positions.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.title ?? t(`role.${p.role}`)} — {p.unitName}
                </option>
              ))}
            </select>
          </Field>
          <button className="primary" disabled={busy} onClick={() => void create()}>
            {t('certificate.create')}
          </button>
        </div>
      )}
      <ErrorMessage error={error ?? list.error} />
      <ul className="cards">
        {list.data?.map((c) => (
          <li key={c.id} className="card" data-testid="certificate">
            <header>
              <strong>{c.serial.slice(0, 16)}…</strong>{' '}
              <span className={`tag ${c.status === 'valid' ? 'ok' : 'danger'}`}>
                {t(`certificate.${c.status}`)}
              </span>
              {key.data?.certificateId === c.id && <span className="tag">{t('certificate.thisDevice')}</span>}
            </header>
            <p className="muted">{c.subject}</p>
            <p>
              {t('certificate.validUntil')}: {formatDate(c.notAfter, i18n.language)}
            </p>
            {c.status === 'valid' && (
              <button onClick={() => void revoke(c.id)}>{t('certificate.revoke')}</button>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
