// Accessibility of the lead's dashboard over every screen, against a real hub with a real world
// (lead-world.ts): axe-core's WCAG A/AA rules (names, labels, contrast, landmarks, ARIA) must find
// nothing, and a keyboard walk (Tab through the whole screen) must land only on elements that show
// a visible focus indicator and have an accessible name. One hub for the file.
import { AxeBuilder } from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CATALOGUES } from '../dashboard/i18n/translate.ts';
import type { TextKey } from '../dashboard/i18n/types.ts';
import { INTL_LOCALE } from '../shared/i18n/locales.ts';
import { ADMIN, startHubProcess, type HubProcess } from '../test/hub-process.ts';
import { routeDashboard, signIn } from './hub-dashboard.ts';
import { LEAD_PASSWORD, makeWorld, ZONE, type World } from './lead-world.ts';

test.describe.configure({ mode: 'default' });
test.use({ locale: INTL_LOCALE.uk, timezoneId: ZONE });

let hub: HubProcess;
let hubDir: string;
let world: World;
test.beforeAll(async () => {
  test.setTimeout(120_000);
  hubDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zvit-e2e-a11y-'));
  hub = await startHubProcess(hubDir);
  world = await makeWorld(hub, 'uk');
});
test.afterAll(async () => {
  await hub?.stop();
  fs.rmSync(hubDir, { recursive: true, force: true });
});

const t = (key: TextKey) => CATALOGUES.uk[key] as string;

/** axe-core's WCAG 2.x A and AA rules over the page as it is; the violations, described. */
async function axe(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return result.violations.flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(' ')} — ${n.failureSummary?.split('\n').slice(1).join(' ').trim()}`));
}

interface Stop {
  what: string;
  name: string;
  visible: boolean;
}

/**
 * Tabs through the whole page from its start until focus comes back round (or leaves it), and
 * describes every element focused: whether it has an accessible name and whether it shows a focus indicator (an outline or a box shadow it lacked
 * unfocused).
 */
async function keyboardWalk(page: Page): Promise<Stop[]> {
  await page.evaluate(() => {
    (document.activeElement as HTMLElement | null)?.blur();
    window.scrollTo(0, 0);
  });
  await page.locator('body').focus();
  const stops: Stop[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < 150; i++) {
    await page.keyboard.press('Tab');
    const focused = page.locator(':focus');
    if ((await focused.count()) === 0) break;
    const info = await focused.evaluate((el) => {
      const key = `${el.tagName}|${el.id}|${Array.from(el.parentElement?.children ?? []).indexOf(el)}|${el.outerHTML.slice(0, 200)}`;
      const style = getComputedStyle(el);
      const shown = (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0) || style.boxShadow !== 'none';
      return { key, shown, what: el.outerHTML.slice(0, 120) };
    });
    if (seen.has(info.key)) break;
    seen.add(info.key);
    // The accessible name as the accessible-name computation (Playwright's) gives it.
    const named = await expect(focused)
      .toHaveAccessibleName(/\S/, { timeout: 1_000 })
      .then(() => true, () => false);
    const name = named ? ((await focused.getAttribute('aria-label')) ?? (await focused.innerText()).trim()) || 'named' : '';
    stops.push({ what: info.what, name: name.trim(), visible: info.shown });
  }
  return stops;
}

async function check(page: Page, screen: string): Promise<void> {
  await page.waitForLoadState('networkidle');
  const violations = await axe(page);
  expect(violations, `axe on ${screen}`).toEqual([]);
  const stops = await keyboardWalk(page);
  expect(stops.length, `focusable elements on ${screen}`).toBeGreaterThan(0);
  expect(stops.filter((s) => !s.name).map((s) => s.what), `focused without a name on ${screen}`).toEqual([]);
  expect(stops.filter((s) => !s.visible).map((s) => s.what), `focused without a visible indicator on ${screen}`).toEqual([]);
}

test('signed out: the sign-in screen and an invite link', async ({ page }) => {
  await routeDashboard(page, hub.url);
  await page.goto(`${hub.url}/`);
  await expect(page.getByRole('heading', { name: t('signIn.title') })).toBeVisible();
  await check(page, 'sign-in');
  await page.goto(world.openInvite);
  await expect(page.getByRole('heading', { name: t('invite.title') })).toBeVisible();
  await check(page, 'invite');
});

test("a lead's screens", async ({ page }) => {
  test.setTimeout(180_000);
  await routeDashboard(page, hub.url);
  await signIn(page, hub.url, 'uk', { email: world.leadA.email, password: LEAD_PASSWORD });
  const [d1, d2] = world.dates;
  const screens: [string, string, () => Promise<void>][] = [
    ['team', '#/', () => expect(page.getByTestId('member')).toHaveCount(2)],
    ['day', `#/day/${world.olena.id}/${d2}`, () => expect(page.getByTestId('plan-vs-fact')).toBeVisible()],
    ['week', `#/week/${world.ihor.id}/${d1}`, () => expect(page.getByTestId('week')).toBeVisible()],
    ['inbox', '#/inbox', () => expect(page.getByRole('heading', { level: 1 })).toBeVisible()],
    ['kpis', '#/kpis', () => expect(page.getByRole('heading', { level: 1 })).toBeVisible()],
    ['leaderboard', '#/leaderboard', () => expect(page.getByTestId('leaderboard')).toBeVisible()],
    ['exports', '#/exports', () => expect(page.getByTestId('export-csv')).toBeVisible()],
    ['account', '#/account', () => expect(page.getByRole('heading', { level: 1 })).toBeVisible()],
  ];
  for (const [name, hash, ready] of screens) {
    await page.goto(`${hub.url}/${hash}`);
    await ready();
    await check(page, name);
    // The dark theme has colours of its own: contrast again.
    await page.emulateMedia({ colorScheme: 'dark' });
    expect(await axe(page), `axe on ${name}, dark`).toEqual([]);
    await page.emulateMedia({ colorScheme: 'light' });
  }
});

test("the admin's screens: settings and integrations, every tab", async ({ page }) => {
  test.setTimeout(180_000);
  await routeDashboard(page, hub.url);
  await signIn(page, hub.url, 'uk', ADMIN);
  for (const tab of ['users', 'teams', 'codes', 'devices', 'policy']) {
    await page.goto(`${hub.url}/#/admin/${tab}`);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await check(page, `admin/${tab}`);
  }
  for (const tab of ['crm', 'dead', 'webhooks', 'tokens', 'csv']) {
    await page.goto(`${hub.url}/#/integrations/${tab}`);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await check(page, `integrations/${tab}`);
  }
});

test('the checks fail on a nameless control and on a focus without an indicator', async ({ page }) => {
  await routeDashboard(page, hub.url);
  await page.goto(`${hub.url}/`);
  await expect(page.getByRole('heading', { name: t('signIn.title') })).toBeVisible();
  await page.evaluate(() => {
    const button = document.createElement('button');
    button.append(document.createElementNS('http://www.w3.org/2000/svg', 'svg'));
    document.querySelector('main, body')!.append(button);
  });
  expect((await axe(page)).some((v) => v.startsWith('button-name'))).toBe(true);
  const walked = await keyboardWalk(page);
  expect(walked.some((s) => !s.name), JSON.stringify(walked)).toBe(true);
  // Styled through the CSSOM: the hub's CSP refuses a style tag, as it should.
  await page.evaluate(() => document.querySelector<HTMLElement>('input[type=email]')!.style.setProperty('outline', 'none', 'important'));
  const bare = await keyboardWalk(page);
  expect(bare.some((s) => !s.visible), JSON.stringify(bare)).toBe(true);
});
