import { useEffect, useState } from 'react';

/**
 * The installable app's offline side. The service worker (public/sw.js) serves the shell and
 * the last synced lists when the network fails, marking those answers `x-lt-offline: 1`; the
 * HTTP client reports each answer here, and the page shows it is offline and read-only until
 * a fresh answer comes.
 */
const DATA_CACHE = 'lt-data-v1';
let readOnly = false;
const listeners = new Set<(readOnly: boolean) => void>();

/** Called by the HTTP client with each answer to a GET. */
export function noteAnswer(response: Response): void {
  const offline = response.headers.get('x-lt-offline') === '1';
  if (offline === readOnly) return;
  readOnly = offline;
  listeners.forEach((l) => l(readOnly));
}

/** True while what is shown came from the last sync, not from the server. */
export function useReadOnly(): boolean {
  const [value, setValue] = useState(readOnly);
  useEffect(() => {
    listeners.add(setValue);
    return () => void listeners.delete(setValue);
  }, []);
  return value;
}

/** Registers the service worker (a secure context only: https or this machine). */
export function registerServiceWorker(): void {
  if (!('serviceWorker' in navigator) || !window.isSecureContext) return;
  window.addEventListener('load', () => {
    navigator.serviceWorker.register('./sw.js').catch(() => undefined);
  });
}

/** At sign-out: nothing of this person's lists stays on the device. */
export async function forgetOfflineData(): Promise<void> {
  if ('caches' in window) await caches.delete(DATA_CACHE).catch(() => false);
}
