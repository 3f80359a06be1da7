import { useEffect, useSyncExternalStore } from 'react';
import { api, onTokens } from './api';
import type { Agenda } from './api-schema';
import { live } from './live';

/** Events close together reload the agenda once. */
const RELOAD_COALESCE_MS = 300;

/**
 * What waits for me (GET /me/agenda), one copy for the home page and the navigation's count:
 * loaded at sign-in and again after any live event that may change it (a directive, a task, a
 * document, an annotation, a discipline case), and when the connection comes back.
 */
class AgendaStore {
  private agenda: Agenda | null = null;
  private readonly listeners = new Set<() => void>();
  private started = false;
  private timer: ReturnType<typeof setTimeout> | null = null;

  start(): void {
    if (this.started) return;
    this.started = true;
    live.onEvent((e) => {
      if (/^(directive|task|document|annotation|discipline)\./.test(e.name)) this.reloadSoon();
    });
    live.onStatus((status) => status === 'online' && this.reloadSoon());
    this.reload();
  }

  stop(): void {
    this.agenda = null;
    this.emit();
  }

  get = (): Agenda | null => this.agenda;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  reload(): void {
    void api<Agenda>('GET', '/me/agenda').then(
      (agenda) => {
        this.agenda = agenda;
        this.emit();
      },
      () => undefined, // signed out meanwhile, or offline: the next event or reconnect reloads
    );
  }

  private reloadSoon(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.reload();
    }, RELOAD_COALESCE_MS);
  }

  private emit(): void {
    for (const l of this.listeners) l();
  }
}

const store = new AgendaStore();

// Signed out: nothing shows; signed in again (not a token refresh): loaded afresh.
let signedIn = true;
onTokens((tokens) => {
  if (!tokens) store.stop();
  else if (!signedIn) store.reload();
  signedIn = tokens !== null;
});

/** The agenda, live; null until first loaded. */
export function useAgenda(): { agenda: Agenda | null; reload: () => void } {
  useEffect(() => store.start(), []);
  const agenda = useSyncExternalStore(store.subscribe, store.get);
  return { agenda, reload: () => store.reload() };
}
