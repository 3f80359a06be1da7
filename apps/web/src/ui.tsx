import { ReactNode, useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { URGENCIES, type FeedEnvelope } from '@lt/realtime/contract';
import { errorText } from './api';
import { live } from './live';

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

export function formatDate(iso: string | null | undefined, language: string): string {
  if (!iso) return '—';
  return new Date(iso).toLocaleString(language === 'en' ? 'en-GB' : 'vi-VN', {
    dateStyle: 'short',
    timeStyle: 'short',
  });
}
