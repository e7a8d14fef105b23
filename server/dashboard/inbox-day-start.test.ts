// The inbox over teams whose working days start at different hours: each report is due by its
// own team's day start (the inbox works each date's end out once per zone and day start, not
// once per person, so two teams on one screen must not share it).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InboxRow } from '../../shared/dashboard-api.ts';
import { localTimeToUtc } from '../../shared/time.ts';
import { enrollAgent, seedWorld, signIn, startHub, type Browser, type TestHub, type World } from '../testing/harness.ts';
import { reportRevision } from '../testing/records.ts';

const KYIV = 'Europe/Kyiv';
const DATE = '2026-02-26';

let t: TestHub;
let w: World;
let admin: Browser;

beforeAll(async () => {
  t = await startHub();
  w = await seedWorld(t.hub);
  admin = await signIn(t.hub, w.admin.email);
  // Team 2's working day starts at 10:00, team 1's at the default 04:00.
  const settings = (await admin.get(`/api/v1/teams/${w.t2}/settings`)).json();
  expect(settings.policy.dayStart).toBe('04:00');
  expect((await admin.send('PUT', `/api/v1/teams/${w.t2}/policy`, { ...settings.policy, dayStart: '10:00' })).statusCode).toBe(200);
  // Both file the 26th's report at 07:00 on the 27th: after team 1's day ended, before team 2's.
  const at = localTimeToUtc('2026-02-27', '07:00', KYIV);
  for (const m of [w.m1, w.m2]) {
    const agent = await enrollAgent(t.hub, m.id);
    const res = await agent.push([reportRevision(agent.deviceId, at, { date: DATE })]);
    expect(res.json().results[0].status).toBe('stored');
  }
});
afterAll(async () => t?.close());

describe('the inbox across day starts', () => {
  it('is late by each team\'s own day start', async () => {
    const res = await admin.get(`/api/v1/inbox?from=${DATE}&to=${DATE}`);
    expect(res.statusCode).toBe(200);
    const rows = (res.json() as { rows: InboxRow[] }).rows;
    const late = (userId: string) => rows.find((r) => r.user.id === userId)?.report.late;
    expect(late(w.m1.id)).toBe(true);
    expect(late(w.m2.id)).toBe(false);
  });
});
