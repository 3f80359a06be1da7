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
