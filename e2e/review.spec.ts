// The review loop through a real hub: the lead returns the filed report with a comment and the
// popover flags it within seconds, comment and all; the manager files a new revision; the lead
// approves it with a comment while the report is open, and the open screen locks and shows the
// comment at once, without the manager navigating.
import { expect, test } from '@playwright/test';
import { CATALOGUES, fill } from '../renderer/i18n/translate.ts';
import type { TextKey, Vars } from '../renderer/i18n/types.ts';
import { fileDay, hubAndDeskPerTest, synced } from './filed-day.ts';
import { scanScreen } from './scan.ts';
import { typed } from './typed-day.ts';

/** The agent pulls every 15 s while a report waits for review; a little more for the round trip. */
const WITHIN = 25_000;
const COMMENTS = {
  uk: { returned: 'Додай, що саме обіцяв клієнт', approved: 'Дякую, все зрозуміло' },
  ru: { returned: 'Добавь, что именно обещал клиент', approved: 'Спасибо, всё понятно' },
};

const ctx = hubAndDeskPerTest();

for (const locale of ['uk', 'ru'] as const) {
  test(`a review reaches the open UI within seconds, in ${locale}`, async ({ page }, testInfo) => {
    test.setTimeout(150_000);
    const t = (key: TextKey, vars?: Vars) => fill(CATALOGUES[locale][key], vars);
    const day = typed[locale];
    const comments = COMMENTS[locale];
    const data = day.tasks.map((k) => k.title);
    const { hub, desk } = ctx;
    await desk.api('saveSettings', { language: locale });
    const { reportId } = await fileDay(ctx, { email: 'manager@example.com', task: day.tasks[0]!.title, comment: day.outcomes[0]!.comment });

    await page.goto(desk.url);
    await expect(page.getByTestId('state')).toContainText(t('state.clocked_out'));
    await hub.admin('POST', `/api/v1/reports/${reportId}/review`, { status: 'returned', comment: comments.returned });
    const prompt = page.getByTestId('prompt-report');
    await expect(prompt).toHaveAttribute('data-returned', 'true', { timeout: WITHIN });
    await expect(prompt).toContainText(comments.returned);
    await scanScreen(page, testInfo, locale, 'popover-returned', data);

    // Open it: the lead's comment above the form, which can be filed again.
    await prompt.getByRole('button', { name: t('prompt.open') }).click();
    await expect(page.getByTestId('review-note')).toContainText(t('report.returned'));
    await expect(page.getByTestId('lead-comment')).toContainText(comments.returned);
    await scanScreen(page, testInfo, locale, 'report-returned', data);
    await page.getByTestId('report-item').getByLabel(t('report.comment')).fill(`${day.outcomes[0]!.comment}. ${day.note}`);
    await page.getByRole('button', { name: t('report.resubmit') }).click();
    await expect(page.getByTestId('report-status')).toContainText(t('report.status.submitted'));
    await expect(page.getByTestId('prompt-report')).toBeHidden();
    await synced(desk);

    // Approved while the report is open: it locks and shows the comment with no navigation.
    await hub.admin('POST', `/api/v1/reports/${reportId}/review`, { status: 'approved', comment: comments.approved });
    await expect(page.getByTestId('review-note')).toContainText(t('report.locked'), { timeout: WITHIN });
    await expect(page.getByTestId('lead-comment')).toContainText(comments.approved);
    await expect(page.getByTestId('report-status')).toContainText(t('report.status.approved'));
    await expect(page.getByRole('button', { name: t('report.resubmit') })).toHaveCount(0);
    await expect(page.getByTestId('report-item').getByLabel(t('report.comment'))).toBeDisabled();
    await scanScreen(page, testInfo, locale, 'report-approved', data);
  });
}
