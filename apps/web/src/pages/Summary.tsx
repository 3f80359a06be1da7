import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { api, download } from '../api';
import type {
  PeopleReport,
  SummaryFigures as Figures,
  SummaryReport as Report,
  SummaryTaskPage as TaskPage,
  SummaryUnit,
  TrendReport as Trend,
} from '../api-schema';
import { ErrorMessage, Field, formatDate, Loading, useAsync, useLiveReload, Pager } from '../ui';

type Category = TaskPage['category'];
/** The figure drilled into: a unit's row (its subtree or its own), or one person's. */
interface Drill {
  unit: SummaryUnit;
  category: Category;
  subtree: boolean;
  person?: { id: string; name: string };
}

const COLUMNS: { key: keyof Figures; label: string; category?: Category }[] = [
  { key: 'assigned', label: 'summary.assigned' },
  { key: 'doneOnTime', label: 'summary.doneOnTime', category: 'done_on_time' },
  { key: 'doneLate', label: 'summary.doneLate', category: 'done_late' },
  { key: 'inProgress', label: 'summary.inProgress', category: 'in_progress' },
  { key: 'overdue', label: 'summary.overdue', category: 'overdue' },
  { key: 'urged', label: 'summary.urged' },
];
const percent = (rate: number | null) => (rate === null ? '—' : `${(rate * 100).toFixed(1)}%`);
const vietnamMonth = (at: Date) => new Date(at.getTime() + 7 * 3_600_000).toISOString().slice(0, 7);
/** Figures move with the clock (overdue) as well as with writes. */
const REFRESH_MS = 60_000;
const DRILL_PAGE = 50;

/**
 * The task summary table (bảng tổng hợp theo dõi nhiệm vụ): one row per unit below, rolled
 * up through the tree, for a period of months; drill down into a unit, its people or the
 * tasks behind any figure; the on-time rate by unit and the monthly trend as charts.
 */
export function Summary() {
  const { t, i18n } = useTranslation();
  const now = new Date();
  const [from, setFrom] = useState(`${vietnamMonth(now).slice(0, 4)}-01`);
  const [to, setTo] = useState(vietnamMonth(now));
  // The units drilled into, the top first; empty: the viewer's own top unit.
  const [path, setPath] = useState<SummaryUnit[]>([]);
  const [drill, setDrill] = useState<Drill | null>(null);
  const unitId = path.at(-1)?.id;
  const query = new URLSearchParams({ from, to, ...(unitId ? { unitId } : {}) });
  const report = useAsync(() => api<Report>('GET', `/reports/summary?${query}`), [query.toString()]);
  const people = useAsync(
    () => api<PeopleReport>('GET', `/reports/summary/people?${query}`),
    [query.toString()],
  );
  const trend = useAsync(
    () =>
      api<Trend>(
        'GET',
        `/reports/summary/trend?${new URLSearchParams({ to, months: '12', ...(unitId ? { unitId } : {}) })}`,
      ),
    [to, unitId],
  );
  const reload = () => {
    report.reload();
    people.reload();
    trend.reload();
  };
  useLiveReload((e) => e.name.startsWith('task.'), reload);
  useEffect(() => {
    const timer = setInterval(() => {
      report.reload();
      people.reload();
      trend.reload();
    }, REFRESH_MS);
    return () => clearInterval(timer);
  }, [report.reload, people.reload, trend.reload]);
  const exportAs = (format: 'csv' | 'xlsx') =>
    void download(`/reports/summary.${format}?${query}`, `tong-hop-nhiem-vu-${from}-${to}.${format}`).catch(
      () => undefined,
    );

  /** The citizens' files its counters received, and their on-time rate (one-stop). */
  const fileCells = ({ citizenFiles: f }: Report['total']) => (
    <>
      <td className="num">{f.received}</td>
      <td className="num">{percent(f.onTimeRate)}</td>
    </>
  );
  const figureCells = (
    row: Figures & { unit?: SummaryUnit; scope?: 'subtree' | 'unit' },
    /** A person's row: 'none' for the tasks the unit leads as a unit. */
    person?: { id: string; name: string },
  ) =>
    COLUMNS.map((c) => (
      <td key={c.key} className="num">
        {c.category && row.unit && (row[c.key] ?? 0) > 0 ? (
          <button
            type="button"
            className="link"
            onClick={() =>
              setDrill({ unit: row.unit!, category: c.category!, subtree: row.scope !== 'unit', person })
            }
          >
            {row[c.key]}
          </button>
        ) : (
          row[c.key]
        )}
      </td>
    ));

  const data = report.data;
  return (
    <section className="panel" data-testid="summary">
      <h1>
        {t('summary.title')}
        {data && ` — ${data.unit.name}`}
      </h1>
      <div className="toolbar">
        <Field label={t('summary.from')}>
          <input type="month" value={from} onChange={(e) => e.target.value && setFrom(e.target.value)} />
        </Field>
        <Field label={t('summary.to')}>
          <input type="month" value={to} onChange={(e) => e.target.value && setTo(e.target.value)} />
        </Field>
        <button type="button" onClick={() => exportAs('xlsx')}>
          {t('summary.exportXlsx')}
        </button>
        <button type="button" onClick={() => exportAs('csv')}>
          {t('summary.exportCsv')}
        </button>
        {path.length > 0 && (
          <button
            type="button"
            onClick={() => {
              setPath(path.slice(0, -1));
              setDrill(null);
            }}
          >
            ‹ {t('summary.up')}
          </button>
        )}
      </div>
      <ErrorMessage error={report.error} />
      {!data && report.loading && <Loading />}
      {data && (
        <>
          <div className="table-scroll">
            <table className="grid" data-testid="summary-table">
              <thead>
                <tr>
                  <th>{t('summary.unit')}</th>
                  {COLUMNS.map((c) => (
                    <th key={c.key} className="num">
                      {t(c.label)}
                    </th>
                  ))}
                  <th className="num">{t('summary.onTimeRate')}</th>
                  <th className="num">{t('summary.filesReceived')}</th>
                  <th className="num">{t('summary.filesOnTimeRate')}</th>
                </tr>
              </thead>
              <tbody>
                {data.rows.map((row) => (
                  <tr key={`${row.unit.id}-${row.scope}`} data-testid="summary-row">
                    <td>
                      {row.scope === 'unit' ? (
                        t('summary.own')
                      ) : (
                        <button
                          type="button"
                          className="link"
                          onClick={() => {
                            setPath([...path, row.unit]);
                            setDrill(null);
                          }}
                        >
                          {row.unit.name}
                        </button>
                      )}
                    </td>
                    {figureCells(row)}
                    <td className="num">{percent(row.onTimeRate)}</td>
                    {fileCells(row)}
                  </tr>
                ))}
              </tbody>
              <tfoot>
                <tr className="strong" data-testid="summary-total">
                  <td>{t('summary.total')}</td>
                  {figureCells(data.total)}
                  <td className="num">{percent(data.total.onTimeRate)}</td>
                  {fileCells(data.total)}
                </tr>
              </tfoot>
            </table>
          </div>
          <p className="muted">
            {t('summary.asOf')} {formatDate(data.generatedAt, i18n.language)}
          </p>
          {drill && (
            <DrillTasks
              key={`${drill.unit.id}-${drill.category}-${drill.subtree}-${drill.person?.id}`}
              {...drill}
              from={from}
              to={to}
              onClose={() => setDrill(null)}
            />
          )}
          <div className="split">
            <figure>
              <figcaption>{t('summary.byRate')}</figcaption>
              <Bars
                items={data.rows
                  .filter((r) => r.scope === 'subtree')
                  .map((r) => ({ label: r.unit.name, value: r.onTimeRate }))}
              />
            </figure>
            <figure>
              <figcaption>{t('summary.trend')}</figcaption>
              <Bars
                items={(trend.data?.months ?? []).map((m) => ({ label: m.month, value: m.onTimeRate }))}
              />
            </figure>
          </div>
          <h2>{t('summary.people')}</h2>
          <div className="table-scroll">
            <table className="grid" data-testid="summary-people">
              <thead>
                <tr>
                  <th>{t('summary.person')}</th>
                  {COLUMNS.map((c) => (
                    <th key={c.key} className="num">
                      {t(c.label)}
                    </th>
                  ))}
                  <th className="num">{t('summary.onTimeRate')}</th>
                </tr>
              </thead>
              <tbody>
                {(people.data?.rows ?? []).map((p) => (
                  <tr key={p.person?.id ?? 'unit'}>
                    <td>{p.person?.fullName ?? t('summary.own')}</td>
                    {figureCells(
                      { ...p, unit: data.unit, scope: 'unit' },
                      p.person
                        ? { id: p.person.id, name: p.person.fullName }
                        : { id: 'none', name: t('summary.own') },
                    )}
                    <td className="num">{percent(p.onTimeRate)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}

/** The tasks behind one figure of one row. */
function DrillTasks({
  unit,
  category,
  subtree,
  person,
  from,
  to,
  onClose,
}: Drill & {
  from: string;
  to: string;
  onClose: () => void;
}) {
  const { t, i18n } = useTranslation();
  const [page, setPage] = useState(1);
  const tasks = useAsync(
    () =>
      api<TaskPage>(
        'GET',
        `/reports/summary/tasks?${new URLSearchParams({
          unitId: unit.id,
          category,
          subtree: String(subtree),
          ...(person ? { person: person.id } : {}),
          from,
          to,
          page: String(page),
          pageSize: String(DRILL_PAGE),
        })}`,
      ),
    [unit.id, category, subtree, person?.id, from, to, page],
  );

  const label = COLUMNS.find((c) => c.category === category)!.label;
  return (
    <div className="subform" data-testid="summary-tasks">
      <h2>
        {t(label)} — {person ? person.name : subtree ? unit.name : t('summary.own')} (
        {tasks.data?.total ?? '…'})
      </h2>
      <ErrorMessage error={tasks.error} />
      <ul>
        {(tasks.data?.items ?? []).map((task) => (
          <li key={task.id}>
            <Link to={`/tasks?id=${task.id}`}>{task.title}</Link> — {task.lead.unit.name}
            {task.lead.user && ` (${task.lead.user.fullName})`} — {formatDate(task.deadline, i18n.language)} —{' '}
            {t(`state.${task.state}`)}
          </li>
        ))}
      </ul>
      <Pager page={page} total={tasks.data?.total ?? 0} pageSize={DRILL_PAGE} onPage={setPage} />
      <button type="button" onClick={onClose}>
        {t('app.close')}
      </button>
    </div>
  );
}

/**
 * A horizontal bar chart of rates (0–1) drawn as SVG: no chart library to download on an old
 * PC, and the numbers are written beside the bars (and read by screen readers) rather than
 * left to the colour.
 */
function Bars({ items }: { items: { label: string; value: number | null }[] }) {
  const rowHeight = 22;
  const labelWidth = 170;
  const barWidth = 200;
  if (items.length === 0) return <p className="muted">—</p>;
  return (
    <svg
      className="bars"
      role="img"
      width="100%"
      viewBox={`0 0 ${labelWidth + barWidth + 60} ${items.length * rowHeight}`}
      aria-label={items.map((i) => `${i.label}: ${percent(i.value)}`).join('; ')}
    >
      {items.map((item, i) => {
        const width = item.value === null ? 0 : Math.max(1, item.value * barWidth);
        const low = item.value !== null && item.value < 0.8;
        return (
          <g key={item.label} transform={`translate(0, ${i * rowHeight})`}>
            <text x={labelWidth - 6} y={rowHeight * 0.7} textAnchor="end" fontSize="12">
              {item.label.length > 26 ? `${item.label.slice(0, 25)}…` : item.label}
            </text>
            <rect x={labelWidth} y={4} width={barWidth} height={rowHeight - 8} fill="#e6ebf0" />
            <rect
              x={labelWidth}
              y={4}
              width={width}
              height={rowHeight - 8}
              fill={low ? '#b3261e' : '#0b3d6e'}
            />
            <text x={labelWidth + barWidth + 6} y={rowHeight * 0.7} fontSize="12">
              {percent(item.value)}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
