// A second connection to an agent's database file, as another process would open it: for tests
// that look at, or tamper with, what is on disk behind the store's back (the store's own
// connection stays inside main/store/).
import Database from 'better-sqlite3';

export function onFile<T>(file: string, fn: (db: Database.Database) => T): T {
  const db = new Database(file);
  try {
    return fn(db);
  } finally {
    db.close();
  }
}
