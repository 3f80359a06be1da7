import { FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { api } from '../api';
import type { SearchHit as Hit } from '../api-schema';
import { ErrorMessage, Field, formatDate, Loading, useAsync } from '../ui';

const TYPES = ['message', 'directive', 'task', 'document', 'briefing'] as const satisfies readonly HitType[];
type HitType = Hit['type'];

/** Where a hit opens. */
function linkOf(hit: Hit): string {
  switch (hit.type) {
    case 'message':
      return `/chat?channel=${hit.channelId}&message=${hit.n}`;
    case 'directive':
      return '/directives';
    case 'task':
      return `/tasks?id=${hit.id}`;
    case 'document':
      return `/documents/${hit.id}`;
    case 'briefing':
      return `/briefings/${hit.id}`;
  }
}

/**
 * Search everything I may read — messages, directives, tasks, documents and weekly briefings —
 * with or without diacritics ("tien do" finds "tiến độ"). `?q=` makes a search linkable.
 */
export function Search() {
  const { t, i18n } = useTranslation();
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const type = params.get('type') ?? '';
  const [text, setText] = useState(q);
  const [kind, setKind] = useState(type);
  const hits = useAsync(
    () =>
      q.trim().length < 2
        ? Promise.resolve(null)
        : api<Hit[]>(
            'GET',
            `/search?q=${encodeURIComponent(q)}${type ? `&types=${encodeURIComponent(type)}` : ''}`,
          ),
    [q, type],
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setParams(kind ? { q: text, type: kind } : { q: text });
  };
  return (
    <section className="panel">
      <h1>{t('search.title')}</h1>
      <form className="toolbar" role="search" onSubmit={submit}>
        <Field label={t('search.query')}>
          <input
            type="search"
            value={text}
            onChange={(e) => setText(e.target.value)}
            minLength={2}
            maxLength={200}
            required
          />
        </Field>
        <Field label={t('search.kind')}>
          <select value={kind} onChange={(e) => setKind(e.target.value)}>
            <option value="">{t('search.all')}</option>
            {TYPES.map((k) => (
              <option key={k} value={k}>
                {t(`search.type.${k}`)}
              </option>
            ))}
          </select>
        </Field>
        <button type="submit" className="primary">
          {t('search.submit')}
        </button>
      </form>
      <p className="muted">{t('search.hint')}</p>
      <ErrorMessage error={hits.error} />
      {hits.loading && <Loading />}
      {hits.data && hits.data.length === 0 && <p>{t('search.none')}</p>}
      {hits.data && hits.data.length > 0 && (
        <ol className="search-hits" data-testid="search-hits">
          {hits.data.map((hit) => (
            <li key={`${hit.type}:${hit.id}`} data-testid="search-hit">
              <span className="tag">{t(`search.type.${hit.type}`)}</span>{' '}
              <Link to={linkOf(hit)}>{hit.title}</Link>{' '}
              <time className="muted" dateTime={hit.at}>
                {formatDate(hit.at, i18n.language)}
              </time>
              <p>{hit.snippet}</p>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
