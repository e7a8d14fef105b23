// SQLite's automatic checkpoint runs inside the commit that crosses 1,000 WAL pages, on the
// thread that committed: under push load that was the hub's only thread, stalled for the copy
// and fsync (p99 went from ~10 ms to ~600 ms in bench/hub.ts). So the hub turns it off and a
// worker thread checkpoints once a second instead. If the worker fails, automatic checkpoints
// come back on, so the WAL can never grow without bound.
import { Worker } from 'node:worker_threads';
import type Database from 'better-sqlite3';

export interface Checkpointer {
  stop(): Promise<void>;
}

const AUTO_CHECKPOINT_PAGES = 1000; // SQLite's default

export function startCheckpointer(sqlite: Database.Database, file: string, intervalMs = 1000): Checkpointer {
  const worker = new Worker(new URL('./checkpoint-worker.ts', import.meta.url), { workerData: { file, intervalMs } });
  sqlite.pragma('wal_autocheckpoint = 0');
  let stopping = false;
  const fallBack = () => {
    if (!stopping && sqlite.open) sqlite.pragma(`wal_autocheckpoint = ${AUTO_CHECKPOINT_PAGES}`);
  };
  worker.on('error', fallBack);
  worker.on('exit', fallBack);
  worker.unref(); // never the reason the process stays alive
  return {
    async stop() {
      stopping = true;
      const exited = new Promise((resolve) => worker.once('exit', resolve));
      worker.ref(); // awaited below: keep the process up until it has closed its connection
      worker.postMessage('stop');
      await exited;
    },
  };
}
