// The dashboard's first load against a real hub process: the sign-in page fetches the frame and
// its own language only (every screen and every other language is a chunk fetched when needed;
// team now, where a lead lands, is fetched ahead); the hub sends the build's brotli or gzip copy
// of each file to a browser that takes it, the hashed assets cached for good and index.html
// revalidated. zod (the contract's schemas) is not among the page's first scripts. Reads the build's manifest (dist/dashboard/.vite/manifest.json) to name the chunks.
import { expect, test, type Page } from '@playwright/test';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { CATALOGUES } from '../dashboard/i18n/translate.ts';
import { INTL_LOCALE, LOCALES, type Locale } from '../shared/i18n/locales.ts';
import { ADMIN, startHubProcess, type HubProcess } from '../test/hub-process.ts';
import { DASHBOARD_DIST as DIST, dashboardManifest as manifest, hubServesDashboard, type Manifest } from './hub-dashboard.ts';

/** The screens behind sign-in (dashboard/screens/lazy.ts), as the manifest names their sources. */
const SCREENS = [
  'screens/TeamNow.tsx',
  'screens/ManagerDay.tsx',
  'screens/Week.tsx',
  'screens/Inbox.tsx',
  'screens/Kpis.tsx',
  'screens/Leaderboard.tsx',
  'screens/admin/Admin.tsx',
  'screens/Exports.tsx',
  'screens/integrations/Integrations.tsx',
  'screens/Account.tsx',
  'screens/Invite.tsx',
];
const catalogueSources = (locale: Locale) => [`i18n/${locale}.ts`, `../shared/i18n/common/${locale}.ts`];

let hub: HubProcess;
let hubDir: string;
test.beforeAll(async () => {
  hubDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zvit-e2e-first-load-'));
  hub = await startHubProcess(hubDir);
  expect(await hubServesDashboard(hub.url), 'the hub serves dist/dashboard').toBe(true);
});
test.afterAll(async () => {
  await hub?.stop();
  fs.rmSync(hubDir, { recursive: true, force: true });
});

/** The files a manifest entry loads before it runs: itself and its static imports, transitively. */
function staticClosure(m: Manifest, key: string, seen = new Set<string>()): Set<string> {
  const entry = m[key]!;
  if (seen.has(entry.file)) return seen;
  seen.add(entry.file);
  for (const imported of entry.imports ?? []) staticClosure(m, imported, seen);
  return seen;
}

function scriptsOf(page: Page): string[] {
  const scripts: string[] = [];
  page.on('request', (r) => {
    if (r.resourceType() === 'script') scripts.push(new URL(r.url()).pathname);
  });
  return scripts;
}

test('the sign-in page loads the frame and its language only; each screen and language comes when needed', async ({ browser }) => {
  const m = manifest();
  const fileOf = (src: string) => `/${m[src]!.file}`;
  // Each screen and each language is a chunk of its own, not part of the page's first script.
  for (const src of [...SCREENS, ...LOCALES.flatMap(catalogueSources)]) expect(m[src]?.isDynamicEntry, src).toBe(true);
  // Nor is zod: the calls take their paths from shared/api-paths.ts, and the contract's schemas come
  // with the live stream, a chunk of its own loaded once signed in.
  const first = staticClosure(m, 'index.html');
  expect(m['stores/live-stream.ts']?.isDynamicEntry).toBe(true);
  const source = (file: string) => fs.readFileSync(path.join(DIST, file), 'utf8');
  for (const file of [...first].filter((f) => f.endsWith('.js'))) expect(source(file).includes('ZodError'), `zod in ${file}`).toBe(false);
  expect([...staticClosure(m, 'stores/live-stream.ts')].some((f) => source(f).includes('ZodError')), 'the probe finds zod with the stream').toBe(true);

  const context = await browser.newContext({ locale: INTL_LOCALE.uk, timezoneId: 'Europe/Kyiv' });
  const page = await context.newPage();
  const scripts = scriptsOf(page);
  const sessionChecks: string[] = [];
  page.on('request', (r) => {
    if (new URL(r.url()).pathname === '/api/v1/auth/me') sessionChecks.push(r.method());
  });
  await page.goto(`${hub.url}/`);
  await expect(page.getByLabel(CATALOGUES.uk['signIn.email'])).toBeVisible();
  // The session check is asked once, by index.html's preload while the scripts load; the app's own
  // call takes that answer.
  expect(sessionChecks).toEqual(['GET']);
  // Team now is fetched ahead while the form is filled in; nothing else behind sign-in is.
  await expect.poll(() => scripts).toContain(fileOf('screens/TeamNow.tsx'));
  await page.screenshot({ path: test.info().outputPath('sign-in-uk.png') });
  for (const src of SCREENS.filter((s) => s !== 'screens/TeamNow.tsx')) expect(scripts, src).not.toContain(fileOf(src));
  for (const src of catalogueSources('uk')) expect(scripts).toContain(fileOf(src));
  for (const src of [...catalogueSources('ru'), ...catalogueSources('en')]) expect(scripts, src).not.toContain(fileOf(src));

  // Signed in: team now; another language is fetched when picked, and the page speaks it.
  await page.getByLabel(CATALOGUES.uk['signIn.email']).fill(ADMIN.email);
  await page.getByLabel(CATALOGUES.uk['signIn.password']).fill(ADMIN.password);
  await page.getByRole('button', { name: CATALOGUES.uk['signIn.submit'] }).click();
  await expect(page.getByRole('heading', { name: CATALOGUES.uk['team.title'] })).toBeVisible();
  await page.getByLabel(CATALOGUES.uk['app.language']).selectOption('en');
  await expect(page.getByRole('heading', { name: CATALOGUES.en['team.title'] })).toBeVisible();
  for (const src of catalogueSources('en')) expect(scripts).toContain(fileOf(src));
  expect(scripts).not.toContain(fileOf('i18n/ru.ts'));
  // A screen opened from the menu comes in its own chunk.
  await page.getByRole('link', { name: CATALOGUES.en['nav.kpis'] }).click();
  await expect.poll(() => scripts).toContain(fileOf('screens/Kpis.tsx'));
  await context.close();
});

/** A GET with this Accept-Encoding, the body as it came over the wire. */
function get(url: string, encoding: string): Promise<{ headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers: { 'accept-encoding': encoding } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => (res.statusCode === 200 ? resolve({ headers: res.headers, body: Buffer.concat(chunks) }) : reject(new Error(`${url}: ${res.statusCode}`))));
      })
      .on('error', reject);
  });
}

test('the hub sends the compressed copies the browser takes, assets cached for good and index.html revalidated', async () => {
  const m = manifest();
  const entry = Object.values(m).find((c) => c.isEntry)!;
  const assets = [entry.file, ...(entry.imports ?? []).map((k) => m[k]!.file), m['screens/TeamNow.tsx']!.file];
  for (const file of assets) {
    const raw = fs.readFileSync(path.join(DIST, file));
    const url = `${hub.url}/${file}`;
    const br = await get(url, 'br, gzip');
    expect(br.headers['content-encoding'], file).toBe('br');
    expect(zlib.brotliDecompressSync(br.body).equals(raw), file).toBe(true);
    const gz = await get(url, 'gzip');
    expect(gz.headers['content-encoding'], file).toBe('gzip');
    expect(zlib.gunzipSync(gz.body).equals(raw), file).toBe(true);
    const plain = await get(url, 'identity');
    expect(plain.headers['content-encoding'], file).toBeUndefined();
    expect(plain.body.equals(raw), file).toBe(true);
    for (const res of [br, gz, plain]) {
      expect(res.headers['cache-control'], file).toBe('public, max-age=31536000, immutable');
      expect(res.headers['content-type'], file).toMatch(/javascript/);
    }
    expect(br.headers.vary, file).toMatch(/accept-encoding/i);
  }
  // The page itself (at / and at the app's own addresses) is asked again each time.
  const index = fs.readFileSync(path.join(DIST, 'index.html'));
  for (const url of ['/', '/team']) {
    const res = await get(`${hub.url}${url}`, 'br, gzip');
    expect(res.headers['cache-control'], url).toBe('no-cache');
    expect(res.headers['content-encoding'], url).toBe('br');
    expect(zlib.brotliDecompressSync(res.body).equals(index), url).toBe(true);
    expect(String(res.headers['content-security-policy'])).not.toMatch(/script-src[^;]*unsafe-inline/);
  }
});
