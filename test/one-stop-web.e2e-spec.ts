import { pageWidth } from './support/browser';
import { nextWorkingDay, vietnamToday } from './support/calendar';
import { buildTwoTierOrg, person } from './support/test-app';
import { webTestApp } from './support/web-app';

/**
 * The one-stop counter in a real Chromium against the real API: the ward's counter official
 * picks the procedure, ticks the papers, notes the citizen and receives the file; the receipt
 * prints with the code, the PIN and a QR code; the first step is done and the file returned for a
 * paper; the citizen, with no account, opens the QR's address on a phone and reads what to bring.
 */
describe('one-stop counter in the browser (e2e, Chromium)', () => {
  const { app, open } = webTestApp(async (t) => {
    const org = await buildTwoTierOrg(t);
    const admin = await person(t, [{ unit: org.w1, role: 'unit_admin' }]);
    const counter = await person(t, [{ unit: org.w1, role: 'official' }]);
    await t
      .http()
      .post('/one-stop/procedures')
      .set(admin.auth)
      .send({
        unitId: org.w1.id,
        code: '1.004873',
        name: 'Cấp Giấy xác nhận tình trạng hôn nhân',
        field: 'Hộ tịch',
        papers: [
          { name: 'Tờ khai cấp Giấy xác nhận tình trạng hôn nhân', original: true, copies: 1 },
          { name: 'Bản sao Căn cước', original: false, copies: 1 },
        ],
        processingDays: 3,
        steps: [
          { name: 'Công chức tư pháp – hộ tịch xác minh', unitId: org.w1.id, role: 'official', days: 2 },
          { name: 'Chủ tịch UBND phường ký', unitId: org.w1.id, role: 'leader', days: 1 },
        ],
      })
      .expect(201);
    const leader = await person(t, [{ unit: org.w1, role: 'leader' }]);
    return { org, counter, leader };
  });

  /** A file of the seeded procedure received over HTTP, every paper brought. */
  const receiveFile = async (fullName: string, phone: string) => {
    const { t, seeded } = app;
    const [procedure]: { id: string }[] = await t.ds.query(
      `SELECT id FROM procedures WHERE code = '1.004873' AND unit_id = $1`,
      [seeded.org.w1.id],
    );
    return (
      await t
        .http()
        .post('/one-stop/files')
        .set(seeded.counter.auth)
        .send({
          procedureId: procedure.id,
          applicant: { fullName, phone },
          papers: [
            { name: 'Tờ khai cấp Giấy xác nhận tình trạng hôn nhân', original: true, copies: 1 },
            { name: 'Bản sao Căn cước', original: false, copies: 1 },
          ],
        })
        .expect(201)
    ).body as { id: string; code: string; lookupPin: string; version: number };
  };

  it('receives a file, prints its receipt with a QR code, returns it for a paper, and the citizen reads why on a phone', async () => {
    const { t, seeded } = app;
    const page = await open(seeded.counter, '/one-stop');
    const form = page.locator('[data-testid=receive-form]');
    await form
      .getByLabel('Thủ tục')
      .selectOption({ label: '1.004873 — Cấp Giấy xác nhận tình trạng hôn nhân (3 ngày làm việc)' });
    // One paper missing: the counter is told what to ask for, and nothing is received.
    await form.getByRole('checkbox', { name: /Tờ khai cấp Giấy xác nhận/ }).check();
    await form.getByLabel('Người nộp hồ sơ').fill('Lê Thị Thu');
    await form.getByLabel('Số điện thoại').fill('0935123456');
    await form.getByRole('button', { name: 'Tiếp nhận và hẹn trả' }).click();
    await form.getByText('Hồ sơ chưa đủ thành phần').waitFor();
    await form.getByRole('checkbox', { name: /Bản sao Căn cước/ }).check();
    await form.getByRole('button', { name: 'Tiếp nhận và hẹn trả' }).click();
    const done = form.locator('[data-testid=received]');
    await done.waitFor();
    const [file]: { code: string; lookupPin: string }[] = await t.ds.query(
      `SELECT code, lookup_pin AS "lookupPin" FROM citizen_files WHERE applicant_phone = '0935123456'`,
    );
    expect(await done.textContent()).toContain(`Đã tiếp nhận hồ sơ ${file.code}.`);
    await page.locator('[data-testid=file-list]').getByText(file.code).waitFor();

    await done.getByRole('link', { name: 'In giấy tiếp nhận' }).click();
    const receipt = page.locator('[data-testid=receipt]');
    await receipt.getByText('GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ').waitFor();
    expect(await receipt.locator('[data-testid=receipt-code]').textContent()).toBe(file.code);
    await receipt.getByText(file.lookupPin).waitFor();
    const qr = receipt.locator('[data-testid=receipt-qr]');
    expect(await qr.locator('rect').count()).toBeGreaterThan(100);
    const address = (await qr.getAttribute('data-text'))!;
    expect(address).toContain(`tra-cuu.html?ma=${encodeURIComponent(file.code)}&pin=${file.lookupPin}`);

    // The counter official does the first step, then returns the file for a paper.
    const actions = page.locator('[data-testid=file-actions]');
    await actions.getByRole('button', { name: 'Hoàn thành bước này' }).click();
    await actions.getByTestId('file-state').filter({ hasText: 'Đang giải quyết' }).waitFor();
    await actions.getByLabel('Lý do cần bổ sung (công dân đọc được)').fill('Bổ sung bản sao sổ hộ khẩu cũ.');
    await actions.getByRole('button', { name: 'Trả lại để bổ sung hồ sơ' }).click();
    await actions.getByTestId('file-state').filter({ hasText: 'Chờ bổ sung hồ sơ' }).waitFor();

    // The citizen: no account, a small phone.
    const phone = await app.browser.newPage({ viewport: { width: 360, height: 740 } });
    phone.on('pageerror', (e) => app.errors.push(e.message));
    await phone.goto(address);
    await phone.getByText('Tình trạng: Chờ bổ sung hồ sơ').waitFor();
    await phone.getByText('Cần bổ sung: Bổ sung bản sao sổ hộ khẩu cũ.').waitFor();
    await phone.getByText(/^✓ Công chức tư pháp – hộ tịch xác minh/).waitFor();
    await phone.getByText(/Ngày hẹn trả kết quả: /).waitFor();
    await phone.getByText('Cấp Giấy xác nhận tình trạng hôn nhân').waitFor();
    expect(await phone.content()).not.toContain('Lê Thị Thu');
    expect(await pageWidth(phone)).toBeLessThanOrEqual(360);
    // A wrong PIN typed by hand: the same answer as for a code that does not exist.
    await phone.getByLabel('Mã tra cứu').fill(file.lookupPin === '000000' ? '111111' : '000000');
    await phone.getByRole('button', { name: 'Tra cứu' }).click();
    await phone.getByText('Không tìm thấy hồ sơ với mã hồ sơ và mã tra cứu này').waitFor();
    await phone.close();
    // The refused incomplete file is the one failed request the console may show.
    expect(app.errors.filter((e) => !e.includes('status of 422'))).toEqual([]);
    expect(app.errors.filter((e) => e.includes('status of 422'))).toHaveLength(1);
  });

  it('stops a late file for the apology letter, prints it, and the citizen reads it with the new date', async () => {
    const { t, seeded } = app;
    const file = await receiveFile('Phan Văn Đức', '0935999888');
    // Time passes: the appointment is an hour gone.
    await t.ds.query("UPDATE citizen_files SET appointment_at = now() - interval '1 hour' WHERE id = $1", [
      file.id,
    ]);
    const page = await open(seeded.counter, `/one-stop/files/${file.id}`);
    const form = page.locator('[data-testid=apology-form]');
    await form.getByText(/Hồ sơ đã trễ hẹn/).waitFor();
    // Nothing else moves it until the letter is filed.
    expect(await page.getByRole('button', { name: 'Hoàn thành bước này' }).count()).toBe(0);
    await form
      .getByLabel('Giải trình (lý do trễ hẹn, gửi lãnh đạo)')
      .fill('Chờ kết quả xác minh nơi cư trú cũ.');
    expect(await form.getByLabel('Thư xin lỗi gửi công dân').inputValue()).toContain(file.code);
    const newDay = await nextWorkingDay(t, vietnamToday());
    await form.getByLabel('Ngày hẹn trả mới').fill(newDay);
    await form.getByRole('button', { name: 'Nộp giải trình và thư xin lỗi' }).click();
    await page.getByRole('button', { name: 'Hoàn thành bước này' }).waitFor();
    await page.getByRole('link', { name: 'In thư xin lỗi (trễ hẹn lần 1)' }).click();
    const letter = page.locator('[data-testid=apology-letter]');
    await letter.getByText('PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ').waitFor();
    await letter.getByText('Kính gửi: Ông/Bà Phan Văn Đức').waitFor();
    await letter.getByText(/^Hẹn lại ngày trả kết quả: /).waitFor();

    const phone = await app.browser.newPage({ viewport: { width: 360, height: 740 } });
    phone.on('pageerror', (e) => app.errors.push(e.message));
    await phone.goto(`${t.url}/tra-cuu.html?ma=${encodeURIComponent(file.code)}&pin=${file.lookupPin}`);
    await phone.getByText(/^Thư xin lỗi \(trễ hẹn lần 1/).waitFor();
    await phone.getByText(/thành thật xin lỗi Ông\/Bà vì hồ sơ/).waitFor();
    await phone.getByText(/^Hẹn lại ngày trả kết quả: /).waitFor();
    expect(await phone.content()).not.toContain('Chờ kết quả xác minh');
    expect(await pageWidth(phone)).toBeLessThanOrEqual(360);
    await phone.close();
    expect(app.errors.filter((e) => !e.includes('status of 422'))).toEqual([]);
  });

  it('takes the citizen’s rating after the hand-back and a complaint the ward’s leader answers', async () => {
    const { t, seeded } = app;
    let file = await receiveFile('Trương Thị Hạnh', '0935111222');
    for (const [who, action] of [
      [seeded.counter, 'step-done'],
      [seeded.leader, 'step-done'],
      [seeded.counter, 'hand-back'],
    ] as const)
      file = (
        await t
          .http()
          .post(`/one-stop/files/${file.id}/${action}`)
          .set(who.auth)
          .send({ version: file.version })
          .expect(200)
      ).body;

    // Another citizen, another address: the lookups of the tests before count against theirs.
    const phone = await app.browser.newPage({
      viewport: { width: 360, height: 740 },
      extraHTTPHeaders: { 'X-Forwarded-For': '198.51.100.23' },
    });
    phone.on('pageerror', (e) => app.errors.push(e.message));
    await phone.goto(`${t.url}/tra-cuu.html?ma=${encodeURIComponent(file.code)}&pin=${file.lookupPin}`);
    const survey = phone.locator('.survey');
    await survey.getByText('Đánh giá mức độ hài lòng').waitFor();
    for (const label of [
      'Giải quyết đúng hẹn',
      'Thái độ của cán bộ',
      'Hướng dẫn rõ ràng, dễ hiểu',
      'Mức độ hài lòng chung',
    ])
      await survey.getByLabel(label).selectOption({ label: '5 — Rất hài lòng' });
    await survey.getByRole('button', { name: 'Gửi đánh giá' }).click();
    await phone.getByText('Cảm ơn Ông/Bà đã đánh giá.').waitFor();
    const [rating]: { scores: object }[] = await t.ds.query(
      'SELECT scores FROM citizen_file_ratings WHERE file_id = $1',
      [file.id],
    );
    expect(rating.scores).toEqual({ timeliness: 5, attitude: 5, guidance: 5, overall: 5 });

    // The mailbox: a complaint to the ward, a code to keep.
    await phone.getByRole('link', { name: /Gửi góp ý, phản ánh/ }).click();
    // By its id: the run's other test files have wards of the same name.
    await phone.getByLabel('Gửi đến đơn vị').selectOption(seeded.org.w1.id);
    await phone.getByLabel('Loại').selectOption({ label: 'Phản ánh' });
    await phone.getByLabel('Nội dung').fill('Quầy một cửa đóng sớm trước giờ quy định.');
    await phone.getByRole('button', { name: 'Gửi', exact: true }).click();
    const sent = (await phone.locator('.sent-code').textContent())!;
    expect(sent).toMatch(/Mã phản ánh: GY-\d{6}-\d{6} · Mã tra cứu: \d{6}/);
    expect(await pageWidth(phone)).toBeLessThanOrEqual(360);

    // The ward's leader sees it on the counter page and answers.
    const page = await open(seeded.leader, '/one-stop');
    const item = page.locator('[data-testid=feedback]').filter({ hasText: 'Quầy một cửa đóng sớm' });
    await item
      .getByLabel(/Trả lời người dân/)
      .fill('Phường đã chấn chỉnh, quầy mở đến 17 giờ các ngày làm việc.');
    await item.getByRole('button', { name: 'Gửi trả lời' }).click();
    await item.getByText(/^Đã trả lời/).waitFor();

    // The citizen reads the answer with the code and PIN filled in for them.
    await phone.getByRole('button', { name: 'Xem', exact: true }).click();
    await phone.getByText(/Trả lời .*: Phường đã chấn chỉnh/).waitFor();
    await phone.close();
    expect(app.errors.filter((e) => !e.includes('status of 422'))).toEqual([]);
  });
});
