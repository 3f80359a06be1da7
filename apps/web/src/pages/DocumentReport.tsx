import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, download } from '../api';
import type { HandlingReport } from '../api-schema';
import { ErrorMessage, Loading, useAsync } from '../ui';

const COLUMNS = [
  'incoming',
  'fromUnits',
  'handledOnTime',
  'handledLate',
  'waiting',
  'overdue',
  'outgoing',
  'signedHere',
  'recipientsAccepted',
  'recipientsRefused',
  'recipientsWaiting',
  'recalled',
] as const;

const thisMonth = () => new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 7);

/** How incoming and outgoing documents were handled, per unit and period, with the exports. */
export function DocumentReport() {
  const { t } = useTranslation();
  const [from, setFrom] = useState(`${thisMonth().slice(0, 4)}-01`);
  const [to, setTo] = useState(thisMonth());
  const query = `from=${from}&to=${to}`;
  const report = useAsync(() => api<HandlingReport>('GET', `/reports/documents?${query}`), [query]);
  const data = report.data;
  return (
    <section className="panel">
      <h1>{t('documentReport.title')}</h1>
      <div className="row">
        <label>
          {t('documentReport.from')}
          <input type="month" name="from" value={from} onChange={(e) => setFrom(e.target.value)} />
        </label>
        <label>
          {t('documentReport.to')}
          <input type="month" name="to" value={to} onChange={(e) => setTo(e.target.value)} />
        </label>
        {data && (
          <>
            <button
              type="button"
              onClick={() =>
                void download(
                  `/reports/documents.csv?unitId=${data.unit.id}&${query}`,
                  `xu-ly-van-ban_${from}_${to}.csv`,
                )
              }
            >
              CSV
            </button>
            <button
              type="button"
              onClick={() =>
                void download(
                  `/reports/documents.xlsx?unitId=${data.unit.id}&${query}`,
                  `xu-ly-van-ban_${from}_${to}.xlsx`,
                )
              }
            >
              Excel
            </button>
          </>
        )}
      </div>
      <ErrorMessage error={report.error} />
      {!data && report.loading && <Loading />}
      {data && (
        <div className="table-scroll">
          <table className="grid" data-testid="document-report">
            <thead>
              <tr>
                <th>{t('summary.unit')}</th>
                {COLUMNS.map((c) => (
                  <th key={c} className="num">
                    {t(`documentReport.${c}`)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {data.rows.map((r) => (
                <tr key={r.unit.id} data-testid="document-report-row">
                  <td>{r.unit.name}</td>
                  {COLUMNS.map((c) => (
                    <td key={c} className="num">
                      {r[c]}
                    </td>
                  ))}
                </tr>
              ))}
              <tr className="total">
                <td>{t('summary.total')}</td>
                {COLUMNS.map((c) => (
                  <td key={c} className="num">
                    {data.total[c]}
                  </td>
                ))}
              </tr>
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
