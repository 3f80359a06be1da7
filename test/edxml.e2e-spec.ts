import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ViewLog } from '@lt/views';
import type { Test } from 'supertest';
import { issueSignedDocument } from './support/documents';
import { agency, Agency, EC, field, fields, signAsAgency } from './support/edxml';
import { enrol, Signer } from './support/signing';
import { buildOrg, codeOf, Org, person, SignedIn, startTestApp, TestApp } from './support/test-app';

/** The XML signature element, prefixed (xmldsigjs) or not (ours). */
const SIGNATURE = /<(?:ds:)?Signature[ >][\s\S]*<\/(?:ds:)?Signature>/;

const QUANG_NAM = { organId: '000.00.00.H49', organName: 'Sở Nội vụ tỉnh Quảng Nam' };

/**
 * A package written by hand from QCVN 102:2016's field list (REFERENCE.md), not by our
 * exporter: every MessageHeader field, a trace, a manifest with one attachment.
 */
function handWrittenPackage(
  to: { organId: string; organName: string },
  overrides: { subject?: string } = {},
) {
  const report = Buffer.from('Báo cáo kết quả sắp xếp đơn vị hành chính cấp xã năm 2025.\n', 'utf8');
  return {
    report,
    xml: `<?xml version="1.0" encoding="UTF-8"?>
<edXML:edXMLEnvelope xmlns:edXML="http://www.mic.gov.vn/TBT/QCVN_102_2016">
  <edXML:edXMLHeader>
    <edXML:MessageHeader>
      <edXML:From>
        <edXML:OrganId>${QUANG_NAM.organId}</edXML:OrganId>
        <edXML:OrganizationInCharge>Ủy ban nhân dân tỉnh Quảng Nam</edXML:OrganizationInCharge>
        <edXML:OrganName>${QUANG_NAM.organName}</edXML:OrganName>
        <edXML:OrganAdd>62 Hùng Vương, Tam Kỳ</edXML:OrganAdd>
        <edXML:Email>snv@quangnam.gov.vn</edXML:Email>
      </edXML:From>
      <edXML:To>
        <edXML:OrganId>${to.organId}</edXML:OrganId>
        <edXML:OrganName>${to.organName}</edXML:OrganName>
      </edXML:To>
      <edXML:Code>
        <edXML:CodeNumber>1234</edXML:CodeNumber>
        <edXML:CodeNotation>SNV-XDCQ</edXML:CodeNotation>
      </edXML:Code>
      <edXML:PromulgationInfo>
        <edXML:Place>Quảng Nam</edXML:Place>
        <edXML:PromulgationDate>02/12/2026</edXML:PromulgationDate>
      </edXML:PromulgationInfo>
      <edXML:DocumentType>
        <edXML:Type>2</edXML:Type>
        <edXML:TypeName>Công văn</edXML:TypeName>
      </edXML:DocumentType>
      <edXML:Subject>${overrides.subject ?? 'Về việc phối hợp bàn giao hồ sơ sau sắp xếp đơn vị hành chính'}</edXML:Subject>
      <edXML:Content>Đề nghị phối hợp bàn giao hồ sơ, tài liệu trước ngày 15/12/2026.</edXML:Content>
      <edXML:SignerInfo>
        <edXML:Competence>KT. GIÁM ĐỐC</edXML:Competence>
        <edXML:Position>PHÓ GIÁM ĐỐC</edXML:Position>
        <edXML:FullName>Lê Thị Hồng</edXML:FullName>
      </edXML:SignerInfo>
      <edXML:DueDate>2026/12/15</edXML:DueDate>
      <edXML:ToPlaces><edXML:Place>${to.organName}</edXML:Place><edXML:Place>Lưu: VT, XDCQ.</edXML:Place></edXML:ToPlaces>
      <edXML:OtherInfo>
        <edXML:Priority>3</edXML:Priority>
        <edXML:SphereOfPromulgation>Liên thông văn bản quốc gia</edXML:SphereOfPromulgation>
        <edXML:TyperNotation>NTH</edXML:TyperNotation>
        <edXML:PromulgationAmount>5</edXML:PromulgationAmount>
        <edXML:PageAmount>2</edXML:PageAmount>
      </edXML:OtherInfo>
      <edXML:SteeringType>1</edXML:SteeringType>
      <edXML:DocumentId>000.00.00.H49,2026/12/02,10:15:00|9f1c</edXML:DocumentId>
    </edXML:MessageHeader>
    <edXML:TraceHeaderList>
      <edXML:TraceHeader><edXML:OrganId>${QUANG_NAM.organId}</edXML:OrganId><edXML:Timestamp>2026/12/02 10:15:00</edXML:Timestamp></edXML:TraceHeader>
      <edXML:Bussiness><edXML:BussinessDocType>0</edXML:BussinessDocType></edXML:Bussiness>
    </edXML:TraceHeaderList>
  </edXML:edXMLHeader>
  <edXML:edXMLBody>
    <edXML:edXMLManifest version="1.0">
      <edXML:Reference>
        <edXML:ContentId>cid:bao-cao-1</edXML:ContentId>
        <edXML:ContentType>text/plain</edXML:ContentType>
        <edXML:Description>Báo cáo kèm theo</edXML:Description>
        <edXML:AttachmentName>bao-cao.txt</edXML:AttachmentName>
      </edXML:Reference>
    </edXML:edXMLManifest>
    <edXML:Attachment ContentId="cid:bao-cao-1">${report.toString('base64')}</edXML:Attachment>
  </edXML:edXMLBody>
</edXML:edXMLEnvelope>`,
  };
}

/** A status message written by hand, about `documentId` issued by `issuer`, from Quảng Nam. */
function handWrittenStatus(issuer: string, documentId: string, code: string, at: string) {
  return `<?xml version="1.0" encoding="UTF-8"?>
<edXML:edXMLEnvelope xmlns:edXML="http://www.mic.gov.vn/TBT/QCVN_102_2016">
  <edXML:edXMLHeader>
    <edXML:Status>
      <edXML:ResponseFor>
        <edXML:OrganId>${issuer}</edXML:OrganId>
        <edXML:Code>1/UBND-VP</edXML:Code>
        <edXML:PromulgationDate>2026/12/06</edXML:PromulgationDate>
        <edXML:DocumentId>${documentId}</edXML:DocumentId>
      </edXML:ResponseFor>
      <edXML:From>
        <edXML:OrganId>${QUANG_NAM.organId}</edXML:OrganId>
        <edXML:OrganName>${QUANG_NAM.organName}</edXML:OrganName>
      </edXML:From>
      <edXML:StatusCode>${code}</edXML:StatusCode>
      <edXML:Description>Đã phân công phòng Xây dựng chính quyền xử lý</edXML:Description>
      <edXML:StaffInfo><edXML:Department>Văn phòng</edXML:Department><edXML:Staff>Trần Văn Thư</edXML:Staff></edXML:StaffInfo>
      <edXML:Timestamp>${at}</edXML:Timestamp>
    </edXML:Status>
  </edXML:edXMLHeader>
</edXML:edXMLEnvelope>`;
}

/**
 * edXML with systems outside (issue 19 point 4; QCVN 102:2016): an issued document goes out as
 * a package signed by the deployment and comes into another register; a package written by
 * hand and signed by another agency with another XMLDSig implementation is received; anything
 * malformed, incomplete, unsigned, tampered, untrusted or misaddressed is refused with nothing
 * stored; status messages 01–06 go both ways.
 */
describe('edXML exchange (e2e)', () => {
  let t: TestApp;
  let org: Org;
  let quangNam: Agency;
  let stranger: Agency;
  let clerkD1: SignedIn;
  let clerkW3: SignedIn;
  let clerkW2: SignedIn;
  let leaderW3: SignedIn;
  let drafter: SignedIn;
  let chair: SignedIn;
  let signer: Signer;
  let issued: string;
  const xml = (req: Test, body: string) => req.set('Content-Type', 'application/xml').send(body);

  beforeAll(async () => {
    quangNam = await agency(QUANG_NAM.organName);
    stranger = await agency('Cơ quan lạ', EC);
    const trusted = join(tmpdir(), `edxml-trusted-${process.pid}.pem`);
    writeFileSync(trusted, quangNam.certificate.toString('pem'));
    t = await startTestApp({ LOG_LEVEL: 'error', EDXML_TRUSTED_CERTS: trusted, EDXML_MAX_BYTES: '2097152' });
    org = await buildOrg(t);
    clerkD1 = await person(t, [{ unit: org.d1, role: 'clerk' }]);
    clerkW3 = await person(t, [{ unit: org.w3, role: 'clerk' }]);
    clerkW2 = await person(t, [{ unit: org.w2, role: 'clerk' }]);
    leaderW3 = await person(t, [{ unit: org.w3, role: 'leader' }]);
    drafter = await person(t, [{ unit: org.d1, role: 'official' }]);
    chair = await person(t, [{ unit: org.d1, role: 'leader', title: 'Chủ tịch' }]);
    signer = await enrol(t, chair);
    const plan = Buffer.from('Kế hoạch bàn giao hồ sơ.\n', 'utf8');
    const file = (
      await t.http().post('/files').set(drafter.auth).attach('file', plan, 'ke-hoach.txt').expect(201)
    ).body as { id: string };
    // Addressed to Phường Thạch Thang and Quảng Nam as agencies outside, by OrganId: Thạch
    // Thang's register stands for another agency's system receiving what we export.
    issued = await issueSignedDocument(t, {
      drafter,
      signer,
      unitId: org.d1.id,
      recipients: [],
      organs: [{ organId: org.w3.organId, organName: org.w3.name }, QUANG_NAM],
      subject: 'Về việc bàn giao hồ sơ sau sắp xếp đơn vị hành chính',
      attachmentIds: [file.id],
    });
  });
  afterAll(() => t.close());

  const counts = async () =>
    (
      await t.ds.query(
        `SELECT (SELECT count(*) FROM documents)::int AS documents, (SELECT count(*) FROM document_exchanges)::int AS exchanges,
                (SELECT count(*) FROM stored_files)::int AS files, (SELECT count(*) FROM audit_entries WHERE action !~ '[.](view|download|export)$')::int AS audit`,
      )
    )[0] as Record<string, number>;

  const exportOf = async (id: string) => {
    const r = await t.http().get(`/documents/${id}/edxml`).set(clerkD1.auth).expect(200);
    expect(r.headers['content-type']).toMatch(/^application\/xml/);
    return r.text;
  };

  it('exports an issued document as a signed QCVN 102 package that another register receives, once', async () => {
    const doc = (await t.http().get(`/documents/${issued}`).set(clerkD1.auth).expect(200)).body as {
      codeNumber: string;
      codeNotation: string;
      issuedDate: string;
      attachments: { sha256: string }[];
    };
    const pkg = await exportOf(issued);
    expect(fields(pkg, 'From', 'OrganId')).toEqual([org.d1.organId]);
    expect(fields(pkg, 'To', 'OrganId')).toEqual([org.w3.organId, QUANG_NAM.organId]);
    expect(field(pkg, 'CodeNumber')).toBe(doc.codeNumber);
    expect(field(pkg, 'CodeNotation')).toBe('UBND-VP');
    expect(field(pkg, 'PromulgationDate')).toBe(doc.issuedDate);
    expect(field(pkg, 'Subject')).toBe('Về việc bàn giao hồ sơ sau sắp xếp đơn vị hành chính');
    expect(field(pkg, 'FullName')).toBe('Nguyễn Văn Thử');
    expect(field(pkg, 'DocumentId')).toBe(issued);
    expect(field(pkg, 'BussinessDocType')).toBe('0');
    expect(fields(pkg, 'Reference', 'AttachmentName')).toEqual(['ke-hoach.txt', 'chu-ky-so-nguoi-ky.json']);
    expect(pkg).toContain('<SignatureValue>');
    expect(pkg).toContain('xmldsig-more#ecdsa-sha256');

    const before = await counts();
    const received = await xml(t.http().post('/documents/edxml').set(clerkW3.auth), pkg).expect(201);
    const entry = received.body as Record<string, unknown> & {
      id: string;
      attachments: { sha256: string }[];
    };
    expect(entry).toMatchObject({
      direction: 'incoming',
      unit: { id: org.w3.id },
      codeNumber: doc.codeNumber,
      codeNotation: 'UBND-VP',
      organId: org.d1.organId,
      organName: org.d1.name,
      subject: 'Về việc bàn giao hồ sơ sau sắp xếp đơn vị hành chính',
      state: 'registered',
    });
    // The files arrive byte for byte; the signer's bundle stays in the kept package only.
    expect(entry.attachments.map((a) => a.sha256)).toEqual(doc.attachments.map((a) => a.sha256));
    const [kept]: { sha: string; stored: string }[] = await t.ds.query(
      `SELECT package_sha256 AS sha, encode(sha256(package), 'hex') AS stored FROM document_exchanges WHERE document_id = $1`,
      [entry.id],
    );
    expect(kept).toEqual({ sha: createHash('sha256').update(pkg).digest('hex'), stored: kept.sha });
    expect((await counts()).documents).toBe(before.documents + 1);

    // The same package again without a key, or by a second clerk: 409 with the entry it became.
    const again = await xml(t.http().post('/documents/edxml').set(clerkW3.auth), pkg);
    expect(codeOf(again)).toBe('409 edxml/already_received');
    expect((again.body as { details: { documentId: string } }).details.documentId).toBe(entry.id);

    // Each export is in the viewers' list (Decree 30: "ai truy cập"), with its format.
    await t.app.get(ViewLog).flush();
    const [exported]: { n: number }[] = await t.ds.query(
      `SELECT count(*)::int AS n FROM audit_entries WHERE action = 'document.export' AND subject_id = $1 AND after->>'format' = 'edxml'`,
      [issued],
    );
    expect(exported.n).toBeGreaterThanOrEqual(1);
  });

  it('receives a package written by hand, signed by another agency with another XMLDSig implementation', async () => {
    const { xml: body, report } = handWrittenPackage({ organId: org.w3.organId, organName: org.w3.name });
    const signed = await signAsAgency(body, quangNam);
    const receive = () =>
      xml(
        t.http().post('/documents/edxml').set(clerkW3.auth).set('Idempotency-Key', 'nhan-goi-quang-nam'),
        signed,
      );
    const entry = (await receive().expect(201)).body as {
      id: string;
      attachments: { fileName: string; sha256: string }[];
    };
    expect(entry).toMatchObject({
      direction: 'incoming',
      codeNumber: '1234',
      codeNotation: 'SNV-XDCQ',
      organName: QUANG_NAM.organName,
      organId: QUANG_NAM.organId,
      issuedDate: '2026-12-02',
      typeName: 'Công văn',
      subject: 'Về việc phối hợp bàn giao hồ sơ sau sắp xếp đơn vị hành chính',
      priority: 3,
    });
    expect(entry.attachments).toEqual([
      expect.objectContaining({
        fileName: 'bao-cao.txt',
        sha256: createHash('sha256').update(report).digest('hex'),
      }),
    ]);
    // A retry after a lost answer, with the same Idempotency-Key, answers the same entry and stores nothing more.
    const before = await counts();
    expect(((await receive().expect(201)).body as { id: string }).id).toBe(entry.id);
    expect(await counts()).toEqual(before);
    const [row]: Record<string, unknown>[] = await t.ds.query(
      `SELECT d.signer_name AS "signerName", d.signer_position AS "signerPosition", d.page_amount AS "pageAmount",
              d.body, to_char(d.due_date AT TIME ZONE 'Asia/Ho_Chi_Minh', 'YYYY-MM-DD') AS due,
              x.peer_document_id AS "peerDocumentId", x.signer_subject AS "signerSubject"
         FROM documents d JOIN document_exchanges x ON x.document_id = d.id WHERE d.id = $1`,
      [entry.id],
    );
    expect(row).toEqual({
      signerName: 'Lê Thị Hồng',
      signerPosition: 'KT. GIÁM ĐỐC PHÓ GIÁM ĐỐC',
      pageAmount: 2,
      body: 'Đề nghị phối hợp bàn giao hồ sơ, tài liệu trước ngày 15/12/2026.',
      due: '2026-12-15',
      peerDocumentId: '000.00.00.H49,2026/12/02,10:15:00|9f1c',
      signerSubject: expect.stringContaining(QUANG_NAM.organName),
    });
  });

  it('takes a package once when two clerks of the unit receive it at the same moment', async () => {
    const secondClerk = await person(t, [{ unit: org.w3, role: 'clerk' }]);
    const { xml: body } = handWrittenPackage(
      { organId: org.w3.organId, organName: org.w3.name },
      { subject: 'Gói nhận cùng lúc' },
    );
    const signed = await signAsAgency(body.replace('|9f1c<', '|c0ncurrent<'), quangNam);
    const answers = await Promise.all(
      [clerkW3, secondClerk].map((who) => xml(t.http().post('/documents/edxml').set(who.auth), signed)),
    );
    expect(answers.map((r) => codeOf(r)).sort()).toEqual(['201 undefined', '409 edxml/already_received']);
    const [{ n }]: { n: number }[] = await t.ds.query(
      `SELECT count(*)::int AS n FROM document_exchanges WHERE peer_document_id LIKE '%|c0ncurrent'`,
    );
    expect(n).toBe(1);
  });

  it('refuses malformed, incomplete, unsigned, tampered, untrusted, wrapped or misaddressed packages, storing nothing', async () => {
    const good = await exportOf(issued);
    const toW3 = handWrittenPackage(
      { organId: org.w3.organId, organName: org.w3.name },
      { subject: 'Gói thử' },
    );
    const flipped = good.replace(
      /<edXML:Attachment ContentId="([^"]+)">(.)/,
      (_, id: string, c: string) => `<edXML:Attachment ContentId="${id}">${c === 'A' ? 'B' : 'A'}`,
    );
    const cases: [string, string, string, SignedIn?][] = [
      ['not XML at all', 'Công văn số 12', '400 edxml/malformed'],
      ['cut in half', good.slice(0, good.length / 2), '400 edxml/malformed'],
      ['a DOCTYPE (entities)', good.replace('?>', '?><!DOCTYPE x [<!ENTITY a "b">]>'), '400 edxml/malformed'],
      ['another namespace', good.replaceAll('QCVN_102_2016', 'QCVN_999'), '400 edxml/malformed'],
      ['no Subject', good.replace(/<edXML:Subject>[^<]*<\/edXML:Subject>/, ''), '422 edxml/missing_field'],
      [
        'a priority of 9',
        good.replace('<edXML:Priority>0<', '<edXML:Priority>9<'),
        '422 edxml/invalid_field',
      ],
      [
        'the subject changed after signing',
        good.replace('Về việc bàn giao', 'Về việc hủy bàn giao'),
        '422 edxml/signature_invalid',
      ],
      ['one attachment byte changed', flipped, '422 edxml/signature_invalid'],
      ['the signature removed', good.replace(SIGNATURE, ''), '422 edxml/unsigned'],
      ['signed by nobody trusted', await signAsAgency(toW3.xml, stranger), '422 edxml/untrusted'],
      [
        'a second signature beside the first',
        good.replace('</edXML:edXMLHeader>', `${SIGNATURE.exec(good)![0]}</edXML:edXMLHeader>`),
        '422 edxml/signature_invalid',
      ],
      ['addressed to another unit', good, '422 edxml/not_addressed', clerkW2],
      [
        'a recall (BussinessDocType 1)',
        await signAsAgency(
          toW3.xml.replace('<edXML:BussinessDocType>0<', '<edXML:BussinessDocType>1<'),
          quangNam,
        ),
        '422 edxml/unsupported_business',
      ],
      [
        'larger than EDXML_MAX_BYTES',
        good.replace('<edXML:Content>', `<edXML:Content>${'x'.repeat(2_200_000)}`),
        '413 request/too_large',
      ],
    ];
    const before = await counts();
    for (const [what, body, expected, who] of cases) {
      const r = await xml(
        t
          .http()
          .post('/documents/edxml')
          .set((who ?? clerkW2).auth),
        body,
      );
      // clerkW2 for every case: a package that would pass is addressed to w3, never to w2.
      expect({ what, code: codeOf(r) }).toEqual({ what, code: expected });
      expect(typeof (r.body as { message?: { vi?: string } }).message?.vi).toBe('string');
    }
    const missing = await xml(
      t.http().post('/documents/edxml').set(clerkW2.auth),
      good.replace(/<edXML:Subject>[^<]*<\/edXML:Subject>/, ''),
    );
    expect((missing.body as { details: { field: string } }).details.field).toBe('MessageHeader/Subject');
    expect(await counts()).toEqual(before);
  });

  it('sends and receives status messages 01–06, hand-written ones too, and keeps the newest', async () => {
    // Thạch Thang received our package (first test) and routes it to its chairman: 04.
    const [entry]: { id: string; version: number }[] = await t.ds.query(
      `SELECT d.id, d.version FROM documents d JOIN document_exchanges x ON x.document_id = d.id
        WHERE d.unit_id = $1 AND x.peer_document_id = $2`,
      [org.w3.id, issued],
    );
    const accepted = (await t.http().get(`/documents/${entry.id}/edxml-status`).set(clerkW3.auth).expect(200))
      .text;
    expect(field(accepted, 'StatusCode')).toBe('03');
    await t
      .http()
      .post(`/documents/${entry.id}/route`)
      .set(clerkW3.auth)
      .send({ toUserId: leaderW3.id, version: entry.version })
      .expect(200);
    const routed = (await t.http().get(`/documents/${entry.id}/edxml-status`).set(clerkW3.auth).expect(200))
      .text;
    expect(field(routed, 'StatusCode')).toBe('04');
    expect(field(routed, 'DocumentId')).toBe(issued);
    expect(fields(routed, 'ResponseFor', 'OrganId')).toEqual([org.d1.organId]);

    // The issuing clerk records it: Thạch Thang is at 04; the older 03 arriving late changes nothing.
    const statuses = (
      await xml(t.http().post('/documents/edxml-status').set(clerkD1.auth), routed).expect(200)
    ).body as { organId: string; status: string }[];
    expect(statuses).toEqual([expect.objectContaining({ organId: org.w3.organId, status: '04' })]);
    await xml(t.http().post('/documents/edxml-status').set(clerkD1.auth), accepted).expect(200);

    // Quảng Nam's system writes its own: 05, signed with its RSA key.
    const fromQuangNam = await signAsAgency(
      handWrittenStatus(org.d1.organId, issued, '05', '2026/12/06 14:30:00'),
      quangNam,
    );
    await xml(t.http().post('/documents/edxml-status').set(clerkD1.auth), fromQuangNam).expect(200);
    const listed = (
      await t.http().get(`/documents/${issued}/external-statuses`).set(clerkD1.auth).expect(200)
    ).body as { organId: string; status: string; staff: string | null; statusName: { vi: string } }[];
    expect(listed.map((s) => [s.organId, s.status])).toEqual(
      expect.arrayContaining([
        [org.w3.organId, '04'],
        [QUANG_NAM.organId, '05'],
      ]),
    );
    expect(listed.find((s) => s.organId === QUANG_NAM.organId)).toMatchObject({
      staff: 'Trần Văn Thư',
      statusName: { vi: 'Đã phân công, đang xử lý' },
    });

    // Refused: a code outside 01–06, a tampered message, someone else's register, an agency not addressed.
    const before = await t.ds.query('SELECT * FROM document_external_statuses ORDER BY organ_id');
    expect(
      codeOf(
        await xml(
          t.http().post('/documents/edxml-status').set(clerkD1.auth),
          await signAsAgency(
            handWrittenStatus(org.d1.organId, issued, '07', '2026/12/06 15:00:00'),
            quangNam,
          ),
        ),
      ),
    ).toBe('422 edxml/invalid_field');
    expect(
      codeOf(
        await xml(
          t.http().post('/documents/edxml-status').set(clerkD1.auth),
          fromQuangNam.replace('>05<', '>06<'),
        ),
      ),
    ).toBe('422 edxml/signature_invalid');
    expect(codeOf(await xml(t.http().post('/documents/edxml-status').set(clerkW2.auth), routed))).toBe(
      '404 document/not_found',
    );
    const otherDoc = await issueSignedDocument(t, {
      drafter,
      signer,
      unitId: org.d1.id,
      recipients: [org.w1.id],
    });
    expect(
      codeOf(
        await xml(
          t.http().post('/documents/edxml-status').set(clerkD1.auth),
          await signAsAgency(
            handWrittenStatus(org.d1.organId, otherDoc, '03', '2026/12/06 15:00:00'),
            quangNam,
          ),
        ),
      ),
    ).toBe('422 edxml/not_a_recipient');
    expect(await t.ds.query('SELECT * FROM document_external_statuses ORDER BY organ_id')).toEqual(before);
  });

  it('lets only the registers’ clerks export and receive, and only what they keep', async () => {
    // Not a clerk: the drafter reads the document but does not send it.
    expect(codeOf(await t.http().get(`/documents/${issued}/edxml`).set(drafter.auth))).toBe(
      '403 access/forbidden',
    );
    // A clerk of another unit: it does not exist.
    expect(codeOf(await t.http().get(`/documents/${issued}/edxml`).set(clerkW2.auth))).toBe(
      '404 document/not_found',
    );
    // Receiving into a register one does not keep.
    const pkg = await exportOf(issued);
    expect(
      codeOf(await xml(t.http().post(`/documents/edxml?unitId=${org.w3.id}`).set(clerkD1.auth), pkg)),
    ).toBe('403 access/forbidden');
    expect(codeOf(await xml(t.http().post('/documents/edxml').set(drafter.auth), pkg))).toBe(
      '403 access/forbidden',
    );
    // A document issued only inside the deployment has nobody outside to send to.
    const inside = await issueSignedDocument(t, {
      drafter,
      signer,
      unitId: org.d1.id,
      recipients: [org.w1.id],
    });
    expect(codeOf(await t.http().get(`/documents/${inside}/edxml`).set(clerkD1.auth))).toBe(
      '422 edxml/no_outside_recipients',
    );
    // A recalled one is not sent; a document that did not arrive by edXML has nobody to report to.
    await t
      .http()
      .post(`/documents/${inside}/recall`)
      .set(chair.auth)
      .send({ reason: 'Ban hành nhầm.' })
      .expect(204);
    expect(codeOf(await t.http().get(`/documents/${inside}/edxml`).set(clerkD1.auth))).toBe(
      '422 edxml/not_exportable',
    );
    expect(codeOf(await t.http().get(`/documents/${issued}/edxml-status`).set(clerkD1.auth))).toBe(
      '422 edxml/not_received',
    );
  });
});
