// Opening the local database: refuse what we must not touch, move aside what is broken,
// never delete anything.
import Database from 'better-sqlite3';
import type { Database as Db } from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { checkMigratable, migrate } from './migrations.ts';

export interface CorruptionNotice {
  kind: 'database-corrupt';
  message: string;
  movedTo: string;
  reason: string;
}

export interface OpenedDatabase {
  db: Db;
  file: string;
  /** Set when a corrupt database was moved aside and a fresh one started. */
  corruption: CorruptionNotice | null;
}

const CORRUPT_CODES = new Set(['SQLITE_CORRUPT', 'SQLITE_NOTADB', 'SQLITE_CORRUPT_VTAB', 'SQLITE_CORRUPT_SEQUENCE', 'SQLITE_CORRUPT_INDEX']);

class CorruptDatabase extends Error {}

export function isCorruptionError(error: unknown): boolean {
  if (error instanceof CorruptDatabase) return true;
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (CORRUPT_CODES.has(code) || code.startsWith('SQLITE_CORRUPT'));
}

/**
 * Opens (creating if needed) the profile's database and brings it to the latest schema.
 * - A database from a newer build, or with a foreign migration history, is refused and left
 *   exactly as it was (checked before any pragma that would write to it).
 * - A corrupt one is renamed with its -wal/-shm files to `<name>.corrupt-<UTC time>` and a
 *   fresh database starts; the returned notice says where the old one went.
 */
export function openDatabase(file: string, now: () => number = Date.now): OpenedDatabase {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  let corruption: CorruptionNotice | null = null;
  let db: Db;
  try {
    db = openChecked(file);
  } catch (error) {
    if (!isCorruptionError(error)) throw error;
    corruption = moveAside(file, error, now());
    db = openChecked(file);
  }
  try {
    migrate(db, undefined, now);
  } catch (error) {
    db.close();
    throw error;
  }
  return { db, file, corruption };
}

function openChecked(file: string): Db {
  const db = new Database(file);
  try {
    // Reading the header is the first thing that fails on a file that is not a database.
    checkMigratable(db, file);
    const check = db.pragma('quick_check', { simple: true });
    if (check !== 'ok') throw new CorruptDatabase(String(check));
    db.pragma('journal_mode = WAL');
    // In WAL mode NORMAL loses at most the last transactions on a power cut, never consistency;
    // a process crash (SIGKILL) loses nothing that was committed.
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

function moveAside(file: string, error: unknown, at: number): CorruptionNotice {
  const stamp = new Date(at).toISOString().replace(/\.\d+Z$/, 'Z').replaceAll(':', '-');
  let target = `${file}.corrupt-${stamp}`;
  for (let n = 2; fs.existsSync(target); n++) target = `${file}.corrupt-${stamp}-${n}`;
  fs.renameSync(file, target);
  for (const suffix of ['-wal', '-shm']) {
    if (fs.existsSync(file + suffix)) fs.renameSync(file + suffix, target + suffix);
  }
  const reason = error instanceof Error ? error.message : String(error);
  return {
    kind: 'database-corrupt',
    reason,
    movedTo: target,
    message: `The local database was damaged (${reason}). It was moved to ${target} and a new one was started; nothing was deleted.`,
  };
}
