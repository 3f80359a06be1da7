import { buildOrg, Org, person, SignedIn, startTestApp, TestApp, uniqueOrganId } from './support/test-app';

describe('unit administration', () => {
  let t: TestApp;
  let org: Org;
  let cityAdmin: SignedIn;
  let d1Admin: SignedIn;
  let w1Admin: SignedIn;

  const closure = async () =>
    t.ds.query(
      `SELECT ancestor_id, descendant_id, depth FROM org_unit_closure
        WHERE descendant_id = ANY($1::uuid[]) ORDER BY 1, 2`,
      [Object.values(org).map((u) => u.id)],
    );
  const unitRow = async (id: string) => (await t.ds.query('SELECT * FROM org_units WHERE id = $1', [id]))[0];

  beforeAll(async () => {
    t = await startTestApp();
    org = await buildOrg(t);
    cityAdmin = await person(t, [{ unit: org.city, role: 'unit_admin' }]);
    d1Admin = await person(t, [{ unit: org.d1, role: 'unit_admin' }]);
    w1Admin = await person(t, [{ unit: org.w1, role: 'unit_admin' }]);
  });
  afterAll(() => t.close());

  it('creates a ward under a district in reach, with its place in the tree', async () => {
    const res = await t
      .http()
      .post('/admin/units')
      .set(d1Admin.auth)
      .send({
        parentId: org.d1.id,
        kind: 'ward',
        name: 'Phường Phước Mỹ',
        code: 'PMY-T1',
        organId: uniqueOrganId(),
      })
      .expect(201);
    const chain = await t.http().get(`/units/${res.body.id}/ancestors`).set(d1Admin.auth).expect(200);
    expect(chain.body.map((u: { id: string }) => u.id)).toEqual([org.city.id, org.d1.id, res.body.id]);
  });

  it('refuses creating under another branch and writes nothing', async () => {
    const before = await t.ds.query('SELECT count(*)::int AS n FROM org_units');
    const res = await t
      .http()
      .post('/admin/units')
      .set(w1Admin.auth)
      .send({
        parentId: org.w2.id,
        kind: 'department',
        name: 'Tổ dân phố',
        code: 'TDP-X1',
        organId: uniqueOrganId(),
      })
      .expect(403);
    expect(res.body.code).toBe('access/forbidden');
    expect(await t.ds.query('SELECT count(*)::int AS n FROM org_units')).toEqual(before);
  });

  it('refuses a taken code and bad fields with clear errors', async () => {
    const taken = await t
      .http()
      .post('/admin/units')
      .set(d1Admin.auth)
      .send({
        parentId: org.d1.id,
        kind: 'ward',
        name: 'Trùng mã',
        code: org.w1.code,
        organId: uniqueOrganId(),
      })
      .expect(409);
    expect(taken.body.code).toBe('org/unit_code_taken');
    const bad = await t
      .http()
      .post('/admin/units')
      .set(d1Admin.auth)
      .send({ parentId: 'x', kind: 'village', name: '', code: 'lower', organId: '123', extra: 1 })
      .expect(400);
    expect(bad.body.fields.map((f: { field: string }) => f.field).sort()).toEqual([
      'code',
      'extra',
      'kind',
      'name',
      'organId',
      'parentId',
    ]);
  });

  it('renames with optimistic concurrency: a stale version gets 409 and changes nothing', async () => {
    const current = await unitRow(org.w2.id);
    await t
      .http()
      .patch(`/admin/units/${org.w2.id}`)
      .set(d1Admin.auth)
      .send({ name: 'Phường Mân Thái (mới)', version: current.version })
      .expect(200);
    const stale = await t
      .http()
      .patch(`/admin/units/${org.w2.id}`)
      .set(d1Admin.auth)
      .send({ name: 'Ghi đè', version: current.version })
      .expect(409);
    expect(stale.body.code).toBe('request/conflict_version');
    expect((await unitRow(org.w2.id)).name).toBe('Phường Mân Thái (mới)');
  });

  it('refuses moving a unit under its own descendant; the tree is unchanged', async () => {
    const before = await closure();
    const version = (await unitRow(org.d1.id)).version;
    const res = await t
      .http()
      .post(`/admin/units/${org.d1.id}/move`)
      .set(cityAdmin.auth)
      .send({ parentId: org.team1.id, version })
      .expect(422);
    expect(res.body.code).toBe('org/move_into_descendant');
    const self = await t
      .http()
      .post(`/admin/units/${org.d1.id}/move`)
      .set(cityAdmin.auth)
      .send({ parentId: org.d1.id, version })
      .expect(422);
    expect(self.body.code).toBe('org/move_into_descendant');
    expect(await closure()).toEqual(before);
    expect((await unitRow(org.d1.id)).parent_id).toBe(org.city.id);
  });

  it('moves a ward with its subtree to another district; reach follows the tree', async () => {
    const d2Leader = await person(t, [{ unit: org.d2, role: 'leader' }]);
    const d1Leader = await person(t, [{ unit: org.d1, role: 'leader' }]);
    await t.http().get(`/units/${org.team1.id}`).set(d2Leader.auth).expect(403);
    // a district admin cannot move a ward into another district
    await t
      .http()
      .post(`/admin/units/${org.w1.id}/move`)
      .set(d1Admin.auth)
      .send({ parentId: org.d2.id, version: (await unitRow(org.w1.id)).version })
      .expect(403);
    await t
      .http()
      .post(`/admin/units/${org.w1.id}/move`)
      .set(cityAdmin.auth)
      .send({ parentId: org.d2.id, version: (await unitRow(org.w1.id)).version })
      .expect(200);
    await t.http().get(`/units/${org.team1.id}`).set(d2Leader.auth).expect(200);
    await t.http().get(`/units/${org.team1.id}`).set(d1Leader.auth).expect(403);
    const chain = await t.http().get(`/units/${org.team1.id}/ancestors`).set(cityAdmin.auth).expect(200);
    expect(chain.body.map((u: { id: string }) => u.id)).toEqual([
      org.city.id,
      org.d2.id,
      org.w1.id,
      org.team1.id,
    ]);
    // move back for the other tests
    await t
      .http()
      .post(`/admin/units/${org.w1.id}/move`)
      .set(cityAdmin.auth)
      .send({ parentId: org.d1.id, version: (await unitRow(org.w1.id)).version })
      .expect(200);
  });

  it('refuses deleting or deactivating a unit that still has people; nothing changes', async () => {
    await person(t, [{ unit: org.w3, role: 'official' }]);
    const before = await unitRow(org.w3.id);
    const del = await t
      .http()
      .delete(`/admin/units/${org.w3.id}?version=${before.version}`)
      .set(cityAdmin.auth)
      .expect(409);
    expect(del.body.code).toBe('org/unit_has_people');
    const off = await t
      .http()
      .post(`/admin/units/${org.w3.id}/deactivate`)
      .set(cityAdmin.auth)
      .send({ version: before.version })
      .expect(409);
    expect(off.body.code).toBe('org/unit_has_people');
    expect(await unitRow(org.w3.id)).toEqual(before);
  });

  it('refuses deleting a unit with sub-units, deletes an empty one', async () => {
    const parent = await t
      .http()
      .post('/admin/units')
      .set(d1Admin.auth)
      .send({
        parentId: org.d1.id,
        kind: 'ward',
        name: 'Phường có tổ',
        code: 'TMP-PAR1',
        organId: uniqueOrganId(),
      })
      .expect(201);
    await t
      .http()
      .post('/admin/units')
      .set(d1Admin.auth)
      .send({
        parentId: parent.body.id,
        kind: 'department',
        name: 'Tổ dân phố 1',
        code: 'TMP-CHD1',
        organId: uniqueOrganId(),
      })
      .expect(201);
    const res = await t
      .http()
      .delete(`/admin/units/${parent.body.id}?version=${parent.body.version}`)
      .set(d1Admin.auth)
      .expect(409);
    expect(res.body.code).toBe('org/unit_has_children');
    const created = await t
      .http()
      .post('/admin/units')
      .set(d1Admin.auth)
      .send({
        parentId: org.d1.id,
        kind: 'ward',
        name: 'Phường tạm',
        code: 'TMP-DEL1',
        organId: uniqueOrganId(),
      })
      .expect(201);
    await t
      .http()
      .delete(`/admin/units/${created.body.id}?version=${created.body.version}`)
      .set(d1Admin.auth)
      .expect(204);
    expect(
      await t.ds.query('SELECT * FROM org_unit_closure WHERE descendant_id = $1', [created.body.id]),
    ).toEqual([]);
  });

  it('deactivates an empty unit and refuses new units under it', async () => {
    const created = await t
      .http()
      .post('/admin/units')
      .set(d1Admin.auth)
      .send({
        parentId: org.d1.id,
        kind: 'ward',
        name: 'Phường sáp nhập',
        code: 'TMP-OFF1',
        organId: uniqueOrganId(),
      })
      .expect(201);
    const off = await t
      .http()
      .post(`/admin/units/${created.body.id}/deactivate`)
      .set(d1Admin.auth)
      .send({ version: created.body.version })
      .expect(200);
    expect(off.body.active).toBe(false);
    const under = await t
      .http()
      .post('/admin/units')
      .set(d1Admin.auth)
      .send({
        parentId: created.body.id,
        kind: 'department',
        name: 'Tổ',
        code: 'TMP-OFF2',
        organId: uniqueOrganId(),
      })
      .expect(409);
    expect(under.body.code).toBe('org/parent_inactive');
  });

  it('keeps administration to unit admins: a leader may read but not manage', async () => {
    const leader = await person(t, [{ unit: org.d1, role: 'leader' }]);
    const res = await t
      .http()
      .post('/admin/units')
      .set(leader.auth)
      .send({
        parentId: org.d1.id,
        kind: 'ward',
        name: 'Phường X',
        code: 'TMP-LDR1',
        organId: uniqueOrganId(),
      })
      .expect(403);
    expect(res.body.code).toBe('access/forbidden');
  });
});
