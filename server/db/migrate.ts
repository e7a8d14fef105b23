// Brings the database to this build's schema, or refuses it. Refusal checks run before anything
// is written, so a database from a newer hub (or a fork) is left exactly as it was.
import { sql, type Kysely } from 'kysely';
import type { Dialect } from './connect.ts';
import { LATEST_VERSION, MIGRATIONS } from './migrations.ts';
import type { DB } from './schema.ts';

export class SchemaTooNewError extends Error {
  constructor(found: number) {
    super(`The hub database has schema version ${found}, newer than this build knows (${LATEST_VERSION}). Update the hub; the database was left untouched.`);
    this.name = 'SchemaTooNewError';
  }
}

export class SchemaHistoryError extends Error {
  constructor(detail: string) {
    super(`The hub database has a migration history this build does not know (${detail}); it was left untouched.`);
    this.name = 'SchemaHistoryError';
  }
}

// Any constant will do; it only has to be the same for every hub instance.
const PG_MIGRATION_LOCK = 5_118_707;

/** Applies the missing migrations (up to `target`) and returns the version the database is at. */
export async function migrate(db: Kysely<DB>, dialect: Dialect, target = LATEST_VERSION, now = Date.now): Promise<number> {
  const tables = await ownTables(db, dialect);
  const hasHistory = tables.some((t) => t.name === 'schema_migrations');
  if (!hasHistory && tables.length > 0) {
    throw new SchemaHistoryError(`tables ${tables.map((t) => t.name).slice(0, 3).join(', ')} exist but no schema_migrations`);
  }
  if (hasHistory) checkHistory(await applied(db));

  return db.transaction().execute(async (tx) => {
    // Several hub instances may start together against one PostgreSQL; the lock makes the
    // others wait and then find the work done. SQLite has one writer per file anyway.
    if (dialect === 'postgres') await sql`select pg_advisory_xact_lock(${PG_MIGRATION_LOCK})`.execute(tx);
    await tx.schema
      .createTable('schema_migrations')
      .ifNotExists()
      .addColumn('version', 'integer', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('applied_at', 'bigint', (c) => c.notNull())
      .execute();
    const done = await applied(tx);
    checkHistory(done);
    let version = done.at(-1)?.version ?? 0;
    // One transaction for all pending steps: both dialects have transactional DDL, so a failure
    // anywhere leaves the database at the version it started from.
    for (const migration of MIGRATIONS) {
      if (migration.version <= version || migration.version > target) continue;
      await migration.up(tx, dialect);
      await tx.insertInto('schema_migrations').values({ version: migration.version, name: migration.name, applied_at: now() }).execute();
      version = migration.version;
    }
    return version;
  });
}

/**
 * The names of this hub's own tables. On PostgreSQL only the current schema is read: kysely's
 * introspection reads every schema's columns, and fails when another hub drops its schema
 * meanwhile (several hubs, or test runs, sharing one database).
 */
async function ownTables(db: Kysely<DB>, dialect: Dialect): Promise<{ name: string }[]> {
  if (dialect !== 'postgres') return db.introspection.getTables();
  const { rows } = await sql<{ name: string }>`select tablename as name from pg_catalog.pg_tables where schemaname = current_schema()`.execute(db);
  return rows;
}

async function applied(db: Kysely<DB>): Promise<{ version: number; name: string }[]> {
  const rows = await db.selectFrom('schema_migrations').select(['version', 'name']).orderBy('version').execute();
  return rows.map((r) => ({ version: Number(r.version), name: r.name }));
}

/** The applied list must be a prefix of ours: same versions, same names, in order. */
function checkHistory(done: { version: number; name: string }[]): void {
  const newest = done.at(-1)?.version ?? 0;
  if (newest > LATEST_VERSION) throw new SchemaTooNewError(newest);
  done.forEach((row, i) => {
    const known = MIGRATIONS[i];
    if (!known || known.version !== row.version || known.name !== row.name) {
      throw new SchemaHistoryError(`migration ${row.version} "${row.name}" is not this build's migration ${i + 1}`);
    }
  });
}
