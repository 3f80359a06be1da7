import { pageWidth } from './support/browser';
import { buildTwoTierOrg, person } from './support/test-app';
import { webTestApp } from './support/web-app';

/**
 * Delegation in a real Chromium against the real API, on the two-tier tree: the chairman makes
 * the deputy acting chairman in two clicks and delegates issuing directives to the head of the
 * office; the delegate's open page says "acting for" live, the directive they issue from the
 * city reaches a ward official marked TUQ. with the chairman's name, and a revocation takes the
 * banner away live.
 */
describe('delegation in the browser (e2e, Chromium)', () => {
  const { app, open } = webTestApp(async (t) => {
    const org = await buildTwoTierOrg(t);
    const chairman = await person(t, [{ unit: org.city, role: 'leader', title: 'Chủ tịch UBND thành phố' }]);
    const deputy = await person(t, [
      { unit: org.city, role: 'deputy_leader', title: 'Phó Chủ tịch UBND thành phố' },
    ]);
    const officeHead = await person(t, [{ unit: org.dept, role: 'leader', title: 'Chánh Văn phòng' }]);
    const wardOfficial = await person(t, [{ unit: org.w1, role: 'official' }]);
    for (const [who, name] of [
      [chairman, 'Lê Trung Chinh'],
      [deputy, 'Trần Thị Bình'],
      [officeHead, 'Phạm Văn Đức'],
    ] as const)
      await t.ds.query('UPDATE users SET full_name = $2 WHERE id = $1', [who.id, name]);
    return { org, chairman, deputy, officeHead, wardOfficial };
  });

  it('makes the deputy acting chairman in two clicks, shown live on the deputy’s page', async () => {
    const { chairman, deputy } = app.seeded;
    const deputyPage = await open(deputy, '/home');
    const page = await open(chairman, '/delegations');
    await page.getByRole('button', { name: 'Giao quyền thủ trưởng (Q.) cho Trần Thị Bình' }).click();
    await page.getByRole('button', { name: 'Xác nhận giao quyền' }).click();
    await page
      .locator('[data-testid=delegation-row][data-status=running]')
      .filter({ hasText: 'Quyền (Q.) — Trần Thị Bình' })
      .waitFor();
    await deputyPage
      .locator('[data-testid=acting-banner]')
      .filter({ hasText: 'Đang làm thay: Q. Lê Trung Chinh' })
      .waitFor({ timeout: 10_000 });
  });

  it('delegates issuing to the office head, whose directive reaches the ward marked TUQ., until revoked', async () => {
    const { t } = app;
    const { org, chairman, officeHead, wardOfficial } = app.seeded;
    const officePage = await open(officeHead, '/home');
    const wardPage = await open(wardOfficial, '/directives');
    const page = await open(chairman, '/delegations');
    const form = page.locator('form.delegation-tuq');
    await form.getByLabel('Người được ủy quyền').selectOption({ label: 'Phạm Văn Đức — Chánh Văn phòng' });
    await form.getByLabel('Ban hành chỉ đạo').check();
    await form.getByLabel('Lý do').fill('Chủ tịch đi công tác nước ngoài');
    await form.getByRole('button', { name: 'Ủy quyền', exact: true }).click();
    const row = page
      .locator('[data-testid=delegation-row][data-status=running]')
      .filter({ hasText: 'Thừa ủy quyền (TUQ.) — Phạm Văn Đức' });
    await row.waitFor();

    await officePage
      .locator('[data-testid=acting-banner]')
      .filter({ hasText: 'TUQ. Lê Trung Chinh' })
      .waitFor({ timeout: 10_000 });
    await officePage.goto(`${t.url}/#/issue`);
    await officePage
      .getByLabel('Đơn vị ban hành')
      .selectOption({ label: `${org.city.name} — TUQ. Lê Trung Chinh` });
    const subject = `Triển khai phương án ứng phó bão ${Date.now()}`;
    await officePage.locator('input[name=subject]').fill(subject);
    await officePage.locator('textarea[name=body]').fill('Các phường triển khai ngay phương án sơ tán dân.');
    await officePage.getByLabel(org.w1.name).check();
    await officePage.getByRole('button', { name: 'Ban hành', exact: true }).click();
    await officePage.getByRole('status').filter({ hasText: 'Đã ban hành văn bản' }).waitFor();

    const received = wardPage.locator('[data-testid=directive]').filter({ hasText: subject });
    await received.waitFor({ timeout: 10_000 });
    await received.locator('[data-testid=on-behalf]').filter({ hasText: 'TUQ. Lê Trung Chinh' }).waitFor();

    await row.getByRole('button', { name: 'Thu hồi' }).click();
    await row.getByRole('button', { name: 'Xác nhận thu hồi ngay' }).click();
    await page
      .locator('[data-testid=delegation-row][data-status=revoked]')
      .filter({ hasText: 'Phạm Văn Đức' })
      .waitFor();
    await officePage.locator('[data-testid=acting-banner]').waitFor({ state: 'detached', timeout: 10_000 });
  });

  it('lists delegations on a phone without a page wider than the screen', async () => {
    const { chairman } = app.seeded;
    const phone = await open(chairman, '/delegations', 390);
    await phone.locator('[data-testid=delegation-row]').first().waitFor();
    const wide = await pageWidth(phone);
    expect(wide).toBeLessThanOrEqual(390);
    expect(app.errors).toEqual([]);
  });
});
