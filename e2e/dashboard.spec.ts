// The lead's dashboard in Debian's Chromium against a real hub process, with a real agent filing
// the day: sign in, team now, the manager's day, return the report with a comment (the agent
// picks it up), the manager files again, the lead approves; in uk, ru and en, the language taken
// from the browser. Every screen is scanned for raw keys and stray English and shot into
// test-results/, at 1280 px and, for team now and the day, at a 390 px phone width.
import { expect, test, type Page } from '@playwright/test';
import { CATALOGUES } from '../dashboard/i18n/translate.ts';
import type { TextKey } from '../dashboard/i18n/types.ts';
import { fill } from '../shared/i18n/fill.ts';
import { INTL_LOCALE } from '../shared/i18n/locales.ts';
import type { Locale } from '../shared/locale.ts';
import { ADMIN } from '../test/hub-process.ts';
import { fileDay, hubAndDeskPerTest, synced } from './filed-day.ts';
import { routeDashboard } from './hub-dashboard.ts';
import { scanScreen } from './scan.ts';
import { typed } from './typed-day.ts';

/** The agent pulls reviews on the hub's hint or its event stream; a little more for the round trip. */
const WITHIN = 25_000;
const COMMENTS: Record<Locale, { returned: string; approved: string }> = {
  uk: { returned: 'Додай, що саме обіцяв клієнт', approved: 'Дякую, все зрозуміло' },
  ru: { returned: 'Добавь, что именно обещал клиент', approved: 'Спасибо, всё понятно' },
  en: { returned: 'Say what exactly the client promised', approved: 'Thanks, all clear' },
};

const ctx = hubAndDeskPerTest();

async function reportStatus(date: string): Promise<string | undefined> {
  return (await ctx.desk.api('getReport', { date })).report?.status;
}

for (const locale of ['uk', 'ru', 'en'] as const) {
  test.describe(locale, () => {
    test.use({ locale: INTL_LOCALE[locale] });

    test(`a lead signs in, sees the team, opens the day, returns and approves the report, in ${locale}`, async ({ page }, testInfo) => {
      test.setTimeout(180_000);
      const t = (key: TextKey, vars?: Record<string, string | number>) => fill(CATALOGUES[locale][key] as string, vars);
      const day = typed[locale];
      const comments = COMMENTS[locale];
      const email = 'manager@example.com';
      const task = day.tasks[0]!.title;
      const data = [task, email, day.outcomes[0]!.comment, 'Sales', 'admin@example.com', 'Zvit'];

      // The manager's day, filed by the agent and synced to the hub.
      const { hub, desk } = ctx;
      const { date, itemId } = await fileDay(ctx, { email, task, comment: day.outcomes[0]!.comment });

      // Sign in: the page speaks the browser's language.
      await routeDashboard(page, hub.url);
      await page.goto(`${hub.url}/`);
      await expect(page.getByRole('heading', { name: t('signIn.title') })).toBeVisible();
      await scanScreen(page, testInfo, locale, 'dashboard-sign-in', data);
      await page.getByLabel(t('signIn.email')).fill(ADMIN.email);
      await page.getByLabel(t('signIn.password')).fill('not the password');
      await page.getByRole('button', { name: t('signIn.submit') }).click();
      await expect(page.getByRole('alert')).toHaveText(t('err.invalid_credentials'));
      await page.getByLabel(t('signIn.password')).fill(ADMIN.password);
      await page.getByRole('button', { name: t('signIn.submit') }).click();

      // Team now: the manager, clocked out, with today's plan filed.
      const member = page.getByTestId('member').filter({ hasText: email });
      await expect(member).toBeVisible();
      await expect(member).toContainText(t('presence.clocked_out'));
      await expect(member).toContainText(t('team.planFiled'));
      await scanScreen(page, testInfo, locale, 'dashboard-team-now', data);
      await page.getByTestId('counter-no_plan').click();
      await expect(page.getByTestId('member')).toHaveCount(0);
      await expect(page.getByText(t('team.noneMatch'))).toBeVisible();
      await page.getByTestId('counter-all').click();
      await onPhone(page, async () => scanScreen(page, testInfo, locale, 'dashboard-team-now-phone', data));

      // The manager's day: the plan against the report, then return it with a comment.
      await member.getByRole('link', { name: email }).click();
      await expect(page.getByTestId('plan-vs-fact')).toContainText(task);
      await expect(page.getByTestId('plan-vs-fact')).toContainText(t('outcome.done'));
      await scanScreen(page, testInfo, locale, 'dashboard-day', data);
      await page.getByRole('button', { name: t('review.return') }).click();
      await expect(page.getByRole('alert')).toHaveText(t('review.commentNeeded'));
      await page.getByLabel(t('review.comment')).fill(comments.returned);
      await page.getByRole('button', { name: t('review.return') }).click();
      await expect(page.getByTestId('day-report')).toContainText(t('reportState.returned'));
      await expect.poll(() => reportStatus(date), { timeout: WITHIN }).toBe('returned');
      expect((await desk.api('getReport', { date })).report?.reviewComment).toBe(comments.returned);

      // The manager files again; the lead sees the new revision and approves it with a comment.
      await desk.api('submitReport', { date, items: [{ itemId, outcome: 'done', comment: `${day.outcomes[0]!.comment}. ${day.note}`, minutes: 25 }] });
      await synced(desk);
      await page.reload();
      await expect(page.getByTestId('plan-vs-fact')).toContainText('25');
      await page.getByLabel(t('review.comment')).fill(comments.approved);
      await scanScreen(page, testInfo, locale, 'dashboard-day-review', [...data, comments.returned, comments.approved, day.note]);
      await page.getByRole('button', { name: t('review.approve') }).click();
      await expect(page.getByTestId('day-report')).toContainText(t('reportState.approved'));
      await expect(page.getByRole('button', { name: t('review.approve') })).toHaveCount(0);
      await expect.poll(() => reportStatus(date), { timeout: WITHIN }).toBe('approved');
      await onPhone(page, async () => scanScreen(page, testInfo, locale, 'dashboard-day-phone', [...data, comments.returned, comments.approved, day.note]));

      // The week, from the day.
      await page.getByRole('link', { name: t('day.weekLink') }).click();
      await expect(page.getByTestId('week')).toContainText(t('reportState.approved'));
      await scanScreen(page, testInfo, locale, 'dashboard-week', data);
    });
  });
}

/** Runs `fn` at a 390 px phone width, then returns to the desktop width. */
async function onPhone(page: Page, fn: () => Promise<void>): Promise<void> {
  const before = page.viewportSize()!;
  await page.setViewportSize({ width: 390, height: 844 });
  try {
    await fn();
    // Nothing wider than the phone: no sideways scrolling of the page itself.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  } finally {
    await page.setViewportSize(before);
  }
}
