// The lead's dashboard in the browser against a real hub process: the page and its API on one
// origin, so the session cookie and the CSRF token work as in production. The hub serves
// dist/dashboard at `/`; a hub without the built app (an older build) gets it served from disk
// by the test, on the hub's own origin, while every /api call still goes to the real hub. Signing
// in is done as a person does it: the form, found by its words in the page's language.
import fs from 'node:fs';
import path from 'node:path';
import { expect, type Page } from '@playwright/test';
import { CATALOGUES } from '../dashboard/i18n/translate.ts';
import type { TextKey } from '../dashboard/i18n/types.ts';
import type { Locale } from '../shared/locale.ts';
import { ROOT } from '../test/cli.ts';

/** The built dashboard (npm run build:dashboard). */
export const DASHBOARD_DIST = path.join(ROOT, 'dist', 'dashboard');
const DIST = DASHBOARD_DIST;
export type Manifest = Record<string, { file: string; src?: string; isEntry?: boolean; isDynamicEntry?: boolean; imports?: string[] }>;
/** Vite's manifest of the build: each source's output file and what it imports. */
export const dashboardManifest = (): Manifest => JSON.parse(fs.readFileSync(path.join(DIST, '.vite', 'manifest.json'), 'utf8')) as Manifest;
const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml' };

export async function hubServesDashboard(hubUrl: string): Promise<boolean> {
  const res = await fetch(`${hubUrl}/`);
  return res.ok && (res.headers.get('content-type') ?? '').startsWith('text/html');
}

/** Makes `page` load the dashboard from `hubUrl` (served by the hub, or from disk on its origin). */
export async function routeDashboard(page: Page, hubUrl: string): Promise<void> {
  if (await hubServesDashboard(hubUrl)) return;
  await page.route(`${hubUrl}/**`, async (route) => {
    const url = new URL(route.request().url());
    if (url.pathname.startsWith('/api/')) return route.fallback();
    const file = path.join(DIST, path.normalize(url.pathname).replace(/^(\.\.[/\\])+/, ''));
    const found = url.pathname !== '/' && fs.existsSync(file) && fs.statSync(file).isFile() ? file : path.join(DIST, 'index.html');
    await route.fulfill({ status: 200, contentType: TYPES[path.extname(found)] ?? 'application/octet-stream', body: fs.readFileSync(found) });
  });
}

export interface Credentials {
  email: string;
  password: string;
}

/** Fills the sign-in form that is on the page (at `/`, or over the screen a session ended on) and sends it. */
export async function fillSignIn(page: Page, locale: Locale, who: Credentials): Promise<void> {
  const t = (key: TextKey) => CATALOGUES[locale][key] as string;
  await page.getByLabel(t('signIn.email')).fill(who.email);
  await page.getByLabel(t('signIn.password')).fill(who.password);
  await page.getByRole('button', { name: t('signIn.submit') }).click();
}

/** Opens the dashboard at `hubUrl` and signs in; done when the app's navigation shows. */
export async function signIn(page: Page, hubUrl: string, locale: Locale, who: Credentials): Promise<void> {
  await page.goto(`${hubUrl}/`);
  await fillSignIn(page, locale, who);
  await expect(page.getByRole('navigation', { name: CATALOGUES[locale]['nav.label'] as string })).toBeVisible();
}
