import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../api';
import type { RankingView } from '../api-schema';
import { ErrorMessage, Field, formatDate, Loading, useAsync } from '../ui';

/** The figures and grade of one unit or person of the month. */
type Figures = RankingView['units'][number] | RankingView['staff'][number];

/** YYYY-MM of a date in Vietnam (UTC+7). */
const vietnamMonth = (at: Date) => new Date(at.getTime() + 7 * 3_600_000).toISOString().slice(0, 7);
const percent = (rate: number | null) => (rate === null ? '—' : `${(rate * 100).toFixed(1)}%`);

/**
 * Monthly ranking (xếp loại): units and staff graded from on-time rate, lateness and
 * discipline cases by the rules in force when the month was closed; the running month is
 * shown as provisional.
 */
export function Ranking() {
  const { t, i18n } = useTranslation();
  const [month, setMonth] = useState(vietnamMonth(new Date(Date.now() - 28 * 86_400_000)));
  const ranking = useAsync(() => api<RankingView>('GET', `/ranking?month=${month}`), [month]);
  const [computeError, setComputeError] = useState<unknown>(null);
  const notComputed =
    ranking.error instanceof ApiError && ranking.error.body.code === 'ranking/month_not_computed';
  const compute = async () => {
    setComputeError(null);
    try {
      await api('POST', `/ranking/compute?month=${month}`);
      ranking.reload();
    } catch (e) {
      setComputeError(e);
    }
  };
  const name = (f: Figures) => (i18n.language === 'en' ? f.gradeName.en : f.gradeName.vi);
  const row = (f: Figures) => (
    <>
      <td className="num">{f.counted}</td>
      <td className="num">{f.onTime}</td>
      <td className="num">{f.late}</td>
      <td className="num" data-testid="ranking-files">
        {f.citizenFiles.onTime} / {f.citizenFiles.late}
      </td>
      <td className="num">{f.disciplineCases}</td>
      <td className="num">{percent(f.onTimeRate)}</td>
      <td>
        <span className={`grade ${f.grade ?? 'none'}`}>{name(f)}</span>
      </td>
    </>
  );
  const head = (first: string) => (
    <thead>
      <tr>
        <th>{first}</th>
        <th className="num">{t('ranking.counted')}</th>
        <th className="num">{t('ranking.onTime')}</th>
        <th className="num">{t('ranking.late')}</th>
        <th className="num">{t('ranking.files')}</th>
        <th className="num">{t('ranking.cases')}</th>
        <th className="num">{t('ranking.rate')}</th>
        <th>{t('ranking.grade')}</th>
      </tr>
    </thead>
  );
  return (
    <section className="panel" data-testid="ranking">
      <h1>{t('ranking.title')}</h1>
      <div className="toolbar">
        <Field label={t('ranking.month')}>
          <input type="month" value={month} onChange={(e) => e.target.value && setMonth(e.target.value)} />
        </Field>
      </div>
      {notComputed ? (
        <div className="notice warn">
          <p>{t('ranking.notComputed')}</p>
          <button type="button" onClick={() => void compute()}>
            {t('ranking.compute')}
          </button>
          <ErrorMessage error={computeError} />
        </div>
      ) : (
        <ErrorMessage error={ranking.error} />
      )}
      {ranking.loading && !ranking.data && <Loading />}
      {ranking.data && !ranking.error && (
        <>
          <p className="muted" data-testid="ranking-basis">
            {ranking.data.provisional ? t('ranking.provisional') : t('ranking.closed')}{' '}
            {formatDate(ranking.data.computedAt, i18n.language)} ·{' '}
            {t('ranking.rules', { version: ranking.data.ruleSet.version })} ·{' '}
            {t(`ranking.basis.${ranking.data.ruleSet.deadlineBasis}`)} ·{' '}
            {t('ranking.fileWeight', { weight: ranking.data.ruleSet.citizenFileWeight })}
          </p>
          <h2>{t('ranking.units')}</h2>
          <div className="table-scroll">
            <table className="grid" data-testid="ranking-units">
              {head(t('summary.unit'))}
              <tbody>
                {ranking.data.units.map((u) => (
                  <tr key={u.unit.id}>
                    <td>{u.unit.name}</td>
                    {row(u)}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <h2>{t('ranking.staff')}</h2>
          {ranking.data.staff.length === 0 ? (
            <p className="muted">{t('app.none')}</p>
          ) : (
            <div className="table-scroll">
              <table className="grid" data-testid="ranking-staff">
                {head(t('ranking.person'))}
                <tbody>
                  {ranking.data.staff.map((s) => (
                    <tr key={s.user.id}>
                      <td>
                        {s.user.fullName} <span className="muted">({s.unit.name})</span>
                      </td>
                      {row(s)}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
    </section>
  );
}
