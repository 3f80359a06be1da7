import { buildOrg, Org, person, PASSWORD, SignedIn, signIn, startTestApp, TestApp } from './support/test-app';

describe('people administration', () => {
  let t: TestApp;
  let org: Org;
  let d1Admin: SignedIn;
  let w1Admin: SignedIn;
  const count = async () => (await t.ds.query('SELECT count(*)::int AS n FROM users'))[0].n as number;
  const view = async (id: string, who: SignedIn) =>
    (await t.http().get(`/people/${id}`).set(who.auth).expect(200)).body;

  beforeAll(async () => {
    t = await startTestApp();
    org = await buildOrg(t);
    d1Admin = await person(t, [{ unit: org.d1, role: 'unit_admin' }]);
    w1Admin = await person(t, [{ unit: org.w1, role: 'unit_admin' }]);
  });
  afterAll(() => t.close());

  it('creates a person with positions who can then sign in', async () => {
    const res = await t
      .http()
      .post('/admin/people')
      .set(w1Admin.auth)
      .send({
        username: 'Le.Thi.Hoa',
        fullName: 'Lê Thị Hoa',
        password: 'MatKhau@2026',
        positions: [{ unitId: org.w1.id, role: 'official', title: 'Công chức Tư pháp - Hộ tịch' }],
      })
      .expect(201);
    expect(res.body.username).toBe('le.thi.hoa');
    expect(res.body.positions).toEqual([expect.objectContaining({ unitId: org.w1.id, role: 'official' })]);
    await signIn(t, 'le.thi.hoa', 'MatKhau@2026');
  });

  it('refuses a duplicate username (any case) and adds no row', async () => {
    const before = await count();
    const res = await t
      .http()
      .post('/admin/people')
      .set(w1Admin.auth)
      .send({
        username: 'le.thi.hoa',
        fullName: 'Lê Thị Hoa 2',
        password: 'MatKhau@2026',
        positions: [{ unitId: org.w1.id, role: 'clerk' }],
      })
      .expect(409);
    expect(res.body.code).toBe('person/username_taken');
    expect(await count()).toBe(before);
  });

  it("refuses creating a person in another branch's unit", async () => {
    const before = await count();
    const res = await t
      .http()
      .post('/admin/people')
      .set(w1Admin.auth)
      .send({
        username: 'nguoi.phuong.khac',
        fullName: 'Người phường khác',
        password: 'MatKhau@2026',
        positions: [{ unitId: org.w2.id, role: 'official' }],
      })
      .expect(403);
    expect(res.body.code).toBe('access/forbidden');
    expect(await count()).toBe(before);
  });

  it('resets a password: old sessions end, the new password works', async () => {
    const official = await person(t, [{ unit: org.w1, role: 'official' }]);
    const { version } = await view(official.id, w1Admin);
    await t
      .http()
      .post(`/admin/people/${official.id}/reset-password`)
      .set(w1Admin.auth)
      .send({ newPassword: 'MatKhauMoi@1', version })
      .expect(200);
    await t.http().get('/me').set(official.auth).expect(401);
    await t
      .http()
      .post('/auth/sign-in')
      .send({ username: official.username, password: PASSWORD })
      .expect(401);
    await signIn(t, official.username, 'MatKhauMoi@1');
  });

  it('does not let a ward admin disable someone who also serves at the district', async () => {
    const both = await person(t, [
      { unit: org.w1, role: 'official' },
      { unit: org.d1, role: 'official' },
    ]);
    const { version } = await view(both.id, w1Admin);
    const res = await t
      .http()
      .post(`/admin/people/${both.id}/disable`)
      .set(w1Admin.auth)
      .send({ version })
      .expect(403);
    expect(res.body.code).toBe('access/forbidden');
    await t.http().get('/me').set(both.auth).expect(200);
    await t.http().post(`/admin/people/${both.id}/disable`).set(d1Admin.auth).send({ version }).expect(200);
    await t
      .http()
      .post(`/admin/people/${both.id}/enable`)
      .set(d1Admin.auth)
      .send({ version: version + 1 })
      .expect(200);
  });

  it('adds and removes positions, refusing to remove the last one', async () => {
    const official = await person(t, [{ unit: org.w1, role: 'official' }]);
    const added = await t
      .http()
      .post(`/admin/people/${official.id}/positions`)
      .set(d1Admin.auth)
      .send({ unitId: org.w2.id, role: 'clerk' })
      .expect(201);
    expect(added.body.positions).toHaveLength(2);
    const dup = await t
      .http()
      .post(`/admin/people/${official.id}/positions`)
      .set(d1Admin.auth)
      .send({ unitId: org.w2.id, role: 'clerk' })
      .expect(409);
    expect(dup.body.code).toBe('person/position_exists');
    const [first, second] = added.body.positions;
    await t
      .http()
      .delete(`/admin/people/${official.id}/positions/${second.id}`)
      .set(d1Admin.auth)
      .expect(200);
    const last = await t
      .http()
      .delete(`/admin/people/${official.id}/positions/${first.id}`)
      .set(d1Admin.auth)
      .expect(409);
    expect(last.body.code).toBe('person/last_position');
    expect((await view(official.id, d1Admin)).positions).toHaveLength(1);
  });

  it('moves a person between wards; the new reach applies at once', async () => {
    const official = await person(t, [{ unit: org.w1, role: 'official' }]);
    await t.http().get(`/units/${org.w1.id}`).set(official.auth).expect(200);
    const { version } = await view(official.id, d1Admin);
    const moved = await t
      .http()
      .post(`/admin/people/${official.id}/move`)
      .set(d1Admin.auth)
      .send({ fromUnitId: org.w1.id, toUnitId: org.w2.id, version })
      .expect(200);
    expect(moved.body.positions.map((p: { unitId: string }) => p.unitId)).toEqual([org.w2.id]);
    await t.http().get(`/units/${org.w1.id}`).set(official.auth).expect(403);
    await t.http().get(`/units/${org.w2.id}`).set(official.auth).expect(200);
    // A move to the unit it comes from is refused and changes nothing (it used to delete the
    // positions, leaving an account nobody could manage).
    const again = await view(official.id, d1Admin);
    const same = await t
      .http()
      .post(`/admin/people/${official.id}/move`)
      .set(d1Admin.auth)
      .send({ fromUnitId: org.w2.id, toUnitId: org.w2.id, version: again.version })
      .expect(400);
    expect(same.body.fields).toEqual([expect.objectContaining({ field: 'toUnitId' })]);
    const after = await view(official.id, d1Admin);
    expect(after.positions.map((p: { unitId: string }) => p.unitId)).toEqual([org.w2.id]);
  });

  it("tells an admin from another branch nothing about a person's version", async () => {
    const official = await person(t, [{ unit: org.w1, role: 'official' }]);
    const d2Admin = await person(t, [{ unit: org.d2, role: 'unit_admin' }]);
    const attempts: [string, Record<string, unknown>][] = [
      ['disable', { version: 999 }],
      ['reset-password', { version: 999, newPassword: 'MatKhauMoi@2026' }],
      ['move', { version: 999, fromUnitId: org.w1.id, toUnitId: org.w3.id }],
    ];
    for (const [path, body] of attempts) {
      const res = await t
        .http()
        .post(`/admin/people/${official.id}/${path}`)
        .set(d2Admin.auth)
        .send(body)
        .expect(403);
      expect(JSON.stringify(res.body)).not.toContain('currentVersion');
    }
  });

  it('serialises two admins changing the same person: the second gets 409', async () => {
    const official = await person(t, [{ unit: org.w1, role: 'official' }]);
    const { version } = await view(official.id, d1Admin);
    const results = await Promise.all([
      t
        .http()
        .patch(`/admin/people/${official.id}`)
        .set(d1Admin.auth)
        .send({ fullName: 'Trần Văn Một', version }),
      t
        .http()
        .patch(`/admin/people/${official.id}`)
        .set(w1Admin.auth)
        .send({ fullName: 'Trần Văn Hai', version }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    const winner = results.find((r) => r.status === 200)!.body.fullName;
    expect((await view(official.id, d1Admin)).fullName).toBe(winner);
  });
});
