// Activity spans: what was in front, when. One device's spans never overlap (the agent records
// one foreground window at a time), and none is longer than MAX_SPAN_MS (shared/sync.ts).
import type { Kysely } from 'kysely';
import type { Productivity } from '../../../shared/model.ts';
import { MAX_SPAN_MS, type SyncRecordOf } from '../../../shared/sync.ts';
import { insertNewIds } from '../../db/bulk-insert.ts';
import { keptQuery } from '../../db/kept-query.ts';
import type { ActivitySpansTable, DB } from '../../db/schema.ts';
import type { DeviceAuth } from '../../devices.ts';
import { SpanSet } from '../overlap.ts';
import { reject } from '../validate.ts';
import { chunks, selectIn, stored, taken, type Batch, type Item } from './batch.ts';
import type { RecordRange } from './range.ts';

type Record = SyncRecordOf<'activity_span'>;

export function toRow(r: Record, device: DeviceAuth, now: number): ActivitySpansTable {
  return { id: r.id, device_id: device.deviceId, user_id: device.userId, ...spanColumns(r), received_at: now };
}

export function fromRow(r: SpanRow & { device_id: string }): Record {
  return { kind: 'activity_span', id: r.id, deviceId: r.device_id, start: r.start, end: r.end, app: r.app, exe: r.exe, title: r.title, domain: r.domain, category: r.category, productivity: r.productivity as Productivity };
}

export async function read(db: Kysely<DB>, q: RecordRange): Promise<Record[]> {
  // Through the user's devices: activity_spans is indexed by (device_id, start) only.
  const rows = await db
    .selectFrom('activity_spans')
    .selectAll()
    .where('device_id', 'in', (eb) => eb.selectFrom('devices').select('id').where('user_id', '=', q.userId))
    .where('start', '>=', q.from)
    .where('start', '<', q.to)
    .orderBy('start')
    .limit(q.limit)
    .execute();
  return rows.map(fromRow);
}

/**
 * Spans, the bulk of every push, take two statements in the common case: one range read of this
 * device's neighbouring spans (for overlaps, and to recognise spans sent again) and one insert.
 * A span sent again is stored as sent: a copy of what is stored is a replay; the open span
 * written again with a later end extends it; any other change (its window, productivity or
 * start) replaces the stored span, under the same overlap check as a new one. Only an older
 * copy of a span that has grown since (same start and window, earlier end) leaves it as it is.
 */
export async function store(b: Batch, items: Item<'activity_span'>[]): Promise<void> {
  const { tx, device, now, results } = b;
  let from = Infinity;
  let to = -Infinity;
  for (const { record: r } of items) {
    from = Math.min(from, r.start);
    to = Math.max(to, r.end, r.start + 1);
  }
  // The stored spans that can overlap the batch: those starting inside its range, and the last
  // one starting before it. Stored spans never overlap each other, so that last one reaches
  // furthest of all that start earlier (none is longer than MAX_SPAN_MS, which bounds the look
  // back). Reading the whole MAX_SPAN_MS before the batch instead cost an hour of rows per push.
  const window = await spanWindow(tx, { device: device.deviceId, from, lookBack: from - MAX_SPAN_MS, to });
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
    for (const id of await insertNewIds(tx, 'activity_spans', chunk.map(({ record: r }) => toRow(r, device, now)))) inserted.add(id);
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
  b.fresh.spans.push(...inserts.filter((i) => inserted.has(i.record.id)).map((i) => i.record), ...changes.map((i) => i.record));
  b.fresh.spansReplaced += changes.length;
  for (const { record: r } of changes) {
    await tx.updateTable('activity_spans').set({ ...spanColumns(r), received_at: now }).where('id', '=', r.id).where('device_id', '=', device.deviceId).execute();
  }
}

/** A device's stored spans starting in [from, to), and the last one starting before `from` (within lookBack). */
const spanWindow = keptQuery((db, p: { device: never; from: never; lookBack: never; to: never }) =>
  db
    .selectFrom('activity_spans')
    .select(['id', 'start', 'end'])
    .where('device_id', '=', p.device)
    .where('start', '>=', (eb) =>
      eb.fn.coalesce(
        eb.selectFrom('activity_spans').select('start').where('device_id', '=', p.device).where('start', '<', p.from).where('start', '>=', p.lookBack).orderBy('start', 'desc').limit(1),
        eb.val(p.from),
      ),
    )
    .where('start', '<', p.to),
);

type SpanRow = Pick<ActivitySpansTable, 'id' | 'start' | 'end' | 'app' | 'exe' | 'title' | 'domain' | 'category' | 'productivity'>;

function spanRows(tx: Kysely<DB>, deviceId: string, ids: string[]): Promise<SpanRow[]> {
  return selectIn(ids, (chunk) =>
    tx.selectFrom('activity_spans').select(['id', 'start', 'end', 'app', 'exe', 'title', 'domain', 'category', 'productivity']).where('id', 'in', chunk).where('device_id', '=', deviceId).execute(),
  );
}

function spanColumns(r: Record) {
  return { start: r.start, end: r.end, app: r.app, exe: r.exe, title: r.title, domain: r.domain, category: r.category, productivity: r.productivity };
}

const sameWindow = (row: SpanRow, r: Record) =>
  row.app === r.app && row.exe === r.exe && row.domain === r.domain && row.category === r.category && row.productivity === r.productivity;
const sameSpan = (row: SpanRow, r: Record) => sameWindow(row, r) && row.start === r.start && row.end === r.end && row.title === r.title;
/** An earlier state of a span that grew since (a copy sent before the later one got through). */
const olderCopy = (row: SpanRow, r: Record) => sameWindow(row, r) && row.start === r.start && r.end < row.end;

const iso = (ms: number) => new Date(ms).toISOString();
