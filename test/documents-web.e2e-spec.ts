import { readFileSync, rmSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { buildWeb, launch, pageWidth } from './support/browser';
import { issueSignedDocument, submittedDraft } from './support/documents';
import { enrol } from './support/signing';
import { buildOrg, Org, PASSWORD, person, SignedIn, startTestApp, TestApp } from './support/test-app';

/**
 * One document without paper, in a real Chromium against the real API (issue 19): a district
 * official drafts it, submits it to the chairman, who approves and signs it with his browser's
 * key; it is numbered and issued, arrives in the ward clerk's inbox, is accepted into the ward's
 * register, routed to the ward's chairman and annotated with a task — while the district sees
 * each recipient's status change live. The ward's clerk and chairman do their part on a phone.
 */
describe('documents from draft to another unit, in the browser (e2e, Chromium)', () => {
  let t: TestApp;
  let org: Org;
  let web: string;
  let browser: Browser;
  let drafter: SignedIn;
  let chair: SignedIn;
  let clerk: SignedIn;
  let wardLeader: SignedIn;
  const errors: string[] = [];
  beforeAll(async () => {
    web = buildWeb();
    t = await startTestApp({ WEB_DIST_DIR: web, REALTIME_POLL_MS: '50' });
    org = await buildOrg(t);
    drafter = await person(t, [{ unit: org.d1, role: 'official' }]);
    chair = await person(t, [{ unit: org.d1, role: 'leader', title: 'Chủ tịch' }]);
    clerk = await person(t, [{ unit: org.w1, role: 'clerk' }]);
    wardLeader = await person(t, [{ unit: org.w1, role: 'leader', title: 'Chủ tịch' }]);
    browser = await launch();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    rmSync(web, { recursive: true, force: true });
  });
  const PHONE = { width: 390, height: 844 };
  const open = async (
    who: SignedIn,
    path: string,
    viewport = { width: 1280, height: 900 },
  ): Promise<Page> => {
    const context = await browser.newContext({ locale: 'vi-VN', viewport, acceptDownloads: true });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    page.on('console', (m) => m.type() === 'error' && errors.push(`${who.username}: ${m.text()}`));
    page.on('pageerror', (e) => errors.push(`${who.username}: ${String(e)}`));
    await page.goto(`${t.url}/`);
    await page.getByLabel('Tên đăng nhập').fill(who.username);
    await page.getByLabel('Mật khẩu').fill(PASSWORD);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.locator('[data-testid=connection][data-status=online]').waitFor();
    await page.goto(`${t.url}/#${path}`);
    return page;
  };
  const makeKey = async (page: Page) => {
    await page.goto(`${t.url}/#/certificate`);
    await page.getByRole('button', { name: 'Tạo khóa và đăng ký chứng thư' }).click();
    await page.getByText('Còn hiệu lực').waitFor();
  };
  const localInput = (date: Date) =>
    new Date(date.getTime() - date.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);

  it('drafts, reviews, signs, delivers, accepts, routes and annotates — each side live', async () => {
    const subject = `Kế hoạch kiểm tra phòng cháy các chợ ${Date.now()}`;
    const page = await open(drafter, '/drafts');
    await page.getByRole('button', { name: 'Soạn dự thảo mới' }).click();
    const form = page.getByTestId('draft-form');
    await form.getByLabel('Loại văn bản').fill('Kế hoạch');
    await form.getByLabel('Ký hiệu').fill('KH-UBND');
    await form.getByLabel('Trích yếu').fill(subject);
    await form
      .getByLabel('Nội dung')
      .fill('Các phường kiểm tra phòng cháy tại các chợ trên địa bàn, báo cáo trước ngày 15.');
    await form.getByLabel('Nơi nhận').selectOption({ label: org.w1.name });
    await form.getByLabel('Người ký').selectOption({ label: `Nguyễn Văn Thử — Chủ tịch (${org.d1.name})` });
    await form.getByLabel('Hình thức ký').selectOption({ label: 'Ký tên mình' });
    await form.getByRole('button', { name: 'Lưu dự thảo' }).click();
    const detail = page.getByTestId('draft-detail');
    await detail.getByTestId('draft-detail-state').filter({ hasText: 'Đang soạn' }).waitFor();
    await detail.getByLabel(/Trình duyệt lần lượt/).selectOption({ index: 0 });
    await detail.getByRole('button', { name: 'Trình ký' }).click();
    await detail.getByTestId('draft-detail-state').filter({ hasText: 'Đang trình ký' }).waitFor();

    // The chairman reviews it, then signs it with his browser's key.
    const lead = await open(chair, '/drafts');
    await makeKey(lead);
    await lead.goto(`${t.url}/#/drafts`);
    await lead.getByRole('button', { name: `Kế hoạch: ${subject}` }).click();
    const review = lead.getByTestId('review-form');
    await review.getByLabel('Ý kiến', { exact: true }).fill('Đồng ý, trình ký.');
    await review.getByRole('button', { name: 'Đồng ý' }).click();
    const leadDetail = lead.getByTestId('draft-detail');
    await leadDetail.getByTestId('draft-detail-state').filter({ hasText: 'Chờ ký' }).waitFor();
    await leadDetail.getByRole('button', { name: 'Ký số và ban hành' }).click();
    await leadDetail.getByTestId('draft-detail-state').filter({ hasText: 'Đã ban hành' }).waitFor();
    // The drafter's page follows live.
    await detail
      .getByTestId('draft-detail-state')
      .filter({ hasText: 'Đã ban hành' })
      .waitFor({ timeout: 10_000 });
    await leadDetail.getByRole('link', { name: 'Xem văn bản đã ban hành' }).click();
    const deliveries = lead.getByTestId('deliveries');
    await deliveries.getByText(`${org.w1.name}: Đã đến (01)`).waitFor();

    // The ward's clerk accepts it into the ward's register; the district sees it live.
    // The ward works on phones.
    const ward = await open(clerk, '/arrivals', PHONE);
    const arrival = ward.getByTestId('arrival').filter({ hasText: subject });
    await arrival.getByRole('button', { name: 'Tiếp nhận' }).click();
    await ward.getByText(/Đã vào sổ văn bản đến, số đến \d+/).waitFor();
    await deliveries.getByText(`${org.w1.name}: Đã tiếp nhận (03)`).waitFor({ timeout: 10_000 });
    await ward.getByRole('link', { name: 'Mở văn bản' }).click();
    const route = ward.locator('[data-testid=route-form]');
    await route.locator('select[name=routeTo]').selectOption({ index: 1 });
    await route.getByRole('button', { name: 'Trình' }).click();
    await ward.locator('[data-testid=document-state]').filter({ hasText: 'Đã trình' }).waitFor();
    // Nothing wider than the phone's screen: no sideways scrolling of the document's page.
    expect(await pageWidth(ward)).toBeLessThanOrEqual(PHONE.width);
    const documentUrl = ward.url();

    // The ward's chairman annotates it, assigning a task; the district sees 05 after a reload.
    const wardHead = await open(wardLeader, '/home', PHONE);
    await makeKey(wardHead);
    await wardHead.goto(documentUrl);
    const annotate = wardHead.locator('[data-testid=annotate-form]');
    await annotate.locator('textarea[name=annotation]').fill('Giao tổ công tác kiểm tra, báo cáo.');
    await annotate.getByRole('button', { name: /Giao nhiệm vụ/ }).click();
    await annotate.locator('input[name=title-0]').fill('Kiểm tra phòng cháy chợ An Hải Bắc');
    await annotate.locator('select[name=lead-0]').selectOption({ label: `— ${org.team1.name}` });
    await annotate.locator('input[name=deadline-0]').fill(localInput(new Date(Date.now() + 5 * 86_400_000)));
    await annotate.getByRole('button', { name: 'Ký và lưu bút phê' }).click();
    await wardHead
      .locator('[data-testid=document-state]')
      .filter({ hasText: 'Đã có ý kiến chỉ đạo' })
      .waitFor();
    await lead.reload();
    await lead.getByTestId('deliveries').getByText(`${org.w1.name}: Đã phân công, đang xử lý (05)`).waitFor();
    // The handling report: the district issued one, signed here; the ward received one from a unit.
    await lead.goto(`${t.url}/#/document-report`);
    const row = lead.getByTestId('document-report-row').filter({ hasText: org.d1.name }).first();
    await row.waitFor();
    const cells = await row.locator('td').allTextContents();
    expect(cells.slice(7, 9)).toEqual(['1', '1']);
    const wardRow = await lead
      .getByTestId('document-report-row')
      .filter({ hasText: org.w1.name })
      .first()
      .locator('td')
      .allTextContents();
    expect(wardRow.slice(1, 3)).toEqual(['1', '1']);
    expect(errors).toEqual([]);
  }, 120_000);

  /** A click that starts a download: the downloaded file's content. */
  const downloaded = async (page: Page, click: () => Promise<void>): Promise<Buffer> => {
    const [file] = await Promise.all([page.waitForEvent('download'), click()]);
    return readFileSync(await file.path());
  };

  it('sends a document out as edXML and takes it in at another register, with its status back — on a phone', async () => {
    const subject = `Về việc bàn giao hồ sơ địa giới ${Date.now()}`;
    const clerkD1 = await person(t, [{ unit: org.d1, role: 'clerk' }]);
    const clerkW3 = await person(t, [{ unit: org.w3, role: 'clerk' }]);
    const deputy = await person(t, [{ unit: org.d1, role: 'leader', title: 'Phó Chủ tịch' }]);
    const id = await issueSignedDocument(t, {
      drafter,
      signer: await enrol(t, deputy),
      unitId: org.d1.id,
      recipients: [],
      organs: [{ organId: org.w3.organId, organName: org.w3.name }],
      subject,
    });
    // The district's clerk exports the package on her phone.
    const sender = await open(clerkD1, `/documents/${id}`, PHONE);
    const exchange = sender.getByTestId('edxml');
    const pkg = await downloaded(sender, () =>
      exchange.getByRole('button', { name: 'Xuất gói edXML' }).click(),
    );
    expect(pkg.toString('utf8')).toContain(`<edXML:DocumentId>${id}</edXML:DocumentId>`);
    await exchange.getByText('Chưa có cơ quan nào báo trạng thái.').waitFor();

    // Thạch Thang's clerk receives it; a tampered copy is refused with the reason, nothing stored.
    const receiver = await open(clerkW3, '/documents', PHONE);
    const input = receiver.getByLabel('Nhận gói edXML');
    const tampered = Buffer.from(pkg.toString('utf8').replace('Về việc bàn giao', 'Về việc hủy bàn giao'));
    await input.setInputFiles({ name: 'goi.edxml', mimeType: 'application/xml', buffer: tampered });
    await receiver.getByText(/Chữ ký số của gói edXML không hợp lệ/).waitFor();
    await input.setInputFiles({ name: 'goi.edxml', mimeType: 'application/xml', buffer: pkg });
    await receiver.getByRole('heading', { name: `Công văn: ${subject}` }).waitFor();
    expect(await pageWidth(receiver)).toBeLessThanOrEqual(PHONE.width);
    const status = await downloaded(receiver, () =>
      receiver.getByRole('button', { name: 'Xuất thông báo trạng thái edXML' }).click(),
    );
    expect(status.toString('utf8')).toContain('<edXML:StatusCode>03</edXML:StatusCode>');

    // The status message back at the district: Thạch Thang has accepted it.
    await exchange
      .getByLabel('Nhập thông báo trạng thái edXML')
      .setInputFiles({ name: 'trang-thai.edxml', mimeType: 'application/xml', buffer: status });
    await exchange.getByTestId('external-status').getByText(`${org.w3.name}: Đã tiếp nhận (03)`).waitFor();
    expect(errors.filter((e) => !e.includes('422'))).toEqual([]);
  }, 120_000);

  it('signs every document waiting for the signer in one action, each its own signature and number', async () => {
    errors.length = 0; // the edXML test's refused package logs its 422 on purpose
    const head = await person(t, [{ unit: org.w2, role: 'leader', title: 'Chủ tịch' }]);
    const official = await person(t, [{ unit: org.w2, role: 'official' }]);
    const ids: string[] = [];
    for (const subject of [
      'Về lịch tiếp công dân',
      'Về kiểm tra an toàn thực phẩm',
      'Về trực phòng chống bão',
    ])
      ids.push(
        (
          await submittedDraft(t, {
            drafter: official,
            signerId: head.id,
            unitId: org.w2.id,
            recipients: [org.w1.id],
            subject,
          })
        ).id,
      );
    const page = await open(head, '/drafts');
    await makeKey(page);
    await page.goto(`${t.url}/#/drafts`);
    await page.getByRole('button', { name: 'Ký số tất cả văn bản chờ ký (3)' }).click();
    await page.getByText('Đã ký và ban hành 3/3 văn bản.').waitFor();
    const rows: { id: string; number: number; signatureId: string | null }[] = await t.ds.query(
      `SELECT id, register_number AS number, signature_id AS "signatureId" FROM documents
        WHERE id = ANY($1::uuid[]) AND state = 'issued' ORDER BY register_number`,
      [ids],
    );
    expect(rows.map((r) => r.number)).toEqual([1, 2, 3]);
    expect(new Set(rows.map((r) => r.signatureId)).size).toBe(3);
    expect(errors).toEqual([]);
  }, 120_000);
});
