// A manager's whole day through the UI, once per language: clock in → the plan prompt → a plan of
// three tasks → work in two real windows → an idle gap kept as a call → clock out → a report whose
// missed KPI is refused until it has a reason → the stored report, read back through the CLI,
// is what was typed.
import { expect, test, type Page } from '@playwright/test';
import type { ReportView, PlanView, AgentStatus } from '../shared/api.ts';
import type { DaySummary } from '../shared/days.ts';
import { DEFAULT_KPIS, LOCALES, type Locale } from '../shared/kpi.ts';
import { CATALOGUES } from '../renderer/i18n/translate.ts';
import type { TextKey, Vars } from '../renderer/i18n/types.ts';
import { fill } from '../renderer/i18n/translate.ts';
import { formatDate } from '../shared/i18n/format.ts';
import { openDesk, type Desk } from './desk.ts';
import { scanScreen } from './scan.ts';
import { typed } from './typed-day.ts';

const IDLE_THRESHOLD_SEC = 30;
const CALLS_TARGET = 40;

// Clocked-in days only: with no scheduled days the prompts come from clock-in and clock-out alone,
// whatever the hour the test runs at.
const POLICY = { idleThresholdSec: IDLE_THRESHOLD_SEC, kpiTargets: { calls_total: CALLS_TARGET }, schedule: { days: [] } };

let desk: Desk;
test.beforeEach(async () => {
  desk = await openDesk(POLICY);
});
test.afterEach(async () => {
  await desk?.stop();
});

for (const locale of LOCALES) {
  test(`a working day in ${locale}`, async ({ page }, testInfo) => {
    const t = (key: TextKey, vars?: Vars) => fill(CATALOGUES[locale][key], vars);
    const day = typed[locale];
    const callsName = DEFAULT_KPIS.find((k) => k.key === 'calls_total')!.names[locale];
    const snap = async (name: string) => {
      const file = testInfo.outputPath(`${name}-${locale}.png`);
      await page.screenshot({ path: file, fullPage: true });
      await testInfo.attach(`${name}-${locale}`, { path: file, contentType: 'image/png' });
    };

    await page.goto(desk.url);
    // The token leaves the address bar (it lives in sessionStorage for this tab only).
    await expect(page).toHaveURL(/\/$/);
    await chooseLanguage(page, locale);

    // Clock in: the morning plan is asked for.
    await page.getByRole('button', { name: t('action.clockIn') }).click();
    await expect(page.getByTestId('state')).toContainText(t('state.working'));
    await expect(page.getByTestId('sync')).toContainText(t('sync.notConnected'));
    const planPrompt = page.getByTestId('prompt-plan');
    await expect(planPrompt).toContainText(t('prompt.plan'));
    await planPrompt.getByRole('button', { name: t('prompt.open') }).click();

    // Three tasks, and a commitment beside the lead's target.
    for (const [i, task] of day.tasks.entries()) {
      if (i > 0) await page.getByRole('button', { name: t('plan.addTask') }).click();
      await page.getByLabel(t('plan.taskTitle', { n: i + 1 }), { exact: true }).fill(task.title);
      await page.getByLabel(t('plan.priority')).nth(i).selectOption(String(task.priority));
      await page.getByLabel(t('plan.estimate')).nth(i).fill(String(task.estimate));
    }
    await page.getByRole('spinbutton', { name: `${callsName} ${t('plan.kpiCommit')}` }).fill('45');
    await page.getByRole('button', { name: t('plan.save') }).click();
    await expect(page.getByRole('button', { name: t('plan.update') })).toBeVisible();
    await expect(planPrompt).toBeHidden();
    const plan = (await desk.cliJson<PlanView>(['plan'])).plan!;
    expect(plan.items.map((i) => [i.title, i.priority, i.estimateMin])).toEqual(day.tasks.map((k) => [k.title, k.priority, k.estimate]));
    expect(plan.commitments).toEqual({ calls_total: 45 });
    const idOf = (title: string) => plan.items.find((i) => i.title === title)!.id;

    // Work in two real windows, each on its task as picked in the popover.
    const crm = await desk.x.openWindow({ title: day.windows[0], className: 'Bitrix24' });
    const chat = await desk.x.openWindow({ title: day.windows[1], className: 'Telegram' });
    const picker = page.getByLabel(t('popover.task'));
    await picker.selectOption({ label: t('label.task', { title: day.tasks[0]!.title }) });
    await desk.x.activate(crm.id);
    await desk.x.moveMouse();
    await expect(page.getByText(t('popover.now', { app: 'Bitrix24' }))).toBeVisible();
    await picker.selectOption({ label: t('label.task', { title: day.tasks[1]!.title }) });
    await desk.x.activate(chat.id);
    await desk.x.moveMouse();
    await expect(page.getByText(t('popover.now', { app: 'Telegram' }))).toBeVisible();

    // Away: no input past the threshold pauses the clock; coming back asks what it was.
    await expect(page.getByTestId('state')).toContainText(t('state.paused'), { timeout: (IDLE_THRESHOLD_SEC + 20) * 1000 });
    await desk.x.moveMouse();
    const dialog = page.getByRole('dialog', { name: t('idle.heading') });
    await expect(dialog).toBeVisible({ timeout: 15_000 });
    // Escape puts the question off; the popover keeps asking and reopens it.
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
    await page.getByTestId('prompt-idle').getByRole('button', { name: t('prompt.open') }).click();
    await expect(dialog).toBeVisible();
    // Nothing is chosen for the manager, and Enter does not choose either.
    for (const choice of ['idle.keep', 'idle.break', 'idle.discard'] as const) {
      await expect(dialog.getByRole('radio', { name: new RegExp(`^${t(choice)}`) })).not.toBeChecked();
    }
    await expect(dialog.getByRole('button', { name: t('idle.save') })).toBeDisabled();
    await page.keyboard.press('Enter');
    await expect(dialog).toBeVisible();
    expect((await desk.cliJson<AgentStatus>(['status'])).pendingIdle).toHaveLength(1);
    await dialog.getByRole('radio', { name: new RegExp(`^${t('idle.keep')}`) }).check();
    await dialog.getByLabel(t('idle.what')).selectOption({ label: t('label.call') });
    // The choice is kept: a reload (a closed tab, a restart) asks again with it already made.
    await page.waitForTimeout(600);
    await page.reload();
    await expect(dialog).toBeVisible({ timeout: 15_000 });
    await expect(dialog.getByRole('radio', { name: new RegExp(`^${t('idle.keep')}`) })).toBeChecked();
    await expect(dialog.getByLabel(t('idle.what'))).toHaveValue('call');
    await scanScreen(page, testInfo, locale, 'idle', [...day.tasks.map((k) => k.title), ...day.windows, 'Bitrix24', 'Telegram']);
    await dialog.getByRole('button', { name: t('idle.save') }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByTestId('state')).toContainText(t('state.working'));

    // Clock out: the day's report opens (it can be put off; the popover keeps asking).
    await page.getByRole('button', { name: t('action.clockOut') }).click();
    await expect(page.getByTestId('state')).toContainText(t('state.clocked_out'));
    await expect(page.getByTestId('prompt-report')).toContainText(t('prompt.report'));
    await expect(page.getByTestId('after-clock-out')).toContainText(t('report.later'));
    await expect(page.locator('#main h2')).toHaveText(t('report.heading', { date: formatDate(locale, (await desk.cliJson<AgentStatus>(['status'])).today.date, false) }));

    for (const [i, task] of day.tasks.entries()) {
      const item = page.getByTestId('report-item').filter({ hasText: task.title });
      await item.getByRole('radio', { name: t(`outcome.${day.outcomes[i]!.outcome}`), exact: true }).check();
      await item.getByLabel(t('report.comment')).fill(day.outcomes[i]!.comment);
      await item.getByLabel(t('report.minutes')).fill(String(day.outcomes[i]!.minutes));
    }
    await page.getByRole('button', { name: t('report.addUnplanned') }).click();
    const unplanned = page.getByTestId('unplanned');
    await unplanned.getByLabel(t('report.unplannedTitle')).fill(day.unplanned.title);
    await unplanned.getByLabel(t('report.minutes')).fill(String(day.unplanned.minutes));
    await unplanned.getByLabel(t('report.comment')).fill(day.unplanned.comment);
    const calls = page.getByTestId('kpi-calls_total');
    await calls.getByLabel(`${callsName}: ${t('report.kpiActual')}`).fill('31');
    await expect(calls).toContainText(t('report.kpiMissed'));
    await page.getByLabel(t('report.blockers')).fill(day.blockers);
    await page.getByLabel(t('report.note')).fill(day.note);

    // Without a reason for the missed KPI the report is refused, the problem shown at the field,
    // and nothing is stored.
    await page.getByRole('button', { name: t('report.submit') }).click();
    await expect(page.getByTestId('report-refused')).toHaveText(t('report.refused'));
    await expect(calls.getByTestId('kpi-problem')).toHaveText(t('problem.reason_required'));
    await expect(calls.getByLabel(t('report.reason'))).toHaveAttribute('aria-invalid', 'true');
    await expect(calls.getByLabel(t('report.reason'))).toBeFocused();
    expect((await desk.cliJson<ReportView>(['report'])).report).toBeNull();
    await snap('report-refused');

    await calls.getByLabel(t('report.reason')).selectOption({ label: t('reason.clients_unreachable') });
    await calls.getByLabel(t('report.reasonText')).fill(day.reasonText);
    await page.getByRole('button', { name: t('report.submit') }).click();
    await expect(page.getByTestId('report-status')).toContainText(t('report.status.submitted'));
    await expect(page.getByTestId('report-refused')).toBeHidden();
    await expect(page.getByTestId('prompt-report')).toBeHidden();
    await snap('report');

    // What the agent stored is what was typed.
    const stored = await desk.cliJson<ReportView>(['report']);
    expect(stored.report?.status).toBe('submitted');
    expect(stored.report?.revisions).toHaveLength(1);
    const revision = stored.report!.revisions[0]!;
    expect(revision.items).toEqual(
      day.tasks.map((task, i) => ({ itemId: idOf(task.title), outcome: day.outcomes[i]!.outcome, comment: day.outcomes[i]!.comment, minutes: day.outcomes[i]!.minutes })),
    );
    expect(revision.unplanned.map(({ id: _id, ...u }) => u)).toEqual([day.unplanned]);
    expect(revision.kpis).toEqual([{ key: 'calls_total', target: CALLS_TARGET, actual: 31, reason: 'clients_unreachable', reasonText: day.reasonText }]);
    expect(revision.blockers).toBe(day.blockers);
    expect(revision.note).toBe(day.note);

    // The day as recorded: both windows, time on the two tasks, the gap kept as a call.
    const summary = await desk.cliJson<DaySummary>(['day']);
    expect(summary.byApp.map((a) => a.app).sort()).toEqual(['Bitrix24', 'Telegram']);
    const labels = summary.byLabel.map((l) => l.label);
    expect(labels).toEqual(expect.arrayContaining(['call', `task:${idOf(day.tasks[0]!.title)}`, `task:${idOf(day.tasks[1]!.title)}`]));
    expect(summary.byLabel.find((l) => l.label === 'call')!.ms).toBeGreaterThanOrEqual((IDLE_THRESHOLD_SEC - 2) * 1000);
    expect(summary.idle.keptMs).toBeGreaterThan(0);
    const status = await desk.cliJson<AgentStatus>(['status']);
    expect(status.state).toBe('clocked_out');

    // My day shows it too, the time away as what was decided (work), nothing waiting.
    await page.getByRole('button', { name: t('nav.day'), exact: true }).click();
    await expect(page.getByTestId('top-apps')).toContainText('Bitrix24');
    await expect(page.getByTestId('top-apps')).toContainText('Telegram');
    await expect(page.getByTestId('top-apps')).toContainText(day.windows[0]);
    await expect(page.getByTestId('kpi-progress')).toContainText('31');
    await expect(page.getByTestId('kpi-progress')).toContainText('45');
    await expect(page.getByRole('img', { name: t('day.timeline') })).toBeVisible();
    await expect(page.getByTestId('day-pending')).toHaveCount(0);
    await page.getByText(t('day.timelineTable')).click();
    await expect(page.locator('.table-alt')).toContainText(`${t('kind.work')}: ${t('label.call')}`);
    await expect(page.locator('.table-alt')).toContainText(`${t('kind.work')}: ${t('label.task', { title: day.tasks[0]!.title })}`);
    await snap('my-day');
    // And the raw records say what the time away became, not that it waits.
    await page.getByRole('button', { name: t('nav.settings'), exact: true }).click();
    await page.getByRole('button', { name: t('privacy.showRaw') }).click();
    await expect(page.getByTestId('raw-records')).toContainText(t('privacy.decided', { kind: t('day.idleWord'), decision: t('kind.work') }));
    await expect(page.getByTestId('raw-records')).not.toContainText(t('kind.idle'));
  });
}

async function chooseLanguage(page: Page, locale: Locale): Promise<void> {
  // A fresh agent speaks Ukrainian; switching is part of the flow for the other two.
  await expect(page.getByRole('button', { name: CATALOGUES.uk['nav.settings'] })).toBeVisible();
  if (locale === 'uk') return;
  await page.getByRole('button', { name: CATALOGUES.uk['nav.settings'] }).click();
  await page.getByLabel(CATALOGUES.uk['settings.language']).selectOption(locale);
  await expect(page.getByRole('button', { name: CATALOGUES[locale]['nav.settings'] })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', locale);
}
