// The demo seeded in bulk (spans by multi-row inserts, the rest in one push per manager) holds
// what the same demo pushed batch by batch through ingest holds: the same spans with the same
// working dates, the same events, plans, reports and reviews, and the same day rollups. Ids are
// made anew on every generation, so rows are matched by manager and time.
// Then the screens that read each day's report KPIs from its rollup (the inbox, the leaderboard,
// progress, misses) answer as they do from the reports themselves.
import { afterEach, describe, expect, it } from 'vitest';
import { addDays, localDateOf } from '../../../shared/time.ts';
import { createHub } from '../../app.ts';
import { openDatabase } from '../../db/connect.ts';
import { migrate } from '../../db/migrate.ts';
import { freshDatabase, signIn, type TestDb } from '../../testing/harness.ts';
import { DEMO_ADMIN_EMAIL, DEMO_PASSWORD, seedDemo } from './seed.ts';

// A Tuesday afternoon in Kyiv: today's day is under way (its session still open).
const NOW = Date.parse('2026-03-10T13:30:00Z');
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;

const open: TestDb[] = [];
afterEach(async () => {
  for (const db of open.splice(0)) await db.drop();
});

/** Everything the dashboard reads, keyed by manager email and time rather than by id. */
async function seededContent(bulk: boolean) {
  const t = freshDatabase();
  open.push(t);
  const database = await openDatabase(t.options);
  try {
    await migrate(database.db, database.dialect);
    const seeded = await seedDemo(database.db, database.dialect, { managers: 3, days: 6, spansPerDay: 60, now: NOW, demoAdmin: true, bulk, templates: 2 });
    const db = database.db;
    const emails = new Map((await db.selectFrom('users').select(['id', 'email']).execute()).map((u) => [u.id, u.email]));
    const who = (id: string) => emails.get(id) ?? id;
    const spans = (await db.selectFrom('activity_spans').select(['user_id', 'start', 'end', 'app', 'title', 'category', 'productivity', 'local_date']).execute())
      .map((s) => `${who(s.user_id)} ${s.start}-${s.end} ${s.app} ${s.title} ${s.category} ${s.productivity} ${s.local_date}`)
      .sort();
    const events = (await db.selectFrom('work_events').select(['user_id', 'event', 'at', 'local_date']).execute()).map((e) => `${who(e.user_id)} ${e.event} ${e.at} ${e.local_date}`).sort();
    const decisions = (await db.selectFrom('idle_decisions').select(['user_id', 'decision', 'at', 'local_date']).execute()).map((d) => `${who(d.user_id)} ${d.decision} ${d.at} ${d.local_date}`).sort();
    const plans = (await db.selectFrom('day_plans').select(['user_id', 'date', 'revision']).execute()).map((p) => `${who(p.user_id)} ${p.date} ${p.revision}`).sort();
    const reports = (await db.selectFrom('report_revisions').select(['user_id', 'date', 'revision', 'submitted_at', 'content']).execute())
      .map((r) => `${who(r.user_id)} ${r.date} ${r.revision} ${r.submitted_at} ${r.content.replace(UUID, 'id')}`)
      .sort();
    const reviews = (await db.selectFrom('report_reviews').select(['user_id', 'date', 'status', 'rating']).execute()).map((r) => `${who(r.user_id)} ${r.date} ${r.status} ${r.rating}`).sort();
    const rollups = (await db.selectFrom('day_rollups').selectAll().orderBy('date').execute())
      .map((r) => {
        // as_of is the latest record known when the day was last rolled: a day pushed earlier
        // was rolled when less had arrived (it matters only while a session is open).
        const { user_id, plan_id, report_id, as_of: _asOf, updated_at: _updated, summary, ...rest } = r;
        return { who: who(user_id), plan: plan_id !== null, report: report_id !== null, summary: summary.replace(UUID, 'id'), ...rest };
      })
      .sort((a, b) => `${a.who} ${a.date}`.localeCompare(`${b.who} ${b.date}`));
    return { stats: seeded.stats, spans, events, decisions, plans, reports, reviews, rollups };
  } finally {
    await database.close();
  }
}

describe('the demo seeded in bulk', () => {
  it('holds the same records and day rollups as the demo pushed through ingest', async () => {
    const pushed = await seededContent(false);
    const bulk = await seededContent(true);
    expect(pushed.spans.length).toBeGreaterThan(3 * 5 * 40);
    expect(pushed.rollups.length).toBeGreaterThan(3 * 5);
    // Some days have a report with KPIs, and the rollup says how many were hit and missed.
    expect(pushed.rollups.some((r) => r.report && r.kpi_total > 0)).toBe(true);
    expect(bulk.stats.spans).toBe(pushed.stats.spans);
    expect(bulk.stats.records).toBe(pushed.stats.records);
    expect(bulk.spans).toEqual(pushed.spans);
    expect(bulk.events).toEqual(pushed.events);
    expect(bulk.decisions).toEqual(pushed.decisions);
    expect(bulk.plans).toEqual(pushed.plans);
    expect(bulk.reports).toEqual(pushed.reports);
    expect(bulk.reviews).toEqual(pushed.reviews);
    expect(bulk.rollups).toEqual(pushed.rollups);
  }, 120_000);
});

describe('KPIs read from the day rollups', () => {
  it('the inbox, the leaderboard, progress and misses answer as from the reports themselves', async () => {
    const t = freshDatabase();
    open.push(t);
    const database = await openDatabase(t.options);
    try {
      await migrate(database.db, database.dialect);
      await seedDemo(database.db, database.dialect, { managers: 4, days: 12, spansPerDay: 30, now: NOW, demoAdmin: true, bulk: true, templates: 2 });
    } finally {
      await database.close();
    }
    const today = localDateOf(NOW, 'Europe/Kyiv');
    const urls = [
      `/api/v1/inbox?from=${addDays(today, -13)}&to=${today}`,
      `/api/v1/inbox?from=${addDays(today, -13)}&to=${today}&filter=to_review`,
      `/api/v1/leaderboard?period=month&date=${today}`,
      `/api/v1/leaderboard?period=quarter&date=${today}&kpi=calls_total`,
      `/api/v1/kpis/progress?period=month&date=${today}`,
      `/api/v1/kpis/misses?from=${addDays(today, -13)}&to=${today}`,
    ];
    const answers = async () => {
      const hub = await createHub({ ...t.options, now: () => NOW, jobs: false });
      try {
        const admin = await signIn(hub, DEMO_ADMIN_EMAIL, DEMO_PASSWORD);
        const out: unknown[] = [];
        for (const url of urls) {
          const res = await admin.get(url);
          expect(res.statusCode, res.body).toBe(200);
          out.push(res.json());
        }
        return out;
      } finally {
        await hub.close();
      }
    };
    const fromRollups = await answers();
    // Something to compare: filed reports with KPIs hit and missed.
    const [inbox] = fromRollups as [{ rows: { kpis: { hit: number; missed: number } }[] }];
    expect(inbox.rows.some((r) => r.kpis.hit > 0)).toBe(true);
    expect(inbox.rows.some((r) => r.kpis.missed > 0)).toBe(true);
    // The rollups forget which report they hold: every day's KPIs are read from its report.
    const again = await openDatabase(t.options);
    try {
      const held = await again.db.updateTable('day_rollups').set({ report_id: null, report_revision: null }).where('report_id', 'is not', null).executeTakeFirst();
      expect(Number(held.numUpdatedRows)).toBeGreaterThan(20);
    } finally {
      await again.close();
    }
    expect(await answers()).toEqual(fromRollups);
  }, 120_000);
});
