import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from './api';
import type { FeedEnvelope } from './contract';
import { live } from './live';
import { directiveIssuedNotice } from '@lt/directives/directive-notice';

/**
 * System notifications. While a tab is open but hidden, a directive that arrives on the socket
 * is shown by the page itself; when no tab is open, the server sends it by Web Push to the
 * subscribed browser and the service worker shows it. Permission is asked only when the
 * person presses "Bật thông báo" in the directive inbox, never at sign-in.
 */
type Outcome = 'push' | 'local' | 'denied' | 'unsupported';

/**
 * The permission as the Permissions API says it ('prompt' for not asked yet). Asked there
 * rather than Notification.permission, which some embedded and headless Chromium builds leave
 * at 'denied' whatever the person granted.
 */
async function permissionState(): Promise<PermissionState> {
  try {
    return (await navigator.permissions.query({ name: 'notifications' })).state;
  } catch {
    return Notification.permission === 'default' ? 'prompt' : Notification.permission;
  }
}

export function notificationsSupported(): boolean {
  return 'Notification' in window && 'serviceWorker' in navigator && window.isSecureContext;
}

/**
 * The offer in the directive inbox: "Bật thông báo" while this browser is not subscribed and
 * has not refused, and afterwards what was obtained (notifications also with the page closed,
 * or only while it is open in the background).
 */
export function NotificationsOffer() {
  const { t } = useTranslation();
  const [offered, setOffered] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  useEffect(() => {
    if (!notificationsSupported()) return;
    let live = true;
    void (async () => {
      const state = await permissionState();
      if (state === 'denied') return;
      const registration = await navigator.serviceWorker.ready;
      const subscription = await registration.pushManager?.getSubscription().catch(() => null);
      if (live) setOffered(!subscription || state !== 'granted');
    })();
    return () => {
      live = false;
    };
  }, []);
  if (outcome)
    return (
      <p className="notice" role="status" data-testid="notifications-outcome">
        {t(`notifications.${outcome}`)}
      </p>
    );
  if (!offered) return null;
  return (
    <p className="notice">
      {t('notifications.offer')}{' '}
      <button type="button" onClick={() => void enableNotifications().then(setOutcome)}>
        {t('notifications.enable')}
      </button>
    </p>
  );
}

/** Asks for permission, then subscribes this browser to Web Push; says how far it got. */
export async function enableNotifications(): Promise<Outcome> {
  if (!notificationsSupported()) return 'unsupported';
  const permission = await Notification.requestPermission();
  if (permission !== 'granted' && (await permissionState()) !== 'granted') return 'denied';
  try {
    const registration = await navigator.serviceWorker.ready;
    if (!('pushManager' in registration)) return 'local';
    const { publicKey } = await api<{ publicKey: string }>('GET', '/push/key');
    const subscription =
      (await registration.pushManager.getSubscription()) ??
      (await registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: publicKey }));
    await api('POST', '/push/subscriptions', subscription.toJSON());
    return 'push';
  } catch {
    // No push service reachable (a closed network, a browser without one): the hidden-tab
    // notifications still work.
    return 'local';
  }
}

/** At sign-out: this browser stops receiving the person's pushes. */
export async function disableNotifications(): Promise<void> {
  if (!notificationsSupported()) return;
  const registration = await navigator.serviceWorker.getRegistration();
  const subscription = await registration?.pushManager?.getSubscription();
  if (!subscription) return;
  await api('DELETE', '/push/subscriptions', { endpoint: subscription.endpoint }).catch(() => undefined);
  await subscription.unsubscribe().catch(() => false);
}

/** Shows a directive that arrived while the tab is hidden as a system notification. */
function notifyHidden(envelope: FeedEnvelope): void {
  if (envelope.name !== 'directive.issued' || document.visibilityState !== 'hidden') return;
  if (!notificationsSupported()) return;
  void (async () => {
    if ((await permissionState()) !== 'granted') return;
    const registration = await navigator.serviceWorker.ready;
    const { title, url, ...options } = directiveIssuedNotice(envelope.payload);
    await registration.showNotification(title, { ...options, icon: './icon.svg', data: { url }, lang: 'vi' });
  })().catch(() => undefined);
}

/** Mounted once in the signed-in app. */
export function useHiddenTabNotifications(): void {
  useEffect(() => live.onEvent(notifyHidden), []);
}
