// The UI without a mouse: every control reachable and named, focus visible, the plan written and
// saved from the keyboard alone, including one click's worth (one Enter) to carry a task over.
import { expect, test, type Locator, type Page } from '@playwright/test';
import { randomUUID } from 'node:crypto';
import { addDays } from '../shared/time.ts';
import { CATALOGUES } from '../renderer/i18n/translate.ts';
import { fill } from '../renderer/i18n/translate.ts';
import { formatDate } from '../shared/i18n/format.ts';
import type { TextKey, Vars } from '../renderer/i18n/types.ts';
import { openDesk, type Desk } from './desk.ts';

const t = (key: TextKey, vars?: Vars) => fill(CATALOGUES.en[key], vars);

let desk: Desk;
test.beforeEach(async () => {
  desk = await openDesk({ kpiTargets: { calls_total: 40, deals_closed: 2 }, schedule: { days: [] } });
  await desk.api('saveSettings', { language: 'en' });
});
test.afterEach(async () => {
  await desk?.stop();
});

/** Tabs forward until `target` has the focus; fails if it is not reachable in `limit` steps. */
async function tabTo(page: Page, target: Locator, limit = 40): Promise<void> {
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab');
    if (await target.evaluate((el) => el === el.ownerDocument.activeElement)) return;
  }
  throw new Error(`${String(target)} was not reachable with Tab`);
}

/** Form controls without an accessible name show up in the ARIA snapshot as a bare role. */
async function expectAllControlsNamed(page: Page): Promise<void> {
  const snapshot = await page.locator('body').ariaSnapshot();
  const unnamed = snapshot.split('\n').filter((line) => /^\s*- (textbox|spinbutton|combobox|button|checkbox|radio)(\s*\[[^\]]*\])?:?\s*$/.test(line));
  expect(unnamed, snapshot).toEqual([]);
}

test('the morning plan by keyboard, with a task carried over from yesterday', async ({ page }) => {
  const today = (await desk.api('status', {})).today.date;
  const carried = { id: randomUUID(), title: 'Follow up the Koval invoice', priority: 1 as const, estimateMin: 15, crm: null, carriedFrom: null };
  await desk.api('savePlan', { date: addDays(today, -1), items: [carried] });

  await page.goto(desk.url);
  await expect(page.getByRole('button', { name: t('action.clockIn') })).toBeVisible();
  await tabTo(page, page.getByRole('button', { name: t('action.clockIn') }));
  // Focus is visible: the focused control draws the 3 px focus ring.
  const ring = await page.evaluate(() => getComputedStyle(document.activeElement!).outlineWidth);
  expect(ring).toBe('3px');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('state')).toContainText(t('state.working'));

  await tabTo(page, page.getByRole('button', { name: t('prompt.open') }));
  await page.keyboard.press('Enter');
  // Opening a prompt moves the focus to the screen it opened, so Tab continues there.
  await expect(page.locator('#main')).toBeFocused();
  await expect(page.getByRole('heading', { name: t('plan.heading', { date: '' }).trim() })).toBeVisible();
  await expectAllControlsNamed(page);

  await tabTo(page, page.getByRole('button', { name: t('plan.carryAdd', { title: carried.title }) }));
  await page.keyboard.press('Enter');
  // The carried task takes the blank first row's place, labelled with the day it came from, and
  // keeps the focus the vanished button had.
  const first = page.getByRole('textbox', { name: `${t('plan.taskTitle', { n: 1 })} ${t('plan.carriedFrom', { date: formatDate('en', addDays(today, -1), false) })}` });
  await expect(first).toHaveValue(carried.title);
  await expect(first).toBeFocused();

  await tabTo(page, page.getByRole('button', { name: t('plan.addTask') }));
  await page.keyboard.press('Enter');
  // The new task's title has the focus, ready for typing.
  await expect(page.getByLabel(t('plan.taskTitle', { n: 2 }), { exact: true })).toBeFocused();
  await page.keyboard.type('Call the Budmaister buyer');
  await page.keyboard.press('Tab');
  await page.keyboard.press('ArrowUp'); // priority: Normal → High
  await page.keyboard.press('Tab');
  await page.keyboard.type('30');
  await page.keyboard.press('Enter'); // submits the form

  await expect(page.getByRole('button', { name: t('plan.update') })).toBeVisible();
  const plan = (await desk.api('getPlan', {})).plan!;
  expect(plan.items.map((i) => [i.title, i.priority, i.estimateMin, i.carriedFrom])).toEqual([
    [carried.title, 1, 15, addDays(today, -1)],
    ['Call the Budmaister buyer', 1, 30, null],
  ]);
  expect(plan.commitments).toEqual({ calls_total: 40, deals_closed: 2 });
});

test('every control on every screen has a name, and the raw records are one click away', async ({ page }) => {
  await page.goto(desk.url);
  await page.getByRole('button', { name: t('action.clockIn') }).click();
  for (const screen of ['nav.day', 'nav.plan', 'nav.report', 'nav.settings'] as const) {
    await page.getByRole('button', { name: t(screen), exact: true }).click();
    await expect(page.getByRole('button', { name: t(screen), exact: true })).toHaveAttribute('aria-current', 'page');
    await expect(page.locator('#main h2')).toBeVisible();
    await expectAllControlsNamed(page);
  }
  await expect(page.getByTestId('privacy-titles')).toHaveText(t('privacy.titles.full'));
  await expect(page.getByTestId('token-store')).not.toBeEmpty();
  await page.getByRole('button', { name: t('privacy.showRaw') }).click();
  const raw = page.getByTestId('raw-records');
  await expect(raw.getByRole('table').first()).toContainText(t('kind.work'));
  await expectAllControlsNamed(page);
  await page.screenshot({ path: test.info().outputPath('settings-en.png'), fullPage: true });
});
