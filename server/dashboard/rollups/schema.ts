// The dashboard's own tables (a migration of server/db/migrations.ts, kept beside the code that
// uses them): one row per manager-day, kept at ingest, and the agents' latest heartbeat.
import type { Kysely } from 'kysely';
import type { Migration } from '../../db/migrations.ts';
import type { RollupBackfillTable } from './backfill.ts';

const ms = 'bigint';

/**
 * One manager's working day as its records say, rolled up in the transaction that stored them
 * (rollups/roll.ts), so that no screen sums raw spans. The scalar columns serve the week, the
 * grid, team now and the exports; `summary` is the whole DaySummary for the day screen.
 */
export interface DayRollupsTable {
  user_id: string;
  /** 'YYYY-MM-DD' in `zone`, with the working day starting at `day_start`. */
  date: string;
  zone: string;
  day_start: string;
  /**
   * The working day's bounds, UTC ms, [day_from, day_to): the calendar's, each end moved to the
   * clock-out of a session across it (shared/working-days.ts); day_to is OPEN_DAY_TO (roll.ts)
   * while a session begun that day is still open. Rows rolled before sessions moved them hold the
   * calendar's bounds.
   */
  day_from: number;
  day_to: number;
  worked_ms: number;
  break_ms: number;
  idle_kept_ms: number;
  idle_break_ms: number;
  idle_discarded_ms: number;
  idle_pending_ms: number;
  paused_ms: number;
  gap_ms: number;
  private_ms: number;
  first_activity: number | null;
  last_activity: number | null;
  /** Private mode was on at some time of the day: its window titles are never shown. */
  private_mode: number;
  /** JSON number[]: worked ms per hour from the day's start (23–25 entries). */
  sparkline: string;
  /** JSON DaySummary (shared/days.ts) without its foreground-app entries (rollup_activity): read with readSummary. */
  summary: string;
  /** The open stretch of the log was counted up to here (the latest record's time). */
  as_of: number;
  plan_id: string | null;
  plan_items: number;
  report_id: string | null;
  report_revision: number | null;
  report_first_at: number | null;
  report_last_at: number | null;
  kpi_total: number;
  kpi_hit: number;
  kpi_missed: number;
  /** JSON: the latest report's KPI entries (key, target, actual, reason, reasonText). */
  kpis: string;
  /**
   * JSON SpanTotals (shared/days.ts): the day's spans summed, so a push that only adds later spans
   * appends them instead of reading the day's spans again. Null in rows rolled before it was kept
   * (migration 13): the next push sums that day whole.
   */
  span_totals: string | null;
  updated_at: number;
}

/**
 * A day's foreground-app timeline entries, kept apart from its rollup's summary (stored-summary.ts):
 * a push that appends spans adds a row of the entries it finished; a day folded whole has one.
 */
export interface RollupActivityTable {
  user_id: string;
  date: string;
  /** The first entry's start: rows in this order give the entries in time order. */
  seq: number;
  /** One JSON TimelineEntry per line, each line ending in "\n". */
  lines: string;
}

/** The latest heartbeat of each device: "working now" between pushes. */
export interface PresenceTable {
  device_id: string;
  user_id: string;
  state: string;
  since: number | null;
  pause_reason: string | null;
  label: string | null;
  category: string | null;
  productivity: string | null;
  private_mode: number;
  zone: string;
  agent_version: string;
  /** Hub time of the heartbeat. */
  at: number;
}

export interface DashboardTables {
  day_rollups: DayRollupsTable;
  rollup_activity: RollupActivityTable;
  presence: PresenceTable;
  rollup_backfill: RollupBackfillTable;
}

export const dayRollupsMigration = (version: number): Migration => ({
  version,
  name: 'day rollups',
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  async up(db: Kysely<any>) {
    // The manager's local working date of each record, written at ingest (never derived later by
    // shifting with some other day's offset). Rows stored before this migration keep null; their
    // days are rolled when the hub first starts on it (rollups/backfill.ts).
    for (const table of ['work_events', 'activity_spans', 'idle_decisions']) {
      await db.schema.alterTable(table).addColumn('local_date', 'text').execute();
    }
    await db.schema.createIndex('idle_decisions_user_gap').on('idle_decisions').columns(['user_id', 'gap_id']).execute();
    await db.schema
      .createTable('day_rollups')
      .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
      .addColumn('date', 'text', (c) => c.notNull())
      .addColumn('zone', 'text', (c) => c.notNull())
      .addColumn('day_start', 'text', (c) => c.notNull())
      .addColumn('day_from', ms, (c) => c.notNull())
      .addColumn('day_to', ms, (c) => c.notNull())
      .addColumn('worked_ms', ms, (c) => c.notNull())
      .addColumn('break_ms', ms, (c) => c.notNull())
      .addColumn('idle_kept_ms', ms, (c) => c.notNull())
      .addColumn('idle_break_ms', ms, (c) => c.notNull())
      .addColumn('idle_discarded_ms', ms, (c) => c.notNull())
      .addColumn('idle_pending_ms', ms, (c) => c.notNull())
      .addColumn('paused_ms', ms, (c) => c.notNull())
      .addColumn('gap_ms', ms, (c) => c.notNull())
      .addColumn('private_ms', ms, (c) => c.notNull())
      .addColumn('first_activity', ms)
      .addColumn('last_activity', ms)
      .addColumn('private_mode', 'integer', (c) => c.notNull())
      .addColumn('sparkline', 'text', (c) => c.notNull())
      .addColumn('summary', 'text', (c) => c.notNull())
      .addColumn('as_of', ms, (c) => c.notNull())
      .addColumn('plan_id', 'text')
      .addColumn('plan_items', 'integer', (c) => c.notNull())
      .addColumn('report_id', 'text')
      .addColumn('report_revision', 'integer')
      .addColumn('report_first_at', ms)
      .addColumn('report_last_at', ms)
      .addColumn('kpi_total', 'integer', (c) => c.notNull())
      .addColumn('kpi_hit', 'integer', (c) => c.notNull())
      .addColumn('kpi_missed', 'integer', (c) => c.notNull())
      .addColumn('kpis', 'text', (c) => c.notNull())
      .addColumn('updated_at', ms, (c) => c.notNull())
      .addPrimaryKeyConstraint('day_rollups_pk', ['user_id', 'date'])
      .execute();
    await db.schema
      .createTable('presence')
      .addColumn('device_id', 'text', (c) => c.primaryKey().references('devices.id'))
      .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('since', ms)
      .addColumn('pause_reason', 'text')
      .addColumn('label', 'text')
      .addColumn('category', 'text')
      .addColumn('productivity', 'text')
      .addColumn('private_mode', 'integer', (c) => c.notNull())
      .addColumn('zone', 'text', (c) => c.notNull())
      .addColumn('agent_version', 'text', (c) => c.notNull())
      .addColumn('at', ms, (c) => c.notNull())
      .execute();
    await db.schema.createIndex('presence_user').on('presence').column('user_id').execute();
  },
});
