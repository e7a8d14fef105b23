// Called by push inside the transaction that stored a batch: writes each new record's local
// working date and rolls up again every day the batch can have changed, so the rollups commit
// with the records or not at all.
import type { Kysely } from 'kysely';
import type { SyncRecordOf } from '../../../shared/sync.ts';
import type { DB } from '../../db/schema.ts';
import { addDays } from '../../../shared/time.ts';
import { keptTotals } from './stored-summary.ts';
import { dateIn, dayFrame, foldDayAppending, knownUntil, rollDays, writeRollups, type DayFrame } from './roll.ts';

export interface StoredBatch {
  userId: string;
  /** Records this push stored or changed (replays excluded). */
  workEvents: readonly SyncRecordOf<'work_event'>[];
  spans: readonly SyncRecordOf<'activity_span'>[];
  /** How many of `spans` replaced a stored span rather than added one. */
  spansReplaced?: number;
  decisions: readonly SyncRecordOf<'idle_decision'>[];
  plans: readonly SyncRecordOf<'day_plan'>[];
  reports: readonly SyncRecordOf<'report_revision'>[];
}

/** What changed, for the live stream: the user's days that were rolled again. */
export interface RolledDays {
  userId: string;
  dates: string[];
}

const CHUNK = 500;

async function setDates(tx: Kysely<DB>, table: 'work_events' | 'activity_spans' | 'idle_decisions', byDate: Map<string, string[]>): Promise<void> {
  for (const [date, ids] of byDate) {
    for (let i = 0; i < ids.length; i += CHUNK) {
      await tx.updateTable(table).set({ local_date: date }).where('id', 'in', ids.slice(i, i + CHUNK)).execute();
    }
  }
}

function group<T>(items: readonly T[], key: (t: T) => string, id: (t: T) => string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(id(item));
    else out.set(k, [id(item)]);
  }
  return out;
}

/** Writes each record's working date (`dateOf`) in `table`. */
export async function dateRecords<T extends { id: string }>(tx: Kysely<DB>, table: 'work_events' | 'activity_spans' | 'idle_decisions', records: readonly T[], dateOf: (r: T) => string): Promise<void> {
  await setDates(tx, table, group(records, dateOf, (r) => r.id));
}

/** The earliest and latest working dates the batch can have changed, or null. */
async function touched(tx: Kysely<DB>, batch: StoredBatch, frame: DayFrame, asOf: number | null): Promise<[string, string] | null> {
  const dates: string[] = [];
  const add = (at: number) => dates.push(dateIn(frame, at));
  for (const s of batch.spans) {
    add(s.start);
    add(Math.max(s.start, s.end - 1));
  }
  for (const p of batch.plans) dates.push(p.date);
  for (const r of batch.reports) dates.push(r.date);

  // A new event (or a decision about a gap) changes the segments from the event before it in
  // the log to the event after it: everything in that stretch of the log is rolled again.
  const anchors = [...batch.workEvents.map((e) => e.id)];
  if (batch.decisions.length) {
    const gaps = await tx.selectFrom('work_events').select('id').where('user_id', '=', batch.userId).where('id', 'in', [...new Set(batch.decisions.map((d) => d.gapId))]).execute();
    anchors.push(...gaps.map((g) => g.id));
    for (const d of batch.decisions) add(d.at);
  }
  if (anchors.length) {
    anchors.sort();
    const lo = anchors[0]!;
    const hi = anchors[anchors.length - 1]!;
    const before = await tx.selectFrom('work_events').select('id').where('user_id', '=', batch.userId).where('id', '<', lo).orderBy('id', 'desc').limit(1).executeTakeFirst();
    const after = await tx.selectFrom('work_events').select('id').where('user_id', '=', batch.userId).where('id', '>', hi).orderBy('id').limit(1).executeTakeFirst();
    let q = tx.selectFrom('work_events').select((eb) => [eb.fn.min('at').as('lo'), eb.fn.max('at').as('hi')]).where('user_id', '=', batch.userId);
    q = q.where('id', '>=', before?.id ?? lo).where('id', '<=', after?.id ?? hi);
    const range = await q.executeTakeFirst();
    if (range?.lo !== null && range?.lo !== undefined) add(Number(range.lo));
    if (range?.hi !== null && range?.hi !== undefined) add(Number(range.hi));
  }
  if (!dates.length) return null;
  // The open end of the log runs up to the latest record: from the last event's day to that one.
  if (asOf !== null) {
    const last = await tx.selectFrom('work_events').select(['at', 'event']).where('user_id', '=', batch.userId).orderBy('id', 'desc').limit(1).executeTakeFirst();
    if (last && last.event !== 'clock_out') add(Number(last.at));
    add(asOf);
  }
  dates.sort();
  return [dates[0]!, dates[dates.length - 1]!];
}

/** How many pushes rolled their day by appending spans, and how many folded days whole. */
export const rollStats = { appended: 0, folded: 0 };

/**
 * The common push while a manager works: the last minute's spans, nothing else, all later than
 * what their day's rollup already counted. They are added to the day's kept span totals and the
 * day's log (its few work events) is folded again; the day's spans are not read. Null when the
 * push is not of that kind (the caller folds the days whole).
 */
async function appendToDay(tx: Kysely<DB>, batch: StoredBatch, frame: DayFrame, now: number): Promise<RolledDays | null> {
  const { spans } = batch;
  if (!spans.length || batch.spansReplaced || batch.workEvents.length || batch.decisions.length || batch.plans.length || batch.reports.length) return null;
  let first = Infinity;
  for (const s of spans) first = Math.min(first, s.start);
  // The working day holding the first span: its calendar day's, or the day before's when a
  // session begun then runs on past the day start.
  const calendar = dateIn(frame, first);
  const rows = await tx
    .selectFrom('day_rollups')
    .select(['date', 'day_from', 'day_to', 'span_totals'])
    .where('user_id', '=', batch.userId)
    .where('date', 'in', [addDays(calendar, -1), calendar])
    .execute();
  const row = rows.find((r) => Number(r.day_from) <= first && first < Number(r.day_to));
  if (!row?.span_totals) return null;
  const day = await foldDayAppending(tx, batch.userId, row.date, frame, keptTotals(row.span_totals), spans);
  if (!day) return null;
  await dateRecords(tx, 'activity_spans', spans, () => row.date);
  rollStats.appended++;
  return { userId: batch.userId, dates: await writeRollups(tx, batch.userId, [day], frame, now, { redate: false }) };
}

export async function rollOnStore(tx: Kysely<DB>, batch: StoredBatch, now: number): Promise<RolledDays | null> {
  const { workEvents, spans, decisions, plans, reports } = batch;
  if (!workEvents.length && !spans.length && !decisions.length && !plans.length && !reports.length) return null;
  const frame = await dayFrame(tx, batch.userId);
  if (!frame) return null;
  const appended = await appendToDay(tx, batch, frame, now);
  if (appended) return appended;
  rollStats.folded++;
  // Events and decisions carry the zone they were made in; spans are the user's current zone's.
  await setDates(tx, 'work_events', group(workEvents, (e) => dateIn({ zone: e.zone, dayStart: frame.dayStart }, e.at), (e) => e.id));
  await setDates(tx, 'idle_decisions', group(decisions, (d) => dateIn({ zone: d.zone, dayStart: frame.dayStart }, d.at), (d) => d.id));
  await setDates(tx, 'activity_spans', group(spans, (s) => dateIn(frame, s.start), (s) => s.id));
  const asOf = await knownUntil(tx, batch.userId);
  const range = await touched(tx, batch, frame, asOf);
  if (!range) return null;
  const dates = await rollDays(tx, batch.userId, range[0], range[1], frame, now);
  return { userId: batch.userId, dates };
}
