// Browser mode gets the manager's attention behind other windows: the tab title says what waits,
// the ticking time and the state; the favicon changes with the state and shows a dot when
// something waits; each new prompt becomes one notification once they allowed notifications
// (asked once, from a button), and clicking it opens what it asks for.
import { expect, test, type Page } from '@playwright/test';
import { CATALOGUES, fill } from '../renderer/i18n/translate.ts';
import type { TextKey, Vars } from '../renderer/i18n/types.ts';
import { formatDate } from '../shared/i18n/format.ts';
import { openDesk, type Desk } from './desk.ts';

let desk: Desk;
test.beforeEach(async () => {
  desk = await openDesk({ schedule: { days: [] } });
});
test.afterEach(async () => {
  await desk?.stop();
});

/**
 * The browser's Notification API, recorded: what the page shows and asks. Permission starts
 * "default" and lasts for the tab (sessionStorage), as a real grant would; "away" makes the
 * window report it has no focus, as when it is behind other windows.
 */
const FAKE_NOTIFICATIONS = `(() => {
  const notes = [];
  window.__notes = notes;
  window.__requests = 0;
  class FakeNotification {
    constructor(title, options) { Object.assign(this, { title, ...options }); notes.push(this); }
    close() {}
    static get permission() { return sessionStorage.getItem('fake-permission') ?? 'default'; }
    static async requestPermission() { window.__requests++; sessionStorage.setItem('fake-permission', 'granted'); return 'granted'; }
  }
  window.Notification = FakeNotification;
  if (sessionStorage.getItem('away') === '1') document.hasFocus = () => false;
})()`;

const notes = (page: Page) => page.evaluate(() => (window as unknown as { __notes: { title: string; body: string; tag: string }[] }).__notes.map(({ title, body, tag }) => ({ title, body, tag })));
const favicon = (page: Page) => page.locator('link[rel="icon"]').getAttribute('href');

for (const locale of ['uk', 'ru'] as const) {
  test(`the tab, the favicon and notifications in ${locale}`, async ({ page }) => {
    const t = (key: TextKey, vars?: Vars) => fill(CATALOGUES[locale][key], vars);
    await desk.api('saveSettings', { language: locale });
    await page.addInitScript(FAKE_NOTIFICATIONS);
    await page.goto(desk.url);
    await expect(page).toHaveTitle(`${t('state.clocked_out')} — Zvit`);
    await expect.poll(() => favicon(page)).toMatch(/^data:image\/svg\+xml,/);
    const clockedOutIcon = await favicon(page);

    // Asked once, from a button; then the offer is gone and Settings says they are on.
    const offer = page.getByTestId('notify-offer');
    await expect(offer).toContainText(t('notify.offer'));
    await offer.getByRole('button', { name: t('notify.enable') }).click();
    await expect(offer).toBeHidden();
    expect(await page.evaluate(() => (window as unknown as { __requests: number }).__requests)).toBe(1);
    await page.getByRole('button', { name: t('nav.settings'), exact: true }).click();
    await expect(page.getByTestId('notify-settings')).toContainText(t('settings.notifyOn'));

    // The window goes behind others; clocking in (from the tray, the CLI…) brings the plan prompt.
    await page.evaluate(() => {
      sessionStorage.setItem('away', '1');
      document.hasFocus = () => false;
    });
    await desk.api('clockIn', {});
    const date = (await desk.api('status', {})).today.date;
    await expect(page).toHaveTitle(new RegExp(`^\\(1\\) 0:00:\\d\\d · ${t('state.working')} — Zvit$`));
    const first = await page.title();
    await expect.poll(() => page.title(), { message: 'the time in the title ticks' }).not.toBe(first);
    await expect.poll(() => notes(page)).toEqual([{ title: 'Zvit', body: t('prompt.plan'), tag: `plan:${date}` }]);
    const workingIcon = await favicon(page);
    expect(workingIcon).not.toBe(clockedOutIcon);
    // The dot for "something waits" is in the icon.
    expect(decodeURIComponent(workingIcon!)).toContain('cx="26" cy="6"');

    // Clicking the note opens what it asks for.
    await page.evaluate(() => (window as unknown as { __notes: { onclick: () => void }[] }).__notes[0]!.onclick());
    await expect(page.locator('#main h2')).toHaveText(t('plan.heading', { date: formatDate(locale, date, false) }));

    // A reload does not announce the same prompt again.
    await page.reload();
    await expect(page).toHaveTitle(new RegExp(`^\\(1\\) `));
    await page.waitForTimeout(1500);
    expect(await notes(page)).toEqual([]);

    // A break: another state in the title and another favicon.
    await desk.api('startBreak', {});
    await expect(page).toHaveTitle(new RegExp(` · ${t('state.break')} — Zvit$`));
    await expect.poll(() => favicon(page)).not.toBe(workingIcon);
  });
}
