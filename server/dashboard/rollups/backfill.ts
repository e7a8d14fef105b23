// The day rollups of records stored before there were rollups (hubs before migration 9 kept
// none: without them the dashboard shows those days empty), or rolled before a session across
// the day start counted whole on its first day. Migration 10 only lists whose days
// to roll (one row per user in rollup_backfill); the rolling itself runs in the background after
// the hub has started, a few days per transaction, each chunk committed with its progress. So a
// large database does not hold the start (a migration would run in the one transaction that
// every migration shares, with the hub down until it ends), a stopped hub resumes where it was,
// and several instances share the work (PostgreSQL: row locks, SKIP LOCKED).
import type { Kysely } from 'kysely';
import { addDays, dayBounds } from '../../../shared/time.ts';
import type { Dialect } from '../../db/connect.ts';
import type { Migration } from '../../db/migrations.ts';
import type { DB } from '../../db/schema.ts';
import { dateRecords } from './ingest.ts';
import { dateIn, dayFrame, rollDays } from './roll.ts';

export interface RollupBackfillTable {
  user_id: string;
  /** The next working date to roll; null until the job first looks at the user. */
  next_date: string | null;
  /** The last date to roll (the user's latest record when the job first looked). */
  last_date: string | null;
}

export const rollupBackfillMigration = (version: number): Migration => ({
  version,
  name: 'rollup backfill',
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('rollup_backfill')
      .addColumn('user_id', 'text', (c) => c.primaryKey().references('users.id'))
      .addColumn('next_date', 'text')
      .addColumn('last_date', 'text')
      .execute();
    // Everyone with work events: days stored before migration 9 were never rolled, and days
    // rolled by migration 9's hubs cut a night session at the day start (a session now counts
    // whole on the day it started). Spans come only between a clock-in and a clock-out, so the
    // events name the same users. Plans or reports without a rollup row add theirs.
    const worked = db.selectFrom('work_events').select('user_id');
    const unrolled = (table: string) =>
      db
        .selectFrom(`${table} as r`)
        .select('r.user_id')
        .where(({ not, exists, selectFrom }) => not(exists(selectFrom('day_rollups as d').select('d.user_id').whereRef('d.user_id', '=', 'r.user_id').whereRef('d.date', '=', 'r.date'))));
    const users = worked.union(unrolled('day_plans')).union(unrolled('report_revisions'));
    await db.insertInto('rollup_backfill').columns(['user_id']).expression(users).execute();
  },
});

/** Days rolled per transaction: short enough that pushes never wait long behind one. */
export const BACKFILL_CHUNK_DAYS = 14;

/** The user's first and last dates with records, in the frame. */
async function extent(tx: Kysely<DB>, userId: string, frame: { zone: string; dayStart: string }): Promise<[string, string] | null> {
  const ev = await tx.selectFrom('work_events').select((eb) => [eb.fn.min('at').as('lo'), eb.fn.max('at').as('hi')]).where('user_id', '=', userId).executeTakeFirst();
  const sp = await tx
    .selectFrom('activity_spans')
    .select((eb) => [eb.fn.min('start').as('lo'), eb.fn.max('end').as('hi')])
    .where('device_id', 'in', tx.selectFrom('devices').select('id').where('user_id', '=', userId))
    .executeTakeFirst();
  const dates: string[] = [];
  for (const v of [ev?.lo, ev?.hi, sp?.lo, sp?.hi]) if (v !== null && v !== undefined) dates.push(dateIn(frame, Number(v)));
  for (const table of ['day_plans', 'report_revisions'] as const) {
    const d = await tx.selectFrom(table).select((eb) => [eb.fn.min('date').as('lo'), eb.fn.max('date').as('hi')]).where('user_id', '=', userId).executeTakeFirst();
    if (d?.lo) dates.push(d.lo);
    if (d?.hi) dates.push(d.hi);
  }
  if (!dates.length) return null;
  dates.sort();
  return [dates[0]!, dates.at(-1)!];
}

/**
 * Rolls one chunk of one listed user's days; false when nothing is left to do. The chunk's
 * rollups, the working dates of its records and the progress commit together.
 */
export async function backfillChunk(db: Kysely<DB>, dialect: Dialect, now: number, chunkDays = BACKFILL_CHUNK_DAYS): Promise<boolean> {
  return db.transaction().execute(async (tx) => {
    let q = tx.selectFrom('rollup_backfill').selectAll().orderBy('user_id').limit(1);
    // Another instance rolling a user skips to the next one.
    if (dialect === 'postgres') q = q.forUpdate().skipLocked();
    const job = await q.executeTakeFirst();
    if (!job) return false;
    const done = () => tx.deleteFrom('rollup_backfill').where('user_id', '=', job.user_id).execute().then(() => true);
    if (dialect === 'postgres') {
      // A push from the user's agents rolls the same days: one waits for the other (push.ts
      // locks the pushing device the same way), so neither writes a fold the other made stale.
      await tx.selectFrom('devices').select('id').where('user_id', '=', job.user_id).orderBy('id').forUpdate().execute();
    }
    // Without a work event the zone is unknown, and ingest rolls such days when one arrives.
    const frame = await dayFrame(tx, job.user_id);
    if (!frame) return done();
    let next = job.next_date;
    let last = job.last_date;
    if (next === null || last === null) {
      const range = await extent(tx, job.user_id, frame);
      if (!range) return done();
      [next, last] = range;
    }
    const end = addDays(next, chunkDays - 1) < last ? addDays(next, chunkDays - 1) : last;
    await rollDays(tx, job.user_id, next, end, frame, now);
    // Records the fold did not date (on days with nothing worked) get their calendar's date.
    // Earlier chunks dated everything before this one; a day either side covers the zones.
    const through = addDays(end, 1);
    const lo = dayBounds(addDays(next, -1), frame.zone, frame.dayStart).from;
    const hi = dayBounds(addDays(through, 1), frame.zone, frame.dayStart).to;
    const first = job.next_date === null;
    const undated = <T extends { at: number | string; zone: string }>(rows: T[]) => rows.filter((r) => dateIn({ zone: r.zone, dayStart: frame.dayStart }, Number(r.at)) < through);
    const at = (r: { at: number | string; zone: string }) => dateIn({ zone: r.zone, dayStart: frame.dayStart }, Number(r.at));
    for (const table of ['work_events', 'idle_decisions'] as const) {
      let rows = tx.selectFrom(table).select(['id', 'at', 'zone']).where('user_id', '=', job.user_id).where('at', '<', hi).where('local_date', 'is', null);
      if (!first) rows = rows.where('at', '>=', lo);
      await dateRecords(tx, table, undated(await rows.execute()), at);
    }
    let spans = tx
      .selectFrom('activity_spans')
      .select(['id', 'start'])
      .where('device_id', 'in', tx.selectFrom('devices').select('id').where('user_id', '=', job.user_id))
      .where('start', '<', hi)
      .where('local_date', 'is', null);
    if (!first) spans = spans.where('start', '>=', lo);
    const spanDate = (s: { start: number | string }) => dateIn(frame, Number(s.start));
    await dateRecords(tx, 'activity_spans', (await spans.execute()).filter((s) => spanDate(s) < through), spanDate);
    if (end >= last) return done();
    await tx.updateTable('rollup_backfill').set({ next_date: addDays(end, 1), last_date: last }).where('user_id', '=', job.user_id).execute();
    return true;
  });
}

export interface Backfill {
  /** Settles when nothing is left to roll (or the backfill was stopped). */
  done: Promise<void>;
  stop(): Promise<void>;
}

/**
 * Rolls every listed user's days in the background, chunk after chunk, yielding to the event loop
 * between chunks. A failure (the database away for a moment) is logged and retried later; what
 * was committed stays done.
 */
export function startBackfill(db: Kysely<DB>, dialect: Dialect, now: () => number, log: (error: unknown) => void = () => {}, retryMs = 30_000): Backfill {
  let stopped = false;
  let wake: (() => void) | null = null;
  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      timer.unref();
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  const done = (async () => {
    while (!stopped) {
      try {
        if (!(await backfillChunk(db, dialect, now()))) return;
        await new Promise<void>((resolve) => setImmediate(resolve));
      } catch (error) {
        if (stopped) return;
        log(error);
        await pause(retryMs);
      }
    }
  })();
  return {
    done,
    async stop() {
      stopped = true;
      (wake as (() => void) | null)?.();
      await done;
    },
  };
}
