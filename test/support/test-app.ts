import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { AppConfig } from '@lt/config';
import { OrgTreeService, OrgUnitEntity, UnitKind } from '@lt/org';
import { PasswordHasher, PositionEntity, Role, UserEntity } from '@lt/people';
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { AppModule } from '../../apps/api/src/app.module';
import { configureApp } from '../../apps/api/src/configure-app';

export const TEST_JWT_SECRET = 'test-secret-'.padEnd(48, 'x');
export const PASSWORD = 'MatKhau@123';

/** The environment every test process runs with; the database is the run's migrated one. */
export function testEnv(): Record<string, string> {
  return {
    NODE_ENV: 'test',
    DATABASE_URL: process.env.LT_TEST_DATABASE_URL!,
    JWT_SECRET: TEST_JWT_SECRET,
    LOG_LEVEL: 'silent',
    ARGON2_MEMORY_KIB: '1024',
    ARGON2_TIME_COST: '1',
    BODY_LIMIT: '64kb',
    // Tests post as fast as they can from one address; test/posting-limits.e2e-spec.ts
    // tests the limits themselves.
    POST_LIMIT_DIRECTIVES_PER_MINUTE: '100000',
    POST_LIMIT_CHAT_MESSAGES_PER_MINUTE: '100000',
    POST_LIMIT_UPLOADS_PER_MINUTE: '100000',
    POST_LIMIT_PER_ADDRESS_PER_MINUTE: '100000',
  };
}

export interface TestApp {
  app: NestExpressApplication;
  url: string;
  ds: DataSource;
  http: () => ReturnType<typeof request>;
  close(): Promise<void>;
}

/** The real API (same module, same HTTP set-up as main.ts) listening on a random port. */
export async function startTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  Object.assign(process.env, testEnv(), env);
  const app = await NestFactory.create<NestExpressApplication>(AppModule, {
    bodyParser: false,
    logger: false,
  });
  try {
    await configureApp(app);
    await app.listen(0, '127.0.0.1');
  } catch (error) {
    await app.close(); // its adapters and pools would outlive the test file
    throw error;
  }
  const url = await app.getUrl();
  return { app, url, ds: app.get(DataSource), http: () => request(url), close: () => app.close() };
}

const rand = (n: number) =>
  Array.from(randomBytes(n), (b) => 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789'[b % 32]).join('');

export function uniqueOrganId(): string {
  return `${rand(3)}.${rand(2)}.${rand(2)}.${rand(3)}`;
}

export async function addUnit(
  t: TestApp,
  kind: UnitKind,
  name: string,
  parent: OrgUnitEntity | null,
): Promise<OrgUnitEntity> {
  const tree = t.app.get(OrgTreeService);
  return t.ds.transaction((em) =>
    tree.insertUnit(em, {
      kind,
      name,
      code: `T${rand(7)}`,
      organId: uniqueOrganId(),
      parentId: parent?.id ?? null,
    }),
  );
}

/**
 * A small org tree in one line: a city with two districts, wards under each, and a team
 * under ward 1 (tree of any depth). Codes are unique so test files share the database.
 *
 *   city ─┬─ d1 ─┬─ w1 ── team1
 *         │      └─ w2
 *         └─ d2 ─── w3
 */
export async function buildOrg(t: TestApp) {
  const city = await addUnit(t, 'city', 'Thành phố Thử nghiệm', null);
  const d1 = await addUnit(t, 'district', 'Quận Một', city);
  const d2 = await addUnit(t, 'district', 'Quận Hai', city);
  const w1 = await addUnit(t, 'ward', 'Phường An Hải Bắc', d1);
  const w2 = await addUnit(t, 'ward', 'Phường Mân Thái', d1);
  const w3 = await addUnit(t, 'ward', 'Phường Thạch Thang', d2);
  const team1 = await addUnit(t, 'department', 'Tổ công tác phường', w1);
  return { city, d1, d2, w1, w2, w3, team1 };
}
export type Org = Awaited<ReturnType<typeof buildOrg>>;

/**
 * The same in the two-tier shape of local government since 1 July 2025: wards directly under
 * the city, beside a department; no district.
 *
 *   city ─┬─ dept
 *         ├─ w1 ── team1
 *         ├─ w2
 *         └─ w3
 */
export async function buildTwoTierOrg(t: TestApp) {
  const city = await addUnit(t, 'city', 'Thành phố Thử nghiệm', null);
  const dept = await addUnit(t, 'department', 'Sở Nội vụ', city);
  const w1 = await addUnit(t, 'ward', 'Phường An Hải', city);
  const w2 = await addUnit(t, 'ward', 'Phường Sơn Trà', city);
  const w3 = await addUnit(t, 'ward', 'Phường Hải Châu', city);
  const team1 = await addUnit(t, 'department', 'Tổ công tác phường', w1);
  return { city, dept, w1, w2, w3, team1 };
}
export type TwoTierOrg = Awaited<ReturnType<typeof buildTwoTierOrg>>;

let passwordHash: Promise<string> | undefined;

export interface SignedIn {
  id: string;
  username: string;
  token: string;
  refreshToken: string;
  auth: { Authorization: string };
}

/** A person holding `positions`, created directly and signed in over HTTP. */
export async function person(
  t: TestApp,
  positions: { unit: OrgUnitEntity; role: Role; title?: string }[],
): Promise<SignedIn> {
  passwordHash ??= t.app.get(PasswordHasher).hash(PASSWORD);
  const username = `u${rand(10).toLowerCase()}`;
  const user = await t.ds
    .getRepository(UserEntity)
    .save({ username, fullName: 'Nguyễn Văn Thử', passwordHash: await passwordHash });
  await t.ds
    .getRepository(PositionEntity)
    .save(
      positions.map((p) => ({ userId: user.id, unitId: p.unit.id, role: p.role, title: p.title ?? null })),
    );
  return signIn(t, username);
}

export async function signIn(t: TestApp, username: string, password = PASSWORD): Promise<SignedIn> {
  const response = await t.http().post('/auth/sign-in').send({ username, password }).expect(200);
  const body = response.body as { accessToken: string; refreshToken: string };
  const [{ id }]: { id: string }[] = await t.ds.query('SELECT id FROM users WHERE username = $1', [username]);
  return {
    id,
    username,
    token: body.accessToken,
    refreshToken: body.refreshToken,
    auth: { Authorization: `Bearer ${body.accessToken}` },
  };
}

/** "status code" of an answer, as the tests compare refusals: `409 task/idempotency_conflict`. */
export function codeOf(r: { status: number; body: unknown }): string {
  return `${r.status} ${(r.body as { code?: string } | undefined)?.code}`;
}

export function config(t: TestApp): AppConfig {
  return t.app.get(AppConfig);
}

/** A directive issued over HTTP by `who`: a notice (TB) of ordinary urgency unless `fields` say otherwise. */
export function postDirective(
  t: TestApp,
  who: SignedIn,
  fields: { issuingUnitId: string; targets: unknown[]; subject: string; body: string } & Record<
    string,
    unknown
  >,
) {
  return t
    .http()
    .post('/directives')
    .set(who.auth)
    .send({ type: 'TB', urgency: 0, ...fields });
}
