import { AppConfig } from '@lt/config';
import { createECDH, hkdfSync } from 'node:crypto';

export interface VapidKeys {
  publicKey: string;
  privateKey: string;
}

/**
 * The application server's VAPID key pair (RFC 8292): configured, or derived from the
 * deployment's secret so that every API instance signs with the same key without storing one.
 */
export function vapidKeys(config: AppConfig): VapidKeys {
  if (config.VAPID_PUBLIC_KEY && config.VAPID_PRIVATE_KEY)
    return { publicKey: config.VAPID_PUBLIC_KEY, privateKey: config.VAPID_PRIVATE_KEY };
  const secret = config.CA_KEY_SECRET ?? config.JWT_SECRET;
  const ecdh = createECDH('prime256v1');
  // A 32-byte HKDF output is a valid P-256 scalar but for a ~2^-32 chance; the counter moves past it.
  for (let round = 0; ; round++) {
    const scalar = Buffer.from(hkdfSync('sha256', secret, 'lien-thong', `vapid-private-key-${round}`, 32));
    try {
      ecdh.setPrivateKey(scalar);
      return {
        publicKey: ecdh.getPublicKey().toString('base64url'),
        privateKey: scalar.toString('base64url'),
      };
    } catch {
      continue;
    }
  }
}
