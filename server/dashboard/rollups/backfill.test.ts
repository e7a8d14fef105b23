// Migration 10 and the rollup backfill: a hub upgraded from version 8 (no rollups) shows the old
// days' hours. The version-8 database holds what the real agent recorded (a day with a break and
// idle time, a night session across the day start, a day in private mode), stored in the
// columns of version 8; once the upgraded hub is up, its rollups equal those of a hub that took
// the same records at ingest, and a backfill stopped after one chunk resumes where it stopped.
import { afterEach, describe, expect, it } from 'vitest';
import type { DayRow } from '../../../shared/dashboard-api.ts';
import type { SyncRecord } from '../../../shared/sync.ts';
import { createHub } from '../../app.ts';
import { hashPassword } from '../../auth/passwords.ts';
import { openDatabase } from '../../db/connect.ts';
import { migrate } from '../../db/migrate.ts';
import { LATEST_VERSION } from '../../db/migrations.ts';
import type { DB } from '../../db/schema.ts';
import { recordDays, type Recorded } from '../../testing/agent-days.ts';
import { enrollAgent, freshDatabase, PASSWORD, signIn, startHub, type TestDb } from '../../testing/harness.ts';
import { createUser, ensureOrg, ensureTeam } from '../../accounts.ts';
import { backfillChunk, startBackfill } from './backfill.ts';
import type { Kysely } from 'kysely';
import { loadSummaries } from './stored-summary.ts';

const ZONE = 'Europe/Kyiv';
const NOW = Date.parse('2026-03-10T10:00:00Z');
const WINDOWS = [
  { app: 'Google Chrome', title: 'Угода №1042 — Бітрікс24', domain: 'acme.bitrix24.ua' },
  { app: 'Telegram', title: 'Олена Коваль' },
  { app: 'LibreOffice Calc', title: 'Звіт за тиждень.ods' },
];

let recorded: Promise<Recorded> | null = null;
function agentRecords(): Promise<Recorded> {
  recorded ??= recordDays({
    zone: ZONE,
    windows: WINDOWS,
    seed: 7,
    days: [
      { date: '2026-03-02', clockIn: '09:10', minutes: 8 * 60, clockOut: true, steps: [{ at: 120, kind: 'break', minutes: 40 }, { at: 300, kind: 'idle', minutes: 25, decision: 'keep', label: 'call' }] },
      // 20:00 to 05:00: the whole night is the 3rd's.
      { date: '2026-03-03', clockIn: '20:00', minutes: 9 * 60, clockOut: true, steps: [{ at: 200, kind: 'idle', minutes: 30, decision: null }] },
      { date: '2026-03-05', clockIn: '08:45', minutes: 6 * 60, clockOut: true, steps: [{ at: 60, kind: 'private', minutes: 30, countsAsWork: true }] },
    ],
  });
  return recorded;
}

const open: TestDb[] = [];
afterEach(async () => {
  for (const db of open.splice(0)) await db.drop();
});

/** A version-8 database with a manager per agent, whose records are stored as hubs of version 8 stored them. */
async function version8(records: Recorded, ...more: Recorded[]): Promise<{ db: TestDb; userId: string }> {
  const db = freshDatabase();
  open.push(db);
  const database = await openDatabase(db.options);
  try {
    expect(await migrate(database.db, database.dialect, 8)).toBe(8);
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the schema of version 8, not today's
    const v8 = database.db as unknown as Kysely<any>;
    await v8.insertInto('orgs').values({ id: 'org', name: 'Org', created_at: 1 }).execute();
    await v8.insertInto('teams').values({ id: 'team', org_id: 'org', name: 'Sales', policy: null, kpis: '[]', targets: '{}', settings_seq: 0, created_at: 1 }).execute();
    await v8
      .insertInto('users')
      .values({ id: 'olena', org_id: 'org', email: 'olena@example.com', role: 'manager', team_id: 'team', password_hash: await hashPassword(PASSWORD), targets: null, settings_seq: 0, created_at: 1, name: 'Олена', locale: null, deactivated_at: null })
      .execute();
    for (const [i, agent] of [records, ...more].entries()) {
      const userId = i === 0 ? 'olena' : `manager-${i}`;
      if (i > 0) {
        await v8
          .insertInto('users')
          .values({ id: userId, org_id: 'org', email: `${userId}@example.com`, role: 'manager', team_id: 'team', password_hash: null, targets: null, settings_seq: 0, created_at: 1, name: '', locale: null, deactivated_at: null })
          .execute();
      }
      await storeV8(v8, agent, userId);
    }
  } finally {
    await database.close();
  }
  return { db, userId: 'olena' };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the schema of version 8, not today's
async function storeV8(v8: Kysely<any>, records: Recorded, userId: string): Promise<void> {
  {
    await v8.insertInto('devices').values({ id: records.deviceId, user_id: userId, name: 'pc', token_hash: `x-${records.deviceId}`, enrolled_at: 1, revoked_at: null, last_seen_at: null, clock_offset_ms: null, clock_measured_at: null }).execute();
    const base = { device_id: records.deviceId, user_id: userId, received_at: NOW };
    for (const r of records.records) {
      if (r.kind === 'work_event') await v8.insertInto('work_events').values({ ...base, id: r.id, event: r.event, at: r.at, zone: r.zone, mono: r.mono, data: r.data ? JSON.stringify(r.data) : null }).execute();
      else if (r.kind === 'activity_span') await v8.insertInto('activity_spans').values({ ...base, id: r.id, start: r.start, end: r.end, app: r.app, exe: r.exe, title: r.title, domain: r.domain, category: r.category, productivity: r.productivity }).execute();
      else if (r.kind === 'idle_decision') await v8.insertInto('idle_decisions').values({ ...base, id: r.id, gap_id: r.gapId, decision: r.decision, label: r.label ?? null, at: r.at, zone: r.zone }).execute();
      else throw new Error(`unexpected ${r.kind}`);
    }
  }
}

/** The rollups a hub of today writes at ingest for the same records, by date. */
async function reference(records: SyncRecord[], deviceId: string): Promise<Map<string, unknown>> {
  const t = await startHub();
  try {
    const hubDb = t.hub.database.db;
    const org = await ensureOrg(hubDb, 'Org');
    const user = await createUser(hubDb, { orgId: org, email: 'olena@example.com', role: 'manager', teamId: await ensureTeam(hubDb, org, 'Sales') });
    t.clock.now = Date.now();
    const agent = await enrollAgent(t.hub, user.id, deviceId);
    t.clock.now = NOW;
    const res = await agent.push(records);
    expect(res.statusCode).toBe(200);
    return await rollups(hubDb, user.id);
  } finally {
    await t.close();
  }
}

async function rollups(db: Kysely<DB>, userId: string): Promise<Map<string, unknown>> {
  const rows = await db.selectFrom('day_rollups').selectAll().where('user_id', '=', userId).orderBy('date').execute();
  const summaries = await loadSummaries(db, userId, '0000-01-01', '9999-12-31');
  return new Map(rows.map(({ user_id: _u, updated_at: _at, span_totals: _t, ...r }) => [r.date, { ...r, summary: summaries.get(r.date) }]));
}

describe('the rollup backfill (migration 10)', () => {
  it('rolls up the days of a version-8 database once the hub is up, as ingest would have', async () => {
    const records = await agentRecords();
    const { db, userId } = await version8(records);
    const want = await reference(records.records, records.deviceId);
    expect([...want.keys()]).toEqual(['2026-03-02', '2026-03-03', '2026-03-05']);

    const hub = await createHub({ ...db.options, now: () => NOW, limits: { syncPerMinute: 10_000, authPerMinute: 10_000, loginFailuresBeforeBackoff: 10_000 } });
    try {
      const versions = await hub.database.db.selectFrom('schema_migrations').select('version').orderBy('version').execute();
      expect(versions.map((v) => Number(v.version)).at(-1)).toBe(LATEST_VERSION);
      await hub.backfill!.done;
      expect(await rollups(hub.database.db, userId)).toEqual(want);
      expect(await hub.database.db.selectFrom('rollup_backfill').selectAll().execute()).toEqual([]);
      for (const table of ['work_events', 'activity_spans', 'idle_decisions'] as const) {
        expect(await hub.database.db.selectFrom(table).select('id').where('local_date', 'is', null).execute(), table).toEqual([]);
      }
      // The dashboard shows the old days' hours: the night whole on the 3rd.
      const me = await signIn(hub, 'olena@example.com');
      const week = (await me.get(`/api/v1/users/${userId}/week?date=2026-03-02`)).json() as { days: DayRow[] };
      const worked = Object.fromEntries(week.days.map((d) => [d.date, Math.round(d.workedMs / 60_000)]));
      expect(worked['2026-03-02']).toBeGreaterThan(6 * 60);
      expect(worked['2026-03-03']).toBeGreaterThan(8 * 60);
      expect(worked['2026-03-04']).toBe(0);
      expect(worked['2026-03-05']).toBeGreaterThan(5 * 60);
    } finally {
      await hub.close();
    }
  }, 60_000);

  it('rolls again the days a version-9 hub rolled with the night cut at the day start', async () => {
    const records = await agentRecords();
    const { db, userId } = await version8(records);
    const database = await openDatabase(db.options);
    try {
      expect(await migrate(database.db, database.dialect, 9)).toBe(9);
      // As a version-9 hub left it: every record dated, and the night's last hour (04:00-05:00)
      // rolled up on the next day.
      for (const table of ['work_events', 'activity_spans', 'idle_decisions'] as const) await database.db.updateTable(table).set({ local_date: '2026-03-03' }).execute();
      const at = (iso: string) => Date.parse(iso);
      const summary = { date: '2026-03-04', zone: ZONE, dayStart: '04:00', from: at('2026-03-04T02:00:00Z'), to: at('2026-03-05T02:00:00Z'), workedMs: 3600_000, breakMs: 0, idle: { keptMs: 0, breakMs: 0, discardedMs: 0, pendingMs: 0 }, pausedMs: 0, gapMs: 0, privateMs: 0, firstActivity: at('2026-03-04T02:00:00Z'), lastActivity: at('2026-03-04T03:00:00Z'), byApp: [], byCategory: [], byProductivity: { productive: 0, neutral: 0, unproductive: 0 }, byLabel: [], timeline: [{ kind: 'work', start: at('2026-03-04T02:00:00Z'), end: at('2026-03-04T03:00:00Z') }] };
      await database.db
        .insertInto('day_rollups')
        .values({
          user_id: userId, date: '2026-03-04', zone: ZONE, day_start: '04:00', day_from: summary.from, day_to: summary.to, worked_ms: 3600_000, break_ms: 0, idle_kept_ms: 0, idle_break_ms: 0, idle_discarded_ms: 0, idle_pending_ms: 0, paused_ms: 0, gap_ms: 0, private_ms: 0,
          first_activity: summary.firstActivity, last_activity: summary.lastActivity, private_mode: 0, sparkline: '[3600000]', summary: JSON.stringify(summary), as_of: summary.lastActivity, plan_id: null, plan_items: 0, report_id: null, report_revision: null,
          report_first_at: null, report_last_at: null, kpi_total: 0, kpi_hit: 0, kpi_missed: 0, kpis: '[]', updated_at: 1,
        })
        .execute();
      await migrate(database.db, database.dialect);
      await startBackfill(database.db, database.dialect, () => NOW).done;
      expect(await rollups(database.db, userId)).toEqual(await reference(records.records, records.deviceId));
    } finally {
      await database.close();
    }
  }, 60_000);

  it('resumes where it stopped: one chunk, a restart, the rest', async () => {
    const records = await agentRecords();
    const { db, userId } = await version8(records);
    const database = await openDatabase(db.options);
    try {
      await migrate(database.db, database.dialect);
      // One day per chunk: the first chunk rolls the first day and keeps the place.
      expect(await backfillChunk(database.db, database.dialect, NOW, 1)).toBe(true);
      expect(await database.db.selectFrom('rollup_backfill').selectAll().execute()).toEqual([{ user_id: userId, next_date: '2026-03-03', last_date: '2026-03-05' }]);
      expect([...(await rollups(database.db, userId)).keys()]).toEqual(['2026-03-02']);
    } finally {
      await database.close();
    }
    // The hub stopped there; the next start goes on from the 3rd.
    const again = await openDatabase(db.options);
    try {
      await startBackfill(again.db, again.dialect, () => NOW).done;
      expect(await again.db.selectFrom('rollup_backfill').selectAll().execute()).toEqual([]);
      expect(await rollups(again.db, userId)).toEqual(await reference(records.records, records.deviceId));
      expect(await backfillChunk(again.db, again.dialect, NOW)).toBe(false);
    } finally {
      await again.close();
    }
  }, 60_000);

  it('two instances share the work; every day ends as ingest would have rolled it', async () => {
    const records = await agentRecords();
    const other = await recordDays({
      zone: ZONE,
      windows: WINDOWS,
      seed: 3,
      days: [
        { date: '2026-02-20', clockIn: '10:00', minutes: 7 * 60, clockOut: true, steps: [{ at: 90, kind: 'lock', minutes: 15 }] },
        { date: '2026-03-04', clockIn: '21:30', minutes: 8 * 60, clockOut: true, steps: [] },
      ],
    });
    const { db } = await version8(records, other);
    const a = await openDatabase(db.options);
    const b = await openDatabase(db.options);
    try {
      await migrate(a.db, a.dialect);
      expect((await a.db.selectFrom('rollup_backfill').select('user_id').orderBy('user_id').execute()).map((r) => r.user_id)).toEqual(['manager-1', 'olena']);
      await Promise.all([startBackfill(a.db, a.dialect, () => NOW).done, startBackfill(b.db, b.dialect, () => NOW).done]);
      expect(await a.db.selectFrom('rollup_backfill').selectAll().execute()).toEqual([]);
      expect(await rollups(a.db, 'olena')).toEqual(await reference(records.records, records.deviceId));
      const theirs = await rollups(b.db, 'manager-1');
      expect([...theirs.keys()]).toEqual(['2026-02-20', '2026-03-04']);
      expect(theirs).toEqual(await reference(other.records, other.deviceId));
    } finally {
      await a.close();
      await b.close();
    }
  }, 90_000);

  it('lists nobody on a new database', async () => {
    const db = freshDatabase();
    open.push(db);
    const database = await openDatabase(db.options);
    try {
      await migrate(database.db, database.dialect);
      expect(await database.db.selectFrom('rollup_backfill').selectAll().execute()).toEqual([]);
      expect(await backfillChunk(database.db, database.dialect, NOW)).toBe(false);
    } finally {
      await database.close();
    }
  });
});
