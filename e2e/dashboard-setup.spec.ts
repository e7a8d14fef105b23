// A hub's first run without ZVIT_ADMIN_*: the set-up link from the hub's log opens the dashboard's
// set-up page, which creates the first admin, names the organization and signs in. The page is
// looked at in each language before the link is used (it works once).
import { expect, test } from '@playwright/test';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CATALOGUES } from '../dashboard/i18n/translate.ts';
import type { TextKey } from '../dashboard/i18n/types.ts';
import { INTL_LOCALE, NATIVE_NAMES } from '../shared/i18n/locales.ts';
import { LOCALES, type Locale } from '../shared/locale.ts';
import { startHubProcess, type HubProcess } from '../test/hub-process.ts';
import { routeDashboard } from './hub-dashboard.ts';

const tr = (locale: Locale, key: TextKey) => CATALOGUES[locale][key] as string;

let hub: HubProcess;
let dir: string;
test.beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zvit-e2e-setup-'));
  hub = await startHubProcess(dir, { env: { ZVIT_ADMIN_EMAIL: '', ZVIT_ADMIN_PASSWORD: '' } });
});
test.afterAll(async () => {
  await hub?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

test('the first admin sets the hub up from the link in its log, naming the organization', async ({ browser }) => {
  await expect.poll(() => /"setupUrl":"([^"]+)"/.exec(hub.output())?.[1]).toBeTruthy();
  const link = /"setupUrl":"([^"]+)"/.exec(hub.output())![1]!;
  expect(link.startsWith(`${hub.url}/setup#`)).toBe(true);

  const context = await browser.newContext({ locale: INTL_LOCALE.uk, timezoneId: 'Europe/Kyiv' });
  const page = await context.newPage();
  await routeDashboard(page, hub.url);
  await page.goto(link);
  for (const locale of [...LOCALES.filter((l) => l !== 'uk'), 'uk'] as Locale[]) {
    await page.getByRole('combobox').first().selectOption({ label: NATIVE_NAMES[locale] });
    await expect(page.getByRole('heading', { name: tr(locale, 'setup.title') })).toBeVisible();
    await expect(page.getByLabel(tr(locale, 'setup.orgName'))).toBeVisible();
    await page.screenshot({ path: test.info().outputPath(`setup-${locale}.png`) });
  }

  const name = 'ТОВ «Вітрило»';
  await page.getByLabel(tr('uk', 'setup.orgName')).fill(`  ${name} `);
  await page.getByLabel(tr('uk', 'signIn.email')).fill('first-admin@example.com');
  await page.getByLabel(tr('uk', 'password.new')).fill('a long first password');
  await page.getByRole('button', { name: tr('uk', 'setup.submit') }).click();
  // Signed in, on team now, under the organization's name; the link is used up.
  await expect(page.getByRole('heading', { name: tr('uk', 'team.title') })).toBeVisible();
  await expect(page.locator('header.top .brand')).toContainText(name);
  await expect(page).toHaveURL(`${hub.url}/#/`);
  const again = await fetch(`${hub.url}/api/v1/setup`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token: link.split('#')[1], email: 'x@example.com', password: 'another long password' }) });
  expect(again.status).toBe(400);
  await context.close();
});
