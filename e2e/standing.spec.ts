// A manager's standing in My day over a real hub: four managers of one team push days the real
// agent recorded, each with a different count of calls against the team's month target; one of
// them opens My day in the agent and sees their band, the team's average and best, the gaps to
// the top 10/25/50 % and the calls left, as the test works them out from what it pushed, with no
// colleague's name. The lead publishes the named board in the dashboard and the open panel lists
// everyone by name after the agent's next pull; unpublished, it is anonymous again. uk, ru, en.
import { expect, test, type Page } from '@playwright/test';
import { CATALOGUES, fill } from '../renderer/i18n/translate.ts';
import type { TextKey, Vars } from '../renderer/i18n/types.ts';
import { CATALOGUES as DASHBOARD_CATALOGUES } from '../dashboard/i18n/translate.ts';
import { formatKpiValue, formatNumber } from '../shared/i18n/format.ts';
import { INTL_LOCALE } from '../shared/i18n/locales.ts';
import type { Locale } from '../shared/locale.ts';
import { addDays, localDateOf, localTimeToUtc } from '../shared/time.ts';
import type { ScriptedDay } from '../server/testing/agent-days.ts';
import { hubAndDeskPerTest } from './filed-day.ts';
import { routeDashboard, signIn } from './hub-dashboard.ts';
import { day, lead, LEAD_PASSWORD, manager, ZONE } from './lead-world.ts';
import { scanScreen } from './scan.ts';

const ctx = hubAndDeskPerTest();

/** The team's target of calls for the month: each manager's score is their calls over it. */
const MONTH_TARGET = 1000;
/** Calls per manager, the one at the desk second: a place neither at the top nor at the bottom. */
const TEAM = [
  { key: 'olena', name: 'Олена Коваль', calls: 620 },
  { key: 'me', name: 'Ігор Петренко', calls: 480 },
  { key: 'taras', name: 'Тарас Шевчук', calls: 350 },
  { key: 'vira', name: 'Віра Гнатюк', calls: 210 },
];
/** The agent pulls on the hub's word (its event stream) or every few minutes; a little over the round trip. */
const WITHIN = 30_000;

/** The figures My day must show, worked out here from the calls pushed. */
function expected() {
  const scores = TEAM.map((m) => ({ ...m, score: m.calls / MONTH_TARGET })).sort((a, b) => b.score - a.score);
  const count = scores.length;
  const place = scores.findIndex((m) => m.key === 'me') + 1;
  const mine = scores[place - 1]!.score;
  const inside = (share: number) => Math.max(1, Math.ceil(count * share));
  const band = place <= inside(0.1) ? 'top10' : place <= inside(0.25) ? 'top25' : place <= inside(0.5) ? 'top50' : 'bottom50';
  const gap = (share: number) => Math.max(0, scores[inside(share) - 1]!.score - mine);
  return {
    band,
    count,
    score: mine,
    average: scores.reduce((s, m) => s + m.score, 0) / count,
    best: scores[0]!.score,
    gaps: { top10: gap(0.1), top25: gap(0.25), top50: gap(0.5) },
    left: MONTH_TARGET - TEAM.find((m) => m.key === 'me')!.calls,
    board: scores.map((m) => m.name),
  };
}

async function openStanding(page: Page, locale: Locale) {
  const t = (key: TextKey, vars?: Vars) => fill(CATALOGUES[locale][key], vars);
  await page.getByRole('button', { name: t('nav.day'), exact: true }).click();
  const panel = page.getByTestId('standing');
  await expect(panel.getByRole('heading', { name: t('standing.heading') })).toBeVisible();
  return panel;
}

const today = () => localDateOf(Date.now(), ZONE, '04:00');

/**
 * The day the managers reported, in the month the hub ranks now and over before now: yesterday;
 * on a month's first day, today from 04:01 for as long as has passed (at most the usual 150
 * minutes, without its break and idle steps when shorter; a run in the day's first minutes waits
 * for two to pass).
 */
async function reportedDay(): Promise<{ date: string; worked: (d: ScriptedDay) => ScriptedDay }> {
  const date = today();
  if (addDays(date, -1).slice(0, 7) === date.slice(0, 7)) return { date: addDays(date, -1), worked: (d) => d };
  const start = localTimeToUtc(date, '04:01', ZONE);
  if (Date.now() - start < 2 * 60_000) test.setTimeout(test.info().timeout + 4 * 60_000);
  while (Date.now() - start < 2 * 60_000) await new Promise((r) => setTimeout(r, 5_000));
  const minutes = Math.min(150, Math.floor((Date.now() - start) / 60_000) - 1);
  return { date, worked: (d) => (minutes >= d.minutes ? d : { ...d, minutes, steps: minutes >= 120 ? d.steps : [] }) };
}

for (const locale of ['uk', 'ru', 'en'] as const satisfies readonly Locale[]) {
  test.describe(locale, () => {
    test.use({ locale: INTL_LOCALE[locale], timezoneId: ZONE });

    test(`My day's standing, anonymous and then named by the lead, in ${locale}`, async ({ page, browser }, testInfo) => {
      test.setTimeout(180_000);
      const t = (key: TextKey, vars?: Vars) => fill(CATALOGUES[locale][key], vars);
      const pct = (share: number) => formatKpiValue(locale, Math.round(share * 1000) / 10, 'percent', 'UAH');
      const { hub, desk } = ctx;
      const want = expected();

      // The team, its month target of calls and its lead.
      const { team } = await hub.admin<{ team: { id: string; name: string } }>('POST', '/api/v1/teams', { name: `Команда ${locale}` });
      await hub.admin('PUT', `/api/v1/teams/${team.id}/policy`, { schedule: { days: [1, 2, 3, 4, 5, 6, 7] } });
      await hub.admin('PUT', `/api/v1/teams/${team.id}/kpis`, { definitions: [], targets: [{ key: 'calls_total', period: 'month', value: MONTH_TARGET }] });
      const boss = await lead(hub, `lead.${locale}@example.com`, 'Марина Бондар', team.id);

      // One reported day each, inside the month the hub ranks, and wholly in the past: yesterday,
      // or on a month's first day a short day from 04:01 that ended a minute ago.
      const { date, worked } = await reportedDay();
      const people = new Map<string, string>();
      for (const [i, m] of TEAM.entries()) {
        const made = await manager(hub, { email: `${m.key}.${locale}@example.com`, name: m.name, teamId: team.id }, [worked(day(date, date === today() ? '04:01' : '09:00', 'clean', m.calls))], i + 1);
        people.set(m.key, made.person.id);
      }

      // The manager's own agent at the desk, enrolled as Ігор.
      await desk.api('saveSettings', { language: locale });
      const { code } = await hub.admin<{ code: string }>('POST', `/api/v1/users/${people.get('me')}/enrollment-codes`, {});
      await desk.cliJson(['enroll', '--hub', hub.url, '--code', code]);

      await page.goto(desk.url);
      const panel = await openStanding(page, locale);
      const others = TEAM.filter((m) => m.key !== 'me').map((m) => m.name);

      // Anonymous: the band, the figures and the gaps, and no colleague's name anywhere.
      await expect(panel.getByTestId('standing-band')).toHaveText(t(`standing.band.${want.band}` as TextKey), { timeout: WITHIN });
      await expect(panel.getByTestId('standing-period')).toContainText(formatNumber(locale, want.count));
      await expect(panel.getByTestId('standing-score')).toHaveText(pct(want.score));
      await expect(panel.getByTestId('standing-average')).toHaveText(pct(want.average));
      await expect(panel.getByTestId('standing-best')).toHaveText(pct(want.best));
      const gaps = panel.getByTestId('standing-gaps');
      for (const band of ['top10', 'top25', 'top50'] as const) {
        const gap = want.gaps[band];
        const text = gap <= 0 ? t('standing.gapReached') : t('standing.gapPoints', { points: formatNumber(locale, Math.round(gap * 1000) / 10) });
        await expect(gaps.getByRole('row', { name: t(`standing.gap.${band}`) })).toContainText(text);
      }
      await expect(panel.getByTestId('standing-work-left')).toContainText(t('standing.left', { value: formatNumber(locale, want.left) }));
      await expect(panel).toContainText(t('standing.anonymous'));
      await expect(panel.getByTestId('standing-board')).toHaveCount(0);
      for (const name of others) await expect(page.locator('body')).not.toContainText(name);
      await scanScreen(page, testInfo, locale, 'standing-anonymous', [...TEAM.map((m) => m.name), 'example']);

      // The lead publishes the named board for the team in the dashboard.
      const dashboard = await browser.newPage({ locale: INTL_LOCALE[locale], timezoneId: ZONE });
      await routeDashboard(dashboard, hub.url);
      await signIn(dashboard, hub.url, locale, { email: boss.email, password: LEAD_PASSWORD });
      await dashboard.goto(`${hub.url}/#/leaderboard`);
      const named = dashboard.getByRole('checkbox', { name: DASHBOARD_CATALOGUES[locale]['board.named'] as string });
      await named.click();
      await expect(named).toBeChecked();

      // The open panel lists the team best first, the manager's own line marked.
      const board = panel.getByTestId('standing-board');
      await expect(board).toBeVisible({ timeout: WITHIN });
      await expect(board.getByRole('listitem')).toHaveText(want.board.map((name) => new RegExp(`^${name}`)));
      await expect(board.locator('[aria-current="true"]')).toContainText(TEAM.find((m) => m.key === 'me')!.name);
      await expect(board.locator('[aria-current="true"]')).toContainText(pct(want.score));
      await expect(panel).not.toContainText(t('standing.anonymous'));
      await scanScreen(page, testInfo, locale, 'standing-named', [...TEAM.map((m) => m.name), 'example']);

      // Unpublished: anonymous again, no names.
      await named.click();
      await expect(named).not.toBeChecked();
      await expect(board).toHaveCount(0, { timeout: WITHIN });
      await expect(panel).toContainText(t('standing.anonymous'));
      for (const name of others) await expect(page.locator('body')).not.toContainText(name);
      await dashboard.close();
    });
  });
}
