// The scale-out live path: two hub processes on one PostgreSQL, the real agent's records pushed
// by the agent's own hub client to instance A, and a dashboard's event stream on instance B; a
// lead's review on A reaches that stream too.
import crypto from 'node:crypto';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { HubClient } from '../main/sync/hub-client.ts';
import { LocalStore } from '../main/store/local-store.ts';
import { Outbox } from '../main/sync/outbox.ts';
import { recordDays } from '../server/testing/agent-days.ts';
import { readEvents, type SseReader } from '../server/testing/sse.ts';
import { startHubProcess, type HubProcess } from './hub-process.ts';
import { tempDir } from './tmp.ts';

let a: HubProcess;
let b: HubProcess;
let stream: SseReader | null = null;
let cookie = '';
let csrf = '';
let managerId = '';

beforeAll(async () => {
  const pgSchema = `zvit_live_${crypto.randomBytes(5).toString('hex')}`;
  a = await startHubProcess(tempDir('zvit-live-a-'), { database: 'postgres', pgSchema });
  b = await startHubProcess(tempDir('zvit-live-b-'), { database: 'postgres', pgSchema });
}, 60_000);
afterAll(async () => {
  stream?.close();
  await a?.stop();
  await b?.stop();
});

it('a push to instance A reaches a dashboard connected to instance B', async () => {
  managerId = await a.addManager('olena@example.com');
  const code = await a.code('olena@example.com');
  const recorded = await recordDays({
    zone: 'Europe/Kyiv',
    windows: [{ app: 'Google Chrome', title: 'Угода №1042 — Бітрікс24', domain: 'acme.bitrix24.ua' }],
    days: [{ date: '2026-03-02', clockIn: '09:00', minutes: 60, clockOut: true, steps: [] }],
  });
  const { token } = await new HubClient({ url: a.url }).enroll(code, recorded.deviceId, 'laptop');

  // The admin's session, made on A, works on B: both read the one database.
  const login = await fetch(`${a.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: a.env.ZVIT_ADMIN_EMAIL, password: a.env.ZVIT_ADMIN_PASSWORD }),
  });
  cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  csrf = ((await login.json()) as { csrfToken: string }).csrfToken;
  stream = await readEvents(`${b.url}/api/v1/events`, { cookie });
  await stream.next((e) => e.event === 'hello');

  const pushedAt = Date.now();
  const answer = await new HubClient({ url: a.url, token }).push(recorded.records);
  expect(answer.results.filter((r) => r.status !== 'stored')).toEqual([]);
  const day = await stream.next((e) => e.event === 'day');
  expect(day.data).toMatchObject({ type: 'day', userId: managerId, dates: ['2026-03-02'] });
  console.log(`push on A → event on B: ${Date.now() - pushedAt} ms`);

  // And B answers from the rollup A wrote.
  const res = await fetch(`${b.url}/api/v1/users/${managerId}/day/2026-03-02`, { headers: { cookie } });
  expect(res.status).toBe(200);
  expect(((await res.json()) as { summary: { workedMs: number } }).summary.workedMs).toBe(60 * 60_000);
}, 60_000);

it('a review on instance A reaches a dashboard connected to instance B', async () => {
  // The agent's own store files the report and its outbox holds it in wire form.
  const store = LocalStore.open(path.join(tempDir('zvit-live-agent-'), 'agent.db'));
  try {
    store.reports.add({ date: '2026-03-02', items: [], unplanned: [], kpis: [], blockers: '', note: 'Обдзвонила всіх.' }, Date.now(), 'Europe/Kyiv');
    const outbox = new Outbox(store);
    const records = outbox.next(100, 1e9).map((e) => e.record);
    const reportId = (records.find((r) => r.kind === 'report_revision') as { reportId: string }).reportId;
    const { token } = await new HubClient({ url: a.url }).enroll(await a.code('olena@example.com'), store.deviceId, 'laptop');
    const answer = await new HubClient({ url: a.url, token }).push(records);
    expect(answer.results.filter((r) => r.status !== 'stored')).toEqual([]);

    const reviewedAt = Date.now();
    const res = await fetch(`${a.url}/api/v1/reports/${reportId}/review`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json', 'x-csrf-token': csrf },
      body: JSON.stringify({ status: 'approved', comment: '' }),
    });
    expect(res.status).toBe(200);
    const event = await stream!.next((e) => e.event === 'report');
    expect(event.data).toMatchObject({ type: 'report', userId: managerId, date: '2026-03-02', reportId, state: 'approved' });
    console.log(`review on A → event on B: ${Date.now() - reviewedAt} ms`);
  } finally {
    store.close();
  }
}, 60_000);
