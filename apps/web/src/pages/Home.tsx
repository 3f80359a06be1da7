import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useAgenda } from '../agenda';
import type { AgendaItem } from '../api-schema';
import { formatDate, Loading } from '../ui';

/** Where an item's action is, one click away. */
export function agendaLink(item: Pick<AgendaItem, 'kind' | 'id'>): string {
  switch (item.kind) {
    case 'task':
      return `/tasks?id=${item.id}`;
    case 'document':
      return `/documents/${item.id}`;
    case 'directive':
      return '/directives';
    case 'discipline_case':
      return '/discipline';
    case 'annotation':
      return '/follow-up';
  }
}

/**
 * Việc cần xử lý — the landing page: everything that waits for my action, grouped by the
 * action and counted, overdue first, live (the agenda reloads on every event that may change
 * it).
 */
export function Home() {
  const { t, i18n } = useTranslation();
  const { agenda } = useAgenda();
  if (!agenda) return <Loading />;
  const groups = agenda.groups.filter((g) => g.count > 0);
  return (
    <section aria-labelledby="home-title">
      <h1 id="home-title">
        {t('home.title')}{' '}
        {agenda.total > 0 && (
          <span className="muted" data-testid="agenda-total">
            {t('home.total', { count: agenda.total })}
          </span>
        )}
      </h1>
      {agenda.overdue > 0 && (
        <p className="danger" role="status">
          {t('home.overdue', { count: agenda.overdue })}
        </p>
      )}
      {groups.length === 0 && <p className="ok">{t('home.nothing')}</p>}
      <div className="agenda">
        {groups.map((g) => (
          <section
            key={g.group}
            className="card"
            data-testid={`agenda-${g.group}`}
            aria-labelledby={`agenda-${g.group}-title`}
          >
            <h2 id={`agenda-${g.group}-title`}>
              {t(`home.groups.${g.group}`)} <span className="badge">{g.count}</span>
            </h2>
            <ul className="agenda-items">
              {g.items.map((item) => (
                <li key={`${item.kind}-${item.id}`} className={item.overdue ? 'overdue' : undefined}>
                  <Link to={agendaLink(item)}>{item.title}</Link>
                  <span className="muted">
                    {item.detail && ` · ${item.detail}`}
                    {item.dueAt && ` · ${t('home.due')} ${formatDate(item.dueAt, i18n.language)}`}
                  </span>
                  {item.overdue && <span className="tag danger">{t('home.late')}</span>}
                </li>
              ))}
            </ul>
            {g.count > g.items.length && (
              <p className="muted">{t('home.more', { count: g.count - g.items.length })}</p>
            )}
          </section>
        ))}
      </div>
    </section>
  );
}

/** The navigation's count of what waits for me. */
export function AgendaBadge() {
  const { t } = useTranslation();
  const { agenda } = useAgenda();
  if (!agenda || agenda.total === 0) return null;
  return (
    <>
      {' '}
      <span
        className={agenda.overdue > 0 ? 'badge danger' : 'badge'}
        data-testid="agenda-count"
        aria-label={t('home.total', { count: agenda.total })}
      >
        {agenda.total}
      </span>
    </>
  );
}
