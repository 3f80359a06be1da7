import { ANNOTATION_KIND } from '@lt/annotations';
import { ROLES, Role } from '@lt/people';
import { webcrypto } from 'node:crypto';
import { newNonce, signContent } from '../libs/signing/src/client/content-signer';
import { actOnTask, signedDecision, signerFor } from './support/decisions';
import { taskLateTwice } from './support/discipline';
import { incomingDocument, issueSignedDocument, registerIncomingOk } from './support/documents';
import { assignment, assignOk, enrol } from './support/signing';
import {
  buildOrg,
  buildTwoTierOrg,
  codeOf,
  Org,
  person,
  postDirective,
  SignedIn,
  startTestApp,
  TestApp,
  TwoTierOrg,
} from './support/test-app';

/**
 * Positions × units: for every role held at the city, a district and a ward, which units
 * (and their people) may be read. The expected reach is written out by hand from the tree
 * below, not computed by the code under test.
 *
 *   city ─┬─ d1 ─┬─ w1 ── team1
 *         │      └─ w2
 *         └─ d2 ─── w3
 */
const TARGETS = ['city', 'd1', 'd2', 'w1', 'w2', 'w3', 'team1'] as const;
type Target = (typeof TARGETS)[number];

const SUBTREE: Record<'city' | 'd1' | 'w1', Target[]> = {
  city: ['city', 'd1', 'd2', 'w1', 'w2', 'w3', 'team1'],
  d1: ['d1', 'w1', 'w2', 'team1'],
  w1: ['w1', 'team1'],
};
const SUBTREE_ROLES: Role[] = ['leader', 'deputy_leader', 'unit_admin'];

function expectedReach(role: Role, at: 'city' | 'd1' | 'w1'): Target[] {
  return SUBTREE_ROLES.includes(role) ? SUBTREE[at] : [at];
}

describe('access by the org tree (positions × units)', () => {
  let t: TestApp;
  let org: Org;
  const people = new Map<string, SignedIn>();

  beforeAll(async () => {
    t = await startTestApp();
    org = await buildOrg(t);
    for (const at of ['city', 'd1', 'w1'] as const) {
      for (const role of ROLES) people.set(`${role}@${at}`, await person(t, [{ unit: org[at], role }]));
    }
  });
  afterAll(() => t.close());

  const cases = ROLES.flatMap((role) =>
    (['city', 'd1', 'w1'] as const).flatMap((at) => TARGETS.map((target) => ({ role, at, target }))),
  );

  it.each(cases)('$role at $at reading $target', async ({ role, at, target }) => {
    const who = people.get(`${role}@${at}`)!;
    const allowed = expectedReach(role, at).includes(target);
    const unit = await t.http().get(`/units/${org[target].id}`).set(who.auth);
    const staff = await t.http().get(`/units/${org[target].id}/people`).set(who.auth);
    if (allowed) {
      expect(unit.status).toBe(200);
      expect(unit.body.id).toBe(org[target].id);
      expect(staff.status).toBe(200);
    } else {
      expect(unit.status).toBe(403);
      expect(unit.body.code).toBe('access/forbidden');
      expect(staff.status).toBe(403);
      expect(staff.body.code).toBe('access/forbidden');
    }
  });

  it('limits a subtree listing to what the reader reaches', async () => {
    const official = people.get('official@d1')!;
    const list = await t.http().get(`/units/${org.d1.id}/subtree`).set(official.auth).expect(200);
    expect(list.body.map((u: { id: string }) => u.id)).toEqual([org.d1.id]);
    const leader = people.get('leader@d1')!;
    const all = await t.http().get(`/units/${org.d1.id}/subtree`).set(leader.auth).expect(200);
    expect(new Set(all.body.map((u: { id: string }) => u.id))).toEqual(
      new Set([org.d1.id, org.w1.id, org.w2.id, org.team1.id]),
    );
  });

  it('shows the chain above a unit, root first', async () => {
    const leader = people.get('leader@w1')!;
    const chain = await t.http().get(`/units/${org.team1.id}/ancestors`).set(leader.auth).expect(200);
    expect(chain.body.map((u: { id: string }) => u.id)).toEqual([
      org.city.id,
      org.d1.id,
      org.w1.id,
      org.team1.id,
    ]);
  });

  it("refuses another branch's person and allows one down the tree", async () => {
    const wardLeader = people.get('leader@w1')!;
    const w3Official = await person(t, [{ unit: org.w3, role: 'official' }]);
    const res = await t.http().get(`/people/${w3Official.id}`).set(wardLeader.auth).expect(403);
    expect(res.body.code).toBe('access/forbidden');
    const cityLeader = people.get('leader@city')!;
    await t.http().get(`/people/${w3Official.id}`).set(cityLeader.auth).expect(200);
  });

  it('refuses a malformed id with a field error', async () => {
    const res = await t.http().get('/units/not-a-uuid').set(people.get('leader@city')!.auth).expect(400);
    expect(res.body.code).toBe('request/validation_failed');
    expect(res.body.fields[0].field).toBe('id');
  });

  /**
   * The follow-up routes (issue 18) across units: each one for someone inside the item's reach
   * and for people outside it — a leader of another district's ward, an official of a sibling
   * ward. Outside, an item does not exist (404), and nothing is written.
   */
  it('keeps urging, signed decisions, signatures and evidence packages within the item’s reach', async () => {
    const chair = people.get('leader@d1')!;
    const wardLeader = people.get('leader@w1')!;
    const cityLeader = people.get('leader@city')!;
    const clerk = people.get('clerk@d1')!;
    const w3Leader = await person(t, [{ unit: org.w3, role: 'leader' }]);
    const w2Official = await person(t, [{ unit: org.w2, role: 'official' }]);
    const w3Clerk = await person(t, [{ unit: org.w3, role: 'clerk' }]);
    const outsiders = [w3Leader, w2Official];
    const d1 = await enrol(t, chair);
    const task = await assignOk(t, d1, assignment(d1, { unitId: org.w1.id }, { title: 'Việc của phường 1' }));
    const directive = (
      await postDirective(t, chair, {
        issuingUnitId: org.d1.id,
        subject: 'Chỉ đạo của quận 1',
        body: 'Các phường thực hiện.',
        targets: [{ unitId: org.w1.id }],
      }).expect(201)
    ).body as { id: string };
    const annotationContent = {
      kind: ANNOTATION_KIND,
      subject: { type: 'task', id: task.id },
      text: 'Phường khẩn trương thực hiện.',
      assignments: [],
      author: chair.id,
      issuedAt: new Date().toISOString(),
      nonce: newNonce(webcrypto),
    };
    const annotation = (
      await t
        .http()
        .post('/annotations')
        .set(chair.auth)
        .send({
          content: annotationContent,
          signature: await signContent(webcrypto.subtle, d1.keys.privateKey, annotationContent),
          certificateId: d1.certificateId,
        })
        .expect(201)
    ).body as { id: string };
    const doc = await registerIncomingOk<{ id: string; version: number }>(
      t,
      clerk,
      incomingDocument({ unitId: org.d1.id }),
    );
    await t
      .http()
      .post(`/documents/${doc.id}/route`)
      .set(clerk.auth)
      .send({ toUserId: chair.id, version: doc.version })
      .expect(200);
    const { caseId } = await taskLateTwice(t, {
      assigner: d1,
      lead: { unitId: org.w1.id },
      leadActor: wardLeader,
      title: 'Việc trễ hạn hai lần của phường 1',
    });
    // A unit-led task: the head one level up (the district's) decides its case.
    const decision = { decision: 'remind', note: 'Nhắc nhở.', version: 1 };
    const decided = await t
      .http()
      .post(`/discipline-cases/${caseId}/decision`)
      .set(chair.auth)
      .send(
        await signedDecision(
          await signerFor(t, chair),
          { type: 'discipline_case', id: caseId },
          'decide',
          decision,
        ),
      );
    expect(decided.status).toBe(200);

    const reads: [string, SignedIn][] = [
      [`/tasks/${task.id}/signatures`, wardLeader],
      [`/tasks/${task.id}/evidence`, cityLeader],
      [`/directives/${directive.id}/evidence`, chair],
      [`/annotations/${annotation.id}/evidence`, wardLeader],
      [`/discipline-cases/${caseId}/signature`, chair],
    ];
    for (const [path, insider] of reads) {
      expect({ path, status: (await t.http().get(path).set(insider.auth)).status }).toEqual({
        path,
        status: 200,
      });
      for (const outsider of outsiders)
        expect({
          path,
          who: outsider.username,
          code: codeOf(await t.http().get(path).set(outsider.auth)),
        }).toEqual({
          path,
          who: outsider.username,
          code: expect.stringMatching(/^404 /),
        });
    }

    // Writes: urging a task or a document, a signed decision — refused outside, nothing stored.
    for (const outsider of outsiders) {
      expect(
        codeOf(
          await t.http().post(`/tasks/${task.id}/urge`).set(outsider.auth).send({ note: 'Đôn đốc hộ.' }),
        ),
      ).toBe('404 task/not_found');
      expect(codeOf(await actOnTask(t, outsider, task.id, 'accept', { version: 1 }))).toBe(
        '404 task/not_found',
      );
    }
    expect(
      codeOf(
        await t.http().post(`/documents/${doc.id}/urge`).set(w3Clerk.auth).send({ note: 'Đôn đốc hộ.' }),
      ),
    ).toBe('404 document/not_found');
    const [stored]: { urged: number; decisions: number; exports: number }[] = await t.ds.query(
      `SELECT (SELECT urged_count FROM tasks WHERE id = $1) AS urged,
              (SELECT count(*)::int FROM signed_decisions WHERE subject_id = $1) AS decisions,
              (SELECT count(*)::int FROM audit_entries WHERE action = 'evidence.export' AND actor_id = ANY($2)) AS exports`,
      [task.id, outsiders.map((o) => o.id)],
    );
    expect(stored).toEqual({ urged: 0, decisions: 0, exports: 0 });
    // Inside: the assigner urges; the lead accepts, signed.
    await t
      .http()
      .post(`/tasks/${task.id}/urge`)
      .set(chair.auth)
      .send({ note: 'Đề nghị tiếp nhận.' })
      .expect(200);
    await actOnTask(t, wardLeader, task.id, 'accept', { version: 1 }).expect(200);
    await t
      .http()
      .post(`/documents/${doc.id}/urge`)
      .set(clerk.auth)
      .send({ note: 'Kính đề nghị cho ý kiến.' })
      .expect(200);
  });

  /**
   * Documents without paper (issue 19) across units: a draft, the issued document, its
   * deliveries and a secret one — for the people on them, and for a sibling ward, another
   * district and a person not named on a secret document. Outside: 404, and nothing in lists.
   */
  it('keeps drafts, signed documents, deliveries and secret documents within reach', async () => {
    const drafterD1 = people.get('official@d1')!;
    const chair = people.get('leader@d1')!;
    const clerkD1 = people.get('clerk@d1')!;
    const clerkW1 = people.get('clerk@w1')!;
    const w2Clerk = await person(t, [{ unit: org.w2, role: 'clerk' }]);
    const w3Leader = await person(t, [{ unit: org.w3, role: 'leader' }]);
    const d2Leader = await person(t, [{ unit: org.d2, role: 'leader' }]);
    const outsiders = [w2Clerk, w3Leader, d2Leader];
    const chairKey = await signerFor(t, chair);
    const issue = (secrecy: string) =>
      issueSignedDocument(t, {
        drafter: drafterD1,
        signer: chairKey,
        unitId: org.d1.id,
        recipients: [org.w1.id],
        subject: `Công văn ${secrecy} của quận 1`,
        secrecy,
      });
    const normal = await issue('normal');
    const secret = await issue('secret');
    const [arrival]: { id: string }[] = await t.ds.query(
      'SELECT id FROM document_deliveries WHERE document_id = $1 AND unit_id = $2',
      [normal, org.w1.id],
    );

    for (const outsider of outsiders) {
      const who = outsider.username;
      const code = async (req: PromiseLike<{ status: number; body: unknown }>) => codeOf(await req);
      expect({ who, code: await code(t.http().get(`/drafts/${normal}`).set(outsider.auth)) }).toEqual({
        who,
        code: '404 draft/not_found',
      });
      expect({
        who,
        code: await code(t.http().get(`/drafts/${normal}/signing-content`).set(outsider.auth)),
      }).toEqual({
        who,
        code: '404 draft/not_found',
      });
      expect({
        who,
        code: await code(t.http().get(`/drafts/choices?unitId=${org.d1.id}`).set(outsider.auth)),
      }).toEqual({
        who,
        code: '403 draft/unit_not_yours',
      });
      expect({
        who,
        code: await code(t.http().get(`/documents/${normal}/deliveries`).set(outsider.auth)),
      }).toEqual({
        who,
        code: '404 document/not_found',
      });
      expect({
        who,
        code: await code(t.http().get(`/documents/${normal}/signature`).set(outsider.auth)),
      }).toEqual({
        who,
        code: '404 document/not_found',
      });
      expect({
        who,
        code: await code(
          t.http().post(`/documents/${normal}/recall`).set(outsider.auth).send({ reason: 'Thu hồi hộ.' }),
        ),
      }).toEqual({
        who,
        code: '404 document/not_found',
      });
      for (const path of ['edxml', 'edxml-status', 'external-statuses'])
        expect({
          who,
          path,
          code: await code(t.http().get(`/documents/${normal}/${path}`).set(outsider.auth)),
        }).toEqual({
          who,
          path,
          code: '404 document/not_found',
        });
      expect({
        who,
        code: await code(t.http().post(`/arrivals/${arrival.id}/accept`).set(outsider.auth)),
      }).toEqual({
        who,
        code: expect.stringMatching(/^(404 document\/delivery_not_found|403 access\/forbidden)$/),
      });
      expect({ who, code: await code(t.http().get(`/documents/${secret}`).set(outsider.auth)) }).toEqual({
        who,
        code: '404 document/not_found',
      });
    }
    // Inside the district: the clerk reads the normal one and its deliveries, not the secret one, nor finds it listed.
    await t.http().get(`/documents/${normal}/deliveries`).set(clerkD1.auth).expect(200);
    expect(codeOf(await t.http().get(`/documents/${secret}`).set(clerkD1.auth))).toBe(
      '404 document/not_found',
    );
    const register = (
      await t
        .http()
        .get('/documents')
        .set(clerkD1.auth)
        .query({ direction: 'outgoing', unitId: org.d1.id })
        .expect(200)
    ).body as { items: { id: string }[] };
    expect(register.items.map((d) => d.id)).toContain(normal);
    expect(register.items.map((d) => d.id)).not.toContain(secret);
    // The ward it was sent to: its clerk sees it arrive, and accepts it.
    const inbox = (await t.http().get('/arrivals').set(clerkW1.auth).expect(200)).body as { id: string }[];
    expect(inbox.map((d) => d.id)).toContain(arrival.id);
    expect((await t.http().get('/arrivals').set(w2Clerk.auth).expect(200)).body).toEqual([]);
    await t.http().post(`/arrivals/${arrival.id}/accept`).set(clerkW1.auth).expect(200);
  });
});

/**
 * The same checks on the two-tier tree of local government since 1 July 2025 (no district),
 * the expected reach again written out by hand:
 *
 *   city ─┬─ dept
 *         ├─ w1 ── team1
 *         ├─ w2
 *         └─ w3
 */
describe('access by the org tree, two-tier (positions × units)', () => {
  const TWO_TIER_TARGETS = ['city', 'dept', 'w1', 'w2', 'w3', 'team1'] as const;
  type TwoTierTarget = (typeof TWO_TIER_TARGETS)[number];
  const AT = ['city', 'dept', 'w1'] as const;
  const TWO_TIER_SUBTREE: Record<(typeof AT)[number], TwoTierTarget[]> = {
    city: ['city', 'dept', 'w1', 'w2', 'w3', 'team1'],
    dept: ['dept'],
    w1: ['w1', 'team1'],
  };
  let t: TestApp;
  let org: TwoTierOrg;
  const people = new Map<string, SignedIn>();

  beforeAll(async () => {
    t = await startTestApp();
    org = await buildTwoTierOrg(t);
    for (const at of AT) {
      for (const role of ROLES) people.set(`${role}@${at}`, await person(t, [{ unit: org[at], role }]));
    }
  });
  afterAll(() => t.close());

  const cases = ROLES.flatMap((role) =>
    AT.flatMap((at) => TWO_TIER_TARGETS.map((target) => ({ role, at, target }))),
  );

  it.each(cases)('$role at $at reading $target', async ({ role, at, target }) => {
    const who = people.get(`${role}@${at}`)!;
    const allowed = (SUBTREE_ROLES.includes(role) ? TWO_TIER_SUBTREE[at] : [at]).includes(target);
    const unit = await t.http().get(`/units/${org[target].id}`).set(who.auth);
    const staff = await t.http().get(`/units/${org[target].id}/people`).set(who.auth);
    expect([unit.status, staff.status]).toEqual(allowed ? [200, 200] : [403, 403]);
    if (!allowed) expect(unit.body.code).toBe('access/forbidden');
    // Searching units by name or code answers only the units one may read.
    const found = await t.http().get('/units').set(who.auth).query({ q: org[target].code }).expect(200);
    expect(found.body.some((u: { id: string }) => u.id === org[target].id)).toBe(allowed);
  });

  it('shows the chain above a unit with no district in it, and the city’s subtree', async () => {
    const leader = people.get('leader@w1')!;
    const chain = await t.http().get(`/units/${org.team1.id}/ancestors`).set(leader.auth).expect(200);
    expect(chain.body.map((u: { id: string }) => u.id)).toEqual([org.city.id, org.w1.id, org.team1.id]);
    const cityLeader = people.get('leader@city')!;
    const all = await t.http().get(`/units/${org.city.id}/subtree`).set(cityLeader.auth).expect(200);
    expect(new Set(all.body.map((u: { id: string }) => u.id))).toEqual(
      new Set(TWO_TIER_TARGETS.map((target) => org[target].id)),
    );
  });

  it('keeps a ward’s work schedule from the sibling ward, and a draft from everyone but its editors', async () => {
    const w1Leader = people.get('leader@w1')!;
    const w2Leader = await person(t, [{ unit: org.w2, role: 'leader' }]);
    const cityOfficial = people.get('official@city')!;
    const week = '2027-W05';
    const draft = (
      await t.http().post('/schedules').set(w1Leader.auth).send({ unitId: org.w1.id, week }).expect(201)
    ).body as { id: string; version: number };
    const entries = [
      {
        startsAt: '2027-02-01T02:00:00.000Z',
        place: 'Trụ sở UBND phường',
        content: 'Giao ban phường',
        leaderIds: [w1Leader.id],
      },
    ];
    // Another unit's people: the draft does not exist for them, whatever they try.
    for (const outsider of [w2Leader, cityOfficial]) {
      await t.http().get(`/schedules/${draft.id}`).set(outsider.auth).expect(404);
      const put = await t
        .http()
        .put(`/schedules/${draft.id}/entries`)
        .set(outsider.auth)
        .send({ version: draft.version, entries });
      expect([put.status, put.body.code]).toEqual([404, 'schedule/not_found']);
      const publish = await t
        .http()
        .post(`/schedules/${draft.id}/publish`)
        .set(outsider.auth)
        .send({ version: draft.version });
      expect([publish.status, publish.body.code]).toEqual([404, 'schedule/not_found']);
      const create = await t
        .http()
        .post('/schedules')
        .set(outsider.auth)
        .send({ unitId: org.w1.id, week: '2027-W06' });
      expect([create.status, create.body.code]).toEqual([403, 'access/forbidden']);
    }
    const saved = await t
      .http()
      .put(`/schedules/${draft.id}/entries`)
      .set(w1Leader.auth)
      .send({ version: draft.version, entries })
      .expect(200);
    await t
      .http()
      .post(`/schedules/${draft.id}/publish`)
      .set(w1Leader.auth)
      .send({ version: saved.body.version })
      .expect(200);
    // Published: the city's leader above reads it; the sibling ward still does not.
    await t.http().get(`/schedules/${draft.id}`).set(people.get('leader@city')!.auth).expect(200);
    await t.http().get(`/schedules/${draft.id}`).set(w2Leader.auth).expect(404);
    await t.http().get(`/schedules/${draft.id}`).set(cityOfficial.auth).expect(404);
  });

  it('keeps a ward’s delegation from the sibling ward, the department and the city’s non-admins', async () => {
    const w1Leader = people.get('leader@w1')!;
    const w1Deputy = people.get('deputy_leader@w1')!;
    const [position]: { id: string }[] = await t.ds.query('SELECT id FROM positions WHERE user_id = $1', [
      w1Leader.id,
    ]);
    const endsAt = new Date(Date.now() + 7 * 86_400_000).toISOString();
    const given = (
      await t
        .http()
        .post('/delegations')
        .set(w1Leader.auth)
        .send({ positionId: position.id, delegateId: w1Deputy.id, form: 'Q', endsAt })
        .expect(201)
    ).body as { id: string; version: number };
    const w2Leader = await person(t, [{ unit: org.w2, role: 'leader' }]);
    for (const outsider of [w2Leader, people.get('leader@dept')!, people.get('official@city')!]) {
      const one = await t.http().get(`/delegations/${given.id}`).set(outsider.auth);
      expect([one.status, one.body.code]).toEqual([404, 'delegation/not_found']);
      const revoke = await t
        .http()
        .post(`/delegations/${given.id}/revoke`)
        .set(outsider.auth)
        .send({ version: given.version });
      expect([revoke.status, revoke.body.code]).toEqual([404, 'delegation/not_found']);
      const byUnit = await t.http().get(`/delegations?unitId=${org.w1.id}`).set(outsider.auth);
      expect([byUnit.status, byUnit.body.code]).toEqual([403, 'access/forbidden']);
      // Nobody delegates another's post, nor to someone outside their own reach.
      const steal = await t
        .http()
        .post('/delegations')
        .set(outsider.auth)
        .send({
          positionId: position.id,
          delegateId: outsider.id,
          form: 'TUQ',
          powers: ['task.assign'],
          endsAt,
        });
      expect([steal.status, steal.body.code]).toEqual([403, 'delegation/position_not_yours']);
    }
    const [w2Position]: { id: string }[] = await t.ds.query('SELECT id FROM positions WHERE user_id = $1', [
      w2Leader.id,
    ]);
    const across = await t
      .http()
      .post('/delegations')
      .set(w2Leader.auth)
      .send({
        positionId: w2Position.id,
        delegateId: w1Deputy.id,
        form: 'TUQ',
        powers: ['task.assign'],
        endsAt,
      });
    expect([across.status, across.body.code]).toEqual([422, 'delegation/delegate_outside_reach']);
    const outOfReach = await t
      .http()
      .post('/delegations')
      .set(w2Leader.auth)
      .send({
        positionId: w2Position.id,
        delegateId: w1Deputy.id,
        form: 'TUQ',
        powers: ['task.assign'],
        limitUnitId: org.w1.id,
        endsAt,
      });
    expect(outOfReach.status).toBe(422);
    // The city's admin sees it among the city's; the deputy sees it as theirs.
    const byAdmin = await t
      .http()
      .get(`/delegations?unitId=${org.city.id}`)
      .set(people.get('unit_admin@city')!.auth)
      .expect(200);
    expect(byAdmin.body.map((d: { id: string }) => d.id)).toContain(given.id);
    await t.http().get(`/delegations/${given.id}`).set(w1Deputy.auth).expect(200);
  });

  it('keeps a ward’s counter to the ward: its catalogue, its files and their personal data', async () => {
    const admin = people.get('unit_admin@w1')!;
    const procedure = (
      await t
        .http()
        .post('/one-stop/procedures')
        .set(admin.auth)
        .send({
          unitId: org.w1.id,
          code: '1.000656',
          name: 'Đăng ký thường trú',
          papers: [{ name: 'Tờ khai thay đổi thông tin cư trú', original: true, copies: 1 }],
          processingDays: 7,
          steps: [{ name: 'Công an phường thẩm định', unitId: org.w1.id, role: 'official', days: 7 }],
        })
        .expect(201)
    ).body as { id: string; papers: object[] };
    const file = (
      await t
        .http()
        .post('/one-stop/files')
        .set(people.get('official@w1')!.auth)
        .send({
          procedureId: procedure.id,
          applicant: { fullName: 'Phạm Văn Hùng', phone: '0912345678' },
          papers: procedure.papers,
        })
        .expect(201)
    ).body as { id: string };
    const w2Clerk = await person(t, [{ unit: org.w2, role: 'clerk' }]);
    const w2Admin = await person(t, [{ unit: org.w2, role: 'unit_admin' }]);
    const status = async (who: SignedIn, method: 'get' | 'post' | 'put', path: string, body?: object) =>
      (await t.http()[method](path).set(who.auth).send(body)).status;
    // Receiving: the procedure does not exist for another unit's counter (404); a leader
    // receives nowhere (403).
    const outsiders: [SignedIn, string, number][] = [
      [w2Clerk, 'clerk@w2', 404],
      [people.get('official@dept')!, 'official@dept', 404],
      [people.get('leader@dept')!, 'leader@dept', 403],
    ];
    for (const [who, name, receiving] of outsiders) {
      expect([name, await status(who, 'get', `/one-stop/files/${file.id}`)]).toEqual([name, 404]);
      expect([name, await status(who, 'get', `/one-stop/files?unitId=${org.w1.id}`)]).toEqual([name, 403]);
      expect([
        name,
        await status(who, 'post', '/one-stop/files', {
          procedureId: procedure.id,
          applicant: { fullName: 'Người ngoài', phone: '0912345679' },
          papers: procedure.papers,
        }),
      ]).toEqual([name, receiving]);
      for (const [move, body] of [
        ['step-done', { version: 1 }],
        ['request-papers', { version: 1, reason: 'Thiếu giấy tờ' }],
        [
          'apology',
          { version: 1, explanation: 'Chậm', apology: 'Xin lỗi công dân', newAppointment: '2030-01-02' },
        ],
      ] as const)
        expect([name, move, await status(who, 'post', `/one-stop/files/${file.id}/${move}`, body)]).toEqual([
          name,
          move,
          404,
        ]);
      for (const move of ['papers-received', 'hand-back'])
        expect([
          name,
          move,
          await status(who, 'post', `/one-stop/files/${file.id}/${move}`, { version: 1 }),
        ]).toEqual([name, move, receiving]);
    }
    const period = `from=${new Date(Date.now() - 86_400_000).toISOString()}&to=${new Date(Date.now() + 86_400_000).toISOString()}`;
    // The figures and their exports (libs/reporting) answer to the same permission.
    for (const path of ['/one-stop/figures', '/reports/one-stop.csv', '/reports/one-stop.xlsx']) {
      for (const [who, name] of outsiders.map(([w, n]) => [w, n] as const))
        expect([name, path, await status(who, 'get', `${path}?unitId=${org.w1.id}&${period}`)]).toEqual([
          name,
          path,
          403,
        ]);
      expect(await status(people.get('leader@city')!, 'get', `${path}?unitId=${org.w1.id}&${period}`)).toBe(
        200,
      );
    }
    expect(await status(w2Clerk, 'get', `/one-stop/procedures?unitId=${org.w1.id}`)).toBe(403);
    expect(await status(w2Clerk, 'get', `/one-stop/procedures/${procedure.id}`)).toBe(404);
    expect(
      await status(w2Admin, 'put', `/one-stop/procedures/${procedure.id}`, {
        name: 'Đổi bởi phường khác',
        papers: procedure.papers,
        processingDays: 7,
        steps: [{ name: 'x', unitId: org.w2.id, role: 'official', days: 1 }],
        active: true,
        version: 1,
      }),
    ).toBe(403);
    // Inside: the ward's people and the leaders above read the file with its personal data.
    for (const who of ['official@w1', 'clerk@w1', 'leader@w1', 'leader@city'])
      expect([who, await status(people.get(who)!, 'get', `/one-stop/files/${file.id}`)]).toEqual([who, 200]);
  });

  it('lets only the admin over both ends merge or rename units: a ward’s admin and the city’s leaders are refused', async () => {
    const body = { kind: 'merge', sourceIds: [org.w2.id], target: { unitId: org.w1.id } };
    const rename = { kind: 'rename', sourceIds: [org.w2.id], rename: { name: 'Phường Đổi Tên' } };
    for (const who of ['unit_admin@w1', 'unit_admin@dept', 'leader@city', 'leader@w1']) {
      for (const path of ['/reorganisations/preview', '/reorganisations']) {
        for (const sent of [body, rename]) {
          const res = await t.http().post(path).set(people.get(who)!.auth).send(sent);
          expect([who, path, sent.kind, res.status, res.body.code]).toEqual([
            who,
            path,
            sent.kind,
            403,
            'access/forbidden',
          ]);
        }
      }
      const list = await t
        .http()
        .get('/reorganisations')
        .set(people.get(who)!.auth)
        .query({ unitId: org.w2.id });
      expect([who, list.status]).toEqual([who, 403]);
    }
    // The city's admin may: the dry run answers, and changes nothing.
    const preview = await t
      .http()
      .post('/reorganisations/preview')
      .set(people.get('unit_admin@city')!.auth)
      .send(body)
      .expect(200);
    expect(preview.body.dryRun).toBe(true);
    const [{ active }] = await t.ds.query('SELECT active FROM org_units WHERE id = $1', [org.w2.id]);
    expect(active).toBe(true);
  });

  it('lets the city assign a ward directly, and keeps the task from the sibling ward and the department', async () => {
    const city = await enrol(t, people.get('leader@city')!);
    const task = await assignOk(
      t,
      city,
      assignment(city, { unitId: org.w1.id }, { title: 'Việc của phường 1' }),
    );
    await t.http().get(`/tasks/${task.id}`).set(people.get('leader@w1')!.auth).expect(200);
    const w2Leader = await person(t, [{ unit: org.w2, role: 'leader' }]);
    for (const outsider of [w2Leader, people.get('leader@dept')!]) {
      const res = await t.http().get(`/tasks/${task.id}`).set(outsider.auth).expect(404);
      expect(res.body.code).toBe('task/not_found');
    }
  });
});
