import { actOnTask } from './support/decisions';
import { registerIncomingOk, incomingDocument } from './support/documents';
import { assignment, assignOk, enrol, Signer } from './support/signing';
import {
  addUnit,
  codeOf,
  person,
  postDirective,
  SignedIn,
  signIn,
  startTestApp,
  TestApp,
  uniqueOrganId,
} from './support/test-app';
import type { OrgUnitEntity } from '@lt/org';

/**
 * Merging units (sáp nhập) and splitting one (chia tách) over real HTTP on the two-tier tree,
 * as a Sở Nội vụ carries out a merger: a dry run lists what would move, the merger moves the
 * open work in one transaction, closed history stays with the unit that did it, registers
 * continue with new numbers while old ones are still found, and people keep their accounts.
 *
 *   city ─┬─ dept
 *         ├─ w1
 *         ├─ w2 ── team2
 *         └─ w3
 */
describe('merging and splitting units (e2e)', () => {
  let t: TestApp;
  let city: OrgUnitEntity, dept: OrgUnitEntity, w1: OrgUnitEntity, w2: OrgUnitEntity, w3: OrgUnitEntity;
  let team2: OrgUnitEntity;
  let admin: SignedIn; // unit admin of the city
  let wardAdmin: SignedIn; // unit admin of w1 only
  let cityLeader: SignedIn;
  let w1Leader: SignedIn;
  let w1Official: SignedIn;
  let w2Leader: SignedIn;
  let w2Official: SignedIn;
  let w2Clerk: SignedIn;
  let citySigner: Signer;
  let w2Signer: Signer;
  let openTask: string;
  let closedTask: string;
  let incoming: { id: string; registerNumber: number };

  beforeAll(async () => {
    t = await startTestApp();
    city = await addUnit(t, 'city', 'Thành phố Thử nghiệm', null);
    dept = await addUnit(t, 'department', 'Sở Nội vụ', city);
    w1 = await addUnit(t, 'ward', 'Phường An Hải', city);
    w2 = await addUnit(t, 'ward', 'Phường An Hải Đông', city);
    w3 = await addUnit(t, 'ward', 'Phường An Hải Tây', city);
    team2 = await addUnit(t, 'department', 'Tổ công tác phường An Hải Đông', w2);
    admin = await person(t, [{ unit: city, role: 'unit_admin' }]);
    wardAdmin = await person(t, [{ unit: w1, role: 'unit_admin' }]);
    cityLeader = await person(t, [{ unit: city, role: 'leader' }]);
    w1Leader = await person(t, [{ unit: w1, role: 'leader' }]);
    w1Official = await person(t, [{ unit: w1, role: 'official' }]);
    w2Leader = await person(t, [{ unit: w2, role: 'leader' }]);
    w2Official = await person(t, [{ unit: w2, role: 'official' }]);
    w2Clerk = await person(t, [{ unit: w2, role: 'clerk' }]);
    citySigner = await enrol(t, cityLeader);
    w2Signer = await enrol(t, w2Leader);

    // w2's work: a task still open, one completed, a directive not yet acknowledged, an
    // incoming document not yet handled.
    openTask = (
      await assignOk(t, citySigner, assignment(citySigner, { unitId: w2.id }, { title: 'Việc còn mở' }))
    ).id;
    const done = await assignOk(
      t,
      w2Signer,
      assignment(w2Signer, { unitId: w2.id, userId: w2Official.id }, { title: 'Việc đã xong' }),
    );
    closedTask = done.id;
    let version = done.version;
    for (const [who, action] of [
      [w2Official, 'accept'],
      [w2Official, 'submit'],
      [w2Leader, 'complete'],
    ] as const) {
      const r = await actOnTask(t, who, closedTask, action, {
        version,
        ...(action === 'submit' ? { text: 'Đã xong.' } : {}),
      });
      if (r.status !== 200) throw new Error(`${action}: ${r.status} ${JSON.stringify(r.body)}`);
      version = (r.body as { version: number }).version;
    }
    await postDirective(t, cityLeader, {
      issuingUnitId: city.id,
      targets: [{ unitId: w2.id }],
      subject: 'Rà soát hồ sơ trước sáp nhập',
      body: 'Các phường rà soát hồ sơ, báo cáo trước ngày sáp nhập.',
    }).expect(201);
    // The resulting unit's register already runs to 3: the moved document takes 4.
    const w1Clerk = await person(t, [{ unit: w1, role: 'clerk' }]);
    for (let i = 0; i < 3; i++) await registerIncomingOk(t, w1Clerk, incomingDocument());
    incoming = await registerIncomingOk(t, w2Clerk, incomingDocument({ subject: 'Công văn đang xử lý' }));
  });
  afterAll(() => t.close());

  const merge = (who: SignedIn, body: object, preview = false) =>
    t
      .http()
      .post(preview ? '/reorganisations/preview' : '/reorganisations')
      .set(who.auth)
      .send(body);
  const unitOf = async (id: string) =>
    (
      await t.ds.query(
        'SELECT active, parent_id AS "parentId", merged_into_id AS "mergedIntoId" FROM org_units WHERE id = $1',
        [id],
      )
    )[0] as { active: boolean; parentId: string; mergedIntoId: string | null };
  /** What the summary holds for a unit: its table rows plus the changes not yet folded in. */
  const figures = async (unitId: string) =>
    (
      await t.ds.query(
        `SELECT coalesce(sum(assigned), 0)::int AS assigned, coalesce(sum(done_on_time), 0)::int AS "doneOnTime",
                coalesce(sum(done_late), 0)::int AS "doneLate", coalesce(sum(open), 0)::int AS open
           FROM (SELECT assigned, done_on_time, done_late, open FROM task_summary_stats WHERE unit_id = $1
                 UNION ALL SELECT assigned, done_on_time, done_late, open FROM task_summary_deltas WHERE unit_id = $1) s`,
        [unitId],
      )
    )[0] as { assigned: number; doneOnTime: number; doneLate: number; open: number };
  const w2IntoW1 = {
    kind: 'merge',
    sourceIds: [] as string[],
    target: {} as object,
    basis: 'Nghị quyết số 1659/NQ-UBTVQH15',
  };

  it('previews a merger: what every library would move, and nothing changes', async () => {
    const preview = await merge(
      admin,
      { ...w2IntoW1, sourceIds: [w2.id], target: { unitId: w1.id } },
      true,
    ).expect(200);
    expect(preview.body).toMatchObject({
      id: null,
      dryRun: true,
      kind: 'merge',
      sources: [{ id: w2.id, name: w2.name }],
      target: { id: w1.id },
    });
    expect(preview.body.moved).toMatchObject({
      people: { positions: 3, people: 3 },
      tasks: { openTasksLed: 1 },
      directives: { pendingReceipts: 3 },
      documents: { incomingInHandling: 1 },
    });
    expect(await unitOf(w2.id)).toMatchObject({ active: true, parentId: city.id, mergedIntoId: null });
    const [{ n }] = await t.ds.query('SELECT count(*)::int AS n FROM positions WHERE unit_id = $1', [w2.id]);
    expect(n).toBe(3);
    const [{ r }] = await t.ds.query(
      'SELECT count(*)::int AS r FROM reorganisations WHERE $1 = ANY(source_ids)',
      [w2.id],
    );
    expect(r).toBe(0);
  });

  it('refuses merges by someone without the right over both ends, across the tree, and bad input', async () => {
    const into = (sourceIds: string[], target: object, more: object = {}) => ({
      ...w2IntoW1,
      sourceIds,
      target,
      ...more,
    });
    expect(codeOf(await merge(w1Leader, into([w2.id], { unitId: w1.id })))).toBe('403 access/forbidden');
    expect(codeOf(await merge(wardAdmin, into([w2.id], { unitId: w1.id })))).toBe('403 access/forbidden');
    expect(codeOf(await merge(admin, into([w1.id], { unitId: city.id })))).toBe(
      '422 reorganisation/across_tree',
    );
    expect(codeOf(await merge(admin, into([team2.id], { unitId: w1.id })))).toBe(
      '422 reorganisation/across_tree',
    );
    expect(codeOf(await merge(admin, into([w2.id], { unitId: dept.id })))).toBe(
      '422 reorganisation/across_tree',
    );
    expect(codeOf(await merge(admin, into([w2.id, w1.id], { unitId: w1.id })))).toBe(
      '422 reorganisation/target_is_source',
    );
    expect(
      codeOf(
        await merge(
          admin,
          into([w2.id], {
            unitId: w1.id,
            new: {
              parentId: city.id,
              kind: 'ward',
              name: 'Phường Mới',
              code: 'PM',
              organId: uniqueOrganId(),
            },
          }),
        ),
      ),
    ).toBe('400 reorganisation/target_required');
    expect(
      codeOf(
        await merge(
          admin,
          into([w2.id], { unitId: w1.id }, { effectiveAt: new Date(Date.now() + 86_400_000).toISOString() }),
        ),
      ),
    ).toBe('422 reorganisation/effective_in_future');
    expect(codeOf(await merge(admin, into(['not-a-uuid'], { unitId: w1.id })))).toBe(
      '400 request/validation_failed',
    );
    expect(
      codeOf(await merge(admin, { kind: 'absorb', sourceIds: [w2.id], target: { unitId: w1.id } })),
    ).toBe('400 request/validation_failed');
    expect(
      codeOf(await merge(admin, into([w2.id], { unitId: '7c9e6679-7425-40de-944b-e07fc1f90ae7' }))),
    ).toBe('404 org/unit_not_found');
    expect((await unitOf(w2.id)).active).toBe(true);
  });

  it('merges: open work moves, closed history stays, the register continues, people keep their accounts', async () => {
    const before = await figures(w2.id);
    expect(before).toMatchObject({ assigned: 2, doneOnTime: 1, open: 1 });
    const done = await merge(admin, { ...w2IntoW1, sourceIds: [w2.id], target: { unitId: w1.id } }).expect(
      201,
    );
    expect(done.body).toMatchObject({
      dryRun: false,
      moved: { people: { positions: 3 }, tasks: { openTasksLed: 1 } },
    });

    // The merged unit retires into the resulting one, kept with its history; its team moves up.
    expect(await unitOf(w2.id)).toEqual({ active: false, parentId: w1.id, mergedIntoId: w1.id });
    expect((await unitOf(team2.id)).parentId).toBe(w1.id);
    // People keep their accounts and sign in as before, now in the resulting unit.
    const again = await signIn(t, w2Official.username);
    const me = (await t.http().get('/me').set(again.auth).expect(200)).body as {
      positions: { unitId: string }[];
    };
    expect(me.positions.map((p) => p.unitId)).toEqual([w1.id]);
    // The open task is the resulting unit's; the completed one stays with the unit that did it.
    const tasks: { id: string; leadUnitId: string }[] = await t.ds.query(
      'SELECT id, lead_unit_id AS "leadUnitId" FROM tasks WHERE id = ANY($1::uuid[])',
      [[openTask, closedTask]],
    );
    expect(Object.fromEntries(tasks.map((x) => [x.id, x.leadUnitId]))).toEqual({
      [openTask]: w1.id,
      [closedTask]: w2.id,
    });
    expect(await figures(w2.id)).toEqual({ ...before, assigned: 1, open: 0 });
    // The directive's receipts still to acknowledge are followed in the resulting unit.
    const receipts: { unitId: string }[] = await t.ds.query(
      'SELECT DISTINCT unit_id AS "unitId" FROM directive_recipients WHERE user_id = ANY($1::uuid[])',
      [[w2Leader.id, w2Official.id, w2Clerk.id]],
    );
    expect(receipts).toEqual([{ unitId: w1.id }]);
    // The document being handled takes the resulting unit's next number, and keeps its old one.
    const doc = (
      await t.ds.query(
        `SELECT unit_id AS "unitId", register_number AS "registerNumber", former_unit_id AS "formerUnitId",
              former_register_number AS "formerRegisterNumber" FROM documents WHERE id = $1`,
        [incoming.id],
      )
    )[0] as Record<string, unknown>;
    expect(doc).toEqual({
      unitId: w1.id,
      registerNumber: 4,
      formerUnitId: w2.id,
      formerRegisterNumber: incoming.registerNumber,
    });
    // The clerk, now of w1, finds it by its old number (1) too.
    expect(incoming.registerNumber).toBe(1);
    const clerk = await signIn(t, w2Clerk.username);
    const found = await t
      .http()
      .get('/documents')
      .set(clerk.auth)
      .query({ direction: 'incoming', q: String(incoming.registerNumber) })
      .expect(200);
    expect(JSON.stringify(found.body)).toContain(incoming.id);
    // The resulting unit's leader reads the merged unit's history (it lies under their unit).
    await t.http().get(`/tasks/${closedTask}`).set(w1Leader.auth).expect(200);
    // Audited, and listed.
    const [entry] = await t.ds.query(`SELECT action, after FROM audit_entries WHERE subject_id = $1`, [
      done.body.id,
    ]);
    expect(entry.action).toBe('org.merge');
    const listed = (
      await t.http().get('/reorganisations').set(admin.auth).query({ unitId: city.id }).expect(200)
    ).body as { id: string }[];
    expect(listed.map((r) => r.id)).toEqual([done.body.id]);
    // Merging it again: it is gone.
    expect(codeOf(await merge(admin, { ...w2IntoW1, sourceIds: [w2.id], target: { unitId: w3.id } }))).toBe(
      '409 reorganisation/unit_inactive',
    );
  });

  it('lets one of two concurrent merges of the same unit win; the other is 409', async () => {
    const w4 = await addUnit(t, 'ward', 'Phường Thọ Quang', city);
    await person(t, [{ unit: w4, role: 'official' }]);
    const body = { kind: 'merge', sourceIds: [w4.id] };
    const both = await Promise.all([
      merge(admin, { ...body, target: { unitId: w1.id } }),
      merge(admin, { ...body, target: { unitId: w3.id } }),
    ]);
    expect(both.map((r) => r.status).sort()).toEqual([201, 409]);
    expect(both.find((r) => r.status === 409)!.body.code).toBe('reorganisation/unit_inactive');
  });

  it('merges into a new unit, and splits one: the people named move with the work they lead', async () => {
    const created = await merge(admin, {
      kind: 'merge',
      sourceIds: [w3.id],
      target: {
        new: {
          parentId: city.id,
          kind: 'ward',
          name: 'Phường Hải Châu',
          code: 'HCH',
          organId: uniqueOrganId(),
        },
      },
    }).expect(201);
    expect(created.body.target.name).toBe('Phường Hải Châu');

    const personal = await assignOk(
      t,
      citySigner,
      assignment(
        citySigner,
        { unitId: w1.id, userId: w1Official.id },
        { title: 'Việc của cán bộ chuyển đi' },
      ),
    );
    const split = await merge(admin, {
      kind: 'split',
      sourceIds: [w1.id],
      userIds: [w1Official.id],
      target: {
        new: {
          parentId: city.id,
          kind: 'ward',
          name: 'Phường An Hải Nam',
          code: 'AHN',
          organId: uniqueOrganId(),
        },
      },
    }).expect(201);
    expect(split.body.moved.people).toEqual({ positions: 1, people: 1 });
    const [lead] = await t.ds.query('SELECT lead_unit_id AS "unitId" FROM tasks WHERE id = $1', [
      personal.id,
    ]);
    expect(lead.unitId).toBe(split.body.target.id);
    expect((await unitOf(w1.id)).active).toBe(true);
    expect(
      codeOf(
        await merge(admin, {
          kind: 'split',
          sourceIds: [w1.id],
          userIds: [cityLeader.id],
          target: { unitId: split.body.target.id },
        }),
      ),
    ).toBe('422 reorganisation/person_not_in_unit');
    expect(
      codeOf(
        await merge(admin, { kind: 'split', sourceIds: [w1.id], target: { unitId: split.body.target.id } }),
      ),
    ).toBe('400 reorganisation/split_needs_people');
  });
  it("keeps a merged unit's channel: the resulting unit's people read its history, nobody posts in it", async () => {
    const from = await addUnit(t, 'ward', 'Phường Mân Thái', city);
    const into = await addUnit(t, 'ward', 'Phường Thọ Quang Bắc', city);
    const fromOfficial = await person(t, [{ unit: from, role: 'official' }]);
    const intoLeader = await person(t, [{ unit: into, role: 'leader' }]);
    type Channel = {
      id: string;
      kind: string;
      unit: { id: string } | null;
      readOnly: boolean;
      unread: number;
    };
    const channels = async (who: SignedIn) =>
      (await t.http().get('/chat/channels').set(who.auth).expect(200)).body as Channel[];
    const unitChannel = async (who: SignedIn, unitId: string) =>
      (await channels(who)).find((c) => c.kind === 'unit' && c.unit?.id === unitId);
    const post = (who: SignedIn, channelId: string, body: string) =>
      t.http().post(`/chat/channels/${channelId}/messages`).set(who.auth).send({ body });
    // Both units have a channel before the merger: the source's does not become the target's.
    const old = (await unitChannel(fromOfficial, from.id))!;
    await post(fromOfficial, old.id, 'Biên bản họp tổ dân phố số 7').expect(201);
    const kept = (await unitChannel(intoLeader, into.id))!;
    expect(await unitChannel(intoLeader, from.id)).toBeUndefined();
    expect(codeOf(await t.http().get(`/chat/channels/${old.id}/messages`).set(intoLeader.auth))).toBe(
      '404 chat/channel_not_found',
    );

    await merge(admin, { kind: 'merge', sourceIds: [from.id], target: { unitId: into.id } }).expect(201);

    // The resulting unit's leader lists it, read-only, its history from before not unread.
    const listed = (await unitChannel(intoLeader, from.id))!;
    expect(listed).toMatchObject({ id: old.id, readOnly: true, unread: 0 });
    const history = await t.http().get(`/chat/channels/${old.id}/messages`).set(intoLeader.auth).expect(200);
    expect(history.body.messages.map((m: { body: string }) => m.body)).toEqual([
      'Biên bản họp tổ dân phố số 7',
    ]);
    const found = await t
      .http()
      .get('/search')
      .set(intoLeader.auth)
      .query({ q: 'bien ban to dan pho', types: 'message' })
      .expect(200);
    expect(found.body.map((h: { channelId: string }) => h.channelId)).toEqual([old.id]);
    // The one who moved reads it still; nobody posts there; the resulting unit's channel is theirs.
    const moved = await signIn(t, fromOfficial.username);
    expect((await unitChannel(moved, from.id))!.readOnly).toBe(true);
    expect(codeOf(await post(moved, old.id, 'Còn ai ở đây không?'))).toBe('409 chat/channel_read_only');
    expect(codeOf(await post(intoLeader, old.id, 'Kênh cũ'))).toBe('409 chat/channel_read_only');
    await post(moved, kept.id, 'Chào các đồng chí phường mới').expect(201);
    const [{ n }] = await t.ds.query('SELECT count(*)::int AS n FROM chat_messages WHERE channel_id = $1', [
      old.id,
    ]);
    expect(n).toBe(1);
    // Someone of another ward still does not see it.
    expect(codeOf(await t.http().get(`/chat/channels/${old.id}/messages`).set(w1Official.auth))).toBe(
      '404 chat/channel_not_found',
    );
  });

  it('renames and re-codes a unit through the same machinery: the former name stays, and finds it', async () => {
    const ward = await addUnit(t, 'ward', 'Phường Hòa Cường Bắc', city);
    const wardOfficial = await person(t, [{ unit: ward, role: 'official' }]);
    const formerCode = ward.code;
    const body = {
      kind: 'rename',
      sourceIds: [ward.id],
      rename: { name: 'Phường Hòa Cường', code: `HC${formerCode}`.slice(0, 32) },
      effectiveAt: '2025-07-01T00:00:00+07:00',
      basis: 'Nghị quyết số 1659/NQ-UBTVQH15',
    };
    // Refused: no right over the unit, a target with a renaming, no new names, an existing code.
    expect(codeOf(await merge(wardAdmin, body))).toBe('403 access/forbidden');
    expect(codeOf(await merge(admin, { ...body, target: { unitId: w1.id } }))).toBe(
      '400 reorganisation/rename_required',
    );
    expect(codeOf(await merge(admin, { ...body, rename: undefined }))).toBe(
      '400 reorganisation/rename_required',
    );
    expect(codeOf(await merge(admin, { ...body, rename: { code: 'lower case' } }))).toBe(
      '400 request/validation_failed',
    );
    expect(codeOf(await merge(admin, { ...body, rename: { code: w1.code } }))).toBe(
      '409 org/unit_code_taken',
    );
    expect(codeOf(await merge(admin, { ...body, sourceIds: [w2.id] }))).toBe(
      '409 reorganisation/unit_inactive',
    );
    // The dry run answers what it would be, and changes nothing.
    const preview = await merge(admin, body, true).expect(200);
    expect(preview.body).toMatchObject({
      dryRun: true,
      kind: 'rename',
      target: { id: ward.id, name: 'Phường Hòa Cường' },
      renamedFrom: { name: 'Phường Hòa Cường Bắc', code: formerCode },
    });
    const unit = async (who: SignedIn = admin) =>
      (await t.http().get(`/units/${ward.id}`).set(who.auth).expect(200)).body as {
        name: string;
        code: string;
        formerNames: { name: string; code: string; validUntil: string }[];
      };
    expect(await unit()).toMatchObject({ name: 'Phường Hòa Cường Bắc', formerNames: [] });

    const done = await merge(admin, body).expect(201);
    expect(done.body).toMatchObject({ kind: 'rename', renamedFrom: { name: 'Phường Hòa Cường Bắc' } });
    expect(await unit(wardOfficial)).toMatchObject({
      name: 'Phường Hòa Cường',
      code: body.rename.code,
      formerNames: [
        { name: 'Phường Hòa Cường Bắc', code: formerCode, validUntil: '2025-06-30T17:00:00.000Z' },
      ],
    });
    // Found by its former name, without diacritics, by those who may read it.
    const search = (who: SignedIn, q: string) =>
      t.http().get('/units').set(who.auth).query({ q }).expect(200);
    expect((await search(admin, 'hoa cuong bac')).body.map((u: { id: string }) => u.id)).toEqual([ward.id]);
    expect((await search(admin, formerCode)).body.map((u: { id: string }) => u.id)).toContain(ward.id);
    expect((await search(w1Official, 'hoa cuong bac')).body).toEqual([]);
    expect(codeOf(await t.http().get('/units').set(admin.auth).query({ q: 'x' }))).toBe(
      '400 request/validation_failed',
    );
    // Its people keep their positions; the renaming is audited and listed; a replay changes nothing.
    const me = await t.http().get('/me').set(wardOfficial.auth).expect(200);
    expect(me.body.positions[0]).toMatchObject({ unitId: ward.id, unitName: 'Phường Hòa Cường' });
    const [entry] = await t.ds.query('SELECT action, before FROM audit_entries WHERE subject_id = $1', [
      done.body.id,
    ]);
    expect(entry).toMatchObject({ action: 'org.rename', before: { name: 'Phường Hòa Cường Bắc' } });
    const listed = (
      await t.http().get('/reorganisations').set(admin.auth).query({ unitId: ward.id }).expect(200)
    ).body;
    expect(listed).toMatchObject([{ id: done.body.id, kind: 'rename', renamedFrom: { code: formerCode } }]);
    expect(codeOf(await merge(admin, body))).toBe('422 reorganisation/rename_unchanged');

    // An admin's correction (PATCH) keeps the former name as well.
    const current = await unit();
    const version = (await t.ds.query('SELECT version FROM org_units WHERE id = $1', [ward.id]))[0].version;
    await t
      .http()
      .patch(`/admin/units/${ward.id}`)
      .set(admin.auth)
      .send({ name: 'Phường Hoà Cường', version })
      .expect(200);
    expect((await unit()).formerNames.map((n) => n.name)).toEqual([current.name, 'Phường Hòa Cường Bắc']);
  });
  it("hands a merged ward's counter over: its procedures, the files being handled, the steps it handled", async () => {
    const from = await addUnit(t, 'ward', 'Phường Hòa Khánh', city);
    const into = await addUnit(t, 'ward', 'Phường Liên Chiểu', city);
    const counter = await person(t, [{ unit: from, role: 'official' }]);
    const procedure = (unitId: string, code: string, name: string) =>
      t
        .http()
        .post('/one-stop/procedures')
        .set(admin.auth)
        .send({
          unitId,
          code,
          name,
          papers: [{ name: 'Tờ khai', original: true, copies: 1 }],
          processingDays: 3,
          steps: [{ name: 'Thẩm định', unitId, role: 'official', days: 3 }],
        })
        .expect(201)
        .then((r) => r.body as { id: string });
    const ownBirth = await procedure(into.id, '1.001193', 'Đăng ký khai sinh');
    const birth = await procedure(from.id, '1.001193', 'Đăng ký khai sinh');
    const marriage = await procedure(from.id, '1.004873', 'Cấp Giấy xác nhận tình trạng hôn nhân');
    const file = await t
      .http()
      .post('/one-stop/files')
      .set(counter.auth)
      .send({
        procedureId: marriage.id,
        applicant: { fullName: 'Võ Thị Lan', phone: '0905999888' },
        papers: [{ name: 'Tờ khai', original: true, copies: 1 }],
      })
      .expect(201);
    // A citizen's complaint to the merged ward, not answered yet: the resulting ward's to answer.
    await t
      .http()
      .post('/public/feedback')
      .send({ unitId: from.id, kind: 'complaint', text: 'Chờ lâu ở quầy một cửa.' })
      .expect(201);

    const done = await merge(admin, {
      kind: 'merge',
      sourceIds: [from.id],
      target: { unitId: into.id },
    }).expect(201);
    expect(done.body.moved.oneStop).toEqual({
      procedures: 1,
      openFiles: 1,
      stepsHandedOver: 3,
      openFeedback: 1,
    });
    const [feedback]: { unitId: string }[] = await t.ds.query(
      `SELECT unit_id AS "unitId" FROM feedback_messages WHERE text = 'Chờ lâu ở quầy một cửa.'`,
    );
    expect(feedback.unitId).toBe(into.id);
    const rows: { id: string; unitId: string; active: boolean; stepUnit: string }[] = await t.ds.query(
      `SELECT id, unit_id AS "unitId", active, steps->0->>'unitId' AS "stepUnit" FROM procedures
        WHERE id = ANY($1::uuid[])`,
      [[ownBirth.id, birth.id, marriage.id]],
    );
    const byId = Object.fromEntries(rows.map((r) => [r.id, r]));
    // The target keeps its own procedure of that code; the source's is taken off the counter.
    expect(byId[ownBirth.id]).toMatchObject({ unitId: into.id, active: true });
    expect(byId[birth.id]).toMatchObject({ unitId: from.id, active: false, stepUnit: into.id });
    expect(byId[marriage.id]).toMatchObject({ unitId: into.id, active: true, stepUnit: into.id });
    // The file is the target's to finish, its code (on the citizen's receipt) unchanged.
    const [moved] = await t.ds.query(
      `SELECT unit_id AS "unitId", code, steps->0->>'unitId' AS "stepUnit" FROM citizen_files WHERE id = $1`,
      [file.body.id],
    );
    expect(moved).toEqual({ unitId: into.id, code: file.body.code, stepUnit: into.id });
    // The official who moved reads it still, now in the resulting ward.
    const again = await signIn(t, counter.username);
    await t.http().get(`/one-stop/files/${file.body.id}`).set(again.auth).expect(200);
  });
});
