// Numbered, forward-only schema migrations (STYLE.md §4). Never edit a migration that has
// shipped: add the next one. Each runs in its own transaction together with the bump of
// `PRAGMA user_version` and its row in `schema_migrations`, so a crash leaves the database at
// one version or the next, never between.
import type { Database } from 'better-sqlite3';

export interface Migration {
  version: number;
  name: string;
  up(db: Database): void;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'initial',
    up(db) {
      db.exec(`
        CREATE TABLE schema_migrations (
          version INTEGER PRIMARY KEY,
          name TEXT NOT NULL,
          applied_at INTEGER NOT NULL
        );
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;

        -- Devices that wrote records into this profile: normally one. Records refer to it by a
        -- small integer, which SQLite stores in 0-1 bytes, instead of repeating a 16-byte id.
        CREATE TABLE devices (id INTEGER PRIMARY KEY, uid BLOB NOT NULL UNIQUE);

        -- The work-time event log, append-only. id gives the local order of appending, which
        -- wall time cannot (the clock can be moved back).
        CREATE TABLE work_events (
          id INTEGER PRIMARY KEY,
          uid BLOB NOT NULL UNIQUE,
          device INTEGER NOT NULL REFERENCES devices(id),
          kind TEXT NOT NULL,
          at INTEGER NOT NULL,
          zone TEXT NOT NULL,
          mono INTEGER NOT NULL,
          data TEXT
        );

        -- Distinct foreground windows as recorded (title already redacted by policy, category
        -- as the rules said then). '' stands for "none" so that UNIQUE can see duplicates.
        CREATE TABLE windows (
          id INTEGER PRIMARY KEY,
          app TEXT NOT NULL,
          exe TEXT NOT NULL,
          title TEXT NOT NULL,
          domain TEXT NOT NULL,
          category TEXT NOT NULL,
          productivity INTEGER NOT NULL,
          UNIQUE (app, exe, title, domain, category, productivity)
        );

        -- One row per stretch of one window. Keyed by (start, uid) without a rowid so that the
        -- table is its own time index: a day's spans are one range scan and no second B-tree
        -- repeats every key (the per-day size budget is about 75 bytes per span).
        CREATE TABLE spans (
          start INTEGER NOT NULL,
          uid BLOB NOT NULL,
          device INTEGER NOT NULL REFERENCES devices(id),
          end INTEGER NOT NULL,
          window INTEGER NOT NULL REFERENCES windows(id),
          PRIMARY KEY (start, uid)
        ) WITHOUT ROWID;

        -- The manager's decisions about idle gaps; the newest for a gap wins.
        CREATE TABLE idle_decisions (
          id INTEGER PRIMARY KEY,
          uid BLOB NOT NULL UNIQUE,
          device INTEGER NOT NULL REFERENCES devices(id),
          gap BLOB NOT NULL,
          decision TEXT NOT NULL CHECK (decision IN ('keep', 'break', 'discard')),
          label TEXT,
          at INTEGER NOT NULL,
          zone TEXT NOT NULL
        );
        CREATE INDEX idle_decisions_gap ON idle_decisions(gap);

        -- Things the user must be told once (a corrupt database moved aside, ...).
        CREATE TABLE notices (
          id INTEGER PRIMARY KEY,
          at INTEGER NOT NULL,
          kind TEXT NOT NULL,
          message TEXT NOT NULL,
          data TEXT,
          seen INTEGER NOT NULL DEFAULT 0
        );
      `);
    },
  },
  {
    version: 2,
    name: 'plans-and-reports',
    up(db) {
      db.exec(`
        -- Every submission of a day's plan is a revision; the latest per date is the plan.
        CREATE TABLE plan_revisions (
          id INTEGER PRIMARY KEY,
          uid BLOB NOT NULL UNIQUE,
          device INTEGER NOT NULL REFERENCES devices(id),
          plan BLOB NOT NULL,
          date TEXT NOT NULL,
          revision INTEGER NOT NULL,
          content TEXT NOT NULL,
          zone TEXT NOT NULL,
          submitted_at INTEGER NOT NULL,
          UNIQUE (date, revision)
        );

        -- The end-of-day self-report, one row per revision; history is never rewritten.
        CREATE TABLE report_revisions (
          id INTEGER PRIMARY KEY,
          uid BLOB NOT NULL UNIQUE,
          device INTEGER NOT NULL REFERENCES devices(id),
          report BLOB NOT NULL,
          date TEXT NOT NULL,
          revision INTEGER NOT NULL,
          content TEXT NOT NULL,
          zone TEXT NOT NULL,
          submitted_at INTEGER NOT NULL,
          UNIQUE (date, revision)
        );

        -- The lead's review of a report (from the hub): approved locks it, returned reopens it.
        CREATE TABLE report_reviews (
          id INTEGER PRIMARY KEY,
          date TEXT NOT NULL,
          revision INTEGER NOT NULL,
          status TEXT NOT NULL CHECK (status IN ('approved', 'returned')),
          comment TEXT,
          at INTEGER NOT NULL
        );
        CREATE INDEX report_reviews_date ON report_reviews(date);
      `);
    },
  },
  {
    version: 3,
    name: 'sync-outbox',
    up(db) {
      db.exec(`
        -- Whether the hub has each record: 0 not yet, 1 acknowledged, 2 refused (a dead letter).
        -- Zero and one cost no payload bytes in SQLite's record format.
        ALTER TABLE work_events ADD COLUMN synced INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE spans ADD COLUMN synced INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE idle_decisions ADD COLUMN synced INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE plan_revisions ADD COLUMN synced INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE report_revisions ADD COLUMN synced INTEGER NOT NULL DEFAULT 0;

        -- Records waiting for the hub, in the order they were written. A record enters it in the
        -- same transaction that writes it (an activity span when it is closed). kind is a code
        -- (SYNC_KIND_CODES): the queue holds a whole day's spans while offline, so rows are small.
        CREATE TABLE outbox (
          seq INTEGER PRIMARY KEY,
          kind INTEGER NOT NULL,
          uid BLOB NOT NULL,
          -- activity spans are keyed by (start, uid): the start finds the row without a scan
          span_start INTEGER
        );

        -- Records the hub refused as invalid, with its reason; they never block the queue and
        -- can be sent again after an edit.
        CREATE TABLE dead_letters (
          id INTEGER PRIMARY KEY,
          kind TEXT NOT NULL,
          uid BLOB NOT NULL,
          span_start INTEGER,
          code TEXT NOT NULL,
          message TEXT NOT NULL,
          payload TEXT NOT NULL,
          at INTEGER NOT NULL,
          UNIQUE (kind, uid)
        );
      `);
      // Records written before this version have never been sent.
      db.exec(`
        INSERT INTO outbox (kind, uid) SELECT 1, uid FROM work_events ORDER BY id;
        INSERT INTO outbox (kind, uid, span_start) SELECT 2, uid, start FROM spans ORDER BY start;
        INSERT INTO outbox (kind, uid) SELECT 3, uid FROM idle_decisions ORDER BY id;
        INSERT INTO outbox (kind, uid) SELECT 4, uid FROM plan_revisions ORDER BY id;
        INSERT INTO outbox (kind, uid) SELECT 5, uid FROM report_revisions ORDER BY id;
      `);
    },
  },
  {
    version: 4,
    name: 'drafts',
    up(db) {
      db.exec(`
        -- What a form holds as typed, one per form and key (the day for the plan and the report,
        -- the gap for the idle dialog). Local only: never synced. Filing the form deletes it.
        CREATE TABLE drafts (
          kind TEXT NOT NULL CHECK (kind IN ('plan', 'report', 'idle')),
          key TEXT NOT NULL,
          base INTEGER NOT NULL,
          content TEXT NOT NULL,
          saved_at INTEGER NOT NULL,
          PRIMARY KEY (kind, key)
        ) WITHOUT ROWID;
      `);
    },
  },
];

export const LATEST_VERSION = MIGRATIONS.at(-1)!.version;

export class DatabaseTooNewError extends Error {
  readonly file: string;
  readonly found: number;
  constructor(file: string, found: number) {
    super(
      `The database ${file} was written by a newer version of Zvit (schema ${found}; this build knows up to ${LATEST_VERSION}). ` +
        `Update Zvit to open it. The file was left untouched.`,
    );
    this.name = 'DatabaseTooNewError';
    this.file = file;
    this.found = found;
  }
}

export class MigrationHistoryError extends Error {
  readonly file: string;
  constructor(file: string, detail: string) {
    super(`The database ${file} has a migration history this build does not know (${detail}). The file was left untouched.`);
    this.name = 'MigrationHistoryError';
    this.file = file;
  }
}

export function schemaVersion(db: Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/**
 * Refuses a database this build cannot safely write to: one from a newer build, or one whose
 * applied migrations are not a prefix of ours (a fork or a hand-edited file). Checks only;
 * writes nothing, so a refused file stays exactly as it was.
 */
export function checkMigratable(db: Database, file: string): void {
  const version = schemaVersion(db);
  if (version > LATEST_VERSION) throw new DatabaseTooNewError(file, version);
  if (version === 0) return;
  const hasTable = db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'`).get();
  if (!hasTable) throw new MigrationHistoryError(file, `user_version is ${version} but there is no schema_migrations table`);
  const applied = db.prepare('SELECT version, name FROM schema_migrations ORDER BY version').all() as { version: number; name: string }[];
  if (applied.length !== version) {
    throw new MigrationHistoryError(file, `user_version is ${version} but ${applied.length} migrations are recorded`);
  }
  applied.forEach((row, i) => {
    const known = MIGRATIONS[i];
    if (!known || known.version !== row.version || known.name !== row.name) {
      throw new MigrationHistoryError(file, `migration ${row.version} "${row.name}" is not this build's migration ${i + 1}`);
    }
  });
}

/** Applies every migration after the database's version, up to `target` (default: all). */
export function migrate(db: Database, target: number = LATEST_VERSION, now: () => number = Date.now): number {
  let version = schemaVersion(db);
  for (const migration of MIGRATIONS) {
    if (migration.version <= version || migration.version > target) continue;
    db.transaction(() => {
      migration.up(db);
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(
        migration.version,
        migration.name,
        now(),
      );
      db.pragma(`user_version = ${migration.version}`);
    }).immediate();
    version = migration.version;
  }
  return version;
}
