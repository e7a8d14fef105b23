// What every record kind's module gets while a push is stored: the transaction, the device, the
// per-record answers to fill in, and the records newly stored (for the jobs they cause).
import type { Kysely } from 'kysely';
import type { RecordKind, RecordResult, SyncRecordOf } from '../../../shared/sync.ts';
import { insertNewIds } from '../../db/bulk-insert.ts';
import type { DB } from '../../db/schema.ts';
import type { DeviceAuth } from '../../devices.ts';
import { reject } from '../validate.ts';

export type Item<K extends RecordKind> = { index: number; record: SyncRecordOf<K> };

export interface Batch {
  tx: Kysely<DB>;
  device: DeviceAuth;
  now: number;
  /** One answer per pushed record, by its index in the push. */
  results: (RecordResult | undefined)[];
  /** Records stored by this push (not replays), for the jobs they cause. */
  fresh: {
    workEvents: SyncRecordOf<'work_event'>[];
    spans: SyncRecordOf<'activity_span'>[];
    /** How many of `spans` replaced a stored span (its window, productivity or start changed). */
    spansReplaced: number;
    decisions: SyncRecordOf<'idle_decision'>[];
    plans: SyncRecordOf<'day_plan'>[];
    reports: SyncRecordOf<'report_revision'>[];
  };
}

// SQLite allows 32,766 bound parameters per statement and PostgreSQL 65,535; 500 rows of at most
// 12 columns stay well under both.
const CHUNK = 500;

export function chunks<T>(items: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export async function selectIn<R>(ids: readonly string[], query: (chunk: string[]) => Promise<R[]>): Promise<R[]> {
  const out: R[] = [];
  for (const chunk of chunks(ids)) out.push(...(await query(chunk)));
  return out;
}

export const stored = (id: string): RecordResult => ({ id, status: 'stored' });
export const taken = (id: string) => reject(id, 'id_taken', 'Another device already stored a record with this id.');

/** Tables of the kinds stored once and never changed, keyed by the record's id. */
type OnceTable = 'work_events' | 'idle_decisions' | 'report_revisions';

async function owners(b: Batch, table: OnceTable, ids: readonly string[]): Promise<Map<string, string>> {
  const rows = await selectIn(ids, (chunk) => b.tx.selectFrom(table).select(['id', 'device_id']).where('id', 'in', chunk).execute());
  return new Map(rows.map((r) => [r.id, r.device_id]));
}

/** Answers the items already stored (from this device: a replay, stored; another's: taken) and returns the rest. */
export async function newOnes<K extends RecordKind>(b: Batch, table: OnceTable, items: Item<K>[]): Promise<Item<K>[]> {
  const stored_ = await owners(b, table, items.map((i) => i.record.id));
  const fresh: Item<K>[] = [];
  for (const item of items) {
    const owner = stored_.get(item.record.id);
    if (owner === undefined) fresh.push(item);
    else b.results[item.index] = owner === b.device.deviceId ? stored(item.record.id) : taken(item.record.id);
  }
  return fresh;
}

/**
 * Inserts rows of a kind stored once (ON CONFLICT DO NOTHING) and answers each item: `stored` for
 * what was written, and for what a concurrent push wrote meanwhile, ours (stored) or another
 * device's (taken). Two devices racing with one id must not both hear `stored` while one row is
 * kept. Returns the items this push wrote.
 */
export async function insertOnce<K extends RecordKind, T extends OnceTable>(
  b: Batch,
  table: T,
  items: Item<K>[],
  toRow: (record: SyncRecordOf<K>) => DB[T],
  chunkSize = CHUNK,
): Promise<Item<K>[]> {
  const inserted = new Set<string>();
  for (const chunk of chunks(items, chunkSize)) {
    for (const id of await insertNewIds(b.tx, table, chunk.map((i) => toRow(i.record)))) inserted.add(id);
  }
  const missing = items.filter((i) => !inserted.has(i.record.id));
  const raced = missing.length ? await owners(b, table, missing.map((i) => i.record.id)) : new Map<string, string>();
  for (const item of missing) b.results[item.index] = raced.get(item.record.id) === b.device.deviceId ? stored(item.record.id) : taken(item.record.id);
  const written = items.filter((i) => inserted.has(i.record.id));
  for (const item of written) b.results[item.index] = stored(item.record.id);
  return written;
}
