// The agent's side of "nothing lost, nothing doubled": records wait in the outbox, in the order
// they were written, until the hub acknowledges each by id. The hub is idempotent by id, so a
// record sent twice (a lost response, a crash mid-sync) is stored once. The queue's rows live in
// the store (main/store/sync-queue.ts); this decides what goes into one push.
import type { SyncRecord } from '../../shared/sync.ts';
import type { LocalStore } from '../store/local-store.ts';
import type { DeadLetter, QueuedRecord, SyncQueue } from '../store/sync-queue.ts';

export type { DeadLetter } from '../store/sync-queue.ts';

export interface OutboxEntry extends QueuedRecord {
  /** Bytes of the record as JSON, for size-capped batches. */
  size: number;
}

export class Outbox {
  private readonly queue: SyncQueue;

  constructor(store: LocalStore) {
    this.queue = store.queue;
  }

  /**
   * At start: anything written but never acknowledged goes back into the outbox (an activity
   * span enters it only when closed, and at start no span is open any more).
   */
  rescan(): number {
    return this.queue.rescan();
  }

  /** Every syncable record in the store, sent or not: what "has been recorded", in wire form. */
  allRecords(): Generator<SyncRecord> {
    return this.queue.allRecords();
  }

  waiting(): number {
    return this.queue.waiting();
  }

  /**
   * The oldest records, at most `maxRecords` and about `maxBytes` of JSON (at least one). A day
   * plan's revisions share the plan's id, and a batch names each id once: a second revision of
   * a plan already in the batch ends it, and goes first in the next one.
   */
  next(maxRecords: number, maxBytes: number): OutboxEntry[] {
    const entries: OutboxEntry[] = [];
    const plans = new Set<string>();
    let bytes = 0;
    for (const queued of this.queue.oldest(maxRecords)) {
      const { record } = queued;
      const size = Buffer.byteLength(JSON.stringify(record));
      if (entries.length > 0 && bytes + size > maxBytes) break;
      if (record.kind === 'day_plan') {
        if (plans.has(record.id)) break;
        plans.add(record.id);
      }
      bytes += size;
      entries.push({ ...queued, size });
    }
    return entries;
  }

  /** The hub has these: mark them and take them out of the queue, in one transaction. */
  acknowledge(entries: readonly OutboxEntry[]): void {
    this.queue.acknowledge(entries);
  }

  /** The hub refused this record as invalid: keep it aside with the reason, off the queue. */
  reject(entry: OutboxEntry, code: string, message: string, at: number): void {
    this.queue.reject(entry, code, message, at);
  }

  deadLetters(): DeadLetter[] {
    return this.queue.deadLetters();
  }

  /** Sends a refused record again (after the manager or an update fixed what was wrong). */
  retry(id: number): boolean {
    return this.queue.retry(id);
  }
}
