import { pageWidth } from './support/browser';
import { buildTwoTierOrg, person } from './support/test-app';
import { webTestApp } from './support/web-app';

/**
 * The merger wizard in a real Chromium against the real API: the city's admin picks a ward,
 * the ward it merges into, looks at the dry run (what would move), carries it out, and the
 * tree shows the ward as merged; the moved official now works in the resulting ward.
 */
describe('merger wizard in the browser (e2e, Chromium)', () => {
  const { app, open } = webTestApp(async (t) => {
    const org = await buildTwoTierOrg(t);
    const admin = await person(t, [{ unit: org.city, role: 'unit_admin' }]);
    const official = await person(t, [{ unit: org.w2, role: 'official' }]);
    await person(t, [{ unit: org.w1, role: 'leader' }]);
    return { org, admin, official };
  });

  it('previews a merger, carries it out, and shows the merged ward in the tree', async () => {
    const { t, seeded } = app;
    const { org, admin, official } = seeded;
    const page = await open(admin, '/admin');
    await page.getByRole('button', { name: 'Sáp nhập, chia tách đơn vị' }).click();
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
  });

  it('fits a phone', async () => {
    const { admin } = app.seeded;
    const phone = await open(admin, '/admin', 390);
    await phone.getByRole('button', { name: 'Sáp nhập, chia tách đơn vị' }).click();
    await phone.locator('[data-testid=merge-wizard]').waitFor();
    expect(await pageWidth(phone)).toBeLessThanOrEqual(390);
    expect(app.errors).toEqual([]);
  });
});
