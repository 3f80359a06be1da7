import { ANNOTATION_KIND } from '@lt/annotations';
import { verifyAuditChains } from '@lt/audit';
import { webcrypto } from 'node:crypto';
import { newNonce, signContent } from '../libs/signing/src/client/content-signer';
import type { LtClientSocket } from '../libs/realtime/src/client/feed-client';
import { Sent } from './support/decisions';
import { submittedDraft } from './support/documents';
import { assign, assignment, enrol, Signer } from './support/signing';
import { connect, feedOf, waitFor } from './support/sockets';
import {
  addUnit,
  buildTwoTierOrg,
  codeOf,
  person,
  postDirective,
  SignedIn,
  startTestApp,
  TestApp,
  TwoTierOrg,
} from './support/test-app';

/**
 * Delegation of authority (ủy quyền) over real HTTP, sockets and signatures, on the two-tier
 * tree: the chairman makes a deputy acting chairman (Q.) in two clicks, hands the head of the
 * office named powers (TUQ.), and everything the delegates do names both people — in the
 * record, the signed bytes and the audit chain — until the end date or a revocation.
 *
 *   city ─┬─ dept (the office)
 *         ├─ w1 ── team1
 *         ├─ w2
 *         └─ w3
 */
describe('delegation of authority (e2e)', () => {
  let t: TestApp;
  let org: TwoTierOrg;
  let chairman: SignedIn;
  let deputy: SignedIn;
  let deputy2: SignedIn;
  let officeHead: SignedIn; // leader of the office (a department under the city)
  let wardChair: SignedIn;
  let wardOfficial: SignedIn;
  let stranger: SignedIn; // chairman of another city
  let admin: SignedIn; // unit admin of the city
  let cityClerk: SignedIn;
  let officeSigner: Signer;
  let chairmanPosition: string;
  const sockets: LtClientSocket[] = [];
  const DAY = 86_400_000;
  const inDays = (days: number) => new Date(Date.now() + days * DAY).toISOString();

  beforeAll(async () => {
    t = await startTestApp({ REALTIME_POLL_MS: '50' });
    org = await buildTwoTierOrg(t);
    chairman = await person(t, [{ unit: org.city, role: 'leader', title: 'Chủ tịch UBND thành phố' }]);
    deputy = await person(t, [
      { unit: org.city, role: 'deputy_leader', title: 'Phó Chủ tịch UBND thành phố' },
    ]);
    deputy2 = await person(t, [{ unit: org.city, role: 'deputy_leader' }]);
    officeHead = await person(t, [{ unit: org.dept, role: 'leader', title: 'Chánh Văn phòng' }]);
    wardChair = await person(t, [{ unit: org.w1, role: 'leader' }]);
    wardOfficial = await person(t, [{ unit: org.w1, role: 'official' }]);
    admin = await person(t, [{ unit: org.city, role: 'unit_admin' }]);
    cityClerk = await person(t, [{ unit: org.city, role: 'clerk' }]);
    const otherCity = await addUnit(t, 'city', 'Thành phố Khác', null);
    stranger = await person(t, [{ unit: otherCity, role: 'leader' }]);
    officeSigner = await enrol(t, officeHead);
    const [row]: { id: string }[] = await t.ds.query('SELECT id FROM positions WHERE user_id = $1', [
      chairman.id,
    ]);
    chairmanPosition = row.id;
  });
  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    await t.close();
  });

  const give = (who: SignedIn, body: object) => t.http().post('/delegations').set(who.auth).send(body);
  const revoke = (who: SignedIn, id: string, version: number) =>
    t.http().post(`/delegations/${id}/revoke`).set(who.auth).send({ version, reason: 'Chủ tịch đã trở lại' });
  const directive = (who: SignedIn) =>
    postDirective(t, who, {
      issuingUnitId: org.city.id,
      targets: [{ unitId: org.w1.id }],
      subject: 'Triển khai phương án ứng phó bão số 12',
      body: 'Các phường triển khai ngay phương án sơ tán dân.',
    });
  const auditOf = async (subjectId: string, action: string) =>
    (
      await t.ds.query(
        `SELECT actor_id AS "actorId", on_behalf_of_id AS "onBehalfOfId", delegation_id AS "delegationId"
           FROM audit_entries WHERE subject_id = $1 AND action = $2`,
        [subjectId, action],
      )
    )[0] as { actorId: string; onBehalfOfId: string | null; delegationId: string | null };

  it('makes a deputy acting chairman in two clicks: the deputy is offered first, and publishes the schedule as Q.', async () => {
    const socket = await connect(t.url, deputy.token);
    sockets.push(socket);
    const events = feedOf(socket).events;
    // Before: publishing the city's schedule is the head's alone.
    const draft = await t
      .http()
      .post('/schedules')
      .set(deputy.auth)
      .send({ unitId: org.city.id, week: '2030-W10' })
      .expect(201);
    const saved = await t
      .http()
      .put(`/schedules/${draft.body.id}/entries`)
      .set(deputy.auth)
      .send({
        version: draft.body.version,
        entries: [
          {
            startsAt: '2030-03-05T02:00:00.000Z',
            place: 'Phòng họp số 1',
            content: 'Họp giao ban tuần',
            leaderIds: [deputy.id],
          },
        ],
      })
      .expect(200);
    expect(
      codeOf(
        await t
          .http()
          .post(`/schedules/${draft.body.id}/publish`)
          .set(deputy.auth)
          .send({ version: saved.body.version }),
      ),
    ).toBe('403 schedule/not_head');

    // Click one: the form's choices, deputies first. Click two: give Q. to the first.
    const choices = (await t.http().get('/delegations/choices').set(chairman.auth).expect(200)).body as {
      positionId: string;
      head: boolean;
      powers: string[];
      candidates: { id: string; deputy: boolean }[];
    }[];
    expect(choices).toHaveLength(1);
    expect(choices[0]).toMatchObject({ positionId: chairmanPosition, head: true });
    expect(choices[0].powers).toHaveLength(6);
    expect(choices[0].candidates.slice(0, 2).every((c) => c.deputy)).toBe(true);
    expect(choices[0].candidates.map((c) => c.id)).toEqual(
      expect.arrayContaining([deputy.id, officeHead.id]),
    );
    const given = await give(chairman, {
      positionId: choices[0].positionId,
      delegateId: deputy.id,
      form: 'Q',
      endsAt: inDays(30),
      reason: 'Chủ tịch đi công tác nước ngoài',
    }).expect(201);
    expect(given.body).toMatchObject({
      form: 'Q',
      status: 'running',
      delegator: { id: chairman.id },
      delegate: { id: deputy.id },
      mayRevoke: true,
    });
    expect(given.body.powers).toHaveLength(6);
    await waitFor(() => events.some((e) => e.name === 'delegation.given'));

    const published = await t
      .http()
      .post(`/schedules/${draft.body.id}/publish`)
      .set(deputy.auth)
      .send({ version: saved.body.version })
      .expect(200);
    expect(published.body.state).toBe('published');
    expect(await auditOf(draft.body.id, 'schedule.publish')).toEqual({
      actorId: deputy.id,
      onBehalfOfId: chairman.id,
      delegationId: given.body.id,
    });
    // The delegate sees it among theirs.
    const mine = (await t.http().get('/delegations').set(deputy.auth).expect(200)).body as { id: string }[];
    expect(mine.map((d) => d.id)).toContain(given.body.id);
  });

  it('allows one acting head at a time: an overlapping Q. is 409, two racing gifts give one 201 and one 409', async () => {
    const again = await give(chairman, {
      positionId: chairmanPosition,
      delegateId: deputy2.id,
      form: 'Q',
      startsAt: inDays(10),
      endsAt: inDays(40),
    });
    expect(codeOf(again)).toBe('409 delegation/overlap');
    const later = { positionId: chairmanPosition, form: 'Q', startsAt: inDays(60), endsAt: inDays(70) };
    const both = await Promise.all([
      give(chairman, { ...later, delegateId: deputy.id }),
      give(chairman, { ...later, delegateId: deputy2.id }),
    ]);
    expect(both.map((r) => r.status).sort()).toEqual([201, 409]);
    const scheduled = both.find((r) => r.status === 201)!.body as { status: string };
    expect(scheduled.status).toBe('scheduled');
  });

  it('issues a directive thừa ủy quyền: the record, the list and the audit name both', async () => {
    expect(codeOf(await directive(officeHead))).toBe('403 access/forbidden');
    const given = await give(chairman, {
      positionId: chairmanPosition,
      delegateId: officeHead.id,
      form: 'TUQ',
      powers: ['directive.issue'],
      endsAt: inDays(7),
    }).expect(201);
    const issued = await directive(officeHead).expect(201);
    expect(issued.body).toMatchObject({
      signer: { id: officeHead.id },
      onBehalfOf: { id: chairman.id, fullName: 'Nguyễn Văn Thử' },
    });
    expect(await auditOf(issued.body.id, 'directive.issue')).toEqual({
      actorId: officeHead.id,
      onBehalfOfId: chairman.id,
      delegationId: given.body.id,
    });
    const listed = (await t.http().get(`/directives/${issued.body.id}`).set(officeHead.auth).expect(200))
      .body as {
      onBehalfOf: { id: string } | null;
    };
    expect(listed.onBehalfOf?.id).toBe(chairman.id);

    // Revoked: refused at once; revoking again is 409; only the delegator or an admin revokes.
    expect(codeOf(await revoke(deputy, given.body.id, given.body.version))).toBe('404 delegation/not_found');
    expect(codeOf(await revoke(officeHead, given.body.id, given.body.version))).toBe(
      '403 delegation/not_revoker',
    );
    expect(codeOf(await revoke(chairman, given.body.id, given.body.version + 5))).toBe(
      '409 request/conflict_version',
    );
    const revoked = await revoke(chairman, given.body.id, given.body.version).expect(200);
    expect(revoked.body).toMatchObject({ status: 'revoked', mayRevoke: false });
    expect(codeOf(await directive(officeHead))).toBe('403 access/forbidden');
    expect(codeOf(await revoke(chairman, given.body.id, revoked.body.version))).toBe(
      '409 delegation/already_ended',
    );
  });

  it('annotates thừa ủy quyền: the annotation, the follow-up list, the signed bytes and the audit name both', async () => {
    const issued = await directive(chairman).expect(201);
    const given = await give(chairman, {
      positionId: chairmanPosition,
      delegateId: deputy2.id,
      form: 'TUQ',
      powers: ['annotation.write'],
      endsAt: inDays(7),
    }).expect(201);
    const signer = await enrol(t, deputy2);
    const annotate = (actingFor: object | null, text: string) => new Sent(signAndPost(actingFor, text));
    const signAndPost = async (actingFor: object | null, text: string) => {
      const content = {
        kind: ANNOTATION_KIND,
        subject: { type: 'directive', id: issued.body.id },
        text,
        assignments: [
          {
            title: 'Báo cáo kết quả sơ tán',
            lead: { unitId: org.w1.id },
            coordinators: [],
            informed: [],
            deadline: inDays(3),
            priority: 2,
          },
        ],
        author: deputy2.id,
        issuedAt: new Date().toISOString(),
        nonce: newNonce(webcrypto),
        ...(actingFor ? { actingFor } : {}),
      };
      return t
        .http()
        .post('/annotations')
        .set(deputy2.auth)
        .send({
          content,
          signature: await signContent(webcrypto.subtle, signer.keys.privateKey, content),
          certificateId: signer.certificateId,
        });
    };
    const actingFor = { delegationId: given.body.id, delegatorId: chairman.id };
    const signed = await annotate(actingFor, 'Phường báo cáo ngay kết quả sơ tán.').expect(201);
    expect(signed.body.onBehalfOf).toEqual({ id: chairman.id, fullName: 'Nguyễn Văn Thử' });
    // In one's own right (a deputy annotates too): nobody else is named.
    const own = await annotate(null, 'Lưu ý an toàn cho lực lượng xung kích.').expect(201);
    expect(own.body.onBehalfOf).toBeNull();
    const read = await t.http().get(`/annotations/${signed.body.id}`).set(chairman.auth).expect(200);
    expect(read.body.onBehalfOf?.id).toBe(chairman.id);
    const followUp = (await t.http().get('/annotations/follow-up').set(deputy2.auth).expect(200)).body as {
      items: { id: string; onBehalfOf: { id: string } | null }[];
    };
    const item = (id: string) => followUp.items.find((i) => i.id === id);
    expect(item(signed.body.id)?.onBehalfOf?.id).toBe(chairman.id);
    expect(item(own.body.id)?.onBehalfOf).toBeNull();
    const [signature]: { canonical: Buffer }[] = await t.ds.query(
      'SELECT canonical FROM signatures WHERE id = $1',
      [signed.body.signatureId],
    );
    expect(signature.canonical.toString('utf8')).toContain(`"delegatorId":"${chairman.id}"`);
    expect(await auditOf(signed.body.id, 'annotation.sign')).toEqual({
      actorId: deputy2.id,
      onBehalfOfId: chairman.id,
      delegationId: given.body.id,
    });
    await revoke(chairman, given.body.id, given.body.version).expect(200);
    expect(codeOf(await annotate(actingFor, 'Sau khi thu hồi ủy quyền.'))).toBe('403 delegation/not_running');
  });

  it('signs task assignments thừa ủy quyền inside the delegation’s unit only; the signed bytes name the delegator', async () => {
    const given = await give(chairman, {
      positionId: chairmanPosition,
      delegateId: officeHead.id,
      form: 'TUQ',
      powers: ['task.assign'],
      limitUnitId: org.w1.id,
      endsAt: inDays(7),
    }).expect(201);
    const actingFor = { delegationId: given.body.id, delegatorId: chairman.id };
    const ok = await assign(t, officeSigner, assignment(officeSigner, { unitId: org.w1.id }, { actingFor }));
    expect(ok.status).toBe(201);
    expect(ok.body.assigner).toMatchObject({
      id: officeHead.id,
      unitId: org.city.id,
      onBehalfOf: { id: chairman.id },
    });
    const read = (await t.http().get(`/tasks/${ok.body.id}`).set(officeHead.auth).expect(200)).body as {
      assigner: { onBehalfOf: { id: string } | null };
    };
    expect(read.assigner.onBehalfOf?.id).toBe(chairman.id);
    // The task list filters on it: the assigner's own list, thừa ủy quyền or not.
    const listed = async (delegated: string) =>
      (
        (
          await t
            .http()
            .get('/tasks')
            .set(officeHead.auth)
            .query({ scope: 'assigned', delegated })
            .expect(200)
        ).body as { items: { id: string }[] }
      ).items.map((x) => x.id);
    expect(await listed('true')).toContain(ok.body.id);
    expect(await listed('false')).not.toContain(ok.body.id);
    const [signature]: { canonical: Buffer }[] = await t.ds.query(
      'SELECT canonical FROM signatures WHERE id = $1',
      [ok.body.signatureId],
    );
    expect(signature.canonical.toString('utf8')).toContain(`"delegatorId":"${chairman.id}"`);
    expect(await auditOf(ok.body.id, 'task.assign')).toMatchObject({ onBehalfOfId: chairman.id });

    // Outside the delegation's unit, though inside the chairman's reach.
    expect(
      codeOf(await assign(t, officeSigner, assignment(officeSigner, { unitId: org.w2.id }, { actingFor }))),
    ).toBe('403 task/assignee_outside_reach');
    // A delegation not carrying the power, or naming someone else as delegator.
    expect(
      codeOf(
        await assign(
          t,
          officeSigner,
          assignment(
            officeSigner,
            { unitId: org.w1.id },
            { actingFor: { ...actingFor, delegatorId: deputy.id } },
          ),
        ),
      ),
    ).toBe('403 delegation/not_running');
  });

  it('signs a document TUQ.: refused without a delegation, then issued with both names in what was signed', async () => {
    const draftBody = {
      unitId: org.city.id,
      typeName: 'Công văn',
      codeNotation: 'UBND-VP',
      subject: 'Về việc triển khai ứng phó bão',
      body: 'Đề nghị các phường triển khai.',
      priority: 0,
      secrecy: 'normal',
      recipients: { units: [org.w1.id], organs: [] },
      signerId: officeHead.id,
      signingForm: 'TUQ',
    };
    expect(codeOf(await t.http().post('/drafts').set(cityClerk.auth).send(draftBody))).toBe(
      '422 draft/signing_form_needs_delegation',
    );
    await give(chairman, {
      positionId: chairmanPosition,
      delegateId: officeHead.id,
      form: 'TUQ',
      powers: ['document.sign'],
      endsAt: inDays(7),
    }).expect(201);
    const draft = await submittedDraft(t, {
      drafter: cityClerk,
      signerId: officeHead.id,
      unitId: org.city.id,
      recipients: [org.w1.id],
      signingForm: 'TUQ',
    });
    const document = (
      await t.http().get(`/drafts/${draft.id}/signing-content`).set(officeHead.auth).expect(200)
    ).body as { signatureBlock: string[]; onBehalfOf: { id: string } };
    expect(document.signatureBlock).toEqual([
      'TUQ. CHỦ TỊCH UBND THÀNH PHỐ',
      'CHÁNH VĂN PHÒNG',
      'Nguyễn Văn Thử',
    ]);
    expect(document.onBehalfOf.id).toBe(chairman.id);
    const content = {
      kind: 'lien-thong/document@1',
      document,
      signer: officeHead.id,
      issuedAt: new Date().toISOString(),
      nonce: newNonce(webcrypto),
    };
    await t
      .http()
      .post(`/drafts/${draft.id}/sign`)
      .set(officeHead.auth)
      .send({
        content,
        signature: await signContent(webcrypto.subtle, officeSigner.keys.privateKey, content),
        certificateId: officeSigner.certificateId,
      })
      .expect(200);
    expect(await auditOf(draft.id, 'document.sign')).toMatchObject({
      actorId: officeHead.id,
      onBehalfOfId: chairman.id,
    });
  });

  it('refuses what would exceed the delegator: other people’s posts, re-delegation, powers not held, outside the reach', async () => {
    const base = {
      positionId: chairmanPosition,
      form: 'TUQ',
      powers: ['annotation.write'],
      endsAt: inDays(5),
    };
    expect(codeOf(await give(chairman, { ...base, delegateId: stranger.id }))).toBe(
      '422 delegation/delegate_outside_reach',
    );
    expect(
      codeOf(
        await give(chairman, {
          ...base,
          delegateId: wardChair.id,
          limitUnitId: (await addUnit(t, 'city', 'Thành phố Ba', null)).id,
        }),
      ),
    ).toBe('403 delegation/unit_outside_reach');
    expect(codeOf(await give(chairman, { ...base, delegateId: chairman.id }))).toBe('422 delegation/self');
    expect(codeOf(await give(wardChair, { ...base, delegateId: wardOfficial.id }))).toBe(
      '403 delegation/position_not_yours',
    );
    // The head of the office holds the chairman's post by delegation (above): not his to hand on.
    expect(codeOf(await give(officeHead, { ...base, delegateId: wardChair.id }))).toBe(
      '403 delegation/not_redelegable',
    );
    // The acting chairman (Q. above) holds the chairman's post only by delegation: he cannot hand it on.
    expect(codeOf(await give(deputy, { ...base, delegateId: deputy2.id }))).toBe(
      '403 delegation/not_redelegable',
    );
    const [officialPosition]: { id: string }[] = await t.ds.query(
      'SELECT id FROM positions WHERE user_id = $1',
      [wardOfficial.id],
    );
    expect(
      codeOf(
        await give(wardOfficial, { ...base, positionId: officialPosition.id, delegateId: wardChair.id }),
      ),
    ).toBe('422 delegation/power_not_held');
    const [deputyPosition]: { id: string }[] = await t.ds.query(
      'SELECT id FROM positions WHERE user_id = $1',
      [deputy.id],
    );
    // A deputy hands on what a deputy holds, never the head's signature.
    expect(
      codeOf(
        await give(deputy, {
          ...base,
          positionId: deputyPosition.id,
          powers: ['document.sign'],
          delegateId: officeHead.id,
        }),
      ),
    ).toBe('422 delegation/power_not_held');
    expect(
      codeOf(
        await give(chairman, {
          ...base,
          form: 'Q',
          powers: undefined,
          delegateId: officeHead.id,
          startsAt: inDays(100),
          endsAt: inDays(101),
        }),
      ),
    ).toBe('422 delegation/acting_needs_deputy');
    expect(codeOf(await give(chairman, { ...base, delegateId: wardChair.id, endsAt: inDays(-1) }))).toBe(
      '422 delegation/period_invalid',
    );
    expect(codeOf(await give(chairman, { ...base, delegateId: wardChair.id, endsAt: inDays(400) }))).toBe(
      '422 delegation/period_invalid',
    );
    expect(
      codeOf(await give(chairman, { ...base, delegateId: wardChair.id, powers: ['budget.spend'] })),
    ).toBe('400 request/validation_failed');
    expect(codeOf(await give(chairman, { ...base, delegateId: wardChair.id, powers: undefined }))).toBe(
      '400 delegation/powers_required',
    );
    expect(codeOf(await give(chairman, { ...base, delegateId: wardChair.id, endsAt: undefined }))).toBe(
      '400 request/validation_failed',
    );
    expect(codeOf(await give(chairman, { ...base, delegateId: 'not-a-uuid' }))).toBe(
      '400 request/validation_failed',
    );
  });

  it('ends at its end date: a delegation run out is refused with a clear error', async () => {
    const given = await give(chairman, {
      positionId: chairmanPosition,
      delegateId: wardChair.id,
      form: 'TUQ',
      powers: ['task.assign'],
      endsAt: new Date(Date.now() + 1500).toISOString(),
    }).expect(201);
    const wardSigner = await enrol(t, wardChair);
    await new Promise((resolve) => setTimeout(resolve, 1800));
    const actingFor = { delegationId: given.body.id, delegatorId: chairman.id };
    expect(
      codeOf(await assign(t, wardSigner, assignment(wardSigner, { unitId: org.w2.id }, { actingFor }))),
    ).toBe('403 delegation/not_running');
    const seen = (await t.http().get(`/delegations/${given.body.id}`).set(wardChair.auth).expect(200))
      .body as {
      status: string;
      mayRevoke: boolean;
    };
    expect(seen).toMatchObject({ status: 'ended' });
  });

  it('is seen by its two people and the admin over the unit, by nobody else; the audit chains still verify', async () => {
    const list = (await t.http().get(`/delegations?unitId=${org.city.id}`).set(admin.auth).expect(200))
      .body as {
      id: string;
    }[];
    expect(list.length).toBeGreaterThan(3);
    expect(codeOf(await t.http().get(`/delegations?unitId=${org.city.id}`).set(deputy.auth))).toBe(
      '403 access/forbidden',
    );
    expect(codeOf(await t.http().get(`/delegations/${list[0].id}`).set(stranger.auth))).toBe(
      '404 delegation/not_found',
    );
    expect((await t.http().get('/delegations').set(stranger.auth).expect(200)).body).toEqual([]);
    const report = await verifyAuditChains(t.ds);
    expect(report.breaks).toEqual([]);
  });
});
