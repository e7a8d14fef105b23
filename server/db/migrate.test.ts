// Migrations (STYLE.md §4) on the dialect under test: from empty, from every earlier version,
// idempotent, and refusing databases from newer or foreign builds without touching them.
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { createHub } from '../app.ts';
import { freshDatabase, type TestDb } from '../testing/harness.ts';
import { openDatabase, type HubDatabase } from './connect.ts';
import { migrate, SchemaHistoryError, SchemaTooNewError } from './migrate.ts';
import { LATEST_VERSION, MIGRATIONS } from './migrations.ts';

const open: { db: TestDb; database: HubDatabase }[] = [];
afterEach(async () => {
  for (const { db, database } of open.splice(0)) {
    await database.close();
    await db.drop();
  }
});

async function fresh() {
  const db = freshDatabase();
  const database = await openDatabase(db.options);
  open.push({ db, database });
  return database;
}

async function tableNames(database: HubDatabase): Promise<string[]> {
  // On PostgreSQL, only this test's schema: kysely's introspection reads every schema's columns
  // and fails when another test run drops its schema meanwhile.
  if (database.dialect === 'postgres') {
    const { rows } = await sql<{ name: string }>`select tablename as name from pg_catalog.pg_tables where schemaname = current_schema()`.execute(database.db);
    return rows.map((r) => r.name).sort();
  }
  return (await database.db.introspection.getTables()).map((x) => x.name).sort();
}

async function history(database: HubDatabase) {
  return database.db.selectFrom('schema_migrations').select(['version', 'name']).orderBy('version').execute();
}

describe('migrate', () => {
  it('builds the whole schema on an empty database and records every step', async () => {
    const database = await fresh();
    expect(await migrate(database.db, database.dialect)).toBe(LATEST_VERSION);
    expect((await history(database)).map((r) => [Number(r.version), r.name])).toEqual(MIGRATIONS.map((m) => [m.version, m.name]));
    expect(await tableNames(database)).toEqual(
      ['activity_spans', 'counters', 'day_plans', 'day_plan_revisions', 'device_versions', 'devices', 'enrollment_codes', 'idle_decisions', 'invites', 'orgs', 'release_files', 'releases', 'report_owners', 'report_review_log', 'report_revisions', 'report_reviews', 'schema_migrations', 'sessions', 'setup_tokens', 'team_leads', 'teams', 'update_events', 'users', 'work_events',
        // integrations
        'jobs', 'job_accounts', 'crm_connectors', 'crm_users', 'crm_writes', 'crm_task_lists', 'kpi_actuals', 'api_tokens', 'webhook_endpoints', 'webhook_deliveries', 'webhook_attempts', 'org_integration_settings',
        // the dashboard
        'day_rollups', 'presence', 'rollup_activity', 'rollup_backfill'].sort(),
    );
  });

  it('does nothing the second time', async () => {
    const database = await fresh();
    await migrate(database.db, database.dialect);
    const before = await history(database);
    expect(await migrate(database.db, database.dialect)).toBe(LATEST_VERSION);
    expect(await history(database)).toEqual(before);
  });

  for (const from of MIGRATIONS.slice(0, -1)) {
    it(`upgrades a database at version ${from.version} (${from.name}) to the latest`, async () => {
      const reference = await fresh();
      await migrate(reference.db, reference.dialect);
      const database = await fresh();
      expect(await migrate(database.db, database.dialect, from.version)).toBe(from.version);
      expect(await history(database)).toHaveLength(from.version);
      expect(await migrate(database.db, database.dialect)).toBe(LATEST_VERSION);
      expect(await tableNames(database)).toEqual(await tableNames(reference));
    });
  }

  it('keeps one plan per day (the highest revision, all revisions as history) and one owner per report id from a version 6 database', async () => {
    const database = await fresh();
    await migrate(database.db, database.dialect, 6);
    const db = database.db;
    await db.insertInto('orgs').values({ id: 'o', name: 'O', created_at: 1 }).execute();
    for (const u of ['u1', 'u2']) {
      await db.insertInto('users').values({ id: u, org_id: 'o', email: `${u}@o.test`, role: 'manager', team_id: null, password_hash: null, targets: null, settings_seq: 0, created_at: 1 } as never).execute(); // the schema of migration 6: no name yet
      await db.insertInto('devices').values({ id: `d-${u}`, user_id: u, name: '', token_hash: `t-${u}`, enrolled_at: 1, revoked_at: null, last_seen_at: null, clock_offset_ms: null, clock_measured_at: null }).execute();
    }
    // Before: each plan revision was a plan of its own; a second user could reuse a report id.
    const plan = (id: string, revision: number, date = '2026-03-02') => ({ id, device_id: 'd-u1', user_id: 'u1', date, zone: 'Europe/Kyiv', submitted_at: revision * 10, revision, content: `{"note":"${id}"}`, received_at: revision });
    await db.insertInto('day_plans').values([plan('p1', 1), plan('p2', 2), plan('p3', 3), plan('q1', 1, '2026-03-03')]).execute();
    const report = (id: string, user: string, received: number) => ({ id, device_id: `d-${user}`, user_id: user, report_id: 'r', date: '2026-03-02', revision: 1, zone: 'Europe/Kyiv', submitted_at: 1, content: '{}', received_at: received });
    await db.insertInto('report_revisions').values([report('x2', 'u2', 5), report('x1', 'u1', 3)]).execute();

    await migrate(db, database.dialect);
    const plans = await db.selectFrom('day_plans').select(['id', 'date', 'revision']).orderBy('date').execute();
    expect(plans).toEqual([{ id: 'p3', date: '2026-03-02', revision: 3 }, { id: 'q1', date: '2026-03-03', revision: 1 }]);
    const history = await db.selectFrom('day_plan_revisions').select(['plan_id', 'revision']).orderBy('plan_id').execute();
    expect(history.map((h) => h.plan_id)).toEqual(['p1', 'p2', 'p3', 'q1']);
    expect(await db.selectFrom('report_owners').selectAll().execute()).toEqual([{ report_id: 'r', user_id: 'u1' }]);
    await expect(db.insertInto('day_plans').values(plan('p4', 4)).execute()).rejects.toThrow();
  });

  it('keeps the notes of jobs and deliveries failed before version 16, their codes empty', async () => {
    const database = await fresh();
    await migrate(database.db, database.dialect, 15);
    const db = database.db;
    await db.insertInto('orgs').values({ id: 'o', name: 'O', created_at: 1 } as never).execute();
    await db
      .insertInto('jobs')
      .values({ id: 'j', org_id: 'o', kind: 'bitrix24.report', account: 'crm:o', dedupe_key: null, group_key: null, payload: '{}', state: 'dead', attempts: 1, max_attempts: 12, run_at: 1, lease_owner: null, lease_until: null, version: 1, last_error: 'Bitrix24 refused it.', last_answer: null, result: null, created_at: 1, updated_at: 1, done_at: null } as never)
      .execute();
    await db.insertInto('webhook_endpoints').values({ id: 'ep', org_id: 'o', url: 'https://x.test/', description: '', events: '[]', secrets: '', enabled: 1, disabled_reason: null, disabled_at: null, created_at: 1, updated_at: 1 }).execute();
    await db
      .insertInto('webhook_deliveries')
      .values({ id: 'd', endpoint_id: 'ep', org_id: 'o', event_type: 'webhook.test', body: '{}', state: 'dead', attempts: 1, last_status: 500, last_error: 'The receiver answered HTTP 500.', last_attempt_at: 1, delivered_at: null, created_at: 1 } as never)
      .execute();

    await migrate(db, database.dialect);
    expect(await db.selectFrom('jobs').select(['last_error', 'last_error_code']).execute()).toEqual([{ last_error: 'Bitrix24 refused it.', last_error_code: null }]);
    expect(await db.selectFrom('webhook_deliveries').select(['last_error', 'last_error_code']).execute()).toEqual([{ last_error: 'The receiver answered HTTP 500.', last_error_code: null }]);
  });

  it('refuses a database from a newer build and leaves it untouched', async () => {
    const database = await fresh();
    await migrate(database.db, database.dialect);
    await database.db.insertInto('schema_migrations').values({ version: LATEST_VERSION + 1, name: 'from the future', applied_at: 1 }).execute();
    const tables = await tableNames(database);
    await expect(migrate(database.db, database.dialect)).rejects.toThrow(SchemaTooNewError);
    expect(await tableNames(database)).toEqual(tables);
    expect((await history(database)).at(-1)?.name).toBe('from the future');
  });

  it('refuses a history that is not a prefix of this build\'s', async () => {
    const database = await fresh();
    await migrate(database.db, database.dialect, 1);
    await database.db.updateTable('schema_migrations').set({ name: 'forked' }).where('version', '=', 1).execute();
    await expect(migrate(database.db, database.dialect)).rejects.toThrow(SchemaHistoryError);
    expect(await history(database)).toHaveLength(1);
  });

  it('refuses a database with tables but no migration history', async () => {
    const database = await fresh();
    await database.db.schema.createTable('something_else').addColumn('x', 'integer').execute();
    await expect(migrate(database.db, database.dialect)).rejects.toThrow(/no schema_migrations/);
  });

  it('the hub refuses to start on a newer schema, with the reason', async () => {
    const db = freshDatabase();
    try {
      const database = await openDatabase(db.options);
      await migrate(database.db, database.dialect);
      await database.db.insertInto('schema_migrations').values({ version: LATEST_VERSION + 1, name: 'from the future', applied_at: 1 }).execute();
      await database.close();
      await expect(createHub(db.options)).rejects.toThrow(/newer than this build knows/);
    } finally {
      await db.drop();
    }
  });
});
