// Every screen, in every language, read as a person reads it (scan.ts: no raw key, no UUID, no
// English in uk/ru, nothing under 12 px), with its screenshot in test-results/: the popover
// clocked out and working, My day, the plan, the report, the clock-out question, Settings with the
// raw records, the address without its key, and My day and the plan in the dark theme. On the way:
// the schedule in 24-hour time, money in the organization's currency, and the exports read back.
import { expect, test } from '@playwright/test';
import ExcelJS from 'exceljs';
import fs from 'node:fs';
import { randomUUID } from 'node:crypto';
import { LOCALES } from '../shared/locale.ts';
import { CATALOGUES, fill } from '../renderer/i18n/translate.ts';
import type { TextKey, Vars } from '../renderer/i18n/types.ts';
import { openDesk, type Desk } from './desk.ts';
import { scanScreen } from './scan.ts';
import { typed } from './typed-day.ts';

let desk: Desk;
test.beforeEach(async () => {
  desk = await openDesk({ kpiTargets: { calls_total: 40, revenue: 20000 }, currency: 'UAH', schedule: { days: [] } });
});
test.afterEach(async () => {
  await desk?.stop();
});

const SHEETS = { uk: ['Робочий час', 'Програми', 'Завдання', 'Показники', 'Звіти'], ru: ['Рабочее время', 'Программы', 'Задачи', 'Показатели', 'Отчёты'], en: ['Working time', 'Apps', 'Tasks', 'KPIs', 'Reports'] };

for (const locale of LOCALES) {
  test(`every screen in ${locale}`, async ({ page, context }, testInfo) => {
    const t = (key: TextKey, vars?: Vars) => fill(CATALOGUES[locale][key], vars);
    const day = typed[locale];
    const data = [...day.tasks.map((k) => k.title), ...day.windows, 'Bitrix24', 'Telegram'];
    const scan = (name: string) => scanScreen(page, testInfo, locale, name, data);
    await desk.api('saveSettings', { language: locale });

    await page.goto(desk.url);
    await expect(page.getByTestId('state')).toHaveText(new RegExp(t('state.clocked_out')));
    await expect(page.getByRole('heading', { level: 2, name: new RegExp(t('day.heading', { date: '' }).replace(/,\s*$/, '')) })).toBeVisible();
    await scan('popover-clocked-out');
    // Private mode is not offered while clocked out (it would only fail).
    await page.getByRole('button', { name: t('nav.settings'), exact: true }).click();
    await expect(page.getByTestId('private-unavailable')).toHaveText(t('privacy.privateOnlyClockedIn'));
    await expect(page.getByRole('button', { name: t('privacy.privateOn') })).toHaveCount(0);

    // The address without its key, in the language this browser last showed.
    const lost = await context.newPage();
    await lost.goto(new URL(desk.url).origin + '/');
    await expect(lost.getByRole('heading', { level: 1 })).toHaveText(t('noToken.heading'));
    await expect(lost.getByTestId('no-token')).toContainText('npx zvit open');
    await scanScreen(lost, testInfo, locale, 'no-token', data);
    await lost.close();

    // A working day: clock in, a plan with KPI commitments, work in a real window on a task.
    await page.getByRole('button', { name: t('action.clockIn') }).click();
    const date = (await desk.api('status', {})).today.date;
    const ids = day.tasks.map(() => randomUUID());
    await desk.api('savePlan', {
      date,
      items: day.tasks.map((k, i) => ({ id: ids[i]!, title: k.title, priority: k.priority, estimateMin: k.estimate })),
      commitments: { calls_total: 45, revenue: 25000 },
    });
    const crm = await desk.x.openWindow({ title: day.windows[0], className: 'Bitrix24' });
    await desk.x.activate(crm.id);
    await desk.x.moveMouse();
    await page.reload();
    await page.getByLabel(t('popover.task')).selectOption({ label: t('label.task', { title: day.tasks[0]!.title }) });
    await expect(page.getByText(t('popover.now', { app: 'Bitrix24' }))).toBeVisible();
    await expect(page).toHaveTitle(new RegExp(`^\\d+:\\d\\d:\\d\\d · ${t("state.working")} — Zvit$`));

    await page.getByRole('button', { name: t('nav.day'), exact: true }).click();
    await expect(page.getByTestId('top-apps')).toContainText('Bitrix24', { timeout: 15_000 });
    await expect(page.getByTestId('kpi-progress')).toContainText(/25\s000,00\s(грн|₴)|UAH\s?25,000\.00|₴25,000\.00/);
    await scan('my-day');

    await page.getByRole('button', { name: t('nav.plan'), exact: true }).click();
    await expect(page.getByRole('button', { name: t('plan.update') })).toBeVisible();
    await expect(page.locator('.kpi-table')).toContainText(/20\s000,00\s(грн|₴)|UAH\s?20,000\.00|₴20,000\.00/);
    await scan('plan');

    await page.getByRole('button', { name: t('nav.report'), exact: true }).click();
    const first = page.getByTestId('report-item').filter({ hasText: day.tasks[0]!.title });
    await first.getByRole('radio', { name: t('outcome.done'), exact: true }).check();
    await first.getByLabel(t('report.comment')).fill(day.outcomes[0]!.comment);
    await page.getByLabel(t('report.blockers')).fill(day.blockers);
    await expect(page.getByTestId('draft-kept')).toBeVisible();
    await scan('report');

    await page.getByRole('button', { name: t('nav.settings'), exact: true }).click();
    // The schedule in 24-hour time, whatever the browser's own locale; "9" means 09:00.
    await expect(page.getByLabel(t('settings.start'))).toHaveValue('09:00');
    await expect(page.getByLabel(t('settings.end'))).toHaveValue('18:00');
    await page.getByLabel(t('settings.start')).fill('8');
    await page.getByLabel(t('settings.end')).focus();
    await expect(page.getByLabel(t('settings.start'))).toHaveValue('08:00');
    await page.getByRole('button', { name: t('settings.save') }).click();
    await expect(page.getByText(t('settings.saved'))).toBeVisible();
    expect((await desk.api('getSettings', {})).schedule.start).toBe('08:00');
    await page.getByRole('button', { name: t('privacy.showRaw') }).click();
    await expect(page.getByTestId('raw-records')).toContainText(t('label.task', { title: day.tasks[0]!.title }));
    await scan('settings');

    // Exports from My day, read back: Excel with a sheet per table in the UI's language, CSV with a BOM.
    await page.getByRole('button', { name: t('nav.day'), exact: true }).click();
    const [xlsx] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: t('export.xlsx') }).click()]);
    expect(xlsx.suggestedFilename()).toMatch(/^zvit-\d{4}-\d\d-\d\d_\d{4}-\d\d-\d\d\.xlsx$/);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile((await xlsx.path())!);
    expect(book.worksheets.map((s) => s.name)).toEqual(SHEETS[locale]);
    const tasks = book.worksheets[2]!;
    expect(tasks.getColumn(2).values).toEqual(expect.arrayContaining(day.tasks.map((k) => k.title)));
    const [csv] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: t('export.csv') }).click()]);
    const text = fs.readFileSync((await csv.path())!, 'utf8');
    expect(text.startsWith('\ufeff')).toBe(true);
    expect(text).toContain(`${t('label.task', { title: day.tasks[0]!.title })}`);

    // Clocking out with report edits not yet submitted asks first, then opens the report.
    await page.getByRole('button', { name: t('action.clockOut') }).click();
    const confirm = page.getByTestId('clock-out-confirm');
    await expect(confirm).toBeVisible();
    await scan('clock-out-confirm');
    await confirm.getByRole('button', { name: t('clockOut.confirm') }).click();
    await expect(page.getByTestId('state')).toContainText(t('state.clocked_out'));
    await expect(page.getByTestId('after-clock-out')).toBeVisible();
    // The draft came along: nothing typed was lost on the way.
    await expect(page.getByLabel(t('report.blockers'))).toHaveValue(day.blockers);
    await scan('report-after-clock-out');
    await page.getByRole('button', { name: t('report.later') }).click();
    await expect(page.getByRole('button', { name: t('nav.day'), exact: true })).toHaveAttribute('aria-current', 'page');

    // The dark theme follows the OS.
    await page.emulateMedia({ colorScheme: 'dark' });
    expect(await page.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue('--surface').trim())).toBe('#1a1f27');
    await scan('my-day-dark');
    await page.getByRole('button', { name: t('nav.plan'), exact: true }).click();
    await expect(page.getByRole('button', { name: t('plan.update') })).toBeVisible();
    await scan('plan-dark');
  });
}
