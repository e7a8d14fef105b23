// A screen whose chunk does not arrive (the network dropped, or the hub was deployed anew and the
// page's chunk names are gone), in a real browser against a real hub: the screen says so in the
// page's language with a "try again" button, nothing is thrown at the page, the other screens
// still open, and trying again asks for the chunk again and shows the screen once it arrives.
// After a new deploy a retry that fails reloads the page, which opens on the new build.
// Reads the build's manifest (dist/dashboard/.vite/manifest.json) to name the chunk.
import { expect, test, type Browser, type Page } from '@playwright/test';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CATALOGUES } from '../dashboard/i18n/translate.ts';
import type { TextKey } from '../dashboard/i18n/types.ts';
import { INTL_LOCALE } from '../shared/i18n/locales.ts';
import type { Locale } from '../shared/locale.ts';
import { ADMIN, startHubProcess, type HubProcess } from '../test/hub-process.ts';
import { dashboardManifest, hubServesDashboard, signIn } from './hub-dashboard.ts';
import { scanScreen } from './scan.ts';

const text = (locale: Locale) => (key: TextKey) => CATALOGUES[locale][key] as string;
const t = text('uk');

let hub: HubProcess;
let hubDir: string;
let kpisChunk: string;
test.beforeAll(async () => {
  hubDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zvit-e2e-chunk-failure-'));
  hub = await startHubProcess(hubDir);
  expect(await hubServesDashboard(hub.url), 'the hub serves dist/dashboard').toBe(true);
  kpisChunk = `/${dashboardManifest()['screens/Kpis.tsx']!.file}`;
});
test.afterAll(async () => {
  await hub?.stop();
  fs.rmSync(hubDir, { recursive: true, force: true });
});

/** A page in `locale` that records what is thrown at it and each request for the KPI screen's chunk. */
async function pageIn(browser: Browser, locale: Locale): Promise<{ page: Page; thrown: Error[]; asked: () => number }> {
  const context = await browser.newContext({ locale: INTL_LOCALE[locale], timezoneId: 'Europe/Kyiv' });
  const page = await context.newPage();
  const thrown: Error[] = [];
  page.on('pageerror', (e) => thrown.push(e));
  let asked = 0;
  page.on('request', (r) => {
    if (new URL(r.url()).pathname === kpisChunk) asked++;
  });
  return { page, thrown, asked: () => asked };
}

for (const locale of ['uk', 'ru'] as const) {
  test(`a screen whose chunk fails says so in ${locale}; the rest works; try again brings the screen`, async ({ browser }, testInfo) => {
    const t = text(locale);
    const { page, thrown, asked } = await pageIn(browser, locale);
    let reachable = false;
    await page.route(`${hub.url}${kpisChunk}`, (route) => (reachable ? route.fallback() : route.abort('internetdisconnected')));
    await signIn(page, hub.url, locale, ADMIN);
    await expect(page.locator('html')).toHaveAttribute('lang', locale);
    // Marks this page: a reload (the hub serves the same build, so none is due) would lose it.
    await page.evaluate(() => ((window as { stayed?: boolean }).stayed = true));

    await page.getByRole('link', { name: t('nav.kpis') }).click();
    const note = page.getByRole('alert');
    const tryAgain = page.getByRole('button', { name: t('app.tryAgain') });
    await expect(note).toHaveText(`${t('err.network')}${t('app.tryAgain')}`);
    await expect(tryAgain).toBeVisible();
    await scanScreen(page, testInfo, locale, 'chunk-failed', [ADMIN.email]);

    // The rest of the app works: another screen opens, and so does team now again.
    await page.getByRole('link', { name: t('nav.leaderboard') }).click();
    await expect(page.getByRole('heading', { level: 1, name: t('board.title') })).toBeVisible();
    await page.getByRole('link', { name: t('nav.team') }).click();
    await expect(page.getByRole('heading', { name: t('team.title') })).toBeVisible();

    // Back on the screen, still unreachable: each try asks for the chunk again (a failure is not
    // kept as the answer), and the note stays.
    await page.getByRole('link', { name: t('nav.kpis') }).click();
    await expect(tryAgain).toBeVisible();
    const before = asked();
    await tryAgain.click();
    await expect.poll(asked).toBeGreaterThan(before);
    await expect(tryAgain).toBeVisible();
    await expect(page.getByRole('heading', { level: 1, name: t('kpis.title') })).toHaveCount(0);

    // The network is back: trying again shows the screen; the page was never reloaded.
    reachable = true;
    await tryAgain.click();
    await expect(page.getByRole('heading', { level: 1, name: t('kpis.title') })).toBeVisible();
    await expect(note).toHaveCount(0);
    expect(await page.evaluate(() => (window as { stayed?: boolean }).stayed)).toBe(true);
    expect(thrown.map((e) => e.message)).toEqual([]);
    await page.context().close();
  });
}

test('after a new deploy, a retry that fails reloads the page, which opens the screen from the new build', async ({ browser }) => {
  const { page, thrown } = await pageIn(browser, 'uk');
  let deployed = false;
  // The old build's chunk is gone from the hub (404); the hub's page now names another entry script.
  await page.route(`${hub.url}${kpisChunk}`, (route) => (deployed ? route.fallback() : route.fulfill({ status: 404, body: 'Not found' })));
  await page.route(`${hub.url}/`, async (route) => {
    if (route.request().resourceType() !== 'fetch') return route.fallback();
    const res = await route.fetch();
    deployed = true;
    await route.fulfill({ response: res, body: (await res.text()).replace(/\/assets\/index-[^"]+\.js/, '/assets/index-NEWBUILD.js') });
  });
  await signIn(page, hub.url, 'uk', ADMIN);
  await page.getByRole('link', { name: t('nav.kpis') }).click();
  const tryAgain = page.getByRole('button', { name: t('app.tryAgain') });
  // The first failure only says so (it may be the network); the page is not reloaded unasked.
  await expect(tryAgain).toBeVisible();
  expect(deployed).toBe(false);

  await page.evaluate(() => ((window as { stayed?: boolean }).stayed = true));
  const reloaded = page.waitForEvent('load', { timeout: 10_000 });
  await tryAgain.click();
  await reloaded;
  expect(deployed).toBe(true);
  await expect(page.getByRole('heading', { level: 1, name: t('kpis.title') })).toBeVisible();
  expect(await page.evaluate(() => (window as { stayed?: boolean }).stayed)).toBeUndefined();
  expect(thrown.map((e) => e.message)).toEqual([]);
  await page.context().close();
});
