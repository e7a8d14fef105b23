// Runs in a worker thread (see checkpointer.ts): checkpoints the hub's WAL from a connection of
// its own, so the copy back into hub.db and its fsync never block the event loop that serves
// requests. PASSIVE never waits for, or blocks, the writer.
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';

const { file, intervalMs } = workerData as { file: string; intervalMs: number };
const db = new Database(file);
db.pragma('busy_timeout = 1000');

const timer = setInterval(() => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch (error) {
    parentPort!.postMessage({ error: error instanceof Error ? error.message : String(error) });
  }
}, intervalMs);

parentPort!.on('message', (message) => {
  if (message === 'stop') {
    clearInterval(timer);
    db.close();
    parentPort!.close();
  }
});
