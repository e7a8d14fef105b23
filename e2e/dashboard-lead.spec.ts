// The lead's dashboard over a week of real agent data, in uk, ru and en, against one hub process
// for the file (each language works in its own teams): a lead edits
// targets and sees them in the progress, approves one report and then the clean ones in bulk,
// downloads the grid as XLSX and CSV and reads them back, and cannot open another team's manager
// by URL; the admin edits the tracking policy in its form. Every screen is scanned (scan.ts) and
// shot into test-results/ at 1280 px, team now and the inbox at 390 px too.
import { expect, test, type Page, type TestInfo } from '@playwright/test';
import ExcelJS from 'exceljs';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CATALOGUES, i18nFor } from '../dashboard/i18n/translate.ts';
import type { TextKey } from '../dashboard/i18n/types.ts';
import { fill } from '../shared/i18n/fill.ts';
import { DEFAULT_KPIS } from '../shared/kpi.ts';
import { dateFieldText } from '../shared/time-text.ts';
import { INTL_LOCALE } from '../shared/i18n/locales.ts';
import type { Locale } from '../shared/locale.ts';
import { ADMIN, startHubProcess, type HubProcess } from '../test/hub-process.ts';
import { routeDashboard } from './hub-dashboard.ts';
import { LEAD_PASSWORD, makeWorld, ZONE } from './lead-world.ts';
import { scanScreen } from './scan.ts';

// One hub for the file: its tests run one after another in one worker (a hub each would cost more
// to start than the tests take). Each language works in teams of its own, so nothing depends on
// the order, and the file could run its tests in parallel as it is.
test.describe.configure({ mode: 'default' });

let hub: HubProcess;
let hubDir: string;
test.beforeAll(async () => {
  hubDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zvit-e2e-lead-'));
  hub = await startHubProcess(hubDir);
});
test.afterAll(async () => {
  await hub?.stop();
  fs.rmSync(hubDir, { recursive: true, force: true });
});

/** Words of any language's world (the admin sees them all): people, teams, apps, the admin, and the organization (the hub's default name). */
const SHARED_DATA = ['Default', 'olena', 'ihor', 'taras', 'lead', 'example', 'admin', 'Sales', 'laptop', 'Google Chrome', 'Telegram', 'LibreOffice Calc', 'acme.bitrix24.ua'];

async function signIn(page: Page, t: (key: TextKey) => string, email: string, password: string): Promise<void> {
  await page.goto(`${hub.url}/`);
  await page.getByLabel(t('signIn.email')).fill(email);
  await page.getByLabel(t('signIn.password')).fill(password);
  await page.getByRole('button', { name: t('signIn.submit') }).click();
  await expect(page.getByRole('navigation', { name: t('nav.label') })).toBeVisible();
}

async function signOut(page: Page, t: (key: TextKey) => string): Promise<void> {
  await page.getByRole('button', { name: t('app.signOut') }).click();
  await expect(page.getByLabel(t('signIn.email'))).toBeVisible();
}

async function onPhone(page: Page, fn: () => Promise<void>): Promise<void> {
  const before = page.viewportSize()!;
  await page.setViewportSize({ width: 390, height: 844 });
  try {
    await fn();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  } finally {
    await page.setViewportSize(before);
  }
}

async function download(page: Page, testId: string): Promise<string> {
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testId).click()]);
  return (await file.path())!;
}

async function api<T>(page: Page, url: string): Promise<T> {
  const res = await page.request.get(`${hub.url}${url}`);
  expect(res.status(), url).toBe(200);
  return (await res.json()) as T;
}

for (const locale of ['uk', 'ru', 'en'] as const satisfies readonly Locale[]) {
  test.describe(locale, () => {
    test.use({ locale: INTL_LOCALE[locale], timezoneId: ZONE });

    test(`a lead's week in ${locale}: targets, approvals, exports, access; the admin's policy`, async ({ page }, testInfo) => {
      test.setTimeout(240_000);
      const t = (key: TextKey, vars?: Record<string, string | number>) => fill(CATALOGUES[locale][key] as string, vars);
      const i18n = i18nFor(locale);
      const world = await makeWorld(hub, locale);
      const data = [...world.data, ...SHARED_DATA, world.teamA.name, world.teamB.name];
      const scan = (name: string, p: Page = page, info: TestInfo = testInfo) => scanScreen(p, info, locale, `dashboard-${name}`, data);
      const [d1, d2, d3] = world.dates;
      await routeDashboard(page, hub.url);

      // The invite link a manager would open: whose it is, and a password to choose.
      await page.goto(world.openInvite);
      await expect(page.getByRole('heading', { name: t('invite.title') })).toBeVisible();
      await expect(page.getByText(world.olena.email)).toBeVisible();
      await scan('invite');

      // Sign-in, as the lead of team A.
      await page.goto(`${hub.url}/`);
      await expect(page.getByRole('heading', { name: t('signIn.title') })).toBeVisible();
      await scan('sign-in');
      await signIn(page, t, world.leadA.email, LEAD_PASSWORD);

      // Team now: the lead's two managers, nobody of team B.
      await expect(page.getByTestId('member')).toHaveCount(2);
      await expect(page.getByTestId('member').filter({ hasText: world.olena.name })).toBeVisible();
      await scan('team-now');
      await onPhone(page, () => scan('team-now-phone'));

      // A manager's day and week.
      await page.goto(`${hub.url}/#/day/${world.olena.id}/${d2}`);
      await expect(page.getByTestId('plan-vs-fact')).toContainText('Подзвонити ТОВ «Ромашка»');
      await expect(page.getByTestId('top-apps')).toContainText('Google Chrome');
      await scan('day');
      await page.goto(`${hub.url}/#/week/${world.olena.id}/${d1}`);
      await expect(page.getByTestId('week')).toContainText(t('reportState.submitted'));
      await scan('week');

      // Team B's manager by URL: "not found", and nothing of theirs.
      await page.goto(`${hub.url}/#/day/${world.taras.id}/${d1}`);
      await expect(page.getByRole('alert')).toHaveText(t('err.not_found'));
      await expect(page.getByText(world.taras.name)).toHaveCount(0);
      await expect(page.getByTestId('plan-vs-fact')).toHaveCount(0);
      await page.goto(`${hub.url}/#/week/${world.taras.id}/${d1}`);
      await expect(page.getByRole('alert')).toHaveText(t('err.not_found'));
      await expect(page.getByText(world.taras.name)).toHaveCount(0);

      // The inbox: one report approved on its own, then the clean ones in bulk.
      await page.goto(`${hub.url}/#/inbox`);
      const rows = page.getByTestId('inbox-row');
      const olenaD3 = rows.filter({ hasText: world.olena.name }).filter({ hasText: i18n.date(d3) });
      await expect(olenaD3).toBeVisible();
      await olenaD3.getByRole('button', { name: t('inbox.review') }).click();
      await scan('inbox');
      await onPhone(page, () => scan('inbox-phone'));
      await olenaD3.getByRole('button', { name: t('review.approve') }).click();
      type Inbox = { rows: { user: { id: string }; date: string; report: { state: string } }[] };
      const stateOf = async (userId: string, date: string) =>
        (await api<Inbox>(page, `/api/v1/inbox?from=${d3}&to=${d1}&filter=all`)).rows.find((r) => r.user.id === userId && r.date === date)?.report.state;
      await expect.poll(() => stateOf(world.olena.id, d3)).toBe('approved');
      // Clean: Olena's other two days and Ihor's of two days ago; Ihor's yesterday missed a KPI.
      const bulk = page.getByRole('button', { name: t('inbox.approveClean', { n: 3 }) });
      await expect(bulk).toBeEnabled();
      await bulk.click();
      await expect(page.getByRole('status').filter({ hasText: t('inbox.bulkDone', { approved: 3, skipped: 0 }) })).toBeVisible();
      expect([await stateOf(world.olena.id, d2), await stateOf(world.olena.id, d1), await stateOf(world.ihor.id, d2), await stateOf(world.ihor.id, d1), await stateOf(world.ihor.id, d3)]).toEqual([
        'approved',
        'approved',
        'approved',
        'submitted',
        'missing',
      ]);

      // KPIs: a new daily target for calls, seen at once in the progress above the editor.
      await page.goto(`${hub.url}/#/kpis`);
      const callsName = DEFAULT_KPIS.find((k) => k.key === 'calls_total')!.names[locale];
      const dayTarget = page.getByTestId('targets-editor').getByLabel(`${callsName}: ${t('kpis.perDay')}`, { exact: true });
      await dayTarget.fill('45');
      await page.getByRole('button', { name: t('kpis.saveTargets') }).click();
      await expect(page.getByTestId('targets-editor').getByRole('status')).toHaveText(t('app.saved'));
      type Progress = { total: { key: string; target: number | null }[] };
      const progress = await api<Progress>(page, `/api/v1/kpis/progress?teamId=${world.teamA.id}&period=month`);
      const target = progress.total.find((r) => r.key === 'calls_total')?.target;
      expect(target).toBeGreaterThan(0);
      await expect(page.getByTestId('kpi-progress').getByRole('row', { name: new RegExp(callsName) })).toContainText(i18n.kpi(Math.round(target! * 100) / 100, 'count', 'UAH'));
      await scan('kpis');

      await page.goto(`${hub.url}/#/leaderboard`);
      await expect(page.getByTestId('leaderboard')).toContainText(world.olena.name);
      await scan('leaderboard');

      // Exports: the grid of the three days as XLSX and CSV, read back.
      await page.goto(`${hub.url}/#/exports`);
      // Typed as the locale writes dates, day first (and read so whatever the browser's language).
      const written = (date: string) => dateFieldText(date, locale === 'en' ? '/' : '.');
      await page.getByLabel(t('exports.from'), { exact: true }).fill(written(d3));
      await page.getByLabel(t('exports.to'), { exact: true }).fill(written(d1));
      await page.getByLabel(t('exports.to'), { exact: true }).press('Tab');
      await scan('exports');
      type Day = { summary: { workedMs: number } };
      const worked = Math.round((await api<Day>(page, `/api/v1/users/${world.olena.id}/day/${d2}`)).summary.workedMs / 60_000);
      expect(worked).toBeGreaterThan(60);
      const book = new ExcelJS.Workbook();
      await book.xlsx.readFile(await download(page, 'export-xlsx'));
      const sheet = book.worksheets[0]!;
      const rowOf = (email: string, date: string) => sheet.getRows(2, sheet.rowCount - 1)!.find((r) => r.getCell(2).value === email && r.getCell(4).value === date);
      expect(rowOf(world.olena.email, d2)?.getCell(1).value).toBe(world.olena.name);
      expect(rowOf(world.olena.email, d2)?.getCell(6).value).toBe(worked);
      expect(rowOf(world.taras.email, d1)).toBeUndefined();
      const csv = fs.readFileSync(await download(page, 'export-csv'), 'utf8');
      expect(csv.startsWith('\ufeff')).toBe(true);
      expect(csv).toContain(world.olena.name);
      expect(csv).toContain(world.ihor.name);
      expect(csv).toContain(world.teamA.name);
      expect(csv).not.toContain(world.taras.name);

      await page.goto(`${hub.url}/#/account`);
      await expect(page.getByRole('heading', { name: t('account.title') })).toBeVisible();
      await scan('account');
      await signOut(page, t);

      // The admin: people, teams, codes, devices, and team A's tracking policy in its form.
      await signIn(page, t, ADMIN.email, ADMIN.password);
      for (const tab of ['users', 'teams', 'codes', 'devices'] as const) {
        await page.goto(`${hub.url}/#/admin/${tab}`);
        await expect(page.getByRole('link', { name: t(`admin.tab.${tab}`) })).toHaveAttribute('aria-current', 'page');
        await expect(page.getByText(tab === 'teams' ? world.teamA.name : world.olena.name).first()).toBeVisible();
        await scan(`admin-${tab}`);
      }
      await page.goto(`${hub.url}/#/admin/policy`);
      await page.getByLabel(t('kpis.team')).selectOption({ label: world.teamA.name });
      await expect(page.getByRole('heading', { name: t('policy.title', { team: world.teamA.name }) })).toBeVisible();
      const preview = page.getByTestId('policy-preview');
      await expect(preview.getByRole('columnheader', { name: t('policy.recorded') })).toBeVisible();
      // A rule that puts Telegram under messengers: its match count beside it, and in the preview.
      await page.getByRole('button', { name: t('policy.ruleAdd') }).click();
      const rule = page.getByTestId('category-rule').last();
      await rule.getByLabel(`${t('policy.match.app')} (${t('policy.ruleN', { n: 1 })})`).fill('tele(gram');
      await expect(rule.getByText(t('policy.err.pattern'))).toBeVisible();
      await rule.getByLabel(`${t('policy.match.app')} (${t('policy.ruleN', { n: 1 })})`).fill('telegram');
      await rule.getByLabel(t('policy.category')).selectOption({ label: i18n.t('category.messengers') });
      await expect(rule.locator('.rule-hit')).toContainText(/\d/);
      await expect(preview.getByTestId('preview-rule')).toContainText('Telegram');
      // Never record LibreOffice; titles redacted, phone numbers hidden; a 24-hour schedule.
      await page.getByRole('button', { name: t('policy.excludedAdd') }).click();
      await page.getByTestId('excluded-rules').getByLabel(`${t('policy.match.app')} (${t('policy.ruleN', { n: 1 })})`).fill('libreoffice');
      await page.getByLabel(t('policy.titles')).selectOption({ label: t('policy.capture.redacted') });
      await page.getByRole('button', { name: t('policy.redactPhones') }).click();
      await page.getByLabel(t('policy.scheduleStart')).fill('8');
      await page.getByLabel(t('policy.idle')).click();
      await expect(page.getByLabel(t('policy.scheduleStart'))).toHaveValue('08:00');
      await expect(preview.getByTestId('preview-excluded')).not.toHaveText(t('policy.previewExcluded', { spans: i18n.number(0), time: i18n.duration(0) }));
      await expect(preview.getByTestId('preview-excluded')).toBeVisible();
      await scan('admin-policy');
      await page.getByRole('button', { name: t('app.save') }).click();
      await expect(page.getByRole('status').filter({ hasText: t('app.saved') })).toBeVisible();
      type Settings = { policy: { schedule: { start: string }; categories: { category: string }[]; excludedApps: { app?: string }[]; titles: { capture: string; redact: unknown[] }; planSnooze: unknown } };
      const saved = (await api<Settings>(page, `/api/v1/teams/${world.teamA.id}/settings`)).policy;
      expect(saved.schedule.start).toBe('08:00');
      expect(saved.categories).toEqual([expect.objectContaining({ category: 'messengers', match: { app: 'telegram' } })]);
      expect(saved.excludedApps).toEqual([{ app: 'libreoffice' }]);
      expect(saved.titles.capture).toBe('redacted');
      expect(saved.titles.redact).toHaveLength(1);
    });
  });
}
