import { buildOrg, person, SignedIn, startTestApp, TestApp } from './support/test-app';

describe('API surface: docs, health, errors, limits, schema', () => {
  let t: TestApp;
  let admin: SignedIn;

  beforeAll(async () => {
    t = await startTestApp();
    const org = await buildOrg(t);
    admin = await person(t, [{ unit: org.city, role: 'unit_admin' }]);
  });
  afterAll(() => t.close());

  it('serves OpenAPI generated from the DTOs, with bearer security', async () => {
    const res = await t.http().get('/api/docs-json').expect(200);
    expect(res.body.openapi).toMatch(/^3\./);
    expect(Object.keys(res.body.paths)).toEqual(
      expect.arrayContaining(['/auth/sign-in', '/admin/units', '/units/{id}/subtree', '/admin/org-import']),
    );
    expect(res.body.components.schemas.CreateUnitDto.required).toEqual(
      expect.arrayContaining(['parentId', 'kind', 'name', 'code', 'organId']),
    );
    expect(res.body.components.securitySchemes.bearer).toBeDefined();
    await t.http().get('/api/docs').expect(200);
  });

  it('declares for every route what it answers: a 2xx response with a schema or a content type', async () => {
    const res = await t.http().get('/api/docs-json').expect(200);
    type Response = { content?: Record<string, { schema?: unknown }> };
    const undeclared: string[] = [];
    for (const [path, item] of Object.entries(res.body.paths as Record<string, Record<string, unknown>>)) {
      for (const [method, operation] of Object.entries(item)) {
        const responses = (operation as { responses?: Record<string, Response> }).responses ?? {};
        const declared = Object.entries(responses).some(
          ([status, response]) =>
            status === '204' ||
            (/^2\d\d$/.test(status) &&
              Object.values(response.content ?? {}).some((media) => media.schema !== undefined)),
        );
        if (!declared) undeclared.push(`${method.toUpperCase()} ${path}`);
      }
    }
    expect(undeclared).toEqual([]);
    // Refusals share the one error shape.
    expect(res.body.paths['/tasks'].get.responses['401'].content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/ErrorBodyDto',
    });
  });

  it('reports health with the database check', async () => {
    const res = await t.http().get('/health').expect(200);
    expect(res.body.info.database.status).toBe('up');
  });

  it('answers every error in one shape with a code and a Vietnamese and English message', async () => {
    const res = await t.http().get('/khong-co').set(admin.auth).expect(404);
    expect(res.body).toEqual({
      statusCode: 404,
      code: 'request/not_found',
      message: { vi: expect.any(String), en: expect.any(String) },
      requestId: expect.any(String),
    });
    expect(res.headers['x-request-id']).toBe(res.body.requestId);
  });

  it('refuses a body over the limit with 413 and malformed JSON with 400', async () => {
    const huge = await t
      .http()
      .post('/admin/units')
      .set(admin.auth)
      .set('content-type', 'application/json')
      .send(JSON.stringify({ name: 'x'.repeat(200_000) }))
      .expect(413);
    expect(huge.body.code).toBe('request/too_large');
    const broken = await t
      .http()
      .post('/admin/units')
      .set(admin.auth)
      .set('content-type', 'application/json')
      .send('{"name":')
      .expect(400);
    expect(broken.body.code).toBe('request/malformed_json');
  });

  it('refuses wrong types field by field', async () => {
    const res = await t
      .http()
      .post('/admin/people')
      .set(admin.auth)
      .send({ username: 42, fullName: ['x'], password: 'short', positions: [{ unitId: 'x', role: 'boss' }] })
      .expect(400);
    const fields = res.body.fields.map((f: { field: string }) => f.field);
    expect(fields).toEqual(
      expect.arrayContaining(['username', 'fullName', 'password', 'positions.0.unitId', 'positions.0.role']),
    );
  });

  it('has a schema that matches the entities exactly (no drift from the migrations)', async () => {
    const pending = await t.ds.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((q) => q.query)).toEqual([]);
  });
});
