// A person's account in the browser against a real hub: the admin invites them in the dashboard,
// the link opened in a fresh browser sets a password and lands signed in; a password change on
// the Account screen (the old password refused afterwards, the new one works, the other sessions
// ended); and a session ended on the hub (signed out elsewhere, the person deactivated) sends the
// next action to sign-in, which lands back on the screen it was on. One hub for the file.
import { expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CATALOGUES } from '../dashboard/i18n/translate.ts';
import type { TextKey } from '../dashboard/i18n/types.ts';
import { fill } from '../shared/i18n/fill.ts';
import { INTL_LOCALE } from '../shared/i18n/locales.ts';
import { ADMIN, startHubProcess, type HubProcess } from '../test/hub-process.ts';
import { fillSignIn, routeDashboard, signIn } from './hub-dashboard.ts';

test.describe.configure({ mode: 'default' });
test.use({ locale: INTL_LOCALE.uk, timezoneId: 'Europe/Kyiv' });

let hub: HubProcess;
let hubDir: string;
test.beforeAll(async () => {
  hubDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zvit-e2e-account-'));
  hub = await startHubProcess(hubDir);
});
test.afterAll(async () => {
  await hub?.stop();
  fs.rmSync(hubDir, { recursive: true, force: true });
});

const t = (key: TextKey, vars?: Record<string, string | number>) => fill(CATALOGUES.uk[key] as string, vars);
const FIRST = 'the first password of Oksana 1';
const SECOND = 'the second password of Oksana 2';

async function fresh(browser: Browser): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ locale: INTL_LOCALE.uk, timezoneId: 'Europe/Kyiv' });
  const page = await context.newPage();
  await routeDashboard(page, hub.url);
  return { context, page };
}

/** The next action on the Account screen: saving the name (a request that needs the session). */
async function saveName(page: Page): Promise<void> {
  await page.getByLabel(t('account.name')).fill('Оксана Гнатюк');
  await page.getByRole('button', { name: t('app.save') }).click();
}

/** The session ended on the hub: the next action shows sign-in, which brings the person back to `hash`. */
async function backAfterSignIn(page: Page, hash: string, email: string, password: string): Promise<void> {
  await expect(page.getByRole('navigation', { name: t('nav.label') })).toHaveCount(0);
  await fillSignIn(page, 'uk', { email, password });
  await expect(page.getByRole('navigation', { name: t('nav.label') })).toBeVisible();
  expect(new URL(page.url()).hash).toBe(hash);
}

test('invited in the dashboard, a password set through the link, changed on Account; sessions ended on the hub', async ({ browser, page }) => {
  test.setTimeout(180_000);
  const email = 'oksana@example.com';
  const { team } = await hub.admin<{ team: { id: string; name: string } }>('POST', '/api/v1/teams', { name: 'Житомир' });

  // The admin invites Oksana as a lead of the team, in the dashboard, and gets her link.
  await routeDashboard(page, hub.url);
  await signIn(page, hub.url, 'uk', ADMIN);
  await page.goto(`${hub.url}/#/admin/users`);
  await page.getByText(t('admin.invite'), { exact: true }).click();
  const form = page.locator('details').filter({ hasText: t('admin.invite') });
  await form.getByLabel(t('signIn.email'), { exact: true }).fill(email);
  await form.getByLabel(t('account.name'), { exact: true }).fill('Оксана');
  await form.getByLabel(t('admin.role')).selectOption({ label: t('role.lead') });
  await form.getByLabel(t('admin.team')).selectOption({ label: team.name });
  await form.getByRole('button', { name: t('admin.sendInvite') }).click();
  await expect(page.getByText(t('admin.inviteLink', { name: 'Оксана' }))).toBeVisible();
  const link = (await page.getByTestId('copyable').first().textContent())!.trim();
  expect(link).toMatch(/\/invite#.+/);

  // Opened in a browser that never signed in: whose invite it is, a password, and she is in.
  const oksana = await fresh(browser);
  await oksana.page.goto(link);
  await expect(oksana.page.getByRole('heading', { name: t('invite.title') })).toBeVisible();
  await expect(oksana.page.getByText(email)).toBeVisible();
  await oksana.page.getByLabel(t('password.new'), { exact: true }).fill(FIRST);
  await oksana.page.getByLabel(t('password.again')).fill(FIRST);
  await oksana.page.getByRole('button', { name: t('invite.submit') }).click();
  await expect(oksana.page.getByRole('navigation', { name: t('nav.label') })).toBeVisible();
  await oksana.page.goto(`${hub.url}/#/account`);
  await expect(oksana.page.getByText(`${email} · ${t('role.lead')}`)).toBeVisible();
  // The link is spent: opened again, it says so.
  const again = await fresh(browser);
  await again.page.goto(link);
  await expect(again.page.getByText(t('invite.invalid'))).toBeVisible();

  // A second browser signed in with the first password, to see its session end with the change.
  await signIn(again.page, hub.url, 'uk', { email, password: FIRST });
  await again.page.goto(`${hub.url}/#/account`);
  await expect(again.page.getByRole('heading', { name: t('account.title') })).toBeVisible();

  // The change: a wrong current password is refused, the right one changes it.
  await oksana.page.getByLabel(t('password.current')).fill('not her password at all');
  await oksana.page.getByLabel(t('password.new'), { exact: true }).fill(SECOND);
  await oksana.page.getByRole('button', { name: t('password.submit') }).click();
  await expect(oksana.page.getByRole('alert')).toBeVisible();
  await expect(oksana.page.getByText(t('password.changed'))).toHaveCount(0);
  await oksana.page.getByLabel(t('password.current')).fill(FIRST);
  await oksana.page.getByLabel(t('password.new'), { exact: true }).fill(SECOND);
  await oksana.page.getByRole('button', { name: t('password.submit') }).click();
  await expect(oksana.page.getByText(t('password.changed'))).toBeVisible();

  // The other browser's session ended with it: its next action goes to sign-in, and the old
  // password no longer opens it; the new one does, back on Account.
  await saveName(again.page);
  await expect(again.page.getByText(t('signIn.expired'))).toBeVisible();
  await fillSignIn(again.page, 'uk', { email, password: FIRST });
  await expect(again.page.getByText(t('err.invalid_credentials'))).toBeVisible();
  await backAfterSignIn(again.page, '#/account', email, SECOND);
  await expect(again.page.getByRole('heading', { name: t('account.title') })).toBeVisible();

  // Signed out in another browser holding the same session: the hub forgets it, and the next
  // action here goes to sign-in, then back to the same screen.
  await oksana.page.goto(`${hub.url}/#/exports`);
  await expect(oksana.page.getByRole('heading', { name: t('exports.title') })).toBeVisible();
  const twin = await browser.newContext({ storageState: await oksana.context.storageState() });
  const twinPage = await twin.newPage();
  await routeDashboard(twinPage, hub.url);
  await twinPage.goto(`${hub.url}/`);
  await twinPage.getByRole('button', { name: t('app.signOut') }).click();
  await expect(twinPage.getByLabel(t('signIn.email'))).toBeVisible();
  await oksana.page.getByRole('link', { name: t('nav.leaderboard') }).click();
  await expect(oksana.page.getByText(t('signIn.expired'))).toBeVisible();
  await backAfterSignIn(oksana.page, '#/leaderboard', email, SECOND);
  await expect(oksana.page.getByRole('heading', { name: t('board.title') })).toBeVisible();
  await oksana.page.goto(`${hub.url}/#/account`);
  await expect(oksana.page.getByRole('heading', { name: t('account.title') })).toBeVisible();

  // The admin deactivates her: her next action goes to sign-in, which refuses her until the
  // admin reactivates her; then it lands back on the screen.
  page.once('dialog', (d) => void d.accept());
  await page.reload();
  await page.getByRole('button', { name: t('admin.deactivateFor', { name: 'Оксана' }) }).click();
  await page.getByRole('checkbox', { name: t('admin.showDeactivated') }).check();
  await expect(page.getByRole('button', { name: t('admin.reactivateFor', { name: 'Оксана' }) })).toBeVisible();
  await saveName(oksana.page);
  await expect(oksana.page.getByText(t('signIn.expired'))).toBeVisible();
  await fillSignIn(oksana.page, 'uk', { email, password: SECOND });
  await expect(oksana.page.getByRole('navigation', { name: t('nav.label') })).toHaveCount(0);
  await page.getByRole('button', { name: t('admin.reactivateFor', { name: 'Оксана' }) }).click();
  await expect(page.getByRole('button', { name: t('admin.deactivateFor', { name: 'Оксана' }) })).toBeVisible();
  await backAfterSignIn(oksana.page, '#/account', email, SECOND);
  await expect(oksana.page.getByRole('heading', { name: t('account.title') })).toBeVisible();

  for (const c of [oksana.context, again.context, twin]) await c.close();
});
