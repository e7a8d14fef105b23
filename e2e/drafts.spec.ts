// Nothing typed is lost: what the plan and the report forms hold survives going to another screen
// and back, a closed tab, and a restart of the agent; filing the form clears it.
import { expect, test, type Page } from '@playwright/test';
import { CATALOGUES, fill } from '../renderer/i18n/translate.ts';
import type { TextKey, Vars } from '../renderer/i18n/types.ts';
import { DEFAULT_KPIS } from '../shared/kpi.ts';
import { openDesk, type Desk } from './desk.ts';
import { scanScreen } from './scan.ts';
import { typed } from './typed-day.ts';

let desk: Desk;
test.beforeEach(async () => {
  desk = await openDesk({ kpiTargets: { calls_total: 40 }, schedule: { days: [] } });
});
test.afterEach(async () => {
  await desk?.stop();
});

for (const locale of ['uk', 'ru'] as const) {
  test(`drafts survive navigation, a closed tab and a restart, in ${locale}`, async ({ page: first, context }, testInfo) => {
    const t = (key: TextKey, vars?: Vars) => fill(CATALOGUES[locale][key], vars);
    const day = typed[locale];
    const callsName = DEFAULT_KPIS.find((k) => k.key === 'calls_total')!.names[locale];
    await desk.api('saveSettings', { language: locale });
    await desk.api('clockIn', {});
    const date = (await desk.api('status', {})).today.date;
    let page: Page = first;
    const go = (screen: 'nav.day' | 'nav.plan' | 'nav.report') => page.getByRole('button', { name: t(screen), exact: true }).click();
    /** A new tab from the address the agent printed (a closed tab's key is gone with it). */
    const reopen = async () => {
      await page.close();
      page = await context.newPage();
      await page.goto(desk.url);
    };

    // The plan, half typed.
    await page.goto(desk.url);
    await go('nav.plan');
    const title = () => page.getByLabel(t('plan.taskTitle', { n: 1 }), { exact: true });
    await title().fill(day.tasks[0]!.title);
    await page.getByLabel(t('plan.estimate')).first().fill('30');
    await page.getByLabel(t('plan.note')).fill(day.note);
    const planKept = async () => {
      await expect(title()).toHaveValue(day.tasks[0]!.title);
      await expect(page.getByLabel(t('plan.estimate')).first()).toHaveValue('30');
      await expect(page.getByLabel(t('plan.note'))).toHaveValue(day.note);
    };
    await go('nav.day');
    await go('nav.plan');
    await planKept();
    await reopen();
    await go('nav.plan');
    await planKept();
    await desk.restartAgent();
    await reopen();
    await go('nav.plan');
    await planKept();
    await scanScreen(page, testInfo, locale, 'plan-draft', day.tasks.map((k) => k.title));
    // Filed: the draft is gone, the form shows what was saved.
    await page.getByRole('button', { name: t('plan.save') }).click();
    await expect(page.getByRole('button', { name: t('plan.update') })).toBeVisible();
    expect(await desk.api('getDraft', { kind: 'plan', key: date })).toBeNull();
    await page.reload();
    await go('nav.plan');
    await planKept();

    // The report, half typed after clocking out.
    await page.getByRole('button', { name: t('action.clockOut') }).click();
    await expect(page.getByTestId('after-clock-out')).toBeVisible();
    const item = () => page.getByTestId('report-item').filter({ hasText: day.tasks[0]!.title });
    const calls = () => page.getByTestId('kpi-calls_total');
    await item().getByRole('radio', { name: t('outcome.partial'), exact: true }).check();
    await item().getByLabel(t('report.comment')).fill(day.outcomes[1]!.comment);
    await calls().getByLabel(`${callsName}: ${t('report.kpiActual')}`).fill('31');
    await calls().getByLabel(t('report.reason')).selectOption({ label: t('reason.clients_unreachable') });
    await page.getByLabel(t('report.blockers')).fill(day.blockers);
    const reportKept = async () => {
      await expect(item().getByRole('radio', { name: t('outcome.partial'), exact: true })).toBeChecked();
      await expect(item().getByLabel(t('report.comment'))).toHaveValue(day.outcomes[1]!.comment);
      await expect(calls().getByLabel(`${callsName}: ${t('report.kpiActual')}`)).toHaveValue('31');
      await expect(calls().getByLabel(t('report.reason'))).toHaveValue('clients_unreachable');
      await expect(page.getByLabel(t('report.blockers'))).toHaveValue(day.blockers);
    };
    await go('nav.day');
    await go('nav.report');
    await reportKept();
    await reopen();
    await go('nav.report');
    await reportKept();
    await desk.restartAgent();
    await reopen();
    await go('nav.report');
    await reportKept();
    await scanScreen(page, testInfo, locale, 'report-draft', day.tasks.map((k) => k.title));
    await page.getByRole('button', { name: t('report.submit') }).click();
    await expect(page.getByTestId('report-status')).toContainText(t('report.status.submitted'));
    expect(await desk.api('getDraft', { kind: 'report', key: date })).toBeNull();
    const filed = (await desk.api('getReport', {})).report!.revisions[0]!;
    expect(filed.blockers).toBe(day.blockers);
    expect(filed.kpis).toEqual([{ key: 'calls_total', target: 40, actual: 31, reason: 'clients_unreachable', reasonText: '' }]);
  });
}
