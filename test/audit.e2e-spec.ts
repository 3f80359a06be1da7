import { verifyAuditChains } from '@lt/audit';
import { buildOrg, Org, person, SignedIn, startTestApp, TestApp, uniqueOrganId } from './support/test-app';

describe('audit log', () => {
  let t: TestApp;
  let org: Org;
  let admin: SignedIn;

  beforeAll(async () => {
    t = await startTestApp();
    org = await buildOrg(t);
    admin = await person(t, [{ unit: org.d2, role: 'unit_admin' }]);
  });
  afterAll(() => t.close());

  it('records who, for which unit, what, before/after and the request id, in the same transaction', async () => {
    const res = await t
      .http()
      .post('/admin/units')
      .set(admin.auth)
      .set('x-request-id', 'req-audit-1')
      .send({
        parentId: org.d2.id,
        kind: 'ward',
        name: 'Phường Hải Châu I',
        code: 'AUD-W1',
        organId: uniqueOrganId(),
      })
      .expect(201);
    expect(res.headers['x-request-id']).toBe('req-audit-1');
    const [entry] = await t.ds.query(`SELECT * FROM audit_entries WHERE subject_id = $1`, [res.body.id]);
    expect(entry).toMatchObject({
      actor_id: admin.id,
      acting_unit_id: org.d2.id,
      chain: org.d2.id,
      action: 'unit.create',
      subject_type: 'unit',
      request_id: 'req-audit-1',
    });
    expect(entry.after).toMatchObject({ code: 'AUD-W1', parentId: org.d2.id });
    // a refused change leaves no entry
    const before = (await t.ds.query('SELECT count(*)::int AS n FROM audit_entries'))[0].n;
    await t
      .http()
      .post('/admin/units')
      .set(admin.auth)
      .send({ parentId: org.d2.id, kind: 'ward', name: 'Trùng', code: 'AUD-W1', organId: uniqueOrganId() })
      .expect(409);
    expect((await t.ds.query('SELECT count(*)::int AS n FROM audit_entries'))[0].n).toBe(before);
  });

  it('refuses UPDATE and DELETE on audit entries', async () => {
    await expect(
      t.ds.query(`UPDATE audit_entries SET action = 'x' WHERE chain = $1`, [org.d2.id]),
    ).rejects.toThrow(/append-only/);
    await expect(t.ds.query(`DELETE FROM audit_entries WHERE chain = $1`, [org.d2.id])).rejects.toThrow(
      /append-only/,
    );
  });

  it('verifies intact chains and names the first edited or deleted entry', async () => {
    // more than ten entries, so the chain is checked in numeric (not text) order
    for (let i = 2; i <= 12; i++) {
      await t
        .http()
        .post('/admin/units')
        .set(admin.auth)
        .send({
          parentId: org.d2.id,
          kind: 'ward',
          name: `Phường kiểm tra ${i}`,
          code: `AUD-W${i}`,
          organId: uniqueOrganId(),
        })
        .expect(201);
    }
    expect((await verifyAuditChains(t.ds)).breaks).toEqual([]);
    const entries = await t.ds.query(
      `SELECT id::text AS id, seq::text AS seq FROM audit_entries e WHERE chain = $1 ORDER BY e.seq`,
      [org.d2.id],
    );
    expect(entries.length).toBeGreaterThanOrEqual(4);

    // Someone with superuser rights edits an entry behind the trigger's back.
    await t.ds.query('ALTER TABLE audit_entries DISABLE TRIGGER audit_entries_append_only');
    try {
      await t.ds.query(
        `UPDATE audit_entries SET after = jsonb_set(after, '{name}', '"Sửa lén"') WHERE id = $1`,
        [entries[1].id],
      );
      let report = await verifyAuditChains(t.ds);
      expect(report.breaks).toEqual([
        { chain: org.d2.id, seq: entries[1].seq, entryId: entries[1].id, reason: 'hash_mismatch' },
      ]);

      await t.ds.query(`DELETE FROM audit_entries WHERE id = $1`, [entries[1].id]);
      report = await verifyAuditChains(t.ds);
      expect(report.breaks).toEqual([
        { chain: org.d2.id, seq: entries[1].seq, entryId: null, reason: 'missing_entry' },
      ]);

      // cut the tail: only the first entry is left, and it no longer reaches the chain head
      await t.ds.query(`DELETE FROM audit_entries WHERE chain = $1 AND seq > $2`, [
        org.d2.id,
        entries[0].seq,
      ]);
      report = await verifyAuditChains(t.ds);
      expect(report.breaks).toEqual([
        { chain: org.d2.id, seq: entries[0].seq, entryId: null, reason: 'tail_removed' },
      ]);
    } finally {
      await t.ds.query('ALTER TABLE audit_entries ENABLE TRIGGER audit_entries_append_only');
      // leave the shared database verifiable for the other test files
      await t.ds.query('DELETE FROM audit_chain_heads WHERE chain = $1', [org.d2.id]);
    }
  });
});
