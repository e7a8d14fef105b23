// The background checkpointer copies the WAL into the database file off the main thread.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { expect, it } from 'vitest';
import { startCheckpointer } from './checkpointer.ts';

it('checkpoints the WAL from a worker while automatic checkpoints are off', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zvit-ckpt-'));
  const file = path.join(dir, 'hub.db');
  const db = new Database(file);
  try {
    db.pragma('journal_mode = WAL');
    db.exec('CREATE TABLE t (x TEXT)');
    const checkpointer = startCheckpointer(db, file, 50);
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
    const before = fs.statSync(file).size;
    const insert = db.prepare('INSERT INTO t VALUES (?)');
    db.transaction(() => {
      for (let i = 0; i < 5000; i++) insert.run('x'.repeat(200));
    })();
    // The rows are in the WAL only, until the worker copies them over.
    for (let i = 0; i < 100 && fs.statSync(file).size <= before + 500_000; i++) await new Promise((r) => setTimeout(r, 50));
    expect(fs.statSync(file).size).toBeGreaterThan(before + 500_000);
    await checkpointer.stop();
    expect((db.prepare('SELECT count(*) AS n FROM t').get() as { n: number }).n).toBe(5000);
  } finally {
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
