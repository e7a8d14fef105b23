import Database from 'better-sqlite3';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { onFile } from '../../test/sqlite-file.ts';
import { tempDir } from '../../test/tmp.ts';
import { LocalStore } from './local-store.ts';
import { LATEST_VERSION, MIGRATIONS, migrate, schemaVersion } from './migrations.ts';
import { openDatabase } from './open.ts';
import type { ActivitySpan } from '../../shared/model.ts';
import { uuidv7 } from '../../shared/uuid.ts';

const dir = tempDir();
let n = 0;
const freshFile = () => path.join(dir, `db-${++n}`, 'zvit.db');

function schemaOf(db: Database.Database): string[] {
  return (db.prepare(`SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name`).all() as { sql: string }[]).map(
    (r) => JSON.stringify(r),
  );
}

function span(start: number, minutes: number, app = 'XTerm', title: string | null = 'Угода №42'): ActivitySpan {
  return {
    id: uuidv7(start),
    start,
    end: start + minutes * 60_000,
    app,
    exe: '/usr/bin/xterm',
    title,
    domain: null,
    category: 'other',
    productivity: 'neutral',
  };
}

describe('migrations', () => {
  it('bring an empty database to the latest version with every migration recorded', () => {
    const { db } = openDatabase(freshFile());
    expect(schemaVersion(db)).toBe(LATEST_VERSION);
    const applied = db.prepare('SELECT version, name FROM schema_migrations ORDER BY version').all();
    expect(applied).toEqual(MIGRATIONS.map((m) => ({ version: m.version, name: m.name })));
    db.close();
  });

  it('from every earlier version give the same schema as from empty', () => {
    const direct = new Database(':memory:');
    migrate(direct);
    for (let from = 0; from < LATEST_VERSION; from++) {
      const db = new Database(':memory:');
      migrate(db, from);
      expect(schemaVersion(db)).toBe(from);
      migrate(db);
      expect(schemaVersion(db)).toBe(LATEST_VERSION);
      expect(schemaOf(db)).toEqual(schemaOf(direct));
    }
  });

  it('keep every record written at an earlier version', () => {
    const file = freshFile();
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const v1 = new Database(file);
    migrate(v1, 1);
    v1.prepare('INSERT INTO devices (uid) VALUES (?)').run(Buffer.alloc(16, 1));
    v1.prepare("INSERT INTO work_events (uid, device, kind, at, zone, mono) VALUES (?, 1, 'clock_in', 5, 'Europe/Kyiv', 7)").run(Buffer.alloc(16, 2));
    v1.prepare("INSERT INTO windows (app, exe, title, domain, category, productivity) VALUES ('XTerm', '', 'Звіт', '', 'other', 0)").run();
    v1.prepare('INSERT INTO spans (start, uid, device, end, window) VALUES (1, ?, 1, 2, 1)').run(Buffer.alloc(16, 3));
    v1.close();
    const { db } = openDatabase(file);
    expect(schemaVersion(db)).toBe(LATEST_VERSION);
    expect(db.prepare('SELECT kind, at, zone, mono FROM work_events').all()).toEqual([{ kind: 'clock_in', at: 5, zone: 'Europe/Kyiv', mono: 7 }]);
    expect(db.prepare('SELECT w.title FROM spans s JOIN windows w ON w.id = s.window').all()).toEqual([{ title: 'Звіт' }]);
    db.close();
  });

  it('refuse a database from a newer build and leave it byte for byte untouched', () => {
    const file = freshFile();
    openDatabase(file).db.close();
    const raw = new Database(file);
    raw.pragma(`user_version = ${LATEST_VERSION + 3}`);
    raw.pragma('journal_mode = DELETE');
    raw.close();
    const before = fs.readFileSync(file);
    expect(() => openDatabase(file)).toThrow(/newer version of Zvit.*left untouched/);
    expect(fs.readFileSync(file).equals(before)).toBe(true);
    expect(fs.readdirSync(path.dirname(file))).toEqual(['zvit.db']);
  });

  it('refuse a migration history that is not a prefix of this build', () => {
    const file = freshFile();
    openDatabase(file).db.close();
    const raw = new Database(file);
    raw.prepare('UPDATE schema_migrations SET name = ? WHERE version = 1').run('someone-elses');
    raw.close();
    expect(() => openDatabase(file)).toThrow(/migration history this build does not know/);
  });
});

describe('a corrupt database', () => {
  function filledDatabase(): string {
    const file = freshFile();
    const store = LocalStore.open(file);
    const t0 = Date.UTC(2026, 2, 2, 7);
    const spans = Array.from({ length: 3000 }, (_, i) => span(t0 + i * 60_000, 1, `App ${i % 50}`, `Вікно ${i}`));
    store.flush({ spans });
    store.close();
    onFile(file, (db) => db.pragma('journal_mode = DELETE'));
    return file;
  }

  it('when truncated is moved aside, a fresh one starts, and the user is told where it went', () => {
    const file = filledDatabase();
    const size = fs.statSync(file).size;
    fs.truncateSync(file, Math.floor(size / 2));
    const truncated = fs.readFileSync(file);

    const store = LocalStore.open(file, () => Date.UTC(2026, 10, 22, 10, 0, 0));
    const moved = path.join(path.dirname(file), 'zvit.db.corrupt-2026-11-22T10-00-00Z');
    expect(store.corruption?.movedTo).toBe(moved);
    expect(fs.readFileSync(moved).equals(truncated)).toBe(true);
    expect(store.spans.between(0, Number.MAX_SAFE_INTEGER)).toEqual([]);
    const [notice] = store.notices();
    expect(notice?.kind).toBe('database-corrupt');
    expect(notice?.message).toContain(moved);
    store.close();
    expect(onFile(file, (db) => db.pragma('integrity_check', { simple: true }))).toBe('ok');
  });

  it('with random bytes over a page in the middle is moved aside too', () => {
    const file = filledDatabase();
    const bytes = fs.readFileSync(file);
    const pageSize = 4096;
    const middlePage = Math.floor(bytes.length / pageSize / 2);
    crypto.randomBytes(pageSize).copy(bytes, middlePage * pageSize);
    fs.writeFileSync(file, bytes);

    const store = LocalStore.open(file);
    expect(store.corruption).not.toBeNull();
    expect(fs.readFileSync(store.corruption!.movedTo).equals(bytes)).toBe(true);
    expect(store.notices()).toHaveLength(1);
    store.close();
  });

  it('that is not a database at all is moved aside, not deleted', () => {
    const file = freshFile();
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, 'this is a text file, not SQLite '.repeat(200));
    const store = LocalStore.open(file);
    expect(fs.readFileSync(store.corruption!.movedTo, 'utf8')).toContain('not SQLite');
    store.close();
  });
});

describe('LocalStore', () => {
  it('keeps one device id per profile across reopenings', () => {
    const file = freshFile();
    const a = LocalStore.open(file);
    const id = a.deviceId;
    a.close();
    const b = LocalStore.open(file);
    expect(b.deviceId).toBe(id);
    b.close();
    expect(onFile(file, (db) => db.prepare('SELECT count(*) AS n FROM devices').get())).toEqual({ n: 1 });
  });

  it('stores events in append order even when the wall clock went back', () => {
    const store = LocalStore.open(freshFile());
    const t = Date.UTC(2026, 2, 2, 7);
    store.workEvents.append('clock_in', t, 'Europe/Kyiv', 1000);
    store.workEvents.append('clock_jump', t - 3_600_000, 'Europe/Kyiv', 2000, { from: t + 1000 });
    store.workEvents.append('clock_out', t - 3_500_000, 'Europe/Kyiv', 3000);
    expect(store.workEvents.all().map((e) => e.kind)).toEqual(['clock_in', 'clock_jump', 'clock_out']);
    expect(store.workEvents.all()[1]?.data).toEqual({ from: t + 1000 });
    store.close();
  });

  it('updates an open span in place and returns the spans overlapping a range', () => {
    const store = LocalStore.open(freshFile());
    const t = Date.UTC(2026, 2, 2, 7);
    const open = span(t, 1);
    store.flush({ spans: [open] });
    store.flush({ spans: [{ ...open, end: t + 30 * 60_000 }, span(t + 30 * 60_000, 10, 'Telegram', null)] });
    const all = store.spans.between(t, t + 3_600_000);
    expect(all.map((s) => [s.app, s.title, s.end - s.start])).toEqual([
      ['XTerm', 'Угода №42', 30 * 60_000],
      ['Telegram', null, 10 * 60_000],
    ]);
    // Overlap, not containment: a span that began before the range still shows.
    expect(store.spans.between(t + 29 * 60_000, t + 31 * 60_000)).toHaveLength(2);
    expect(store.spans.between(t + 40 * 60_000, t + 50 * 60_000)).toHaveLength(0);
    expect(onFile(store.file, (db) => db.prepare('SELECT count(*) AS n FROM windows').get())).toEqual({ n: 2 });
    store.close();
  });

  it('keeps the latest idle decision per gap', () => {
    const store = LocalStore.open(freshFile());
    const gap = uuidv7();
    store.idleDecisions.add(gap, 'discard', null, 1, 'UTC');
    store.idleDecisions.add(gap, 'keep', 'call', 2, 'UTC');
    expect(store.idleDecisions.latest()).toMatchObject([{ gapId: gap, decision: 'keep', label: 'call' }]);
    store.close();
  });
});
