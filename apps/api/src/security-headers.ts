import { AppConfig } from '@lt/config';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import helmet from 'helmet';

/**
 * The browser-facing headers of every response (helmet): a strict Content-Security-Policy —
 * scripts, styles and connections (the socket included: CSP 3's 'self' covers ws/wss of the
 * same host) only from the app's own origin, no inline script, never framed — nosniff, no
 * referrer, and HSTS on requests that arrived over TLS (through the proxy's
 * X-Forwarded-Proto), when HSTS_MAX_AGE_SECONDS is above 0.
 */
const APP_POLICY = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", 'data:', 'blob:'],
  fontSrc: ["'self'"],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'none'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
  // Not upgrade-insecure-requests: `npm start` serves plain http on localhost.
  upgradeInsecureRequests: null,
};

/** Swagger UI (at /api/docs) starts itself with an inline script and inline styles. */
const DOCS_POLICY = {
  ...APP_POLICY,
  scriptSrc: ["'self'", "'unsafe-inline'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
};

const PERMISSIONS_POLICY = [
  'camera=()',
  'microphone=()',
  'geolocation=()',
  'payment=()',
  'usb=()',
  'serial=()',
  'bluetooth=()',
  'interest-cohort=()',
].join(', ');

export function securityHeaders(config: AppConfig, docsPath: string): RequestHandler[] {
  const common = { strictTransportSecurity: false, xFrameOptions: { action: 'deny' as const } };
  const app = helmet({ ...common, contentSecurityPolicy: { useDefaults: false, directives: APP_POLICY } });
  const docs = helmet({ ...common, contentSecurityPolicy: { useDefaults: false, directives: DOCS_POLICY } });
  const hsts =
    config.HSTS_MAX_AGE_SECONDS > 0
      ? helmet.strictTransportSecurity({ maxAge: config.HSTS_MAX_AGE_SECONDS, includeSubDomains: true })
      : null;
  return [
    (req: Request, res: Response, next: NextFunction) =>
      (req.path === `/${docsPath}` || req.path.startsWith(`/${docsPath}/`) ? docs : app)(req, res, next),
    (req: Request, res: Response, next: NextFunction) => {
      res.setHeader('Permissions-Policy', PERMISSIONS_POLICY);
      if (hsts && req.secure) return hsts(req, res, next);
      next();
    },
  ];
}
