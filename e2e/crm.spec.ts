// What the company's CRM brings to the manager, through a real hub connected to the local
// Bitrix24: the plan screen offers the manager's open CRM tasks and deals (one click adds one,
// linked), and the report form shows the CRM's figure beside a KPI field, prefilled, with a
// button to take it again, and a KPI with no target but a CRM figure as an optional row. Each screen scanned and shot in every language.
import { expect, test } from '@playwright/test';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LOCALES } from '../shared/locale.ts';
import { CATALOGUES, fill } from '../renderer/i18n/translate.ts';
import type { TextKey, Vars } from '../renderer/i18n/types.ts';
import type { SyncStatus } from '../shared/api.ts';
import { newSecretKey } from '../server/crm/secrets.ts';
import { FakeBitrix24 } from '../server/crm/testing/fake-bitrix24.ts';
import { testCertificate } from '../server/crm/testing/tls.ts';
import { startHubProcess, type HubProcess } from '../test/hub-process.ts';
import { openDesk, type Desk } from './desk.ts';
import { scanScreen } from './scan.ts';

const TASKS = {
  uk: ['Передзвонити ТОВ «Ромашка»', 'Надіслати КП для «Лотос»', 'Поставка обладнання для «Лотос»'],
  ru: ['Перезвонить ООО «Ромашка»', 'Отправить КП для «Лотос»', 'Поставка оборудования для «Лотос»'],
  en: ['Call back Romashka Ltd', 'Send the proposal to Lotos', 'Equipment delivery for Lotos'],
};

let hub: HubProcess;
let desk: Desk;
let fake: FakeBitrix24;
let hubDir: string;
test.beforeEach(async () => {
  fake = await new FakeBitrix24().start();
  hubDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zvit-e2e-crm-'));
  hub = await startHubProcess(hubDir, { env: { ZVIT_SECRET_KEY: newSecretKey(), ZVIT_WEBHOOK_ALLOW: '127.0.0.1', NODE_EXTRA_CA_CERTS: testCertificate().certFile } });
  desk = await openDesk({ kpiTargets: { calls_total: 40 }, schedule: { days: [] } });
});
test.afterEach(async () => {
  await desk?.stop();
  await hub?.stop();
  await fake?.stop();
  fs.rmSync(hubDir, { recursive: true, force: true });
});

for (const locale of LOCALES) {
  test(`CRM tasks on the plan and the CRM's figure on the report, in ${locale}`, async ({ page }, testInfo) => {
    test.setTimeout(120_000);
    const t = (key: TextKey, vars?: Vars) => fill(CATALOGUES[locale][key], vars);
    const titles = TASKS[locale];
    const scan = (name: string) => scanScreen(page, testInfo, locale, name, titles);
    await desk.api('saveSettings', { language: locale });

    // The admin connects Bitrix24; the manager exists there with two open tasks and a deal.
    const email = 'manager@example.com';
    await hub.addManager(email);
    const crmUser = fake.addUser({ EMAIL: email }).ID;
    fake.addTask(titles[0]!, crmUser);
    fake.addTask(titles[1]!, crmUser);
    fake.deals.set(5, { ID: 5, TITLE: titles[2]!, ASSIGNED_BY_ID: crmUser, CLOSED: 'N', STAGE_SEMANTIC_ID: 'P', CLOSEDATE: '2026-12-30T18:00:00+02:00', CATEGORY_ID: 0 });
    await hub.admin('PUT', '/api/v1/crm', { kind: 'bitrix24', credentials: { auth: 'webhook', webhookUrl: fake.addWebhook(fake.addUser({ EMAIL: 'admin@portal.test' }).ID) }, options: { sendWorkday: false } });
    await hub.admin('POST', '/api/v1/crm/users/match');
    // The lead's daily target for calls (the hub's settings rule once the agent is enrolled).
    const { teams } = await hub.admin<{ teams: { id: string }[] }>('GET', '/api/v1/teams');
    await hub.admin('PUT', `/api/v1/teams/${teams[0]!.id}/kpis`, { definitions: [], targets: [{ key: 'calls_total', period: 'day', value: 40 }] });
    await desk.cliJson<SyncStatus>(['enroll', '--hub', hub.url, '--code', await hub.code(email)]);
    const date = (await desk.api('status', {})).today.date;
    // Another system (a PBX, with an API token) counted today's calls.
    const token = (await hub.admin<{ secret: string }>('POST', '/api/v1/api-tokens', { name: 'PBX', scopes: ['kpi:write'] })).secret;
    const put = await fetch(`${hub.url}/api/v1/kpi-actuals`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ actuals: [{ user: email, date, key: 'calls_total', value: 37 }, { user: email, date, key: 'talk_minutes', value: 95 }] }) });
    expect(put.status).toBe(200);
    await expect
      .poll(async () => {
        await desk.cliJson(['sync']);
        const view = await desk.api('getReport', {});
        return [(await desk.api('getPlan', {})).crmTasks?.length ?? 0, view.crmActuals?.calls_total ?? null, view.targets.calls_total ?? null];
      }, { timeout: 30_000 })
      .toEqual([3, 37, 40]);

    // The plan: the CRM's tasks and deals, one click each.
    await desk.api('clockIn', {});
    await page.goto(desk.url);
    await page.getByRole('button', { name: t('nav.plan'), exact: true }).click();
    const offered = page.getByTestId('crm-tasks');
    await expect(offered.getByRole('heading')).toHaveText(t('plan.crmTasks'));
    await expect(offered.getByRole('button')).toHaveCount(3);
    await scan('plan-crm-tasks');
    await offered.getByRole('button', { name: t('plan.crmAdd', { title: titles[0]! }) }).click();
    await expect(offered.getByRole('button')).toHaveCount(2);
    await expect(page.locator(`input[value="${titles[0]}"]`)).toBeVisible();
    await page.getByRole('button', { name: t('plan.save') }).click();
    await expect(page.getByRole('button', { name: t('plan.update') })).toBeVisible();
    const plan = await desk.api('getPlan', {});
    expect(plan.plan!.items.find((i) => i.title === titles[0])!.crm).toMatchObject({ system: 'bitrix24', id: expect.stringMatching(/^task:\d+$/) });

    // The report: the CRM's figure beside the field, and the field starts from it.
    await page.getByRole('button', { name: t('nav.report'), exact: true }).click();
    const kpi = page.getByTestId('kpi-calls_total');
    await expect(kpi.getByTestId('kpi-crm-calls_total')).toContainText(t('report.crmFigure', { value: '37' }));
    await expect(kpi.getByRole('spinbutton')).toHaveValue('37');
    // Talk minutes have no target, only the CRM's figure: an optional row of their own, prefilled.
    const talk = page.getByTestId('kpi-talk_minutes');
    await expect(talk.getByTestId('kpi-crm-talk_minutes')).toBeVisible();
    await expect(talk.getByRole('spinbutton')).toHaveValue('95');
    await kpi.getByRole('spinbutton').fill('35');
    await expect(kpi.getByRole('button', { name: t('report.useCrm') })).toBeVisible();
    await scan('report-crm-figure');
    await kpi.getByRole('button', { name: t('report.useCrm') }).click();
    await expect(kpi.getByRole('spinbutton')).toHaveValue('37');
  });
}
