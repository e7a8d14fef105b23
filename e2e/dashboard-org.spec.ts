// The admin's Settings screen in a real browser against a real hub, in uk, ru and en: the header
// stays on one line at 1280 px and usable at phone width, the organization made at set-up shows as
// "Your organization" in the page's language (never a stored English placeholder) until the admin
// names it (Settings, Teams), and the name then shows in the header. And a team whose policy keeps money in US
// dollars sees its money KPI in dollars, as each language writes them.
import { expect, test, type Browser, type Page } from '@playwright/test';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CATALOGUES } from '../dashboard/i18n/translate.ts';
import type { TextKey } from '../dashboard/i18n/types.ts';
import { formatKpiValue } from '../shared/i18n/format.ts';
import { INTL_LOCALE } from '../shared/i18n/locales.ts';
import { LOCALES, type Locale } from '../shared/locale.ts';
import { ADMIN, startHubProcess, type HubProcess } from '../test/hub-process.ts';
import { routeDashboard } from './hub-dashboard.ts';

test.describe.configure({ mode: 'default' });

let hub: HubProcess;
let hubDir: string;
test.beforeAll(async () => {
  hubDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zvit-e2e-org-'));
  hub = await startHubProcess(hubDir);
});
test.afterAll(async () => {
  await hub?.stop();
  fs.rmSync(hubDir, { recursive: true, force: true });
});

const tr = (locale: Locale, key: TextKey) => CATALOGUES[locale][key] as string;

async function adminPage(browser: Browser, locale: Locale, width: number): Promise<Page> {
  const context = await browser.newContext({ locale: INTL_LOCALE[locale], timezoneId: 'Europe/Kyiv', viewport: { width, height: 800 } });
  const page = await context.newPage();
  await routeDashboard(page, hub.url);
  await page.goto(`${hub.url}/`);
  await page.getByLabel(tr(locale, 'signIn.email')).fill(ADMIN.email);
  await page.getByLabel(tr(locale, 'signIn.password')).fill(ADMIN.password);
  await page.getByRole('button', { name: tr(locale, 'signIn.submit') }).click();
  await expect(page.getByRole('navigation', { name: tr(locale, 'nav.label') })).toBeVisible();
  await page.goto(`${hub.url}/#/admin`);
  await expect(page.getByRole('heading', { level: 1, name: tr(locale, 'admin.title') })).toBeVisible();
  return page;
}

/** The tops of the header's brand, each section link and the account block: one line is one top. */
async function headerRows(page: Page): Promise<number> {
  return page.evaluate(() => {
    const header = document.querySelector('header.top')!;
    const items = [header.querySelector('.brand')!, ...header.querySelectorAll('nav li'), header.querySelector('.account')!];
    const centres = items.map((el) => {
      const r = el.getBoundingClientRect();
      return Math.round(r.top + r.height / 2);
    });
    return new Set(centres.map((c) => Math.round(c / 8))).size;
  });
}

test('Settings: the header on one line at 1280 px, usable at 390 px; the organization unnamed, then named', async ({ browser }) => {
  test.setTimeout(180_000);
  for (const locale of LOCALES) {
    const page = await adminPage(browser, locale, 1280);
    const brand = page.locator('header.top .brand');
    await expect(brand).toContainText(tr(locale, 'org.unnamed'));
    await expect(brand).not.toContainText('Default');
    expect(await headerRows(page), `${locale}: header rows at 1280 px`).toBe(1);
    await page.screenshot({ path: `test-results/org-settings-${locale}-1280.png`, fullPage: true });

    await page.setViewportSize({ width: 390, height: 800 });
    // Nothing sticks out sideways: the page does not scroll horizontally at phone width.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    // Nor inside the people table: each person is a card, each field named.
    const people = page.getByTestId('users');
    await expect(people).toBeVisible();
    expect(await people.evaluate((t) => t.parentElement!.scrollWidth - t.parentElement!.clientWidth), `${locale}: the people table scrolls sideways`).toBeLessThanOrEqual(0);
    await expect(people.locator('td[data-label]').first()).toHaveAttribute('data-label', tr(locale, 'admin.role'));
    await expect(page.getByRole('link', { name: tr(locale, 'nav.admin') })).toBeVisible();
    await page.screenshot({ path: `test-results/org-settings-${locale}-390.png`, fullPage: true });
    await page.context().close();
  }

  // The admin names the organization on Settings; the header shows it at once and after a reload.
  const page = await adminPage(browser, 'uk', 1280);
  await page.getByRole('link', { name: tr('uk', 'admin.tab.teams') }).click();
  const name = 'ТОВ «Вітрило»';
  const field = page.getByLabel(tr('uk', 'admin.orgName'));
  await expect(field).toHaveValue('');
  await field.fill(name);
  await page.getByRole('button', { name: tr('uk', 'admin.orgSave') }).click();
  await expect(page.locator('header.top .brand')).toContainText(name);
  await page.reload();
  await expect(page.locator('header.top .brand')).toContainText(name);
  await expect(page.getByLabel(tr('uk', 'admin.orgName'))).toHaveValue(name);
  expect(await headerRows(page)).toBe(1);
  await page.screenshot({ path: 'test-results/org-settings-uk-named.png', fullPage: true });
  await page.context().close();
});

test('KPIs: a team that counts in US dollars sees its money target in dollars, in each language', async ({ browser }) => {
  test.setTimeout(180_000);
  const { team } = await hub.admin<{ team: { id: string } }>('POST', '/api/v1/teams', { name: 'Львів' });
  const { policy } = await hub.admin<{ policy: Record<string, unknown> }>('GET', `/api/v1/teams/${team.id}/settings`);
  const currency = policy.currency === 'USD' ? 'EUR' : 'USD';
  await hub.admin('PUT', `/api/v1/teams/${team.id}/policy`, { ...policy, currency });
  await hub.admin('POST', '/api/v1/invites', { email: 'taras@example.com', name: 'Тарас', role: 'manager', teamId: team.id });
  // A month's target: the whole month is its period, so the row's target is the figure itself.
  const target = 12_345.5 + (Date.now() % 7);
  const names = { uk: 'Виручка', ru: 'Выручка', en: 'Revenue' };
  await hub.admin('PUT', `/api/v1/teams/${team.id}/kpis`, {
    definitions: [{ key: 'revenue', names, unit: 'money', direction: 'higher', period: 'month' }],
    targets: [{ key: 'revenue', period: 'month', value: target }],
  });
  for (const locale of LOCALES) {
    const page = await adminPage(browser, locale, 1280);
    await page.goto(`${hub.url}/#/kpis`);
    const row = page.getByTestId('kpi-progress').getByRole('row').filter({ hasText: names[locale] });
    await expect(row).toContainText(formatKpiValue(locale, target, 'money', currency));
    await expect(row).not.toContainText(formatKpiValue(locale, target, 'money', 'UAH'));
    await page.screenshot({ path: `test-results/kpis-${currency}-${locale}.png`, fullPage: true });
    await page.context().close();
  }
});
