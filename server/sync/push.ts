// Stores a pushed batch. Each record is judged on its own (validate.ts, then the checks that need
// the database: ids taken, overlaps, locked reports); the accepted ones are written in one
// transaction, so a failure leaves none of the batch behind and a retry starts clean.
// Idempotency: a record whose id is already stored from this device is answered `stored` again
// and not written; only two kinds may legitimately come back changed (see spans and plans).
import { sql, type Kysely } from 'kysely';
import { mergeKpis, needsReason, KpiDefinitionSchema } from '../../shared/kpi.ts';
import { MAX_SPAN_MS, type RecordResult, type SyncRecord, type SyncRecordOf, type RecordKind } from '../../shared/sync.ts';
import type { Dialect } from '../db/connect.ts';
import type { ActivitySpansTable, DB } from '../db/schema.ts';
import type { DeviceAuth } from '../devices.ts';
import { SpanSet } from './overlap.ts';
import { reject, validateRecord } from './validate.ts';
import { onRecordsStored } from '../crm/triggers.ts';

type Item<K extends RecordKind> = { index: number; record: SyncRecordOf<K> };
type Results = (RecordResult | undefined)[];

// SQLite allows 32,766 bound parameters per statement and PostgreSQL 65,535; 500 rows of at most
// 12 columns stay well under both.
const CHUNK = 500;

function chunks<T>(items: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

async function selectIn<R>(ids: readonly string[], query: (chunk: string[]) => Promise<R[]>): Promise<R[]> {
  const out: R[] = [];
  for (const chunk of chunks(ids)) out.push(...(await query(chunk)));
  return out;
}

const LAST_SEEN_PRECISION_MS = 60_000;

const stored = (id: string): RecordResult => ({ id, status: 'stored' });
const taken = (id: string) => reject(id, 'id_taken', 'Another device already stored a record with this id.');

/** A plan's revisions share its id, so a batch may hold several of them. */
const batchKey = (r: SyncRecord) => (r.kind === 'day_plan' ? `${r.id}#${r.revision}` : r.id);

export async function ingest(db: Kysely<DB>, dialect: Dialect, device: DeviceAuth, raw: readonly unknown[], now: number, onJobs?: () => void): Promise<RecordResult[]> {
  const results: Results = new Array(raw.length);
  const byKind: { [K in RecordKind]: Item<K>[] } = { work_event: [], activity_span: [], idle_decision: [], day_plan: [], report_revision: [] };
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

  let jobs = 0;
  await db.transaction().execute(async (tx) => {
    const ctx: Ctx = { tx, device, now, results, fresh: { workEvents: [], plans: [], reports: [] } };
    // One device's pushes are stored one after another: the overlap check reads this device's
    // spans and the insert relies on what it read. SQLite has one writer anyway; PostgreSQL's
    // transactions would otherwise each miss the other's uncommitted spans.
    if (dialect === 'postgres') await sql`select id from devices where id = ${device.deviceId} for update`.execute(tx);
    if (byKind.work_event.length) await storeWorkEvents(ctx, byKind.work_event);
    if (byKind.activity_span.length) await storeSpans(ctx, byKind.activity_span);
    if (byKind.idle_decision.length) await storeDecisions(ctx, byKind.idle_decision);
    if (byKind.day_plan.length) await storePlans(ctx, byKind.day_plan);
    if (byKind.report_revision.length) await storeReports(ctx, byKind.report_revision);
    // "Last seen" is for the dashboard; minute precision saves a row write on most pushes.
    if (device.lastSeenAt === null || now - device.lastSeenAt >= LAST_SEEN_PRECISION_MS) {
      await tx.updateTable('devices').set({ last_seen_at: now }).where('id', '=', device.deviceId).execute();
    }
    // CRM and webhook jobs commit with the records that cause them, or not at all.
    jobs = await onRecordsStored(tx, { orgId: device.orgId, userId: device.userId, teamId: device.teamId, ...ctx.fresh }, now);
  });
  if (jobs && onJobs) onJobs();
  return results.map((r, i) => r ?? reject(null, 'invalid_record', `record ${i} was not processed`));
}

interface Ctx {
  tx: Kysely<DB>;
  device: DeviceAuth;
  now: number;
  results: Results;
  /** Records stored by this push (not replays), for the jobs they cause. */
  fresh: { workEvents: SyncRecordOf<'work_event'>[]; plans: SyncRecordOf<'day_plan'>[]; reports: SyncRecordOf<'report_revision'>[] };
}

/** Splits items into new ones and answers the already-stored ones (ours: stored; others': taken). */
function partition<K extends RecordKind>(ctx: Ctx, items: Item<K>[], existing: Map<string, { device_id: string }>): Item<K>[] {
  const fresh: Item<K>[] = [];
  for (const item of items) {
    const row = existing.get(item.record.id);
    if (!row) fresh.push(item);
    else ctx.results[item.index] = row.device_id === ctx.device.deviceId ? stored(item.record.id) : taken(item.record.id);
  }
  return fresh;
}

/**
 * Answers the items an insert (ON CONFLICT DO NOTHING) did not write: the id was stored meanwhile
 * by a concurrent push, ours (stored) or another device's (taken). Without this, two devices
 * racing with one id would both hear `stored` while one row is kept.
 */
async function settleConflicts<K extends RecordKind>(ctx: Ctx, table: 'work_events' | 'idle_decisions' | 'report_revisions', items: Item<K>[], inserted: Set<string>): Promise<Item<K>[]> {
  const missing = items.filter((i) => !inserted.has(i.record.id));
  if (missing.length) {
    const owners = await selectIn(missing.map((i) => i.record.id), (ids) => ctx.tx.selectFrom(table).select(['id', 'device_id']).where('id', 'in', ids).execute());
    const owner = new Map(owners.map((o) => [o.id, o.device_id]));
    for (const item of missing) ctx.results[item.index] = owner.get(item.record.id) === ctx.device.deviceId ? stored(item.record.id) : taken(item.record.id);
  }
  return items.filter((i) => inserted.has(i.record.id));
}

async function storeWorkEvents(ctx: Ctx, items: Item<'work_event'>[]): Promise<void> {
  const { tx, device, now } = ctx;
  const rows = await selectIn(items.map((i) => i.record.id), (ids) => tx.selectFrom('work_events').select(['id', 'device_id']).where('id', 'in', ids).execute());
  const fresh = partition(ctx, items, new Map(rows.map((r) => [r.id, r])));
  const inserted = new Set<string>();
  for (const chunk of chunks(fresh)) {
    const written = await tx
      .insertInto('work_events')
      .values(
        chunk.map(({ record: r }) => ({
          id: r.id,
          device_id: device.deviceId,
          user_id: device.userId,
          event: r.event,
          at: r.at,
          zone: r.zone,
          mono: r.mono,
          data: r.data ? JSON.stringify(r.data) : null,
          received_at: now,
        })),
      )
      .onConflict((oc) => oc.column('id').doNothing())
      .returning('id')
      .execute();
    for (const row of written) inserted.add(row.id);
  }
  const written = await settleConflicts(ctx, 'work_events', fresh, inserted);
  for (const item of written) ctx.results[item.index] = stored(item.record.id);
  ctx.fresh.workEvents.push(...written.map((i) => i.record));
}

/**
 * Spans, the bulk of every push, take two statements in the common case: one range read of this
 * device's neighbouring spans (for overlaps, and to recognise spans sent again) and one insert.
 * A span sent again is stored as sent: a copy of what is stored is a replay; the open span
 * written again with a later end extends it; any other change (its window, productivity or
 * start) replaces the stored span, under the same overlap check as a new one. Only an older
 * copy of a span that has grown since (same start and window, earlier end) leaves it as it is.
 */
async function storeSpans(ctx: Ctx, items: Item<'activity_span'>[]): Promise<void> {
  const { tx, device, now, results } = ctx;
  // None is longer than MAX_SPAN_MS, so starts from (earliest start - MAX_SPAN_MS) are enough.
  const from = Math.min(...items.map((i) => i.record.start)) - MAX_SPAN_MS;
  const to = Math.max(...items.map((i) => Math.max(i.record.end, i.record.start + 1)));
  const window = await tx
    .selectFrom('activity_spans')
    .select(['id', 'start', 'end'])
    .where('device_id', '=', device.deviceId)
    .where('start', '>=', from)
    .where('start', '<', to)
    .execute();
  const set = new SpanSet(window);
  const inWindow = new Set(window.map((r) => r.id));
  // Spans sent again are few (the agent sends a span once it is closed): read them whole.
  const again = items.filter((i) => inWindow.has(i.record.id));
  const known = new Map((again.length ? await spanRows(tx, device.deviceId, again.map((i) => i.record.id)) : []).map((r) => [r.id, r]));

  const inserts: Item<'activity_span'>[] = [];
  const changes: Item<'activity_span'>[] = [];
  for (const item of items) {
    const r = item.record;
    const row = known.get(r.id);
    if (row && (sameSpan(row, r) || olderCopy(row, r))) {
      results[item.index] = stored(r.id);
      continue;
    }
    const clash = set.conflict(r);
    if (clash) {
      results[item.index] = reject(r.id, 'overlap', `The span overlaps span ${clash.id} (${iso(clash.start)}–${iso(clash.end)}) from this device.`);
      continue;
    }
    set.add({ id: r.id, start: r.start, end: r.end });
    (row ? changes : inserts).push(item);
    results[item.index] = stored(r.id);
  }

  const inserted = new Set<string>();
  for (const chunk of chunks(inserts)) {
    const rows = await tx
      .insertInto('activity_spans')
      .values(chunk.map(({ record: r }) => ({ ...spanColumns(r), id: r.id, device_id: device.deviceId, user_id: device.userId, received_at: now })))
      .onConflict((oc) => oc.column('id').doNothing())
      .returning('id')
      .execute();
    for (const row of rows) inserted.add(row.id);
  }
  // An id that was not inserted is stored already but outside the window (its start moved far,
  // or a concurrent push stored it): from another device it is refused; from this one it is a
  // change like the ones above (this span took part in the batch's overlap checks at its new
  // place), unless it is a copy of what is stored.
  const missing = inserts.filter((i) => !inserted.has(i.record.id));
  if (missing.length) {
    const owners = await selectIn(missing.map((i) => i.record.id), (ids) => tx.selectFrom('activity_spans').select(['id', 'device_id']).where('id', 'in', ids).execute());
    const owner = new Map(owners.map((o) => [o.id, o.device_id]));
    for (const item of missing) {
      if (owner.get(item.record.id) === device.deviceId) changes.push(item);
      else results[item.index] = taken(item.record.id);
    }
  }
  for (const { record: r } of changes) {
    await tx.updateTable('activity_spans').set({ ...spanColumns(r), received_at: now }).where('id', '=', r.id).where('device_id', '=', device.deviceId).execute();
  }
}

type SpanRow = Pick<ActivitySpansTable, 'id' | 'start' | 'end' | 'app' | 'exe' | 'title' | 'domain' | 'category' | 'productivity'>;

function spanRows(tx: Kysely<DB>, deviceId: string, ids: string[]): Promise<SpanRow[]> {
  return selectIn(ids, (chunk) =>
    tx.selectFrom('activity_spans').select(['id', 'start', 'end', 'app', 'exe', 'title', 'domain', 'category', 'productivity']).where('id', 'in', chunk).where('device_id', '=', deviceId).execute(),
  );
}

function spanColumns(r: SyncRecordOf<'activity_span'>) {
  return { start: r.start, end: r.end, app: r.app, exe: r.exe, title: r.title, domain: r.domain, category: r.category, productivity: r.productivity };
}

const sameWindow = (row: SpanRow, r: SyncRecordOf<'activity_span'>) =>
  row.app === r.app && row.exe === r.exe && row.domain === r.domain && row.category === r.category && row.productivity === r.productivity;
const sameSpan = (row: SpanRow, r: SyncRecordOf<'activity_span'>) => sameWindow(row, r) && row.start === r.start && row.end === r.end && row.title === r.title;
/** An earlier state of a span that grew since (a copy sent before the later one got through). */
const olderCopy = (row: SpanRow, r: SyncRecordOf<'activity_span'>) => sameWindow(row, r) && row.start === r.start && r.end < row.end;

const iso = (ms: number) => new Date(ms).toISOString();

async function storeDecisions(ctx: Ctx, items: Item<'idle_decision'>[]): Promise<void> {
  const { tx, device, now } = ctx;
  const rows = await selectIn(items.map((i) => i.record.id), (ids) => tx.selectFrom('idle_decisions').select(['id', 'device_id']).where('id', 'in', ids).execute());
  const fresh = partition(ctx, items, new Map(rows.map((r) => [r.id, r])));
  const inserted = new Set<string>();
  for (const chunk of chunks(fresh)) {
    const written = await tx
      .insertInto('idle_decisions')
      .values(
        chunk.map(({ record: r }) => ({
          id: r.id,
          device_id: device.deviceId,
          user_id: device.userId,
          gap_id: r.gapId,
          decision: r.decision,
          label: r.label ?? null,
          at: r.at,
          zone: r.zone,
          received_at: now,
        })),
      )
      .onConflict((oc) => oc.column('id').doNothing())
      .returning('id')
      .execute();
    for (const row of written) inserted.add(row.id);
  }
  for (const item of await settleConflicts(ctx, 'idle_decisions', fresh, inserted)) ctx.results[item.index] = stored(item.record.id);
}

/**
 * A manager has one plan per day, sent again with its id and a higher revision each time it
 * changes. Every revision received is kept (day_plan_revisions); the day's plan (day_plans) is
 * the highest revision, from whichever of the manager's devices it came.
 */
async function storePlans(ctx: Ctx, items: Item<'day_plan'>[]): Promise<void> {
  const { tx, device, now, results } = ctx;
  for (const item of items) {
    const r = item.record;
    const content = JSON.stringify({ items: r.items, commitments: r.commitments, note: r.note });
    const owner = await tx.selectFrom('day_plan_revisions').select(['device_id', 'user_id', 'date']).where('plan_id', '=', r.id).executeTakeFirst();
    if (owner && owner.device_id !== device.deviceId) {
      results[item.index] = taken(r.id);
      continue;
    }
    if (owner && owner.date !== r.date) {
      results[item.index] = reject(r.id, 'id_taken', `This plan id is the plan of ${owner.date}; a plan for ${r.date} needs its own id.`);
      continue;
    }
    const revision = { plan_id: r.id, revision: r.revision, device_id: device.deviceId, user_id: device.userId, date: r.date, zone: r.zone, submitted_at: r.submittedAt, content, received_at: now };
    const added = await tx.insertInto('day_plan_revisions').values(revision).onConflict((oc) => oc.doNothing()).returning('plan_id').execute();
    results[item.index] = stored(r.id);
    if (!added.length) continue; // a replay
    const current = { id: r.id, device_id: device.deviceId, user_id: device.userId, date: r.date, zone: r.zone, submitted_at: r.submittedAt, revision: r.revision, content, received_at: now };
    // Insert the day's plan, or replace it if this revision is higher; one statement each, so
    // two devices racing for one day end with the higher revision whatever the order.
    const inserted = await tx.insertInto('day_plans').values(current).onConflict((oc) => oc.doNothing()).returning('id').execute();
    const replaced = inserted.length
      ? inserted
      : await tx.updateTable('day_plans').set(current).where('user_id', '=', device.userId).where('date', '=', r.date).where('revision', '<', r.revision).returning('id').execute();
    if (replaced.length) ctx.fresh.plans.push(r);
  }
}

/**
 * Report revisions are immutable, each with its own id. A new one is refused when the manager's
 * report of that day was approved (whatever its report id: the lock is per day), when its report
 * id belongs to another user, or when it misses a KPI without saying why.
 */
async function storeReports(ctx: Ctx, items: Item<'report_revision'>[]): Promise<void> {
  const { tx, device, now, results } = ctx;
  const rows = await selectIn(items.map((i) => i.record.id), (ids) => tx.selectFrom('report_revisions').select(['id', 'device_id']).where('id', 'in', ids).execute());
  const fresh = partition(ctx, items, new Map(rows.map((r) => [r.id, r])));
  if (!fresh.length) return;

  // Claim the report ids first: the key makes a second user wait for the first and see its claim.
  const reportIds = [...new Set(fresh.map((i) => i.record.reportId))];
  await tx.insertInto('report_owners').values(reportIds.map((id) => ({ report_id: id, user_id: device.userId }))).onConflict((oc) => oc.column('report_id').doNothing()).execute();
  const owners = await selectIn(reportIds, (ids) => tx.selectFrom('report_owners').select(['report_id', 'user_id']).where('report_id', 'in', ids).execute());
  const foreign = new Set(owners.filter((o) => o.user_id !== device.userId).map((o) => o.report_id));
  const dates = [...new Set(fresh.map((i) => i.record.date))];
  const approved = await tx.selectFrom('report_reviews').select('date').where('user_id', '=', device.userId).where('date', 'in', dates).where('status', '=', 'approved').execute();
  const locked = new Set(approved.map((a) => a.date));
  const definitions = new Map((await teamKpis(tx, device.teamId)).map((d) => [d.key, d]));

  const accepted: Item<'report_revision'>[] = [];
  for (const item of fresh) {
    const r = item.record;
    if (foreign.has(r.reportId)) {
      results[item.index] = reject(r.id, 'id_taken', 'The report id belongs to another user.');
      continue;
    }
    if (locked.has(r.date)) {
      results[item.index] = reject(r.id, 'report_locked', 'Your report of this day was approved by your lead and can no longer be changed.');
      continue;
    }
    const missed = r.kpis.find((k) => {
      const d = definitions.get(k.key);
      return d && needsReason(d, k);
    });
    if (missed) {
      results[item.index] = reject(r.id, 'reason_required', `KPI ${missed.key} missed its target (${missed.actual} of ${missed.target}) and needs a reason.`);
      continue;
    }
    accepted.push(item);
  }
  const inserted = new Set<string>();
  for (const chunk of chunks(accepted, 100)) {
    const written = await tx
      .insertInto('report_revisions')
      .values(
        chunk.map(({ record: r }) => ({
          id: r.id,
          device_id: device.deviceId,
          user_id: device.userId,
          report_id: r.reportId,
          date: r.date,
          revision: r.revision,
          zone: r.zone,
          submitted_at: r.submittedAt,
          content: JSON.stringify({ items: r.items, unplanned: r.unplanned, kpis: r.kpis, blockers: r.blockers, note: r.note }),
          received_at: now,
        })),
      )
      .onConflict((oc) => oc.column('id').doNothing())
      .returning('id')
      .execute();
    for (const row of written) inserted.add(row.id);
  }
  for (const item of await settleConflicts(ctx, 'report_revisions', accepted, inserted)) {
    results[item.index] = stored(item.record.id);
    ctx.fresh.reports.push(item.record);
  }
}

export async function teamKpis(db: Kysely<DB>, teamId: string | null) {
  if (!teamId) return mergeKpis([]);
  const team = await db.selectFrom('teams').select('kpis').where('id', '=', teamId).executeTakeFirst();
  const own = KpiDefinitionSchema.array().safeParse(JSON.parse(team?.kpis ?? '[]'));
  return mergeKpis(own.success ? own.data : []);
}
