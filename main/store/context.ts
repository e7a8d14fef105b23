// What every record kind's module in the store is given: the connection stays inside the store
// folder (eslint.config.js), and a module reaches the outbox and the device table only through
// these few calls.
import type { Database, Statement } from 'better-sqlite3';
import type { RecordKind, SyncRecordOf } from '../../shared/sync.ts';

export interface StoreContext {
  readonly db: Database;
  /** This device's row in `devices`, which the records it writes refer to. */
  readonly deviceRow: number;
  /** The device id (a UUID) of a `devices` row, as the wire records carry it. */
  deviceId(row: number): string;
  /** Runs `fn` in one transaction (a savepoint inside another). */
  transaction<T>(fn: () => T): T;
  /**
   * Puts a record into the outbox; call inside the transaction that writes the record. Each
   * record is enqueued once by construction (a span when it is closed).
   */
  enqueue(kind: RecordKind, uid: Uint8Array, spanStart?: number | null): void;
  /** Inserts a record's row with `insert` and puts the record into the outbox, in one transaction. */
  insertSynced(kind: RecordKind, insert: Statement, row: { uid: Uint8Array }): void;
}

/** A record kind the agent sends to the hub: where its rows are, and their wire form. */
export interface SyncedKind<K extends RecordKind> {
  /** Its table; every row has a `synced` flag: 0 waiting, 1 acknowledged, 2 refused. */
  readonly table: string;
  /** Spans are keyed by (start, uid), so the outbox keeps the start to find the row; others by uid. */
  readonly keyedByStart: boolean;
  /** The wire record of one row, or null when the row is gone. */
  record(uid: Uint8Array, spanStart: number | null): SyncRecordOf<K> | null;
}
