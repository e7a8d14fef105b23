// The lead's KPIs beside the CRM's figures, over real agent data (lead-world.ts: managers' agents
// record and push their days; a telephony system puts its figures through the actuals API): the
// manager's day shows the CRM column and flags a difference, a KPI only the CRM counts shows too;
// the KPIs screen shows each manager's fact, CRM figure, target, remaining and pace; the misses
// by reason and per week, over a period picked and stepped through. uk, ru and en, shot into
// test-results/ at 1280 px.
import { expect, test, type Page, type TestInfo } from '@playwright/test';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CATALOGUES, i18nFor } from '../dashboard/i18n/translate.ts';
import type { TextKey } from '../dashboard/i18n/types.ts';
import { fill } from '../shared/i18n/fill.ts';
import { INTL_LOCALE } from '../shared/i18n/locales.ts';
import { DEFAULT_KPIS } from '../shared/kpi.ts';
import type { Locale } from '../shared/locale.ts';
import { localDateOf } from '../shared/time.ts';
import { periodRange } from '../shared/periods.ts';
import { startHubProcess, type HubProcess } from '../test/hub-process.ts';
import { routeDashboard, signIn } from './hub-dashboard.ts';
import { LEAD_PASSWORD, makeWorld, ZONE } from './lead-world.ts';
import { scanScreen } from './scan.ts';

test.describe.configure({ mode: 'default' });

let hub: HubProcess;
let hubDir: string;
test.beforeAll(async () => {
  hubDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zvit-e2e-kpis-'));
  hub = await startHubProcess(hubDir);
});
test.afterAll(async () => {
  await hub?.stop();
  fs.rmSync(hubDir, { recursive: true, force: true });
});

const SHARED_DATA = ['olena', 'ihor', 'taras', 'lead', 'example', 'laptop', 'PBX'];
const kpiName = (key: string, locale: Locale) => DEFAULT_KPIS.find((k) => k.key === key)!.names[locale];

/** Steps the period stepper back until its period holds `date` (at most once for a day in the last week or month). */
async function stepTo(page: Page, testId: string, kind: 'week' | 'month', date: string, t: (key: TextKey) => string): Promise<void> {
  const today = localDateOf(Date.now(), ZONE, '04:00');
  if (periodRange(kind, today).from > date) await page.getByTestId(testId).getByRole('button', { name: t('app.earlier') }).click();
}

for (const locale of ['uk', 'ru', 'en'] as const satisfies readonly Locale[]) {
  test.describe(locale, () => {
    test.use({ locale: INTL_LOCALE[locale], timezoneId: ZONE });

    test(`KPIs beside the CRM, per manager, and the misses over time, in ${locale}`, async ({ page }, testInfo: TestInfo) => {
      test.setTimeout(180_000);
      const t = (key: TextKey, vars?: Record<string, string | number>) => fill(CATALOGUES[locale][key] as string, vars);
      const i18n = i18nFor(locale);
      const world = await makeWorld(hub, locale);
      const data = [...world.data, ...SHARED_DATA, world.teamA.name, world.teamB.name];
      const scan = (name: string) => scanScreen(page, testInfo, locale, `dashboard-kpis-${name}`, data);
      const [d1] = world.dates;
      await hub.admin('PUT', `/api/v1/teams/${world.teamA.id}/kpis`, { definitions: [], targets: [{ key: 'calls_total', period: 'day', value: 40 }] });

      // The telephony system's figures for yesterday: Olena reported 42 calls, it counted 30;
      // Ihor's 28 it counted too, and 4 missed calls, which nobody reports.
      const { secret } = await hub.admin<{ secret: string }>('POST', '/api/v1/api-tokens', { name: `PBX ${locale}`, scopes: ['kpi:write'] });
      const put = await fetch(`${hub.url}/api/v1/kpi-actuals`, {
        method: 'POST',
        headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          actuals: [
            { user: world.olena.email, date: d1, key: 'calls_total', value: 30 },
            { user: world.ihor.email, date: d1, key: 'calls_total', value: 28 },
            { user: world.ihor.email, date: d1, key: 'calls_missed', value: 4 },
          ],
        }),
      });
      expect(await put.json()).toMatchObject({ stored: 3, refused: [] });

      await routeDashboard(page, hub.url);
      await signIn(page, hub.url, locale, { email: world.leadA.email, password: LEAD_PASSWORD });

      // Olena's day: 42 reported, 30 in the CRM, flagged.
      await page.goto(`${hub.url}/#/day/${world.olena.id}/${d1}`);
      const olenaCalls = page.getByTestId('day-kpis').getByRole('row', { name: new RegExp(kpiName('calls_total', locale)) });
      await expect(olenaCalls).toContainText(i18n.kpi(42, 'count', 'UAH'));
      await expect(olenaCalls).toContainText(i18n.kpi(30, 'count', 'UAH'));
      await expect(olenaCalls).toContainText(t('day.crmDiffers'));
      await scan('day-olena');

      // Ihor's: 28 both ways, no flag; his missed calls from the CRM alone.
      await page.goto(`${hub.url}/#/day/${world.ihor.id}/${d1}`);
      await expect(page.getByTestId('day-kpis').getByRole('row', { name: new RegExp(kpiName('calls_total', locale)) })).not.toContainText(t('day.crmDiffers'));
      await expect(page.getByTestId('day-kpis').getByRole('row', { name: new RegExp(kpiName('calls_missed', locale)) })).toContainText(i18n.kpi(4, 'count', 'UAH'));
      await scan('day-ihor');

      // The KPIs screen: the week holding yesterday, each manager under the team.
      await page.goto(`${hub.url}/#/kpis`);
      await page.getByTestId('kpi-progress').waitFor();
      await page.getByRole('group', { name: t('kpis.period') }).first().getByRole('button', { name: t('period.week') }).click();
      await stepTo(page, 'progress-period', 'week', d1, t);
      const managers = page.getByTestId('kpi-progress-manager');
      const olena = managers.filter({ hasText: world.olena.name });
      await expect(olena.getByRole('row', { name: new RegExp(kpiName('calls_total', locale)) })).toContainText(t('day.crmDiffers'));
      await expect(olena.getByTestId('crm-differs')).toContainText(i18n.kpi(30, 'count', 'UAH'));
      const ihor = managers.filter({ hasText: world.ihor.name });
      await expect(ihor.getByRole('row', { name: new RegExp(kpiName('calls_missed', locale)) })).toContainText(i18n.kpi(4, 'count', 'UAH'));
      // His week's sum is more than the CRM's one day, but day by day they agree: no flag.
      await expect(ihor.getByRole('row', { name: new RegExp(kpiName('calls_total', locale)) })).not.toContainText(t('day.crmDiffers'));
      await expect(page.getByText(t('kpis.crmDiffersRule'))).toBeVisible();

      // The misses: Ihor's one yesterday, by reason and in yesterday's week column.
      const misses = page.getByTestId('kpi-misses');
      await stepTo(page, 'misses-period', 'month', d1, t);
      await expect(misses.getByTestId('misses-by-reason')).toContainText(t('reason.clients_unreachable'));
      await expect(misses.getByRole('heading', { name: t('kpis.missesByWeek') })).toBeVisible();
      await expect(misses.getByTestId('misses-over-time')).toContainText(i18n.date(periodRange('week', d1).from, false));
      await scan('kpis');
      // The quarter holding yesterday has the miss; the quarter before has none.
      await misses.getByRole('button', { name: t('period.quarter') }).click();
      await expect(misses.getByTestId('misses-over-time')).toBeVisible();
      await misses.getByRole('button', { name: t('app.earlier') }).click();
      await expect(misses).toContainText(t('kpis.noMisses'));
    });
  });
}
