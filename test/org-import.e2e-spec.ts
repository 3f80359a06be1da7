import { buildOrg, Org, person, SignedIn, startTestApp, TestApp } from './support/test-app';

describe('org importer', () => {
  let t: TestApp;
  let org: Org;
  let admin: SignedIn;
  const counts = async () =>
    (
      await t.ds
        .query(`SELECT (SELECT count(*)::int FROM org_units) AS units, (SELECT count(*)::int FROM users) AS users,
                              (SELECT count(*)::int FROM positions) AS positions, (SELECT count(*)::int FROM audit_entries) AS audit`)
    )[0];

  const csv = (districtCode: string) =>
    [
      'type,code,name,kind,organ_id,parent_code,username,full_name,email,password,unit_code,role,title',
      `unit,IMP-W1,Phường Thọ Quang,ward,IM1.01.13.H17,${districtCode},,,,,,,`,
      'unit,IMP-T1,Tổ dân phố 12,department,IM1.02.13.H17,IMP-W1,,,,,,,',
      'person,,,,,,imp.ct.tq,Võ Văn Tâm,,MatKhau@2026,IMP-W1,leader,Chủ tịch UBND phường',
      'person,,,,,,imp.cc.tq,Đặng Thị Thu,,MatKhau@2026,IMP-W1,official,Công chức',
      'person,,,,,,imp.cc.tq,Đặng Thị Thu,,,IMP-T1,clerk,Văn thư tổ',
    ].join('\n');

  beforeAll(async () => {
    t = await startTestApp();
    org = await buildOrg(t);
    admin = await person(t, [{ unit: org.d1, role: 'unit_admin' }]);
  });
  afterAll(() => t.close());

  it('imports units and people from CSV, then re-imports without changes', async () => {
    const first = await t
      .http()
      .post('/admin/org-import')
      .set(admin.auth)
      .send({ csv: csv(org.d1.code) })
      .expect(200);
    expect(first.body).toEqual({
      units: { created: 2, updated: 0, moved: 0, unchanged: 0 },
      people: { created: 2, updated: 0, unchanged: 0 },
      positionsAdded: 3,
    });
    const after = await counts();
    const again = await t
      .http()
      .post('/admin/org-import')
      .set(admin.auth)
      .send({ csv: csv(org.d1.code) })
      .expect(200);
    expect(again.body).toEqual({
      units: { created: 0, updated: 0, moved: 0, unchanged: 2 },
      people: { created: 0, updated: 0, unchanged: 2 },
      positionsAdded: 0,
    });
    expect(await counts()).toEqual(after);
    const [unit] = await t.ds.query(`SELECT id FROM org_units WHERE code = 'IMP-T1'`);
    const chain = await t.http().get(`/units/${unit.id}/ancestors`).set(admin.auth).expect(200);
    expect(chain.body.map((u: { code: string }) => u.code)).toEqual([
      org.city.code,
      org.d1.code,
      'IMP-W1',
      'IMP-T1',
    ]);
  });

  it('reports every bad row and imports nothing', async () => {
    const before = await counts();
    const bad = [
      'type,code,name,kind,organ_id,parent_code,username,full_name,email,password,unit_code,role,title',
      `unit,IMP-OK,Phường Hợp Lệ,ward,IM2.01.13.H17,${org.d1.code},,,,,,,`,
      'unit,IMP-BAD,Phường Lỗi,village,12345,NO-SUCH,,,,,,,',
      'person,,,,,,imp.x,Người Thử,,MatKhau@2026,IMP-OK,mayor,',
      'person,,,,,,imp.y,Người Khác,,MatKhau@2026,NO-UNIT,official,',
    ].join('\n');
    const res = await t.http().post('/admin/org-import').set(admin.auth).send({ csv: bad }).expect(422);
    expect(res.body.code).toBe('import/invalid_rows');
    const rows = res.body.fields.map((f: { row: number; field: string }) => `${f.row}:${f.field}`);
    expect(rows).toEqual(
      expect.arrayContaining(['3:kind', '3:organId', '3:parentCode', '4:positions.0.role', '5:unitCode']),
    );
    expect(rows.some((r: string) => r.startsWith('2:'))).toBe(false);
    expect(await counts()).toEqual(before);
  });

  it("refuses a file that writes outside the admin's subtree, writing nothing", async () => {
    const before = await counts();
    const res = await t
      .http()
      .post('/admin/org-import')
      .set(admin.auth)
      .send({
        units: [
          {
            code: 'IMP-OK2',
            name: 'Phường Trong Quận',
            kind: 'ward',
            organId: 'IM3.01.13.H17',
            parentCode: org.d1.code,
          },
          {
            code: 'IMP-OUT',
            name: 'Phường Ngoài Quận',
            kind: 'ward',
            organId: 'IM3.02.13.H17',
            parentCode: org.d2.code,
          },
        ],
        people: [],
      })
      .expect(403);
    expect(res.body.code).toBe('access/forbidden');
    expect(await counts()).toEqual(before);
  });

  it('answers a malformed file with the rows at fault, not a server error', async () => {
    for (const body of [
      { units: null, people: [] },
      { units: [null], people: [] },
      { units: [], people: [{ username: 'ai.do', fullName: 'Ai Đó', positions: null }] },
      { units: [], people: [null] },
    ]) {
      const res = await t.http().post('/admin/org-import').set(admin.auth).send(body);
      expect(`${res.status} ${res.body.code}`).toBe('422 import/invalid_rows');
    }
    const list = await t.http().post('/admin/org-import').set(admin.auth).send([]);
    expect(list.status).toBe(422);
  });

  it('refuses a cycle inside the file', async () => {
    const res = await t
      .http()
      .post('/admin/org-import')
      .set(admin.auth)
      .send({
        units: [
          { code: 'CYC-A', name: 'Vòng A', kind: 'ward', organId: 'CY1.01.13.H17', parentCode: 'CYC-B' },
          { code: 'CYC-B', name: 'Vòng B', kind: 'ward', organId: 'CY1.02.13.H17', parentCode: 'CYC-A' },
        ],
        people: [],
      })
      .expect(422);
    expect(res.body.fields[0].message).toMatch(/own ancestor/);
  });
});
