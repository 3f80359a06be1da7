import { Dispatch, ReactNode, SetStateAction, useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { URGENCIES, type AttachmentMeta, type FeedEnvelope } from './contract';
import { api, ApiError, download, errorText } from './api';
import type { EscalationView, Unit } from './api-schema';
import { live } from './live';
import { isHeadRole } from '@lt/access/roles';

/** A server error in the user's language, announced to screen readers. */
export function ErrorMessage({ error }: { error: unknown }) {
  const { i18n } = useTranslation();
  if (!error) return null;
  return (
    <p className="error" role="alert">
      {errorText(error, i18n.language)}
    </p>
  );
}

export function Loading() {
  const { t } = useTranslation();
  return (
    <p className="muted" aria-live="polite">
      {t('app.loading')}
    </p>
  );
}

export function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <label className="field">
      <span>{label}</span>
      {children}
    </label>
  );
}

/** Events closer together than this reload a screen once (a catch-up brings many at once). */
const RELOAD_COALESCE_MS = 150;

/** Re-runs `reload` once a burst of feed events that `accept` has passed (new directives, task changes …). */
export function useLiveReload(accept: (e: FeedEnvelope) => boolean, reload: () => void) {
  // The latest callbacks, read when an event comes: a re-render must not drop a pending reload.
  const latest = useRef({ accept, reload });
  latest.current = { accept, reload };
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    const off = live.onEvent((e) => {
      if (timer || !latest.current.accept(e)) return;
      timer = setTimeout(() => {
        timer = null;
        latest.current.reload();
      }, RELOAD_COALESCE_MS);
    });
    return () => {
      off();
      if (timer) clearTimeout(timer);
    };
  }, []);
}

export function useAsync<T>(load: () => Promise<T>, deps: unknown[]) {
  const [state, setState] = useState<{ data?: T; error?: unknown; loading: boolean }>({ loading: true });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let cancelled = false;
    setState((s) => ({ ...s, loading: true }));
    load().then(
      (data) => !cancelled && setState({ data, loading: false }),
      (error: unknown) => !cancelled && setState({ error, loading: false }),
    );
    return () => {
      cancelled = true;
    };
  }, [...deps, tick]);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  return { ...state, reload };
}

/** The edXML urgency levels, 0 thường … 4 hỏa tốc hẹn giờ. */
export function UrgencySelect({ value, onChange }: { value: number; onChange: (value: number) => void }) {
  const { t } = useTranslation();
  return (
    <select value={value} onChange={(e) => onChange(Number(e.target.value))}>
      {URGENCIES.map((u) => (
        <option key={u} value={u}>
          {t(`urgency.${u}`)}
        </option>
      ))}
    </select>
  );
}

/** " (TUQ. name)" after the name of someone who acted thừa ủy quyền: whose authority they used. */
export function OnBehalfOf({ person }: { person: { fullName: string } | null | undefined }) {
  const { t } = useTranslation();
  if (!person) return null;
  return (
    <span className="on-behalf" data-testid="on-behalf">
      {' '}
      ({t('delegation.onBehalfOf', { form: 'TUQ.', name: person.fullName })})
    </span>
  );
}

export function formatDate(iso: string | null | undefined, language: string): string {
  if (!iso) return '—';
  return new Date(iso).toLocaleString(language === 'en' ? 'en-GB' : 'vi-VN', {
    dateStyle: 'short',
    timeStyle: 'short',
  });
}

const sizeText = (bytes: number) =>
  bytes < 1024 * 1024
    ? `${Math.max(1, Math.round(bytes / 1024))} KB`
    : `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/**
 * Files to attach: each is uploaded when picked (the server checks its type, size and
 * checksum) and its id handed to `onChange`; the form then sends the ids.
 */
export function AttachmentPicker({
  value,
  onChange,
  onBusy,
}: {
  value: AttachmentMeta[];
  onChange: Dispatch<SetStateAction<AttachmentMeta[]>>;
  /** While uploading: the form should not be sent without the file. */
  onBusy: (busy: boolean) => void;
}) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const working = (on: boolean) => {
    setBusy(on);
    onBusy(on);
  };
  const pick = async (files: FileList | null) => {
    if (!files) return;
    working(true);
    setError(null);
    const added: AttachmentMeta[] = [];
    try {
      for (const file of Array.from(files)) {
        const form = new FormData();
        form.append('file', file);
        added.push(await api<AttachmentMeta>('POST', '/files', form));
      }
    } catch (e) {
      setError(e);
    } finally {
      // Added to the list as it is now (one removed meanwhile stays removed).
      onChange((current) => [...current, ...added]);
      working(false);
    }
  };
  return (
    <div className="attachments">
      <Field label={t('files.attach')}>
        <input
          type="file"
          multiple
          disabled={busy}
          onChange={(e) => void pick(e.target.files).then(() => (e.target.value = ''))}
        />
      </Field>
      {busy && <Loading />}
      <ErrorMessage error={error} />
      {value.length > 0 && (
        <ul>
          {value.map((f) => (
            <li key={f.id}>
              {f.fileName} <span className="muted">({sizeText(f.size)})</span>{' '}
              <button
                type="button"
                className="link"
                onClick={() => onChange((current) => current.filter((x) => x.id !== f.id))}
              >
                {t('files.remove')}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** Attached files, each downloaded with the person's token from `base`/<file id>. */
export function AttachmentList({ files, base }: { files: AttachmentMeta[]; base: string }) {
  const { t } = useTranslation();
  const [error, setError] = useState<unknown>(null);
  if (files.length === 0) return null;
  return (
    <div className="attachments">
      <ul aria-label={t('files.attached')}>
        {files.map((f) => (
          <li key={f.id}>
            <button
              type="button"
              className="link"
              onClick={() => {
                setError(null);
                download(`${base}/${f.id}`, f.fileName).catch(setError);
              }}
            >
              📎 {f.fileName}
            </button>{' '}
            <span className="muted">({sizeText(f.size)})</span>
          </li>
        ))}
      </ul>
      <ErrorMessage error={error} />
    </div>
  );
}

/**
 * Posts a create request so that sending it again after a lost answer (a network error, a
 * gateway's 5xx) reuses the same body and Idempotency-Key — the server then answers with
 * what the first one created — while a changed form, or the server's refusal, starts afresh.
 */
export function useIdempotentCreate<B>() {
  const pending = useRef<{ fingerprint: string; key: string; body: B } | null>(null);
  return useCallback(
    async <T,>(path: string, form: unknown, makeBody: () => Promise<B | null>): Promise<T | null> => {
      const fingerprint = JSON.stringify(form);
      if (pending.current?.fingerprint !== fingerprint) {
        const body = await makeBody();
        if (body === null) return null;
        pending.current = { fingerprint, key: crypto.randomUUID(), body };
      }
      const { key, body } = pending.current;
      try {
        const created = await api<T>('POST', path, body, { headers: { 'idempotency-key': key } });
        pending.current = null;
        return created;
      } catch (error) {
        if (error instanceof ApiError && error.body.statusCode < 500) pending.current = null;
        throw error;
      }
    },
    [],
  );
}

/** Several units picked from a list (coordinators, informed parties). */
export function UnitsSelect({
  units,
  value,
  onChange,
}: {
  units: Pick<Unit, 'id' | 'name'>[];
  value: string[];
  onChange: (ids: string[]) => void;
}) {
  return (
    <select
      multiple
      value={value}
      onChange={(e) => onChange([...e.target.selectedOptions].map((o) => o.value))}
    >
      {units.map((u) => (
        <option key={u.id} value={u.id}>
          {u.name}
        </option>
      ))}
    </select>
  );
}

/** ‹ page/pages › under a paged list; nothing when it fits on one page. */
export function Pager({
  page,
  total,
  pageSize,
  onPage,
}: {
  page: number;
  total: number;
  pageSize: number;
  onPage: (page: number) => void;
}) {
  const { t } = useTranslation();
  const pages = Math.max(1, Math.ceil(total / pageSize));
  if (pages <= 1) return null;
  return (
    <nav className="pager" aria-label={t('tasks.pages')}>
      <button type="button" disabled={page <= 1} onClick={() => onPage(page - 1)}>
        ‹
      </button>
      <span>
        {page}/{pages}
      </span>
      <button type="button" disabled={page >= pages} onClick={() => onPage(page + 1)}>
        ›
      </button>
    </nav>
  );
}

/** Units of a subtree as options, indented by depth (— ward under — — district …). */
export function UnitOptions({ units }: { units: Pick<Unit, 'id' | 'name' | 'depth'>[] }) {
  return (
    <>
      {units.map((u) => (
        <option key={u.id} value={u.id}>
          {'— '.repeat(u.depth)}
          {u.name}
        </option>
      ))}
    </>
  );
}

/**
 * Downloads an item's evidence package (hồ sơ chứng cứ) for an inspector: one archive that
 * `npm run evidence:verify` checks on another machine (docs/evidence.md).
 */
export function EvidenceButton({ path, fileName }: { path: string; fileName: string }) {
  const { t } = useTranslation();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  return (
    <p className="evidence">
      <button
        type="button"
        className="link"
        disabled={busy}
        title={t('evidence.explain')}
        onClick={() => {
          setError(null);
          setBusy(true);
          download(path, fileName)
            .catch(setError)
            .finally(() => setBusy(false));
        }}
      >
        {t('evidence.download')}
      </button>
      <ErrorMessage error={error} />
    </p>
  );
}

/** Signing needs this device's key: says so and where to make one. */
export function NeedKey({ message = 'assign.needKey' }: { message?: string }) {
  const { t } = useTranslation();
  return (
    <p className="explain" role="alert" data-testid="need-key">
      {t(message)} <a href="#/certificate">{t('nav.certificate')}</a>
    </p>
  );
}

/**
 * How late items climbed the tree (báo cáo vượt cấp): per late unit, each step with the unit
 * told, who, and when; the units passed over (nobody in post); and whether it climbs on.
 */
export function EscalationTrail({ escalations }: { escalations: EscalationView[] }) {
  const { t, i18n } = useTranslation();
  if (escalations.length === 0) return null;
  return (
    <>
      <h3>{t('escalation.title')}</h3>
      <ol className="trail" data-testid="escalations">
        {escalations.flatMap((e) =>
          e.steps.map((s) => (
            <li key={`${e.unit.id}-${e.steps.indexOf(s)}-${s.level}`}>
              <span className="muted">
                {formatDate(s.at, i18n.language)} · {t('escalation.level', { level: s.level })} ·{' '}
                {e.unit.name}
              </span>
              <p>
                {s.toldUnit
                  ? t(
                      s.toldRole && isHeadRole(s.toldRole) ? 'escalation.toldHead' : 'escalation.toldDeputy',
                      {
                        unit: s.toldUnit.name,
                        people: s.told.map((p) => p.name).join(', '),
                      },
                    )
                  : t('escalation.nobody')}
              </p>
              {s.passed.length > 0 && (
                <p className="muted">
                  {t('escalation.passed', { units: s.passed.map((u) => u.name).join(', ') })}
                </p>
              )}
            </li>
          )),
        )}
        {escalations.map((e) => (
          <li key={`${e.unit.id}-state`} className="muted">
            {e.unit.name}:{' '}
            {e.stopReason === 'handled'
              ? t('escalation.handled')
              : e.stopReason === 'top'
                ? t('escalation.top')
                : t('escalation.next', { at: formatDate(e.nextAt, i18n.language) })}
          </li>
        ))}
      </ol>
    </>
  );
}
