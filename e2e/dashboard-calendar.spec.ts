// A manager's time blocks as iCalendar, from the lead's Exports screen against a real hub with
// days the real agent recorded (lead-world.ts): the lead picks the manager and the period, clicks
// the calendar link, and the downloaded .ics, read by ical.js, holds exactly the manager's work
// and break blocks of those days as the hub's day API gives them. One hub for the file.
import { expect, test } from '@playwright/test';
import ICAL from 'ical.js';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CATALOGUES } from '../dashboard/i18n/translate.ts';
import type { TextKey } from '../dashboard/i18n/types.ts';
import type { ManagerDay } from '../shared/dashboard-api.ts';
import { INTL_LOCALE } from '../shared/i18n/locales.ts';
import { dateFieldText } from '../shared/time-text.ts';
import { startHubProcess, type HubProcess } from '../test/hub-process.ts';
import { routeDashboard, signIn } from './hub-dashboard.ts';
import { LEAD_PASSWORD, makeWorld, ZONE } from './lead-world.ts';

test.use({ locale: INTL_LOCALE.uk, timezoneId: ZONE });

let hub: HubProcess;
let hubDir: string;
test.beforeAll(async () => {
  hubDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zvit-e2e-ics-'));
  hub = await startHubProcess(hubDir);
});
test.afterAll(async () => {
  await hub?.stop();
  fs.rmSync(hubDir, { recursive: true, force: true });
});

const t = (key: TextKey) => CATALOGUES.uk[key] as string;

interface Block {
  summary: string;
  start: string;
  end: string;
}

test("the lead downloads a manager's calendar: its events are the manager's work and break blocks", async ({ page }) => {
  test.setTimeout(180_000);
  const world = await makeWorld(hub, 'uk');
  const [d1, , d3] = world.dates;
  await routeDashboard(page, hub.url);
  await signIn(page, hub.url, 'uk', { email: world.leadA.email, password: LEAD_PASSWORD });

  // What the hub says of Ihor's three days (a day with no report among them).
  const expected: Block[] = [];
  for (const date of [...world.dates].reverse()) {
    const res = await page.request.get(`${hub.url}/api/v1/users/${world.ihor.id}/day/${date}`);
    expect(res.status()).toBe(200);
    const day = (await res.json()) as ManagerDay;
    for (const e of day.summary.timeline) {
      if (e.kind === 'work') expected.push({ summary: e.label ? `Робота: ${e.label}` : 'Робота', start: new Date(e.start).toISOString(), end: new Date(e.end).toISOString() });
      if (e.kind === 'break') expected.push({ summary: 'Перерва', start: new Date(e.start).toISOString(), end: new Date(e.end).toISOString() });
    }
  }
  // The agent's script (lead-world.ts) had a work block before and after a break every day.
  expect(expected.filter((b) => b.summary === 'Перерва')).toHaveLength(3);
  expect(expected.filter((b) => b.summary.startsWith('Робота')).length).toBeGreaterThanOrEqual(6);

  await page.goto(`${hub.url}/#/exports`);
  await page.getByLabel(t('exports.from'), { exact: true }).fill(dateFieldText(d3, '.'));
  await page.getByLabel(t('exports.to'), { exact: true }).fill(dateFieldText(d1, '.'));
  await page.getByLabel(t('exports.to'), { exact: true }).press('Tab');
  await expect(page.getByTestId('export-ics')).toHaveCount(0);
  await page.getByLabel(t('exports.who')).selectOption({ label: world.ihor.name });
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-ics').click()]);
  expect(download.suggestedFilename()).toBe(`zvit-${d3}-${d1}.ics`);
  const text = fs.readFileSync((await download.path())!, 'utf8');

  const calendar = new ICAL.Component(ICAL.parse(text) as unknown[]);
  expect(calendar.getFirstPropertyValue('x-wr-calname')).toBe(world.ihor.name);
  const events: Block[] = calendar
    .getAllSubcomponents('vevent')
    .map((v) => new ICAL.Event(v))
    .map((e) => ({ summary: e.summary, start: e.startDate.toJSDate().toISOString(), end: e.endDate.toJSDate().toISOString() }));
  const order = (a: Block, b: Block) => a.start.localeCompare(b.start) || a.summary.localeCompare(b.summary);
  expect(events.sort(order)).toEqual(expected.sort(order));
  // Every event has its own id, so a calendar that imports the file twice does not double it.
  const uids = calendar.getAllSubcomponents('vevent').map((v) => v.getFirstPropertyValue('uid'));
  expect(new Set(uids).size).toBe(uids.length);
});
