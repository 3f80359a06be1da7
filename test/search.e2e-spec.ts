import { assignment, assignOk, enrol } from './support/signing';
import { buildOrg, Org, person, postDirective, SignedIn, startTestApp, TestApp } from './support/test-app';
import { incomingDocument, registerIncomingOk } from './support/documents';
import { DOCUMENT_SEARCH_TEXT } from '@lt/documents';

interface Hit {
  type: string;
  id: string;
  title: string;
  snippet: string;
  channelId: string | null;
}

describe('search across everything a person may read (e2e)', () => {
  let t: TestApp;
  let org: Org;
  let leaderD1: SignedIn;
  let clerkD1: SignedIn;
  let leaderW1: SignedIn;
  let officialW1: SignedIn;
  let officialW3: SignedIn;
  const marker = `kt${Date.now().toString(36)}`;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    t = await startTestApp({ LOG_LEVEL: 'error' });
    org = await buildOrg(t);
    leaderD1 = await person(t, [{ unit: org.d1, role: 'leader' }]);
    clerkD1 = await person(t, [{ unit: org.d1, role: 'clerk' }]);
    leaderW1 = await person(t, [{ unit: org.w1, role: 'leader' }]);
    officialW1 = await person(t, [{ unit: org.w1, role: 'official' }]);
    officialW3 = await person(t, [{ unit: org.w3, role: 'official' }]);

    const directive = await postDirective(t, leaderD1, {
      issuingUnitId: org.d1.id,
      targets: [{ unitId: org.w1.id }],
      subject: `Đẩy nhanh tiến độ giải ngân vốn đầu tư công ${marker}`,
      body: 'Các phường báo cáo hằng tuần.',
    }).expect(201);
    ids.directive = directive.body.id;
    const signer = await enrol(t, leaderD1, org.d1.id);
    ids.task = (
      await assignOk(
        t,
        signer,
        assignment(signer, { unitId: org.w1.id }, { title: `Báo cáo tiến độ giải phóng mặt bằng ${marker}` }),
      )
    ).id;
    const document = await registerIncomingOk(
      t,
      clerkD1,
      incomingDocument({
        codeNumber: '77',
        codeNotation: `UBND-${marker}`,
        subject: `Về tiến độ thu phí vệ sinh môi trường ${marker}`,
        priority: 0,
      }),
    );
    ids.document = document.id;
    const channels = (await t.http().get('/chat/channels').set(officialW1.auth).expect(200)).body as {
      id: string;
      unit: { id: string } | null;
    }[];
    const channel = channels.find((c) => c.unit?.id === org.w1.id)!;
    const message = await t
      .http()
      .post(`/chat/channels/${channel.id}/messages`)
      .set(officialW1.auth)
      .send({ body: `Đã cập nhật TIẾN ĐỘ lên hệ thống ${marker}` })
      .expect(201);
    ids.message = message.body.id;
  });
  afterAll(() => t.close());

  const search = async (who: SignedIn, q: string, types?: string) => {
    const r = await t
      .http()
      .get('/search')
      .query(types ? { q, types } : { q })
      .set(who.auth)
      .expect(200);
    return r.body as Hit[];
  };
  const found = async (who: SignedIn, q = `tien do ${marker}`) =>
    (await search(who, q)).map((h) => `${h.type}:${h.id}`).sort();

  it('finds, without diacritics, exactly what each person may read', async () => {
    const all = {
      directive: `directive:${ids.directive}`,
      task: `task:${ids.task}`,
      document: `document:${ids.document}`,
      message: `message:${ids.message}`,
    };
    // The district's leader signed the directive, assigned the task, reads the district's register;
    // the ward's channel is its people's only.
    expect(await found(leaderD1)).toEqual([all.directive, all.document, all.task].sort());
    // The ward's leader received the directive, leads the task through the ward, is in its channel.
    expect(await found(leaderW1)).toEqual([all.directive, all.message, all.task].sort());
    // An official of the ward: the directive reached them, the channel is theirs; the task is the leaders'.
    expect(await found(officialW1)).toEqual([all.directive, all.message].sort());
    // Another district's ward finds nothing of it.
    expect(await found(officialW3)).toEqual([]);
  });

  it('matches with or without marks and case, and shows the text around the match as written', async () => {
    const hits = await search(leaderW1, `TIẾN ĐỘ ${marker}`, 'message');
    expect(hits).toHaveLength(1);
    expect(hits[0]).toMatchObject({ type: 'message', snippet: `Đã cập nhật TIẾN ĐỘ lên hệ thống ${marker}` });
    expect(hits[0].channelId).toEqual(expect.any(String));
    expect((await search(leaderD1, `giai ngan ${marker}`, 'directive,task')).map((h) => h.id)).toEqual([
      ids.directive,
    ]);
    expect(await search(leaderD1, `giai ngan ${marker}`, 'briefing')).toEqual([]);
  });

  it('finds a document by any of its metadata fields and its text, in search and in the register', async () => {
    const field = `tr${Date.now().toString(36)}`;
    const doc = await registerIncomingOk(
      t,
      clerkD1,
      incomingDocument({
        codeNumber: '5',
        codeNotation: 'SNV-XDCQ',
        organName: 'Sở Nội vụ tỉnh Quảng Nam',
        organId: '000.00.00.H49',
        typeName: 'Tờ trình',
        subject: `Về việc sắp xếp đơn vị hành chính ${field}`,
        signerName: 'Lê Thị Hồng Ánh',
        signerPosition: 'Phó Giám đốc',
        description: 'Kèm bản đồ địa giới hành chính',
        priority: 0,
      }),
    );
    // Each field alone (with the marker to keep it to this document), written without marks.
    for (const q of [
      'le thi hong anh',
      'pho giam doc',
      'ban do dia gioi',
      'to trinh',
      '000.00.00.H49',
      'quang nam',
    ]) {
      const hits = await search(leaderD1, `${q} ${field}`, 'document');
      expect({ q, ids: hits.map((h) => h.id) }).toEqual({ q, ids: [doc.id] });
      const register = (
        await t
          .http()
          .get('/documents')
          .query({ direction: 'incoming', unitId: org.d1.id, q })
          .set(clerkD1.auth)
          .expect(200)
      ).body as { items: { id: string }[] };
      expect({ q, listed: register.items.map((d) => d.id) }).toEqual({
        q,
        listed: expect.arrayContaining([doc.id]),
      });
    }
    // Still only what one may read: another district's ward finds nothing.
    expect(await search(officialW3, `le thi hong anh ${field}`, 'document')).toEqual([]);
    // The index serves the search: with sequential scans off, the planner can use it only if
    // its expression is exactly the query's.
    const runner = t.ds.createQueryRunner();
    try {
      await runner.query('SET enable_seqscan = off');
      const plan = JSON.stringify(
        await runner.query(
          `EXPLAIN (FORMAT JSON) SELECT id FROM documents d WHERE to_tsvector('simple', ${DOCUMENT_SEARCH_TEXT})
             @@ websearch_to_tsquery('simple', lt_fold('le thi hong anh'))`,
        ),
      );
      expect(plan).toContain('documents_search_idx');
    } finally {
      await runner.release();
    }
  });

  it('refuses a query too short or of an unknown kind', async () => {
    const bad = (query: Record<string, string>) => t.http().get('/search').query(query).set(leaderD1.auth);
    expect((await bad({ q: 'a' })).body.code).toBe('search/query_invalid');
    expect((await bad({ q: 'tien do', types: 'secrets' })).status).toBe(400);
    expect((await bad({ q: 'x'.repeat(201) })).status).toBe(400);
    expect((await t.http().get('/search').query({ q: 'tien do' })).status).toBe(401);
  });
});
