// Opens the hub's database: one SQLite file by default, PostgreSQL when a URL is given. This is
// the only place that knows which dialect runs; everything above it is written once in Kysely.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, PostgresDialect, type SqliteDatabase } from 'kysely';
import pg from 'pg';
import { startCheckpointer } from './checkpointer.ts';
import { prepareStatements } from './pg-prepared.ts';
import { FifoSqliteDialect } from './sqlite-fifo.ts';
import type { DB } from './schema.ts';

export type Dialect = 'sqlite' | 'postgres';

export interface HubDatabase {
  db: Kysely<DB>;
  dialect: Dialect;
  /** Where the data is, for logs (the PostgreSQL password is never included). */
  location: string;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** SQLite: the folder of hub.db. */
  dataDir: string;
  /** PostgreSQL connection string; when set, dataDir is not used. */
  databaseUrl?: string | undefined;
  /** PostgreSQL schema to work in (created if missing); tests use a fresh one per run. */
  pgSchema?: string | undefined;
  /** PostgreSQL pool size per hub instance. */
  poolSize?: number | undefined;
}

export async function openDatabase(options: DatabaseOptions): Promise<HubDatabase> {
  return options.databaseUrl ? openPostgres(options.databaseUrl, options) : openSqlite(options.dataDir);
}

export const SQLITE_FILE = 'hub.db';

function openSqlite(dataDir: string): HubDatabase {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, SQLITE_FILE);
  const sqlite = new Database(file);
  // WAL lets the dashboard read while a push writes; NORMAL sync is durable across a crash of
  // the process (only a power cut can lose the last commits, which the agents will resend since
  // they keep records until acknowledged).
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  const checkpointer = startCheckpointer(sqlite, file);
  const db = new Kysely<DB>({ dialect: new FifoSqliteDialect({ database: withStatementCache(sqlite) }) });
  return {
    db,
    dialect: 'sqlite',
    location: file,
    async close() {
      await checkpointer.stop();
      await db.destroy(); // closes the better-sqlite3 handle, which checkpoints the WAL
    },
  };
}

// Kysely's SQLite driver prepares every query afresh; compiling the SQL was a tenth of the hub's
// CPU under push load. The hub sends a small set of distinct statements (a batch insert of N rows
// is one text per N), so the compiled ones are kept, least recently used dropped past a bound.
// Reuse is safe: Kysely runs one query at a time on its single SQLite connection.
const STATEMENT_CACHE = 500;

function withStatementCache(sqlite: Database.Database): SqliteDatabase {
  const cache = new Map<string, Database.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(sql) {
      let stmt = cache.get(sql);
      if (stmt) {
        cache.delete(sql); // re-insert: Map order is the recency order
      } else {
        stmt = sqlite.prepare(sql);
        if (cache.size >= STATEMENT_CACHE) cache.delete(cache.keys().next().value!);
      }
      cache.set(sql, stmt);
      return stmt;
    },
  };
}

// int8 (bigint) comes back from pg as a string because it can exceed 2^53; our bigints are
// millisecond instants and counters, far below that, so they are parsed as numbers.
const INT8_OID = 20;
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

async function openPostgres(url: string, options: DatabaseOptions): Promise<HubDatabase> {
  const schema = options.pgSchema;
  if (schema !== undefined && !SCHEMA_NAME.test(schema)) throw new Error(`Invalid PostgreSQL schema name "${schema}".`);
  if (schema) {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    } finally {
      await client.end();
    }
  }
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? 10,
    types,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  });
  prepareStatements(pool);
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  const safe = new URL(url);
  safe.password = '';
  return {
    db,
    dialect: 'postgres',
    location: safe.toString() + (schema ? ` (schema ${schema})` : ''),
    async close() {
      await db.destroy(); // ends the pool after its clients are released
    },
  };
}
