import { pageWidth } from './support/browser';
import { buildTwoTierOrg, person } from './support/test-app';
import { webTestApp } from './support/web-app';

/**
 * The merger wizard in a real Chromium against the real API: the city's admin picks a ward,
 * the ward it merges into, looks at the dry run (what would move), carries it out, and the
 * tree shows the ward as merged; the moved official now works in the resulting ward, and the
 * resulting ward's leader reads the merged ward's channel, read-only. A renaming goes through
 * the same wizard, and the unit's page shows the former name.
 */
describe('merger wizard in the browser (e2e, Chromium)', () => {
  const { app, open } = webTestApp(async (t) => {
    const org = await buildTwoTierOrg(t);
    const admin = await person(t, [{ unit: org.city, role: 'unit_admin' }]);
    const official = await person(t, [{ unit: org.w2, role: 'official' }]);
    const leader = await person(t, [{ unit: org.w1, role: 'leader' }]);
    // Both wards have a channel before the merger; the merged ward's holds a message.
    for (const who of [official, leader]) await t.http().get('/chat/channels').set(who.auth).expect(200);
    const channels = (await t.http().get('/chat/channels').set(official.auth).expect(200)).body as {
      id: string;
      unit: { id: string } | null;
    }[];
    const w2Channel = channels.find((c) => c.unit?.id === org.w2.id)!;
    await t
      .http()
      .post(`/chat/channels/${w2Channel.id}/messages`)
      .set(official.auth)
      .send({ body: 'Hồ sơ địa chính tổ 5 đã bàn giao' })
      .expect(201);
    return { org, admin, official, leader };
  });

  it('previews a merger, carries it out, and shows the merged ward in the tree', async () => {
    const { t, seeded } = app;
    const { org, admin, official } = seeded;
    const page = await open(admin, '/admin');
    await page.getByRole('button', { name: 'Sáp nhập, chia tách, đổi tên đơn vị' }).click();
    const wizard = page.locator('[data-testid=merge-wizard]');
    await wizard.getByRole('checkbox', { name: new RegExp(`^${org.w2.name} `) }).check();
    await wizard.getByLabel('Chọn đơn vị tiếp nhận').selectOption({ label: org.w1.name });
    await wizard.getByLabel('Căn cứ (nghị quyết, quyết định)').fill('Nghị quyết số 1659/NQ-UBTVQH15');
    await wizard.getByRole('button', { name: 'Xem trước' }).click();
    const preview = wizard.locator('[data-testid=reorg-preview]');
    await preview.getByText(`Sẽ chuyển sang ${org.w1.name}:`).waitFor();
    await preview.locator('tr').filter({ hasText: 'Chức vụ của cán bộ' }).filter({ hasText: '1' }).waitFor();
    // The dry run changed nothing.
    const [before] = await t.ds.query('SELECT active FROM org_units WHERE id = $1', [org.w2.id]);
    expect(before.active).toBe(true);

    await preview.getByRole('button', { name: 'Thực hiện sáp nhập' }).click();
    await wizard
      .locator('[data-testid=reorg-done]')
      .getByText(`Đã thực hiện; đã chuyển sang ${org.w1.name}:`)
      .waitFor();
    await page
      .locator('.tree li')
      .filter({ hasText: org.w2.name })
      .filter({ hasText: 'đã sáp nhập' })
      .waitFor();
    const [after] = await t.ds.query('SELECT unit_id AS "unitId" FROM positions WHERE user_id = $1', [
      official.id,
    ]);
    expect(after.unitId).toBe(org.w1.id);

    // The resulting ward's leader reads the merged ward's channel; it takes no new message.
    const chat = await open(seeded.leader, '/chat');
    await chat.getByRole('link', { name: new RegExp(`${org.w2.name} \\(chỉ đọc\\)`) }).click();
    await chat.getByText('Hồ sơ địa chính tổ 5 đã bàn giao').waitFor();
    await chat.locator('[data-testid=channel-read-only]').waitFor();
    expect(await chat.locator('[data-testid=composer]').count()).toBe(0);
  });

  it('renames a ward through the wizard; its page shows the former name', async () => {
    const { t, seeded } = app;
    const { org, admin } = seeded;
    const page = await open(admin, '/admin');
    await page.getByRole('button', { name: 'Sáp nhập, chia tách, đổi tên đơn vị' }).click();
    const wizard = page.locator('[data-testid=merge-wizard]');
    await wizard.getByRole('radio', { name: 'Đổi tên, đổi mã đơn vị' }).check();
    await wizard.getByRole('radio', { name: new RegExp(`^${org.w3.name} `) }).check();
    await wizard.getByLabel('Tên', { exact: true }).fill('Phường Hòa Xuân');
    await wizard.getByRole('button', { name: 'Xem trước' }).click();
    await wizard.getByText(`${org.w3.name} sẽ đổi thành Phường Hòa Xuân.`).waitFor();
    await wizard.getByRole('button', { name: 'Thực hiện đổi tên' }).click();
    await wizard.getByText(`Đã đổi: ${org.w3.name} nay là Phường Hòa Xuân.`).waitFor();
    const [unit] = await t.ds.query('SELECT name FROM org_units WHERE id = $1', [org.w3.id]);
    expect(unit.name).toBe('Phường Hòa Xuân');

    await page.getByRole('button', { name: 'Sáp nhập, chia tách, đổi tên đơn vị' }).click();
    await page.locator('.tree').getByRole('button', { name: 'Phường Hòa Xuân' }).click();
    await page.locator('[data-testid=former-names]').getByText(`Tên cũ: ${org.w3.name} (`).waitFor();
  });

  it('fits a phone', async () => {
    const { admin } = app.seeded;
    const phone = await open(admin, '/admin', 390);
    await phone.getByRole('button', { name: 'Sáp nhập, chia tách, đổi tên đơn vị' }).click();
    await phone.locator('[data-testid=merge-wizard]').waitFor();
    expect(await pageWidth(phone)).toBeLessThanOrEqual(390);
    expect(app.errors).toEqual([]);
  });
});
