import { ConfigError, loadConfig } from './app-config';

const valid = { DATABASE_URL: 'postgres://u@localhost/db', JWT_SECRET: 'x'.repeat(32) };

describe('loadConfig', () => {
  it('applies defaults and converts types', () => {
    const config = loadConfig({
      ...valid,
      PORT: '8080',
      DEMO_DATA: 'true',
      CORS_ORIGINS: 'http://a, http://b',
    });
    expect(config.PORT).toBe(8080);
    expect(config.DEMO_DATA).toBe(true);
    expect(config.CORS_ORIGINS).toEqual(['http://a', 'http://b']);
    expect(config.ACCESS_TOKEN_TTL_SECONDS).toBe(900);
  });

  it('names every wrong value in one message, hiding secrets', () => {
    let error: unknown;
    try {
      loadConfig({ DATABASE_URL: 'mysql://x', JWT_SECRET: 'short', PORT: 'abc' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).toContain('DATABASE_URL = "mysql://x": must be a postgres:// connection URL');
    expect(message).toContain('JWT_SECRET = (hidden)');
    expect(message).not.toContain('short');
    expect(message).toMatch(/PORT = "abc"/);
  });

  it('requires the database URL and the token secret', () => {
    expect(() => loadConfig({})).toThrow(/DATABASE_URL[\s\S]*JWT_SECRET/);
  });
});

describe('loadConfig booleans', () => {
  it("reads 'false' as false", () => {
    expect(loadConfig({ ...valid, DEMO_DATA: 'false' }).DEMO_DATA).toBe(false);
    expect(loadConfig({ ...valid, DEMO_DATA: '1' }).DEMO_DATA).toBe(true);
  });
});

describe('loadConfig renamed settings', () => {
  it('names the new name of a renamed setting instead of ignoring it', () => {
    expect(() => loadConfig({ ...valid, REDIS_CHANNEL_PREFIX: 'city' })).toThrow(
      /REDIS_CHANNEL_PREFIX = "city": was renamed REALTIME_CHANNEL_PREFIX/,
    );
  });
});

describe('loadConfig in production', () => {
  const strong = {
    jwt: 'q8Vn3kZ0pL7wR2tY5uB9cX4mF6hJ1sD0aG-eK_oN',
    ca: 'Tz7Lr0Pq2Wm5Xn8Bv1Cs4Dk9Fh3Jg6Ya_Ue-Io0Kl',
  };
  const production = { ...valid, NODE_ENV: 'production', JWT_SECRET: strong.jwt, CA_KEY_SECRET: strong.ca };

  it('starts with strong, separate secrets and no demo data', () => {
    expect(loadConfig(production).NODE_ENV).toBe('production');
  });

  it('refuses the demo organisation', () => {
    expect(() => loadConfig({ ...production, DEMO_DATA: 'true' })).toThrow(/DEMO_DATA = "true": must be off/);
  });

  it.each([
    ['a placeholder', 'change-me-change-me-change-me-change-me'],
    ['the tests’ secret', 'test-secret-'.padEnd(48, 'x')],
    ['a repeated character', 'x'.repeat(40)],
  ])('refuses %s as JWT_SECRET, without showing it', (_, secret) => {
    let message = '';
    try {
      loadConfig({ ...production, JWT_SECRET: secret });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/JWT_SECRET = \(hidden\): (looks like a placeholder|has too few distinct)/);
    expect(message).not.toContain(secret);
  });

  it('requires CA_KEY_SECRET apart from JWT_SECRET', () => {
    expect(() => loadConfig({ ...production, CA_KEY_SECRET: undefined })).toThrow(
      /CA_KEY_SECRET .*is required in production/,
    );
    expect(() => loadConfig({ ...production, CA_KEY_SECRET: strong.jwt })).toThrow(
      /must differ from JWT_SECRET/,
    );
  });

  it('leaves development alone: the weak test secret and demo data are fine there', () => {
    expect(loadConfig({ ...valid, DEMO_DATA: 'true' }).DEMO_DATA).toBe(true);
  });
});
