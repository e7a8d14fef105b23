// The hub's schema, as numbered forward-only migrations (STYLE.md §4) written once with Kysely's
// schema builder so that SQLite and PostgreSQL get the same tables from the same code. Never edit
// a migration that has shipped: add the next one.
import { sql, type Kysely } from 'kysely';
import type { Dialect } from './connect.ts';
import { updatesMigration } from '../updates/migration.ts';
import { dashboardMigration } from '../dashboard/migration.ts';
import { createIntegrationTables } from './integrations-schema.ts';
import { dayRollupsMigration } from '../dashboard/rollups/schema.ts';
import { rollupBackfillMigration } from '../dashboard/rollups/backfill.ts';

export interface Migration {
  version: number;
  name: string;
  // Migrations see whatever schema their predecessors left, not today's DB interface.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  up(db: Kysely<any>, dialect: Dialect): Promise<void>;
}

// Column types both dialects understand: SQLite maps `bigint` to INTEGER and `double precision`
// to REAL affinity; PostgreSQL takes them literally.
const ms = 'bigint';

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'accounts',
    async up(db) {
      await db.schema
        .createTable('orgs')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull().unique())
        .addColumn('created_at', ms, (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('teams')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('policy', 'text')
        .addColumn('kpis', 'text', (c) => c.notNull())
        .addColumn('targets', 'text', (c) => c.notNull())
        .addColumn('settings_seq', ms, (c) => c.notNull())
        .addColumn('created_at', ms, (c) => c.notNull())
        .addUniqueConstraint('teams_org_name', ['org_id', 'name'])
        .execute();
      await db.schema
        .createTable('users')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
        // Emails are stored lowercased (accounts.ts), so a plain unique constraint is enough.
        .addColumn('email', 'text', (c) => c.notNull().unique())
        .addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('admin', 'lead', 'manager')`))
        .addColumn('team_id', 'text', (c) => c.references('teams.id'))
        .addColumn('password_hash', 'text')
        .addColumn('targets', 'text')
        .addColumn('settings_seq', ms, (c) => c.notNull())
        .addColumn('created_at', ms, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('users_team').on('users').column('team_id').execute();
      await db.schema
        .createTable('team_leads')
        .addColumn('team_id', 'text', (c) => c.notNull().references('teams.id'))
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
        .addPrimaryKeyConstraint('team_leads_pk', ['team_id', 'user_id'])
        .execute();
      await db.schema.createIndex('team_leads_user').on('team_leads').column('user_id').execute();
      await db.schema
        .createTable('sessions')
        .addColumn('token_hash', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('csrf_token', 'text', (c) => c.notNull())
        .addColumn('created_at', ms, (c) => c.notNull())
        .addColumn('expires_at', ms, (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('setup_tokens')
        .addColumn('token_hash', 'text', (c) => c.primaryKey())
        .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
        .addColumn('created_at', ms, (c) => c.notNull())
        .addColumn('expires_at', ms, (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('counters')
        .addColumn('name', 'text', (c) => c.primaryKey())
        .addColumn('value', ms, (c) => c.notNull())
        .execute();
      await db.insertInto('counters').values({ name: 'changes', value: 0 }).execute();
    },
  },
  {
    version: 2,
    name: 'devices',
    async up(db) {
      await db.schema
        .createTable('enrollment_codes')
        .addColumn('code_hash', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('created_by', 'text', (c) => c.references('users.id'))
        .addColumn('uses_left', 'integer', (c) => c.notNull())
        .addColumn('expires_at', ms, (c) => c.notNull())
        .addColumn('created_at', ms, (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('devices')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('token_hash', 'text', (c) => c.notNull().unique())
        .addColumn('enrolled_at', ms, (c) => c.notNull())
        .addColumn('revoked_at', ms)
        .addColumn('last_seen_at', ms)
        .execute();
      await db.schema.createIndex('devices_user').on('devices').column('user_id').execute();
    },
  },
  {
    version: 3,
    name: 'synced records',
    async up(db) {
      // Every synced table is keyed by the client's UUIDv7, which is what makes a push
      // idempotent; (user_id, time) serves the dashboard's reads.
      await db.schema
        .createTable('work_events')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('device_id', 'text', (c) => c.notNull().references('devices.id'))
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('event', 'text', (c) => c.notNull())
        .addColumn('at', ms, (c) => c.notNull())
        .addColumn('zone', 'text', (c) => c.notNull())
        .addColumn('mono', 'double precision', (c) => c.notNull())
        .addColumn('data', 'text')
        .addColumn('received_at', ms, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('work_events_user_at').on('work_events').columns(['user_id', 'at']).execute();

      await db.schema
        .createTable('activity_spans')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('device_id', 'text', (c) => c.notNull().references('devices.id'))
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('start', ms, (c) => c.notNull())
        .addColumn('end', ms, (c) => c.notNull())
        .addColumn('app', 'text', (c) => c.notNull())
        .addColumn('exe', 'text')
        .addColumn('title', 'text')
        .addColumn('domain', 'text')
        .addColumn('category', 'text', (c) => c.notNull())
        .addColumn('productivity', 'text', (c) => c.notNull())
        .addColumn('received_at', ms, (c) => c.notNull())
        .execute();
      // The overlap check looks up one device's spans by start, bounded by MAX_SPAN_MS; reads by
      // user go through the user's devices. Spans are most rows, so one index less is a
      // noticeably cheaper insert.
      await db.schema.createIndex('activity_spans_device_start').on('activity_spans').columns(['device_id', 'start']).execute();

      await db.schema
        .createTable('idle_decisions')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('device_id', 'text', (c) => c.notNull().references('devices.id'))
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('gap_id', 'text', (c) => c.notNull())
        .addColumn('decision', 'text', (c) => c.notNull())
        .addColumn('label', 'text')
        .addColumn('at', ms, (c) => c.notNull())
        .addColumn('zone', 'text', (c) => c.notNull())
        .addColumn('received_at', ms, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('idle_decisions_user_at').on('idle_decisions').columns(['user_id', 'at']).execute();

      await db.schema
        .createTable('day_plans')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('device_id', 'text', (c) => c.notNull().references('devices.id'))
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('date', 'text', (c) => c.notNull())
        .addColumn('zone', 'text', (c) => c.notNull())
        .addColumn('submitted_at', ms, (c) => c.notNull())
        .addColumn('revision', 'integer', (c) => c.notNull())
        .addColumn('content', 'text', (c) => c.notNull())
        .addColumn('received_at', ms, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('day_plans_user_date').on('day_plans').columns(['user_id', 'date']).execute();

      await db.schema
        .createTable('report_revisions')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('device_id', 'text', (c) => c.notNull().references('devices.id'))
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('report_id', 'text', (c) => c.notNull())
        .addColumn('date', 'text', (c) => c.notNull())
        .addColumn('revision', 'integer', (c) => c.notNull())
        .addColumn('zone', 'text', (c) => c.notNull())
        .addColumn('submitted_at', ms, (c) => c.notNull())
        .addColumn('content', 'text', (c) => c.notNull())
        .addColumn('received_at', ms, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('report_revisions_user_date').on('report_revisions').columns(['user_id', 'date']).execute();
      await db.schema.createIndex('report_revisions_report').on('report_revisions').column('report_id').execute();

      await db.schema
        .createTable('report_reviews')
        .addColumn('report_id', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('date', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('comment', 'text', (c) => c.notNull())
        .addColumn('reviewed_by', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('reviewed_at', ms, (c) => c.notNull())
        .addColumn('seq', ms, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('report_reviews_user_seq').on('report_reviews').columns(['user_id', 'seq']).execute();
    },
  },
  {
    version: 4,
    name: 'device clock',
    async up(db) {
      // The device's clock against the hub's, as its agent last measured it (hub minus device).
      await db.schema.alterTable('devices').addColumn('clock_offset_ms', ms).execute();
      await db.schema.alterTable('devices').addColumn('clock_measured_at', ms).execute();
    },
  },
  updatesMigration(5),
  {
    version: 6,
    name: 'integrations',
    // The job queue, CRM connectors, KPI actuals from other systems, API tokens and webhooks.
    up: createIntegrationTables,
  },
  {
    version: 7,
    name: 'one plan per day',
    async up(db) {
      // A plan is one per manager and day; every revision received is kept beside it. Hubs
      // before this stored each revision as a plan of its own (the agent sent a new id with
      // each), so the history starts with all of them and the day keeps its highest revision.
      await db.schema
        .createTable('day_plan_revisions')
        .addColumn('plan_id', 'text', (c) => c.notNull())
        .addColumn('revision', 'integer', (c) => c.notNull())
        .addColumn('device_id', 'text', (c) => c.notNull().references('devices.id'))
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('date', 'text', (c) => c.notNull())
        .addColumn('zone', 'text', (c) => c.notNull())
        .addColumn('submitted_at', ms, (c) => c.notNull())
        .addColumn('content', 'text', (c) => c.notNull())
        .addColumn('received_at', ms, (c) => c.notNull())
        .addPrimaryKeyConstraint('day_plan_revisions_pk', ['plan_id', 'revision'])
        .execute();
      await db.schema.createIndex('day_plan_revisions_user_date').on('day_plan_revisions').columns(['user_id', 'date']).execute();
      await sql`insert into day_plan_revisions (plan_id, revision, device_id, user_id, date, zone, submitted_at, content, received_at)
        select id, revision, device_id, user_id, date, zone, submitted_at, content, received_at from day_plans`.execute(db);
      await sql`delete from day_plans where exists (
        select 1 from day_plans b where b.user_id = day_plans.user_id and b.date = day_plans.date
          and (b.revision > day_plans.revision or (b.revision = day_plans.revision and (b.submitted_at > day_plans.submitted_at or (b.submitted_at = day_plans.submitted_at and b.id > day_plans.id)))))`.execute(db);
      await db.schema.dropIndex('day_plans_user_date').execute();
      await db.schema.createIndex('day_plans_user_date').on('day_plans').columns(['user_id', 'date']).unique().execute();

      // Which user a report id belongs to, claimed by the first revision stored: the primary key
      // makes two users racing for one id find each other. Where older hubs let a second user
      // store revisions under a taken id, the first to arrive keeps it.
      await db.schema
        .createTable('report_owners')
        .addColumn('report_id', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
        .execute();
      await sql`insert into report_owners (report_id, user_id)
        select report_id, user_id from report_revisions r where not exists (
          select 1 from report_revisions b where b.report_id = r.report_id and (b.received_at < r.received_at or (b.received_at = r.received_at and b.id < r.id)))`.execute(db);
    },
  },
  dashboardMigration(8),
  dayRollupsMigration(9),
  rollupBackfillMigration(10),
  {
    version: 11,
    name: 'indexes for the dashboard at 100 managers',
    // A user's log is read in id order (the agent's append order): the latest event for team now,
    // the events around a new one at every push. Through (user_id, at) that sorted all of them.
    async up(db) {
      await db.schema.createIndex('work_events_user_id').on('work_events').columns(['user_id', 'id']).execute();
      // The inbox asks which of its managers' days were ever returned; that read the whole log.
      await db.schema.createIndex('report_review_log_user_date').on('report_review_log').columns(['user_id', 'date']).execute();
    },
  },
  {
    version: 12,
    name: 'hours per manager-day from an index',
    // Hours per manager-day for the board and the inbox without reading each rollup's row (its
    // summary makes a row kilobytes long): the index alone answers.
    async up(db) {
      await db.schema.createIndex('day_rollups_user_date_worked').on('day_rollups').columns(['user_id', 'date', 'worked_ms', 'day_to']).execute();
    },
  },
  {
    version: 13,
    name: "each rollup keeps its day's span totals and app layer apart",
    // A push of a minute's spans adds them to the day's totals instead of reading and summing the
    // whole day's spans again (which cost more per push the later the day), and adds the app
    // layer's new entries as a row of rollup_activity instead of writing the day's summary whole
    // (rollups/stored-summary.ts).
    // Older rows have neither: the next push to such a day sums it whole once and keeps them.
    async up(db) {
      await db.schema.alterTable('day_rollups').addColumn('span_totals', 'text').execute();
      await db.schema
        .createTable('rollup_activity')
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('date', 'text', (c) => c.notNull())
        .addColumn('seq', 'bigint', (c) => c.notNull())
        .addColumn('lines', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('rollup_activity_pk', ['user_id', 'date', 'seq'])
        .execute();
    },
  },
  {
    version: 14,
    name: 'day rollups with the summary last',
    // SQLite keeps a row's columns in the order declared and spills what does not fit the page to
    // overflow pages: the day's summary (tens of kilobytes at a thousand spans a day, before its
    // app entries moved to rollup_activity) came before the report, KPI and as_of columns, so
    // every screen reading those (team now, the grid, the inbox, the leaderboard) walked the
    // summary's pages for each manager-day. With the summary and the span totals last, they are
    // read from the row's first page. PostgreSQL stores a long value out of line
    // (TOAST) whatever its place, so its table stays as it is.
    async up(db, dialect) {
      if (dialect !== 'sqlite') return;
      await db.schema
        .createTable('day_rollups_new')
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
        .addColumn('updated_at', ms, (c) => c.notNull())
        .addColumn('kpis', 'text', (c) => c.notNull())
        .addColumn('sparkline', 'text', (c) => c.notNull())
        .addColumn('summary', 'text', (c) => c.notNull())
        .addColumn('span_totals', 'text')
        .addPrimaryKeyConstraint('day_rollups_pk', ['user_id', 'date'])
        .execute();
      const columns = sql.raw(
        [
          'user_id', 'date', 'zone', 'day_start', 'day_from', 'day_to', 'worked_ms', 'break_ms', 'idle_kept_ms', 'idle_break_ms', 'idle_discarded_ms', 'idle_pending_ms', 'paused_ms',
          'gap_ms', 'private_ms', 'first_activity', 'last_activity', 'private_mode', 'as_of', 'plan_id', 'plan_items', 'report_id', 'report_revision', 'report_first_at',
          'report_last_at', 'kpi_total', 'kpi_hit', 'kpi_missed', 'updated_at', 'kpis', 'sparkline', 'summary', 'span_totals',
        ].join(', '),
      );
      await sql`insert into day_rollups_new (${columns}) select ${columns} from day_rollups`.execute(db);
      await db.schema.dropTable('day_rollups').execute();
      await db.schema.alterTable('day_rollups_new').renameTo('day_rollups').execute();
      await db.schema.createIndex('day_rollups_user_date_worked').on('day_rollups').columns(['user_id', 'date', 'worked_ms', 'day_to']).execute();
      // The inbox and the leaderboard read each manager-day's latest report's KPI entries for a
      // quarter of a hundred managers: from an index, a seek each rather than a row each.
      // (PostgreSQL limits an index entry to a third of a page, which free-text miss reasons
      // could pass; its rows are short anyway.)
      await db.schema.createIndex('day_rollups_user_date_kpis').on('day_rollups').columns(['user_id', 'date', 'report_id', 'report_revision', 'kpis']).execute();
    },
  },
  {
    version: 15,
    name: 'the inbox and the board read reports and returns by index',
    // Each manager-day's latest report for a quarter of a hundred managers: its small columns
    // from an index. PostgreSQL read every revision ever filed (a report's text makes rows long)
    // instead, and SQLite looked each row up.
    // Which of the inbox's days were ever returned: returns are few, and PostgreSQL read the
    // whole review log to find them.
    async up(db) {
      await db.schema.createIndex('report_revisions_user_date_filed').on('report_revisions').columns(['user_id', 'date', 'submitted_at', 'revision', 'report_id', 'id']).execute();
      await db.schema.createIndex('report_review_log_status_date').on('report_review_log').columns(['status', 'date', 'user_id']).execute();
    },
  },
  {
    version: 16,
    name: 'failures of jobs and webhook deliveries as codes',
    // The hub's notes are English; the admin's screen says what went wrong in the admin's
    // language from a code stored beside the note (shared/integrations.ts JOB_ERROR_CODES).
    // Rows failed before have none: the screen says so in general words, the note stays.
    async up(db) {
      await db.schema.alterTable('jobs').addColumn('last_error_code', 'text').execute();
      await db.schema.alterTable('webhook_deliveries').addColumn('last_error_code', 'text').execute();
    },
  },
];

export const LATEST_VERSION = MIGRATIONS.at(-1)!.version;
