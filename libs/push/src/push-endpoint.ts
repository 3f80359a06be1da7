import { AppError } from '@lt/common';
import { ECDH } from 'node:crypto';

const MAX_ENDPOINT_LENGTH = 2000;

/**
 * Whether `endpoint` is at one of the allowed push services (origins, `*.` for any subdomain).
 * The server posts to it, so an address a client chose freely would make it a request forger.
 */
export function pushServiceAllowed(endpoint: string, origins: readonly string[]): boolean {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return false;
  }
  if (url.protocol !== 'https:' || url.username || url.password || endpoint.length > MAX_ENDPOINT_LENGTH)
    return false;
  return origins.some((allowed) => {
    const wildcard = allowed.match(/^https:\/\/\*\.(.+)$/);
    if (wildcard) return url.hostname.endsWith(`.${wildcard[1]}`) && url.port === '';
    return url.origin === allowed.replace(/\/+$/, '');
  });
}

const decode = (value: string): Buffer | null =>
  /^[A-Za-z0-9_-]+={0,2}$/.test(value) ? Buffer.from(value, 'base64url') : null;

/** Checks the keys a browser gave (RFC 8291): a P-256 point on the curve and a 16-byte secret. */
export function checkSubscriptionKeys(keys: { p256dh: string; auth: string }): void {
  const point = decode(keys.p256dh);
  const auth = decode(keys.auth);
  let onCurve = false;
  if (point?.length === 65 && point[0] === 0x04) {
    try {
      ECDH.convertKey(point, 'prime256v1');
      onCurve = true;
    } catch {
      onCurve = false;
    }
  }
  if (!onCurve || auth?.length !== 16) throw new AppError('push/invalid_keys', {});
}
