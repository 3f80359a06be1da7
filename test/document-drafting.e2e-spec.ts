import type { FeedEnvelope } from '@lt/realtime';
import { createHash, webcrypto } from 'node:crypto';
import { newNonce, signContent } from '../libs/signing/src/client/content-signer';
import { ANNOTATION_KIND } from '@lt/annotations';
import { actOnTask, signedDecision } from './support/decisions';
import { verifyBundleOffline } from './support/offline-verify';
import { enrol, Signer } from './support/signing';
import { connect, nextEvent } from './support/sockets';
import { addUnit, buildOrg, codeOf, Org, person, SignedIn, startTestApp, TestApp } from './support/test-app';

interface Draft {
  id: string;
  state: string;
  version: number;
  round: number;
  versions: { number: number; note: string | null }[];
  reviews: {
    round: number;
    seq: number;
    reviewer: { id: string };
    state: string;
    comment: string | null;
    signed: boolean;
  }[];
  attachments: { id: string; sha256: string }[];
  allowedActions: string[];
  documentId: string | null;
}

/**
 * Documents without paper, first part (issue 19 points 1–2): an official drafts an outgoing
 * document; it goes through the review chain the drafter picks (each decision signed); the
 * signer signs the final content — with the SHA-256 of its body and files — in the form that
 * fits, and only then is it numbered in the outgoing register and issued, never to change.
 */
describe('drafting, review and signing of outgoing documents (e2e)', () => {
  let t: TestApp;
  let org: Org;
  let drafter: SignedIn;
  let officeHead: SignedIn; // reviews first
  let chair: SignedIn; // head of the district
  let deputy: SignedIn; // signs KT.
  let cityLeader: SignedIn;
  let outsider: SignedIn;
  let deputySigner: Signer;
  const sockets: { disconnect(): unknown }[] = [];

  beforeAll(async () => {
    t = await startTestApp({ REALTIME_POLL_MS: '50', LOG_LEVEL: 'error' });
    org = await buildOrg(t);
    drafter = await person(t, [{ unit: org.d1, role: 'official' }]);
    officeHead = await person(t, [{ unit: org.d1, role: 'official' }]);
    chair = await person(t, [{ unit: org.d1, role: 'leader', title: 'Chủ tịch' }]);
    deputy = await person(t, [{ unit: org.d1, role: 'deputy_leader', title: 'Phó Chủ tịch' }]);
    cityLeader = await person(t, [{ unit: org.city, role: 'leader' }]);
    outsider = await person(t, [{ unit: org.w3, role: 'leader' }]);
    deputySigner = await enrol(t, deputy);
  });
  afterAll(async () => {
    sockets.forEach((s) => s.disconnect());
    await t.close();
  });

  const content = (overrides: Record<string, unknown> = {}) => ({
    typeName: 'Kế hoạch',
    codeNotation: 'KH-UBND',
    subject: 'Kế hoạch phòng, chống bão và mưa lớn năm 2027',
    body: 'Căn cứ Luật Phòng, chống thiên tai; Ủy ban nhân dân quận ban hành kế hoạch như sau: …',
    priority: 1,
    secrecy: 'normal',
    recipients: {
      units: [org.w1.id, org.w2.id],
      organs: [{ organId: '000.00.00.H17', organName: 'Sở Nội vụ' }],
    },
    signerId: deputy.id,
    signingForm: 'KT',
    ...overrides,
  });
  const draftOk = async (body: Record<string, unknown> = content(), who = drafter) => {
    const res = await t
      .http()
      .post('/drafts')
      .set(who.auth)
      .send({ unitId: org.d1.id, ...body });
    if (res.status !== 201) throw new Error(`${res.status} ${JSON.stringify(res.body)}`);
    return res.body as Draft;
  };
  const get = async (who: SignedIn, id: string) =>
    (await t.http().get(`/drafts/${id}`).set(who.auth).expect(200)).body as Draft;
  const review = async (who: SignedIn, id: string, fields: Record<string, unknown>) => {
    const signer = await enrolOnce(who);
    return t
      .http()
      .post(`/drafts/${id}/review`)
      .set(who.auth)
      .send(await signedDecision(signer, { type: 'document_draft', id }, 'review', fields));
  };
  const signers = new Map<string, Signer>();
  const enrolOnce = async (who: SignedIn) => {
    if (who.id === deputy.id) return deputySigner;
    if (!signers.has(who.id)) signers.set(who.id, await enrol(t, who));
    return signers.get(who.id)!;
  };
  /** The signer fetches what to sign, signs it and sends it back. */
  const sign = async (signer: Signer, id: string, tamper?: (document: Record<string, unknown>) => void) => {
    const document = (await t.http().get(`/drafts/${id}/signing-content`).set(signer.who.auth).expect(200))
      .body as Record<string, unknown>;
    tamper?.(document);
    const signed = {
      kind: 'lien-thong/document@1',
      document,
      signer: signer.who.id,
      issuedAt: new Date().toISOString(),
      nonce: newNonce(webcrypto),
    };
    return t
      .http()
      .post(`/drafts/${id}/sign`)
      .set(signer.who.auth)
      .send({
        content: signed,
        signature: await signContent(webcrypto.subtle, signer.keys.privateKey, signed),
        certificateId: signer.certificateId,
      });
  };

  it('drafts, keeps versions, goes through the chain (return, forward, approve — each signed), is signed KT. and numbered', async () => {
    const file = Buffer.from('%PDF-1.7\nPhụ lục kế hoạch\n');
    const upload = (
      await t
        .http()
        .post('/files')
        .set(drafter.auth)
        .attach('file', Buffer.concat([file, Buffer.alloc(400, 65)]), 'phu-luc.pdf')
        .expect(201)
    ).body as { id: string; sha256: string };
    let draft = await draftOk(content({ attachmentIds: [upload.id] }));
    expect(draft).toMatchObject({
      state: 'drafting',
      round: 0,
      versions: [{ number: 1 }],
      allowedActions: ['revise', 'submit'],
    });
    draft = (
      await t
        .http()
        .put(`/drafts/${draft.id}`)
        .set(drafter.auth)
        .send({
          ...content({ body: 'Nội dung đã sửa theo góp ý của phòng.' }),
          version: draft.version,
          note: 'Sửa mục 2.',
        })
        .expect(200)
    ).body as Draft;
    expect(draft.versions.map((v) => [v.number, v.note])).toEqual([
      [1, null],
      [2, 'Sửa mục 2.'],
    ]);
    // A stale version is refused.
    expect(
      codeOf(
        await t
          .http()
          .put(`/drafts/${draft.id}`)
          .set(drafter.auth)
          .send({ ...content(), version: 1 }),
      ),
    ).toBe('409 request/conflict_version');

    const officeSocket = await connect(t.url, officeHead.token);
    sockets.push(officeSocket);
    const toReview = nextEvent<FeedEnvelope>(
      officeSocket,
      'feed.event',
      (e) => e.name === 'document.draft_changed',
    );
    draft = (
      await t
        .http()
        .post(`/drafts/${draft.id}/submit`)
        .set(drafter.auth)
        .send({ reviewers: [officeHead.id, chair.id], version: draft.version })
        .expect(200)
    ).body as Draft;
    expect(draft).toMatchObject({ state: 'in_review', round: 1 });
    expect(((await toReview).payload as { change: string }).change).toBe('submitted');
    // Not the chairman's turn yet; not editable while in review.
    expect(codeOf(await review(chair, draft.id, { decision: 'approve', version: draft.version }))).toBe(
      '403 draft/not_your_turn',
    );
    expect(
      codeOf(
        await t
          .http()
          .put(`/drafts/${draft.id}`)
          .set(drafter.auth)
          .send({ ...content(), version: draft.version }),
      ),
    ).toBe('409 draft/not_editable');
    // The office head returns it with comments: back to the drafter, who revises and submits again.
    const returned = await review(officeHead, draft.id, {
      decision: 'return',
      comment: 'Bổ sung phụ lục kinh phí.',
      version: draft.version,
    });
    expect(returned.status).toBe(200);
    draft = returned.body as Draft;
    expect(draft).toMatchObject({ state: 'drafting', allowedActions: [] });
    draft = await get(drafter, draft.id);
    expect(draft.allowedActions).toEqual(['revise', 'submit']);
    draft = (
      await t
        .http()
        .put(`/drafts/${draft.id}`)
        .set(drafter.auth)
        .send({
          ...content({ body: 'Đã bổ sung phụ lục kinh phí.' }),
          version: draft.version,
          note: 'Theo ý kiến Chánh Văn phòng.',
        })
        .expect(200)
    ).body as Draft;
    draft = (
      await t
        .http()
        .post(`/drafts/${draft.id}/submit`)
        .set(drafter.auth)
        .send({ reviewers: [officeHead.id, chair.id], version: draft.version })
        .expect(200)
    ).body as Draft;
    expect(draft.round).toBe(2);
    draft = (
      await review(officeHead, draft.id, { decision: 'approve', version: draft.version }).then((r) => r)
    ).body as Draft;
    // The chairman forwards it to the city first; the city leader approves; then it goes to the signer.
    draft = (
      await review(chair, draft.id, {
        decision: 'forward',
        forwardTo: cityLeader.id,
        comment: 'Xin ý kiến thành phố.',
        version: draft.version,
      })
    ).body as Draft;
    expect(draft.state).toBe('in_review');
    draft = (
      await review(cityLeader, draft.id, { decision: 'approve', comment: 'Đồng ý.', version: draft.version })
    ).body as Draft;
    expect(draft.state).toBe('approved');
    expect(draft.reviews.map((r) => [r.round, r.reviewer.id, r.state, r.signed])).toEqual([
      [1, officeHead.id, 'returned', true],
      [1, chair.id, 'pending', false],
      [2, officeHead.id, 'approved', true],
      [2, chair.id, 'forwarded', true],
      [2, cityLeader.id, 'approved', true],
    ]);
    expect(draft.versions).toHaveLength(3);

    // The chairman is not the signer; the deputy signs KT. what the server shows him.
    expect(codeOf(await sign(await enrolOnce(chair), draft.id))).toBe('403 draft/not_signer');
    const toSign = (await t.http().get(`/drafts/${draft.id}/signing-content`).set(deputy.auth).expect(200))
      .body as {
      bodySha256: string;
      attachments: { id: string; sha256: string }[];
      signatureBlock: string[];
    };
    expect(toSign.bodySha256).toBe(createHash('sha256').update('Đã bổ sung phụ lục kinh phí.').digest('hex'));
    expect(toSign.attachments).toEqual([expect.objectContaining({ id: upload.id, sha256: upload.sha256 })]);
    expect(toSign.signatureBlock).toEqual(['KT. CHỦ TỊCH', 'PHÓ CHỦ TỊCH', expect.any(String)]);
    // Signing something else than the draft is refused; nothing is issued.
    expect(codeOf(await sign(deputySigner, draft.id, (d) => (d.subject = 'Một trích yếu khác')))).toBe(
      '422 draft/signed_content_mismatch',
    );
    const signed = await sign(deputySigner, draft.id);
    expect(signed.status).toBe(200);
    const documentId = (signed.body as { documentId: string }).documentId;
    expect(documentId).toBe(draft.id);
    const doc = (await t.http().get(`/documents/${documentId}`).set(chair.auth).expect(200)).body as Record<
      string,
      unknown
    >;
    expect(doc).toMatchObject({
      direction: 'outgoing',
      state: 'issued',
      registerNumber: 1,
      codeNumber: '1',
      codeNotation: 'KH-UBND',
      subject: 'Kế hoạch phòng, chống bão và mưa lớn năm 2027',
      body: 'Đã bổ sung phụ lục kinh phí.',
      signingForm: 'KT',
      attachments: [expect.objectContaining({ id: upload.id })],
    });
    // The document's trail tells how it came to be: each version with its note, each decision
    // with its comment, then its numbering at signing.
    const trail = (await t.http().get(`/documents/${documentId}/trail`).set(chair.auth).expect(200)).body as {
      kind: string;
      decision: string | null;
      text: string | null;
      by: { id: string } | null;
    }[];
    expect(trail.map((s) => [s.kind, s.decision, s.text, s.by?.id])).toEqual([
      ['drafted', '1', null, drafter.id],
      ['drafted', '2', 'Sửa mục 2.', drafter.id],
      ['reviewed', 'returned', 'Bổ sung phụ lục kinh phí.', officeHead.id],
      ['drafted', '3', 'Theo ý kiến Chánh Văn phòng.', drafter.id],
      ['reviewed', 'approved', null, officeHead.id],
      ['reviewed', 'forwarded', 'Xin ý kiến thành phố.', chair.id],
      ['reviewed', 'approved', 'Đồng ý.', cityLeader.id],
      ['registered', null, expect.stringMatching(/^1 · 1\/KH-UBND$/), expect.any(String)],
    ]);
    // The signature verifies with openssl alone.
    const bundle = (await t.http().get(`/documents/${documentId}/signature`).set(chair.auth).expect(200))
      .body as Record<string, string>;
    expect(verifyBundleOffline(bundle)).toMatchObject({
      chainValid: true,
      signatureValid: true,
      tamperedValid: false,
    });
    // Signed once: signing again is refused; the document never changes, even by SQL.
    const retried = await sign(deputySigner, draft.id);
    expect(codeOf(retried)).toBe('409 draft/already_issued');
    expect((retried.body as { details: { documentId: string } }).details.documentId).toBe(documentId);
    await expect(
      t.ds.query(`UPDATE documents SET subject = 'Sửa sau khi ký' WHERE id = $1`, [documentId]),
    ).rejects.toThrow(/a signed document never changes/);
    await expect(t.ds.query('DELETE FROM documents WHERE id = $1', [documentId])).rejects.toThrow(
      /never changes/,
    );

    // The next one signed takes the next number.
    const second = await draftOk(
      content({ subject: 'Thông báo lịch tiếp công dân', signerId: chair.id, signingForm: 'own' }),
    );
    await t
      .http()
      .post(`/drafts/${second.id}/submit`)
      .set(drafter.auth)
      .send({ reviewers: [], version: second.version })
      .expect(200);
    expect((await sign(await enrolOnce(chair), second.id)).status).toBe(200);
    const next = (await t.http().get(`/documents/${second.id}`).set(chair.auth).expect(200)).body as {
      registerNumber: number;
    };
    expect(next.registerNumber).toBe(2);
  });

  it('checks the signing form against the signer’s position, and refuses TUQ. without a delegation', async () => {
    expect(
      codeOf(
        await t
          .http()
          .post('/drafts')
          .set(drafter.auth)
          .send({ unitId: org.d1.id, ...content({ signingForm: 'TUQ' }) }),
      ),
    ).toBe('422 draft/signing_form_needs_delegation');
    // A deputy cannot sign in his own name (only the head does).
    const own = await draftOk(content({ signingForm: 'own' }));
    await t
      .http()
      .post(`/drafts/${own.id}/submit`)
      .set(drafter.auth)
      .send({ reviewers: [], version: own.version })
      .expect(200);
    expect(codeOf(await sign(deputySigner, own.id))).toBe('403 draft/signing_form_not_allowed');
    expect((await get(drafter, own.id)).state).toBe('approved');
    // TL.: by the head of the unit's office, a unit under it.
    const office = await addUnit(t, 'department', `Văn phòng ${Date.now()}`, org.d1);
    const officeLeader = await person(t, [{ unit: office, role: 'leader', title: 'Chánh Văn phòng' }]);
    const tl = await draftOk(content({ signerId: officeLeader.id, signingForm: 'TL' }));
    await t
      .http()
      .post(`/drafts/${tl.id}/submit`)
      .set(drafter.auth)
      .send({ reviewers: [], version: tl.version })
      .expect(200);
    const tlContent = (
      await t.http().get(`/drafts/${tl.id}/signing-content`).set(officeLeader.auth).expect(200)
    ).body as {
      signatureBlock: string[];
    };
    expect(tlContent.signatureBlock.slice(0, 2)).toEqual(['TL. CHỦ TỊCH', 'CHÁNH VĂN PHÒNG']);
    expect((await sign(await enrol(t, officeLeader), tl.id)).status).toBe(200);
  });

  it('shows a draft only to the people on it, a secret document only to them, and refuses bad input', async () => {
    const secret = await draftOk(
      content({
        secrecy: 'secret',
        subject: 'Phương án bảo vệ mục tiêu trọng điểm',
        signerId: chair.id,
        signingForm: 'own',
      }),
    );
    for (const who of [outsider, cityLeader, officeHead])
      expect(codeOf(await t.http().get(`/drafts/${secret.id}`).set(who.auth))).toBe('404 draft/not_found');
    await t
      .http()
      .post(`/drafts/${secret.id}/submit`)
      .set(drafter.auth)
      .send({ reviewers: [], version: secret.version })
      .expect(200);
    expect((await sign(await enrolOnce(chair), secret.id)).status).toBe(200);
    // Issued and secret: the district clerk, who reads the district's register, does not see it.
    const clerk = await person(t, [{ unit: org.d1, role: 'clerk' }]);
    expect(codeOf(await t.http().get(`/documents/${secret.id}`).set(clerk.auth))).toBe(
      '404 document/not_found',
    );
    const register = (
      await t
        .http()
        .get('/documents')
        .set(clerk.auth)
        .query({ direction: 'outgoing', unitId: org.d1.id })
        .expect(200)
    ).body as { items: { id: string }[] };
    expect(register.items.map((d) => d.id)).not.toContain(secret.id);
    const search = (
      await t.http().get('/search').set(clerk.auth).query({ q: 'mục tiêu trọng điểm' }).expect(200)
    ).body as {
      hits?: { id: string }[];
      items?: { id: string }[];
    };
    expect(JSON.stringify(search)).not.toContain(secret.id);
    // Those named on it find it.
    const named = await t
      .http()
      .get('/search')
      .set(chair.auth)
      .query({ q: 'mục tiêu trọng điểm' })
      .expect(200);
    expect(JSON.stringify(named.body)).toContain(secret.id);
    await t.http().get(`/documents/${secret.id}`).set(chair.auth).expect(200);
    await t.http().get(`/documents/${secret.id}`).set(drafter.auth).expect(200);

    // Bad input: refused with the field, nothing stored.
    const bad = [
      [{ ...content(), recipients: { units: [], organs: [] } }, '422 draft/no_recipients'],
      [
        { ...content(), recipients: { units: ['00000000-0000-4000-8000-000000000000'], organs: [] } },
        '422 draft/recipient_not_found',
      ],
      [{ ...content(), signerId: drafter.id }, '422 draft/signer_not_leader'],
      [{ ...content(), secrecy: 'rất mật' }, '400 request/validation_failed'],
      [{ ...content(), priority: 9 }, '400 request/validation_failed'],
      [
        { ...content(), recipients: { units: [], organs: [{ organId: 'x', organName: 'Sở' }] } },
        '400 request/validation_failed',
      ],
      [{ ...content(), subject: '  ' }, '400 request/validation_failed'],
    ] as const;
    for (const [body, code] of bad)
      expect(
        codeOf(
          await t
            .http()
            .post('/drafts')
            .set(drafter.auth)
            .send({ unitId: org.d1.id, ...body }),
        ),
      ).toBe(code);
    expect(
      codeOf(
        await t
          .http()
          .post('/drafts')
          .set(outsider.auth)
          .send({ unitId: org.d1.id, ...content() }),
      ),
    ).toBe('403 draft/unit_not_yours');
    const reviewers = await draftOk();
    expect(
      codeOf(
        await t
          .http()
          .post(`/drafts/${reviewers.id}/submit`)
          .set(drafter.auth)
          .send({ reviewers: [outsider.id], version: reviewers.version }),
      ),
    ).toBe('422 draft/reviewer_not_found');
    expect(
      codeOf(
        await t
          .http()
          .post(`/drafts/${reviewers.id}/submit`)
          .set(drafter.auth)
          .send({ reviewers: [chair.id, chair.id], version: reviewers.version }),
      ),
    ).toBe('422 draft/reviewer_twice');
    expect(
      codeOf(
        await t
          .http()
          .post(`/drafts/${reviewers.id}/submit`)
          .set(officeHead.auth)
          .send({ reviewers: [], version: 1 }),
      ),
    ).toBe('404 draft/not_found');
  });

  it('answers a retried draft with the same Idempotency-Key with the first one, and refuses the key for another', async () => {
    const body = { unitId: org.d1.id, ...content({ subject: `Dự thảo gửi lại ${Date.now()}` }) };
    const post = (b: object) =>
      t.http().post('/drafts').set(drafter.auth).set('Idempotency-Key', 'du-thao-gui-lai-1').send(b);
    const first = (await post(body).expect(201)).body as Draft;
    const again = (await post(body).expect(201)).body as Draft;
    expect(again.id).toBe(first.id);
    const [{ n }]: { n: number }[] = await t.ds.query(
      'SELECT count(*)::int AS n FROM document_drafts WHERE id = $1',
      [first.id],
    );
    expect(n).toBe(1);
    expect(codeOf(await post({ ...body, subject: 'Một dự thảo khác hẳn' }))).toBe(
      '409 draft/idempotency_conflict',
    );
  });

  it('lets one of two concurrent decisions on the same step win; the other is refused and leaves nothing', async () => {
    const draft = await draftOk();
    const submitted = (
      await t
        .http()
        .post(`/drafts/${draft.id}/submit`)
        .set(drafter.auth)
        .send({ reviewers: [officeHead.id], version: draft.version })
        .expect(200)
    ).body as Draft;
    const [a, b] = await Promise.all([
      review(officeHead, draft.id, { decision: 'approve', version: submitted.version }),
      review(officeHead, draft.id, { decision: 'return', comment: 'Trả lại.', version: submitted.version }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const after = await get(drafter, draft.id);
    expect(after.reviews.filter((r) => r.state !== 'waiting' && r.state !== 'pending')).toHaveLength(1);
    const [{ count }]: { count: number }[] = await t.ds.query(
      `SELECT count(*)::int AS count FROM signed_decisions WHERE subject_id = $1`,
      [draft.id],
    );
    expect(count).toBe(1);
  });

  it('delivers an issued document into each recipient unit’s inbox; the sender follows 01–06 live; a recall freezes it', async () => {
    const clerkW1 = await person(t, [{ unit: org.w1, role: 'clerk' }]);
    const clerkW2 = await person(t, [{ unit: org.w2, role: 'clerk' }]);
    const clerkW3 = await person(t, [{ unit: org.w3, role: 'clerk' }]);
    const w1Leader = await person(t, [{ unit: org.w1, role: 'leader' }]);
    const teamLeader = await person(t, [{ unit: org.team1, role: 'leader' }]);
    const clerkSocket = await connect(t.url, clerkW1.token);
    const drafterSocket = await connect(t.url, drafter.token);
    sockets.push(clerkSocket, drafterSocket);
    const file = (
      await t
        .http()
        .post('/files')
        .set(drafter.auth)
        .attach('file', Buffer.from('Nội dung phụ lục\n'.repeat(20)), 'phu-luc.txt')
        .expect(201)
    ).body as { id: string };
    const draft = await draftOk(
      content({ subject: 'Kế hoạch kiểm tra phòng cháy các chợ', attachmentIds: [file.id] }),
    );
    await t
      .http()
      .post(`/drafts/${draft.id}/submit`)
      .set(drafter.auth)
      .send({ reviewers: [], version: draft.version })
      .expect(200);
    const arrived = nextEvent<FeedEnvelope>(clerkSocket, 'feed.event', (e) => e.name === 'document.arrived');
    expect((await sign(deputySigner, draft.id)).status).toBe(200);
    expect(((await arrived).payload as { document: { id: string } }).document.id).toBe(draft.id);
    type Delivery = {
      id: string;
      unit: { id: string };
      status: string;
      incoming: { id: string; registerNumber: number } | null;
    };
    const statuses = async () =>
      (
        (await t.http().get(`/documents/${draft.id}/deliveries`).set(drafter.auth).expect(200))
          .body as Delivery[]
      ).map((d) => [d.unit.id, d.status]);
    expect(await statuses()).toEqual(
      expect.arrayContaining([
        [org.w1.id, '01'],
        [org.w2.id, '01'],
      ]),
    );
    const inbox = (await t.http().get('/arrivals').set(clerkW1.auth).expect(200)).body as Delivery[];
    const mine = inbox.find(
      (d) =>
        d.unit.id === org.w1.id && (d as unknown as { document: { id: string } }).document.id === draft.id,
    )!;
    // Another ward's clerk cannot take it.
    expect(codeOf(await t.http().post(`/arrivals/${mine.id}/accept`).set(clerkW3.auth))).toBe(
      '404 document/delivery_not_found',
    );
    const heard = nextEvent<FeedEnvelope>(
      drafterSocket,
      'feed.event',
      (e) => e.name === 'document.delivery_status',
    );
    const accepted = (await t.http().post(`/arrivals/${mine.id}/accept`).set(clerkW1.auth).expect(200))
      .body as Delivery;
    expect(accepted).toMatchObject({ status: '03', incoming: { registerNumber: expect.any(Number) } });
    expect(((await heard).payload as { status: string }).status).toBe('03');
    expect(codeOf(await t.http().post(`/arrivals/${mine.id}/accept`).set(clerkW1.auth))).toBe(
      '409 document/delivery_decided',
    );
    const w2Arrival = (
      (await t.http().get('/arrivals').set(clerkW2.auth).expect(200)).body as (Delivery & {
        document: { id: string };
      })[]
    ).find((d) => d.document.id === draft.id)!;
    expect(codeOf(await t.http().post(`/arrivals/${w2Arrival.id}/refuse`).set(clerkW2.auth).send({}))).toBe(
      '400 request/validation_failed',
    );
    await t
      .http()
      .post(`/arrivals/${w2Arrival.id}/refuse`)
      .set(clerkW2.auth)
      .send({ reason: 'Không thuộc phạm vi của phường.' })
      .expect(200);

    // In ward 1's incoming register, with the sender's files; routed (04), annotated with a task (05), handled (06).
    const incomingId = accepted.incoming!.id;
    const incoming = (await t.http().get(`/documents/${incomingId}`).set(clerkW1.auth).expect(200)).body as {
      direction: string;
      organName: string;
      version: number;
      attachments: { id: string }[];
    };
    expect(incoming).toMatchObject({
      direction: 'incoming',
      attachments: [expect.objectContaining({ id: file.id })],
    });
    await t.http().get(`/documents/${incomingId}/attachments/${file.id}`).set(clerkW1.auth).expect(200);
    await t
      .http()
      .post(`/documents/${incomingId}/route`)
      .set(clerkW1.auth)
      .send({ toUserId: w1Leader.id, version: incoming.version })
      .expect(200);
    expect(await statuses()).toEqual(
      expect.arrayContaining([
        [org.w1.id, '04'],
        [org.w2.id, '02'],
      ]),
    );
    const w1Signer = await enrol(t, w1Leader);
    const annotation = {
      kind: ANNOTATION_KIND,
      subject: { type: 'document', id: incomingId },
      text: 'Giao tổ công tác kiểm tra, báo cáo.',
      assignments: [
        {
          title: 'Kiểm tra phòng cháy chợ Hàn',
          lead: { unitId: org.team1.id },
          coordinators: [],
          informed: [],
          deadline: new Date(Date.now() + 3 * 86_400_000).toISOString(),
          priority: 1,
        },
      ],
      author: w1Leader.id,
      issuedAt: new Date().toISOString(),
      nonce: newNonce(webcrypto),
    };
    const annotated = (
      await t
        .http()
        .post('/annotations')
        .set(w1Leader.auth)
        .send({
          content: annotation,
          signature: await signContent(webcrypto.subtle, w1Signer.keys.privateKey, annotation),
          certificateId: w1Signer.certificateId,
        })
        .expect(201)
    ).body as { tasks: { id: string }[] };
    expect(await statuses()).toEqual(expect.arrayContaining([[org.w1.id, '05']]));
    const taskId = annotated.tasks[0].id;
    await actOnTask(t, teamLeader, taskId, 'accept', { version: 1 }).expect(200);
    await actOnTask(t, teamLeader, taskId, 'submit', { version: 2, text: 'Đã kiểm tra xong.' }).expect(200);
    await actOnTask(t, w1Leader, taskId, 'complete', { version: 3 }).expect(200);
    expect(await statuses()).toEqual(expect.arrayContaining([[org.w1.id, '06']]));

    // Recall: frozen at the sender and at the recipient; the trail stays.
    expect(
      codeOf(
        await t.http().post(`/documents/${draft.id}/recall`).set(drafter.auth).send({ reason: 'Nhầm.' }),
      ),
    ).toBe('403 document/recall_not_allowed');
    await t
      .http()
      .post(`/documents/${draft.id}/recall`)
      .set(deputy.auth)
      .send({ reason: 'Ban hành nhầm đối tượng.' })
      .expect(204);
    expect(
      ((await t.http().get(`/documents/${draft.id}`).set(chair.auth).expect(200)).body as { state: string })
        .state,
    ).toBe('recalled');
    const frozen = (await t.http().get(`/documents/${incomingId}`).set(clerkW1.auth).expect(200)).body as {
      state: string;
      version: number;
    };
    expect(frozen.state).toBe('recalled');
    expect(
      codeOf(
        await t
          .http()
          .post(`/documents/${incomingId}/route`)
          .set(clerkW1.auth)
          .send({ toUserId: w1Leader.id, version: frozen.version }),
      ),
    ).toBe('409 document/recalled');
    expect(
      codeOf(
        await t.http().post(`/documents/${draft.id}/recall`).set(deputy.auth).send({ reason: 'Lần nữa.' }),
      ),
    ).toBe('409 document/recalled');
    const trail: { action: string }[] = await t.ds.query(
      `SELECT action FROM audit_entries WHERE subject_id = $1 ORDER BY at, seq`,
      [draft.id],
    );
    expect(trail.map((e) => e.action)).toEqual(
      expect.arrayContaining([
        'document.draft',
        'document.sign',
        'document.refuse_delivery',
        'document.recall',
      ]),
    );
  });
});
