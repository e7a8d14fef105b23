// A manager's day with the apps the real agent recorded (under a fake clock, pushed by its own hub
// client to a real hub process): the timeline's app layer and the top apps by category, each
// app's domains and, where the policy records them, window titles; none on a day with private
// mode. Then the inbox open in the browser updates by itself when the report is approved from
// another dashboard session (the hub's `report` event). In uk, ru and en, shot into test-results/.
import { expect, test } from '@playwright/test';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CATALOGUES } from '../dashboard/i18n/translate.ts';
import type { TextKey } from '../dashboard/i18n/types.ts';
import { HubClient } from '../main/sync/hub-client.ts';
import { pushAsAgent } from './push.ts';
import { LocalStore } from '../main/store/local-store.ts';
import { Outbox } from '../main/sync/outbox.ts';
import { recordDays } from '../server/testing/agent-days.ts';
import { COMMON } from '../shared/i18n/common/index.ts';
import { fill } from '../shared/i18n/fill.ts';
import { INTL_LOCALE } from '../shared/i18n/locales.ts';
import { addDays, localDateOf } from '../shared/time.ts';
import { ADMIN, startHubProcess, type HubProcess } from '../test/hub-process.ts';
import { routeDashboard } from './hub-dashboard.ts';
import { scanScreen } from './scan.ts';

const ZONE = 'Europe/Kyiv';
const WINDOWS = [
  { app: 'Google Chrome', title: 'Угода №1042 — Бітрікс24', domain: 'acme.bitrix24.ua' },
  { app: 'Google Chrome', title: 'YouTube', domain: 'youtube.com' },
  { app: 'Telegram', title: 'Олена Коваль' },
  { app: 'LibreOffice Calc', title: 'Звіт за тиждень.ods' },
  { app: 'MicroSIP', title: 'Дзвінок клієнту' },
];
const DATA = ['manager@example.com', ADMIN.email, 'Sales', 'Zvit', ...WINDOWS.flatMap((w) => [w.app, w.title, w.domain ?? ''])].filter(Boolean);

let hub: HubProcess;
let hubDir: string;
test.beforeEach(async () => {
  hubDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zvit-e2e-apps-'));
  hub = await startHubProcess(hubDir);
});
test.afterEach(async () => {
  await hub?.stop();
  fs.rmSync(hubDir, { recursive: true, force: true });
});

for (const locale of ['uk', 'ru', 'en'] as const) {
  test.describe(locale, () => {
    test.use({ locale: INTL_LOCALE[locale] });

    test(`the day's apps by category, titles where allowed, and an inbox kept live, in ${locale}`, async ({ page }, testInfo) => {
      test.setTimeout(180_000);
      const t = (key: TextKey, vars?: Record<string, string | number>) => fill(CATALOGUES[locale][key] as string, vars);
      const category = (key: string) => COMMON[locale][`category.${key}` as keyof (typeof COMMON)[typeof locale]] as string;
      const email = 'manager@example.com';
      const managerId = await hub.addManager(email);
      // Two working days some days back, whatever the hour the test runs.
      const date = addDays(localDateOf(Date.now(), ZONE, '04:00'), -3);
      const privateDate = addDays(date, 1);
      const recorded = await recordDays({
        zone: ZONE,
        windows: WINDOWS,
        seed: 11,
        switchEvery: 9,
        days: [
          { date, clockIn: '09:05', minutes: 8 * 60, clockOut: true, steps: [{ at: 150, kind: 'break', minutes: 45 }, { at: 330, kind: 'idle', minutes: 20, decision: 'keep', label: 'call' }] },
          { date: privateDate, clockIn: '09:00', minutes: 4 * 60, clockOut: true, steps: [{ at: 60, kind: 'private', minutes: 30, countsAsWork: true }] },
        ],
      });
      const { token } = await new HubClient({ url: hub.url }).enroll(await hub.code(email), recorded.deviceId, 'laptop');
      expect((await pushAsAgent(new HubClient({ url: hub.url, token }), recorded.records)).results.filter((r) => r.status !== 'stored')).toEqual([]);
      // The day's report, filed by the agent's store on the manager's second computer.
      const store = LocalStore.open(path.join(hubDir, 'agent.db'));
      let reportId: string;
      try {
        store.reports.add({ date, items: [], unplanned: [], kpis: [], blockers: '', note: '' }, Date.now(), ZONE);
        const records = new Outbox(store).next(100, 1e9).map((e) => e.record);
        reportId = (records.find((r) => r.kind === 'report_revision') as { reportId: string }).reportId;
        const second = await new HubClient({ url: hub.url }).enroll(await hub.code(email), store.deviceId, 'desktop');
        expect((await pushAsAgent(new HubClient({ url: hub.url, token: second.token }), records)).results.filter((r) => r.status !== 'stored')).toEqual([]);
      } finally {
        store.close();
      }

      await routeDashboard(page, hub.url);
      await page.goto(`${hub.url}/`);
      await page.getByLabel(t('signIn.email')).fill(ADMIN.email);
      await page.getByLabel(t('signIn.password')).fill(ADMIN.password);
      await page.getByRole('button', { name: t('signIn.submit') }).click();
      await expect(page.getByTestId('member').first()).toBeVisible();

      // The day: apps split by category with their domains and titles, the timeline's app layer.
      await page.goto(`${hub.url}/#/day/${managerId}/${date}`);
      const apps = page.getByTestId('top-apps');
      await expect(apps).toContainText('Google Chrome');
      await expect(apps).toContainText('acme.bitrix24.ua');
      await expect(apps).toContainText('Олена Коваль');
      await expect(apps).toContainText(category('crm'));
      await expect(apps).toContainText(category('entertainment'));
      await expect(page.getByTestId('categories')).toContainText(category('messengers'));
      await expect(page.locator('.legend-item', { hasText: category('crm') })).toBeVisible();
      await scanScreen(page, testInfo, locale, 'dashboard-day-apps', DATA);

      // A day with private mode: categories and domains, never a title.
      await page.goto(`${hub.url}/#/day/${managerId}/${privateDate}`);
      await expect(page.getByText(t('day.titlesPrivate'))).toBeVisible();
      await expect(page.getByTestId('top-apps')).toContainText(category('crm'));
      for (const w of WINDOWS) await expect(page.locator('body')).not.toContainText(w.title);
      await scanScreen(page, testInfo, locale, 'dashboard-day-apps-private', DATA);

      // The inbox, open here, follows a review made from another session at once.
      await page.goto(`${hub.url}/#/inbox`);
      const row = page.getByTestId('inbox-row').filter({ hasText: email });
      await expect(row).toHaveCount(1);
      const approvedAt = Date.now();
      await hub.admin('POST', `/api/v1/reports/${reportId}/review`, { status: 'approved', comment: '' });
      await expect(row).toHaveCount(0);
      console.log(`approved in one session → the inbox in another updated: ${Date.now() - approvedAt} ms`);
    });
  });
}
