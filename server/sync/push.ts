// Stores a pushed batch. Each record is judged on its own (validate.ts, then the checks that need
// the database: ids taken, overlaps, locked reports); the accepted ones are written in one
// transaction, so a failure leaves none of the batch behind and a retry starts clean.
// Idempotency: a record whose id is already stored from this device is answered `stored` again
// and not written; only two kinds may legitimately come back changed (see spans and plans).
import type { Kysely } from 'kysely';
import { mergeKpis, isMissed, KpiDefinitionSchema } from '../../shared/kpi.ts';
import { MAX_SPAN_MS, type RecordResult, type SyncRecordOf, type RecordKind } from '../../shared/sync.ts';
import type { DB } from '../db/schema.ts';
import type { DeviceAuth } from '../devices.ts';
import { SpanSet } from './overlap.ts';
import { reject, validateRecord } from './validate.ts';
import { onRecordsStored } from '../crm/triggers.ts';
import { rollOnStore, type RolledDays } from '../dashboard/rollups/ingest.ts';

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

export async function ingest(
  db: Kysely<DB>,
  device: DeviceAuth,
  raw: readonly unknown[],
  now: number,
  onJobs?: () => void,
  onRolled?: (rolled: RolledDays) => void,
): Promise<RecordResult[]> {
  const results: Results = new Array(raw.length);
  const byKind: { [K in RecordKind]: Item<K>[] } = { work_event: [], activity_span: [], idle_decision: [], day_plan: [], report_revision: [] };
  const seen = new Set<string>();
  raw.forEach((entry, index) => {
    const checked = validateRecord(entry, device.deviceId, now);
    if ('status' in checked) results[index] = checked;
    else if (seen.has(checked.id)) results[index] = reject(checked.id, 'duplicate_in_batch', 'This id came earlier in the same batch; the first one counts.');
    else {
      seen.add(checked.id);
      (byKind[checked.kind] as Item<RecordKind>[]).push({ index, record: checked });
    }
  });

  let jobs = 0;
  let rolled: RolledDays | null = null;
  await db.transaction().execute(async (tx) => {
    const ctx: Ctx = { tx, device, now, results, fresh: { workEvents: [], spans: [], decisions: [], plans: [], reports: [] } };
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
    // The manager's days are rolled up with the records, so no screen sums raw spans.
    rolled = await rollOnStore(tx, { userId: device.userId, ...ctx.fresh }, now);
  });
  if (jobs && onJobs) onJobs();
  if (rolled && onRolled) onRolled(rolled);
  return results.map((r, i) => r ?? reject(null, 'invalid_record', `record ${i} was not processed`));
}

interface Ctx {
  tx: Kysely<DB>;
  device: DeviceAuth;
  now: number;
  results: Results;
  /** Records stored by this push (not replays), for the jobs they cause. */
  fresh: {
    workEvents: SyncRecordOf<'work_event'>[];
    spans: SyncRecordOf<'activity_span'>[];
    decisions: SyncRecordOf<'idle_decision'>[];
    plans: SyncRecordOf<'day_plan'>[];
    reports: SyncRecordOf<'report_revision'>[];
  };
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

async function storeWorkEvents(ctx: Ctx, items: Item<'work_event'>[]): Promise<void> {
  const { tx, device, now } = ctx;
  const rows = await selectIn(items.map((i) => i.record.id), (ids) => tx.selectFrom('work_events').select(['id', 'device_id']).where('id', 'in', ids).execute());
  const fresh = partition(ctx, items, new Map(rows.map((r) => [r.id, r])));
  for (const chunk of chunks(fresh)) {
    await tx
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
      .execute();
  }
  for (const item of fresh) ctx.results[item.index] = stored(item.record.id);
  ctx.fresh.workEvents.push(...fresh.map((i) => i.record));
}

/**
 * Spans, the bulk of every push, take two statements in the common case: one range read of this
 * device's neighbouring spans (for overlaps, and to recognise replays, which have the same start)
 * and one insert. The agent writes its open span again as it grows, so a span stored from this
 * device may come back with a later end; it is extended if that does not overlap another span.
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
  const known = new Map(window.map((r) => [r.id, r]));
  const set = new SpanSet(window);

  const inserts: Item<'activity_span'>[] = [];
  const extensions: Item<'activity_span'>[] = [];
  for (const item of items) {
    const r = item.record;
    const row = known.get(r.id);
    if (row && !(row.start === r.start && r.end > row.end)) {
      results[item.index] = stored(r.id); // a replay
      continue;
    }
    const clash = set.conflict(r);
    if (clash) {
      results[item.index] = reject(r.id, 'overlap', `The span overlaps span ${clash.id} (${iso(clash.start)}–${iso(clash.end)}) from this device.`);
      continue;
    }
    set.add({ id: r.id, start: r.start, end: r.end });
    (row ? extensions : inserts).push(item);
    results[item.index] = stored(r.id);
  }

  const inserted = new Set<string>();
  for (const chunk of chunks(inserts)) {
    const rows = await tx
      .insertInto('activity_spans')
      .values(
        chunk.map(({ record: r }) => ({
          id: r.id,
          device_id: device.deviceId,
          user_id: device.userId,
          start: r.start,
          end: r.end,
          app: r.app,
          exe: r.exe,
          title: r.title,
          domain: r.domain,
          category: r.category,
          productivity: r.productivity,
          received_at: now,
        })),
      )
      .onConflict((oc) => oc.column('id').doNothing())
      .returning('id')
      .execute();
    for (const row of rows) inserted.add(row.id);
  }
  ctx.fresh.spans.push(...inserts.filter((i) => inserted.has(i.record.id)).map((i) => i.record), ...extensions.map((i) => i.record));
  // An id that was not inserted is stored already but outside the window: from this device
  // (a replay with another start: keep the first) or from another device (refused). Such a
  // span took part in this batch's overlap checks; ids are random enough that only a forged
  // batch gets here.
  const conflicts = inserts.filter((i) => !inserted.has(i.record.id));
  if (conflicts.length) {
    const owners = await selectIn(conflicts.map((i) => i.record.id), (ids) => tx.selectFrom('activity_spans').select(['id', 'device_id']).where('id', 'in', ids).execute());
    const owner = new Map(owners.map((o) => [o.id, o.device_id]));
    for (const item of conflicts) if (owner.get(item.record.id) !== device.deviceId) results[item.index] = taken(item.record.id);
  }
  for (const { record: r } of extensions) {
    await tx
      .updateTable('activity_spans')
      .set({ end: r.end, title: r.title, received_at: now })
      .where('id', '=', r.id)
      .where('device_id', '=', device.deviceId)
      .execute();
  }
}

const iso = (ms: number) => new Date(ms).toISOString();

async function storeDecisions(ctx: Ctx, items: Item<'idle_decision'>[]): Promise<void> {
  const { tx, device, now } = ctx;
  const rows = await selectIn(items.map((i) => i.record.id), (ids) => tx.selectFrom('idle_decisions').select(['id', 'device_id']).where('id', 'in', ids).execute());
  const fresh = partition(ctx, items, new Map(rows.map((r) => [r.id, r])));
  for (const chunk of chunks(fresh)) {
    await tx
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
      .execute();
  }
  for (const item of fresh) ctx.results[item.index] = stored(item.record.id);
  ctx.fresh.decisions.push(...fresh.map((i) => i.record));
}

/** Plans keep their id when resubmitted; a higher revision replaces the stored one. */
async function storePlans(ctx: Ctx, items: Item<'day_plan'>[]): Promise<void> {
  const { tx, device, now, results } = ctx;
  const rows = await selectIn(items.map((i) => i.record.id), (ids) =>
    tx.selectFrom('day_plans').select(['id', 'device_id', 'revision']).where('id', 'in', ids).execute(),
  );
  const existing = new Map(rows.map((r) => [r.id, r]));
  for (const item of items) {
    const r = item.record;
    const row = existing.get(r.id);
    const content = JSON.stringify({ items: r.items, commitments: r.commitments, note: r.note });
    if (row && row.device_id !== device.deviceId) {
      results[item.index] = taken(r.id);
      continue;
    }
    if (!row) {
      await tx
        .insertInto('day_plans')
        .values({ id: r.id, device_id: device.deviceId, user_id: device.userId, date: r.date, zone: r.zone, submitted_at: r.submittedAt, revision: r.revision, content, received_at: now })
        .onConflict((oc) => oc.column('id').doNothing())
        .execute();
      ctx.fresh.plans.push(r);
    } else if (r.revision > row.revision) {
      ctx.fresh.plans.push(r);
      await tx
        .updateTable('day_plans')
        .set({ date: r.date, zone: r.zone, submitted_at: r.submittedAt, revision: r.revision, content, received_at: now })
        .where('id', '=', r.id)
        .execute();
    }
    results[item.index] = stored(r.id);
  }
}

/**
 * Report revisions are immutable, each with its own id. A new one is refused when the report
 * was approved (locked), belongs to another user, or misses a KPI without saying why.
 */
async function storeReports(ctx: Ctx, items: Item<'report_revision'>[]): Promise<void> {
  const { tx, device, now, results } = ctx;
  const rows = await selectIn(items.map((i) => i.record.id), (ids) => tx.selectFrom('report_revisions').select(['id', 'device_id']).where('id', 'in', ids).execute());
  const fresh = partition(ctx, items, new Map(rows.map((r) => [r.id, r])));
  if (!fresh.length) return;

  const reportIds = [...new Set(fresh.map((i) => i.record.reportId))];
  const owners = await selectIn(reportIds, (ids) =>
    tx.selectFrom('report_revisions').select(['report_id', 'user_id']).where('report_id', 'in', ids).where('user_id', '<>', device.userId).execute(),
  );
  const foreign = new Set(owners.map((o) => o.report_id));
  const approved = await selectIn(reportIds, (ids) =>
    tx.selectFrom('report_reviews').select('report_id').where('report_id', 'in', ids).where('status', '=', 'approved').execute(),
  );
  const locked = new Set(approved.map((a) => a.report_id));
  const definitions = new Map((await teamKpis(tx, device.teamId)).map((d) => [d.key, d]));

  const accepted: Item<'report_revision'>[] = [];
  for (const item of fresh) {
    const r = item.record;
    if (foreign.has(r.reportId)) {
      results[item.index] = reject(r.id, 'id_taken', 'The report id belongs to another user.');
      continue;
    }
    if (locked.has(r.reportId)) {
      results[item.index] = reject(r.id, 'report_locked', 'This report was approved by your lead and can no longer be changed.');
      continue;
    }
    const missed = r.kpis.find((k) => {
      const d = definitions.get(k.key);
      return d && isMissed(d, k.target, k.actual) && (!k.reason || (k.reason === 'other' && !k.reasonText.trim()));
    });
    if (missed) {
      results[item.index] = reject(r.id, 'reason_required', `KPI ${missed.key} missed its target (${missed.actual} of ${missed.target}) and needs a reason.`);
      continue;
    }
    accepted.push(item);
    results[item.index] = stored(r.id);
    ctx.fresh.reports.push(r);
  }
  for (const chunk of chunks(accepted, 100)) {
    await tx
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
      .execute();
  }
}

export async function teamKpis(db: Kysely<DB>, teamId: string | null) {
  if (!teamId) return mergeKpis([]);
  const team = await db.selectFrom('teams').select('kpis').where('id', '=', teamId).executeTakeFirst();
  const own = KpiDefinitionSchema.array().safeParse(JSON.parse(team?.kpis ?? '[]'));
  return mergeKpis(own.success ? own.data : []);
}
