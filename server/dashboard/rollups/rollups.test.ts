// The rollups written at ingest must equal the day summary the agent's own fold computes from the
// same records, whatever order the records arrive in and however often; days include the DST
// changes of Europe/Kyiv (2026-03-28 is 23 h long, 2026-10-24 25 h with dayStart 04:00) and
// sessions across the day start (an evening clock-in until past 04:00 counts whole on its day).
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SyncRecord, SyncRecordOf } from '../../../shared/sync.ts';
import { addDays, localDateOf } from '../../../shared/time.ts';
import { sessionsOf } from '../../../shared/working-days.ts';
import { createUser, ensureOrg, ensureTeam } from '../../accounts.ts';
import { enrollAgent, startHub, type TestHub } from '../../testing/harness.ts';
import { recordDays, type DayStep, type ScriptedDay } from '../../testing/agent-days.ts';
import { foldDay } from '../../testing/rollup-check.ts';
import { rollStats } from './ingest.ts';
import { loadSummaries } from './stored-summary.ts';

const ZONE = 'Europe/Kyiv';
const WINDOWS = [
  { app: 'Google Chrome', title: 'Угода №1042 — Бітрікс24', domain: 'acme.bitrix24.ua' },
  { app: 'Google Chrome', title: 'YouTube', domain: 'youtube.com' },
  { app: 'Telegram', title: 'Олена Коваль' },
  { app: 'LibreOffice Calc', title: 'Звіт за тиждень.ods' },
  { app: 'MicroSIP', title: 'Дзвінок +380 44 000 00 00' },
];
const START_DATES = ['2026-03-27', '2026-03-28', '2026-10-23', '2026-10-24', '2026-06-10'];

const hhmm = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

const stepArb: fc.Arbitrary<DayStep> = fc.oneof(
  fc.record({ at: fc.integer({ min: 5, max: 900 }), kind: fc.constant('break' as const), minutes: fc.integer({ min: 5, max: 90 }) }),
  fc.record({
    at: fc.integer({ min: 5, max: 900 }),
    kind: fc.constant('idle' as const),
    minutes: fc.integer({ min: 6, max: 120 }),
    decision: fc.constantFrom('keep' as const, 'break' as const, 'discard' as const, null),
    label: fc.constantFrom('call', 'meeting', undefined),
  }),
  fc.record({ at: fc.integer({ min: 5, max: 900 }), kind: fc.constant('lock' as const), minutes: fc.integer({ min: 1, max: 60 }) }),
  fc.record({ at: fc.integer({ min: 1, max: 900 }), kind: fc.constant('label' as const), label: fc.constantFrom('call', 'task:1', null) }),
  fc.record({ at: fc.integer({ min: 5, max: 900 }), kind: fc.constant('private' as const), minutes: fc.integer({ min: 5, max: 60 }), countsAsWork: fc.boolean() }),
);

const daysArb = fc
  .record({
    start: fc.constantFrom(...START_DATES),
    days: fc.array(
      fc.record({
        // From 01:00 (before dayStart: the previous working day) to 23:00 (a night session past
        // the next day start).
        clockIn: fc.integer({ min: 60, max: 23 * 60 }),
        minutes: fc.integer({ min: 20, max: 16 * 60 }),
        steps: fc.array(stepArb, { maxLength: 5 }),
      }),
      { minLength: 1, maxLength: 3 },
    ),
    lastOpen: fc.boolean(),
    order: fc.integer({ min: 1, max: 2 ** 30 }),
  })
  .map(({ start, days, lastOpen, order }) => ({
    days: days.map<ScriptedDay>((d, i) => ({
      date: addDays(start, i),
      clockIn: hhmm(d.clockIn),
      minutes: d.minutes,
      clockOut: !(lastOpen && i === days.length - 1),
      steps: d.steps,
    })),
    order,
  }));

const expected = (records: readonly SyncRecord[], date: string) => foldDay(records, date, ZONE);

const KIND_ORDERS: readonly (readonly SyncRecord['kind'][])[] = [
  ['activity_span', 'work_event', 'idle_decision', 'day_plan', 'report_revision'],
  ['idle_decision', 'activity_span', 'work_event', 'day_plan', 'report_revision'],
  ['work_event', 'activity_span', 'idle_decision', 'day_plan', 'report_revision'],
];

/**
 * Delivers the records as retries and a reordering network would: shuffled, or one kind after
 * another (the last kind then changes days already rolled), some twice, in batches of any size;
 * or (one seed in five) as a live agent sends them: in the order it made them, a few at a time,
 * so that most pushes only add later spans to a day (the hub appends those to the day's totals).
 */
function deliveries(records: readonly SyncRecord[], seed: number): SyncRecord[][] {
  let s = seed;
  const random = () => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  if (seed % 5 === 4) {
    const batches: SyncRecord[][] = [];
    for (let i = 0; i < records.length; ) {
      const n = 1 + Math.floor(random() * 12);
      batches.push(records.slice(i, i + n));
      i += n;
    }
    return batches;
  }
  const all = [...records, ...records.filter(() => random() < 0.2)];
  for (let i = all.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [all[i], all[j]] = [all[j]!, all[i]!];
  }
  const mode = seed % 5;
  if (mode > 0) {
    const order = KIND_ORDERS[mode - 1]!;
    all.sort((a, b) => order.indexOf(a.kind) - order.indexOf(b.kind));
  }
  const largest = mode === 0 ? 150 : 8;
  const batches: SyncRecord[][] = [];
  for (let i = 0; i < all.length; ) {
    const n = 1 + Math.floor(random() * largest);
    // One batch never holds an id twice (the hub refuses the second as a duplicate in the batch).
    const ids = new Set<string>();
    const batch: SyncRecord[] = [];
    while (i < all.length && batch.length < n && !ids.has(all[i]!.id)) {
      ids.add(all[i]!.id);
      batch.push(all[i++]!);
    }
    batches.push(batch);
  }
  return batches;
}

describe('day rollups at ingest', () => {
  let t: TestHub;
  let teamId: string;
  let orgId: string;
  beforeAll(async () => {
    t = await startHub();
    const db = t.hub.database.db;
    orgId = await ensureOrg(db, 'Rollups');
    teamId = await ensureTeam(db, orgId, 'Sales');
  });
  afterAll(() => t.close());

  it('equal the summary of the raw records for random days, orders and repeats', async () => {
    let n = 0;
    let compared = 0;
    let across = 0;
    const appendedBefore = rollStats.appended;
    await fc.assert(
      fc.asyncProperty(daysArb, async ({ days, order }) => {
        const db = t.hub.database.db;
        const user = await createUser(db, { orgId, email: `m${n++}@rollups.test`, role: 'manager', teamId });
        const recorded = await recordDays({ zone: ZONE, days, windows: WINDOWS, seed: order });
        const events = recorded.records.filter((r): r is SyncRecordOf<'work_event'> => r.kind === 'work_event').sort((a, b) => (a.id < b.id ? -1 : 1));
        for (const s of sessionsOf(events.map((e) => ({ id: e.id, kind: e.event, at: e.at, zone: e.zone, mono: e.mono })))) {
          if (s.end !== null && localDateOf(s.start, ZONE, '04:00') !== localDateOf(s.end - 1, ZONE, '04:00')) across++;
        }
        // The enrollment code is made on the real clock; the pushes come long after the records.
        t.clock.now = Date.now();
        const agent = await enrollAgent(t.hub, user.id, recorded.deviceId);
        t.clock.now = Math.max(Date.now(), Date.parse('2027-01-01T00:00:00Z'));
        for (const batch of deliveries(recorded.records, order)) {
          const res = await agent.push(batch);
          expect(res.statusCode).toBe(200);
          const results = (res.json() as { results: { status: string; code?: string }[] }).results;
          expect(results.filter((r) => r.status !== 'stored')).toEqual([]);
        }
        const byDate: Map<string, unknown> = await loadSummaries(db, user.id, '0000-01-01', '9999-12-31');
        const dates = new Set<string>();
        for (const d of days) for (let i = -1; i <= 1; i++) dates.add(addDays(d.date, i));
        for (const date of [...dates].sort()) {
          const want = expected(recorded.records, date);
          if (want.timeline.length === 0) expect(byDate.has(date), date).toBe(false);
          else {
            expect(byDate.get(date), date).toEqual(want);
            compared++;
          }
        }
        // Every stored record carries its local working date.
        const undated = await db.selectFrom('activity_spans').select('id').where('user_id', '=', user.id).where('local_date', 'is', null).execute();
        expect(undated).toEqual([]);
      }),
      { numRuns: Number(process.env.ZVIT_PROPERTY_RUNS ?? 12), seed: Number(process.env.ZVIT_PROPERTY_SEED ?? 20261024) },
    );
    expect(compared).toBeGreaterThan(10);
    // Live deliveries took the append path (and still equal the fold of everything).
    expect(rollStats.appended - appendedBefore).toBeGreaterThan(20);
    // The runs did hold sessions across the day start.
    expect(across).toBeGreaterThan(0);
  }, 600_000);
});
