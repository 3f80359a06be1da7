import JSZip from 'jszip';
import { incomingDocument, registerIncomingOk } from './support/documents';
import { buildOrg, Org, person, SignedIn, startTestApp, TestApp } from './support/test-app';

/** A one-page PDF whose text is `text` (ASCII: the standard fonts carry no Vietnamese glyphs). */
function pdfWith(text: string): Buffer {
  const stream = `BT /F1 14 Tf 10 100 Td (${text}) Tj ET`;
  return Buffer.from(
    `%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n` +
      `3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 400 144]/Contents 4 0 R/Resources<</Font<</F1 5 0 R>>>>>>endobj\n` +
      `4 0 obj<</Length ${stream.length}>>stream\n${stream}\nendstream endobj\n` +
      `5 0 obj<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF`,
  );
}

/** A minimal Word document (DOCX) with one paragraph. */
async function docxWith(text: string): Promise<Buffer> {
  const zip = new JSZip();
  zip.file(
    '[Content_Types].xml',
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
      '<Default Extension="xml" ContentType="application/xml"/>' +
      '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
  );
  zip.file(
    '_rels/.rels',
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
      '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
  );
  zip.file(
    'word/document.xml',
    '<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">' +
      `<w:body><w:p><w:r><w:t>${text}</w:t></w:r></w:p></w:body></w:document>`,
  );
  return zip.generateAsync({ type: 'nodebuffer' });
}

/** A minimal OpenDocument text (ODT) with one paragraph. */
async function odtWith(text: string): Promise<Buffer> {
  const zip = new JSZip();
  zip.file('mimetype', 'application/vnd.oasis.opendocument.text', { compression: 'STORE' });
  zip.file(
    'content.xml',
    '<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" ' +
      `xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:text><text:p>${text}</text:p></office:text></office:body></office:document-content>`,
  );
  return zip.generateAsync({ type: 'nodebuffer' });
}

/**
 * Search reaches the text of attachments (issue 19 point 7): extracted at upload from PDF, DOCX,
 * ODT and plain text, found without diacritics, and only in what the reader may read.
 */
describe('search in the text of attachments (e2e)', () => {
  let t: TestApp;
  let org: Org;
  let clerk: SignedIn;
  let chair: SignedIn;
  let outsider: SignedIn;

  beforeAll(async () => {
    t = await startTestApp({ LOG_LEVEL: 'error' });
    org = await buildOrg(t);
    clerk = await person(t, [{ unit: org.d1, role: 'clerk' }]);
    chair = await person(t, [{ unit: org.d1, role: 'leader' }]);
    outsider = await person(t, [{ unit: org.d2, role: 'leader' }]);
  });
  afterAll(() => t.close());

  const attach = async (name: string, content: Buffer) => {
    const file = (await t.http().post('/files').set(clerk.auth).attach('file', content, name).expect(201))
      .body as { id: string };
    const doc = await registerIncomingOk<{ id: string }>(
      t,
      clerk,
      incomingDocument({ unitId: org.d1.id, subject: `Công văn kèm ${name}`, attachmentIds: [file.id] }),
    );
    return doc.id;
  };
  const found = async (who: SignedIn, q: string) =>
    JSON.stringify((await t.http().get('/search').set(who.auth).query({ q }).expect(200)).body);

  it('finds a document by words only its PDF, DOCX, ODT or text file holds, with or without diacritics', async () => {
    const pdf = await attach('phu-luc.pdf', pdfWith('Danh sach ho dan vung trung thap Hoa Xuan'));
    const docx = await attach('bao-cao.docx', await docxWith('Kế hoạch nạo vét kênh Phú Lộc trước mùa mưa'));
    const odt = await attach('to-trinh.odt', await odtWith('Tờ trình kinh phí sửa chữa trạm bơm Đa Phước'));
    const txt = await attach('ghi-chu.txt', Buffer.from('Lịch trực ban phòng chống lụt bão Mân Thái'));
    expect(await found(chair, 'Hoa Xuan')).toContain(pdf);
    expect(await found(chair, 'nao vet kenh Phu Loc')).toContain(docx);
    expect(await found(chair, 'trạm bơm Đa Phước')).toContain(odt);
    expect(await found(chair, 'tram bom da phuoc')).toContain(odt);
    expect(await found(chair, 'truc ban Man Thai')).toContain(txt);
    // Not words of the subject: a search for them finds nothing else; another district finds none.
    expect(await found(chair, 'Phu Loc')).not.toContain(pdf);
    for (const q of ['Hoa Xuan', 'Phu Loc', 'Da Phuoc', 'Man Thai'])
      for (const id of [pdf, docx, odt, txt]) expect(await found(outsider, q)).not.toContain(id);
    // The text stays on the server: never in the file's metadata.
    const detail = (await t.http().get(`/documents/${docx}`).set(chair.auth).expect(200)).body as {
      attachments: object[];
    };
    expect(JSON.stringify(detail.attachments)).not.toContain('Phú Lộc');
  });
});
