// Stores a pushed batch. Each record is judged on its own (validate.ts, then the checks that need
// the database: ids taken, overlaps, locked reports, in its kind's module under records/); the
// accepted ones are written in one transaction, so a failure leaves none of the batch behind and
// a retry starts clean. Idempotency: a record whose id is already stored from this device is
// answered `stored` again and not written; spans and plans may come back changed (see theirs).
import { sql, type Kysely } from 'kysely';
import { RECORD_KINDS, type RecordKind, type RecordResult, type SyncRecord } from '../../shared/sync.ts';
import type { Dialect } from '../db/connect.ts';
import type { DB } from '../db/schema.ts';
import type { DeviceAuth } from '../devices.ts';
import { onRecordsStored } from '../crm/triggers.ts';
import { rollOnStore, type RolledDays } from '../dashboard/rollups/ingest.ts';
import { RECORD_MODULES, type Batch, type Item, type RecordModule } from './records/index.ts';
import { reject, validateRecord } from './validate.ts';

const LAST_SEEN_PRECISION_MS = 60_000;

/** A plan's revisions share its id, so a batch may hold several of them. */
const batchKey = (r: SyncRecord) => (r.kind === 'day_plan' ? `${r.id}#${r.revision}` : r.id);

type ByKind = { [K in RecordKind]: Item<K>[] };

/** A push checked on its own, ready to be stored in a transaction (alone or with others). */
export interface CheckedPush {
  device: DeviceAuth;
  now: number;
  results: (RecordResult | undefined)[];
  byKind: ByKind;
}

export function checkPush(device: DeviceAuth, raw: readonly unknown[], now: number): CheckedPush {
  const results: CheckedPush['results'] = new Array(raw.length);
  const byKind: ByKind = { work_event: [], activity_span: [], idle_decision: [], day_plan: [], report_revision: [] };
  const seen = new Set<string>();
  raw.forEach((entry, index) => {
    const checked = validateRecord(entry, device.deviceId, now);
    if ('status' in checked) results[index] = checked;
    else if (seen.has(batchKey(checked))) results[index] = reject(checked.id, 'duplicate_in_batch', 'This id came earlier in the same batch; the first one counts.');
    else {
      seen.add(batchKey(checked));
      (byKind[checked.kind] as Item<RecordKind>[]).push({ index, record: checked });
    }
  });
  return { device, now, results, byKind };
}

/**
 * One user's pushes are stored one after another: the overlap check reads a device's spans and
 * the insert relies on what it read, and the user's day rollups are read and written again (a
 * push of later spans appends to the kept ones). SQLite has one writer anyway; PostgreSQL's
 * transactions would otherwise each miss the other's uncommitted rows (two devices of one user,
 * or one device's retries). The users are locked in id order, so transactions holding several
 * (group commit) cannot deadlock on each other.
 */
export async function lockUsersOf(tx: Kysely<DB>, dialect: Dialect, deviceIds: readonly string[]): Promise<void> {
  if (dialect !== 'postgres' || !deviceIds.length) return;
  const ids = [...new Set(deviceIds)];
  await sql`select id from users where id in (select user_id from devices where id in (${sql.join(ids)})) order by id for no key update`.execute(tx);
}

/**
 * Stores one checked push inside the caller's transaction and returns its answers and how many
 * jobs it enqueued. The jobs (CRM, webhooks: onRecordsStored) commit with the records that cause
 * them, or not at all.
 */
export async function storePush(tx: Kysely<DB>, push: CheckedPush): Promise<{ results: RecordResult[]; jobs: number; rolled: RolledDays | null }> {
  const { device, now } = push;
  const results = [...push.results];
  const b: Batch = { tx, device, now, results, fresh: { workEvents: [], spans: [], spansReplaced: 0, decisions: [], plans: [], reports: [] } };
  for (const kind of RECORD_KINDS) await storeKind(b, kind, push.byKind[kind] as Item<typeof kind>[]);
  // "Last seen" is for the dashboard; minute precision saves a row write on most pushes.
  if (device.lastSeenAt === null || now - device.lastSeenAt >= LAST_SEEN_PRECISION_MS) {
    await tx.updateTable('devices').set({ last_seen_at: now }).where('id', '=', device.deviceId).execute();
  }
  const jobs = await onRecordsStored(tx, { orgId: device.orgId, userId: device.userId, teamId: device.teamId, ...b.fresh }, now);
  // The manager's days are rolled up with the records, so no screen sums raw spans.
  const rolled = await rollOnStore(tx, { userId: device.userId, ...b.fresh }, now);
  return { results: results.map((r, i) => r ?? reject(null, 'invalid_record', `record ${i} was not processed`)), jobs, rolled };
}

function storeKind<K extends RecordKind>(b: Batch, kind: K, items: Item<K>[]): Promise<void> | undefined {
  return items.length ? (RECORD_MODULES[kind] as RecordModule<K>).store(b, items) : undefined;
}

/** Checks and stores one push in a transaction of its own. */
export async function ingest(
  db: Kysely<DB>,
  dialect: Dialect,
  device: DeviceAuth,
  raw: readonly unknown[],
  now: number,
  onJobs?: () => void,
  onRolled?: (rolled: RolledDays) => void,
): Promise<RecordResult[]> {
  const push = checkPush(device, raw, now);
  const { results, jobs, rolled } = await db.transaction().execute(async (tx) => {
    await lockUsersOf(tx, dialect, [device.deviceId]);
    return storePush(tx, push);
  });
  if (jobs && onJobs) onJobs();
  if (rolled && onRolled) onRolled(rolled);
  return results;
}
