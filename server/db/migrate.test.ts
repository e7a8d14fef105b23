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
  const tables = await database.db.introspection.getTables();
  // PostgreSQL lists every schema of the database, other test runs' too: keep this one's.
  const schema = database.dialect === 'postgres' ? (await sql<{ schema: string }>`select current_schema() as schema`.execute(database.db)).rows[0]!.schema : undefined;
  return tables.filter((x) => schema === undefined || x.schema === schema).map((x) => x.name).sort();
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
      ['activity_spans', 'counters', 'day_plans', 'device_versions', 'devices', 'enrollment_codes', 'idle_decisions', 'invites', 'orgs', 'release_files', 'releases', 'report_review_log', 'report_revisions', 'report_reviews', 'schema_migrations', 'sessions', 'setup_tokens', 'team_leads', 'teams', 'update_events', 'users', 'work_events',
        // integrations
        'jobs', 'job_accounts', 'crm_connectors', 'crm_users', 'crm_writes', 'crm_task_lists', 'kpi_actuals', 'api_tokens', 'webhook_endpoints', 'webhook_deliveries', 'webhook_attempts', 'org_integration_settings',
        // the dashboard
        'day_rollups', 'presence'].sort(),
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
