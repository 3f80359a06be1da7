/*
 * Liên Thông's service worker. Three jobs:
 * 1. The app opens without a network: the shell (index.html, its assets) is cached as it is
 *    fetched, and served when the network fails.
 * 2. The last synced lists stay readable offline: the GETs in OFFLINE_READS are stored on
 *    every answer and served, marked `x-lt-offline: 1`, when the network fails; the page
 *    then says it is offline and read-only. Cleared at sign-out (the page deletes DATA).
 * 3. Web Push: a directive for someone with no tab open arrives as a system notification;
 *    a click opens (or focuses) the app on its page.
 */
const SHELL = 'lt-shell-v1';
const DATA = 'lt-data-v1';
const OFFLINE_READS = [
  /^\/me$/,
  /^\/me\/agenda$/,
  /^\/me\/units$/,
  /^\/directives$/,
  /^\/tasks$/,
  /^\/documents$/,
];

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(SHELL)
      .then((cache) => cache.addAll(['./', './manifest.webmanifest', './icon.svg']))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k !== SHELL && k !== DATA).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

/** The network's answer, stored; the stored one (marked) when the network fails. */
async function networkFirst(request, cacheName, key, mark) {
  const cache = await caches.open(cacheName);
  try {
    const response = await fetch(request);
    if (response.ok) await cache.put(key, response.clone());
    return response;
  } catch (error) {
    const cached = await cache.match(key);
    if (!cached) throw error;
    if (!mark) return cached;
    const headers = new Headers(cached.headers);
    headers.set('x-lt-offline', '1');
    return new Response(await cached.blob(), { status: cached.status, headers });
  }
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin) return;
  if (request.mode === 'navigate') {
    event.respondWith(networkFirst(request, SHELL, './', false));
  } else if (url.pathname.includes('/assets/')) {
    // Hashed names: a cached asset never changes.
    event.respondWith(
      caches.match(request).then((hit) => hit ?? networkFirst(request, SHELL, request, false)),
    );
  } else if (OFFLINE_READS.some((read) => read.test(url.pathname))) {
    // Keyed by path and query only: the token differs per session, the data does not.
    event.respondWith(networkFirst(request, DATA, url.pathname + url.search, true));
  }
});

self.addEventListener('push', (event) => {
  let notice;
  try {
    notice = event.data.json();
  } catch {
    notice = { title: 'Liên Thông', body: event.data ? event.data.text() : '', url: './', tag: 'lt' };
  }
  event.waitUntil(
    self.registration.showNotification(notice.title, {
      body: notice.body,
      tag: notice.tag,
      icon: './icon.svg',
      data: { url: notice.url },
      lang: 'vi',
    }),
  );
});

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const target = new URL(event.notification.data?.url ?? './', self.registration.scope).href;
  event.waitUntil(
    self.clients.matchAll({ type: 'window', includeUncontrolled: true }).then((windows) => {
      const open = windows.find((w) => w.url.startsWith(self.registration.scope));
      if (open) return open.navigate(target).then((w) => (w ?? open).focus());
      return self.clients.openWindow(target);
    }),
  );
});
