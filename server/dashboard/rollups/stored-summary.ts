// How a day's summary is kept, so that a push of a minute's spans writes what it adds rather than
// the whole day again. The foreground-app layer of the timeline (an entry per app switch, most of
// a busy day's summary) is kept apart, in rows of rollup_activity: a push that appended spans adds
// a row with the entries it finished; the entry still growing (the last one, which the next span
// may extend) stays in the rollup's span totals. The summary column holds the rest. readSummary
// puts the day's DaySummary back together.
import type { Kysely } from 'kysely';
import type { DaySummary, SpanTotals, TimelineEntry } from '../../../shared/days.ts';
import type { DB } from '../../db/schema.ts';

export interface StoredSummary {
  summary: string;
  span_totals: string;
  /** The finished app entries, one JSON object per line, and the first one's start; null if none. */
  activity: { seq: number; lines: string } | null;
}

/**
 * The columns for a day whose summary and totals were folded, and its finished app entries: the
 * whole day's, or (for totals appended to: foldDayAppending) those after the ones stored before.
 */
export function storedSummary(summary: DaySummary, totals: SpanTotals): StoredSummary {
  const layer = totals.activity;
  const finished = layer.slice(0, -1);
  let lines = '';
  for (const e of finished) lines += JSON.stringify(e) + '\n';
  return {
    summary: JSON.stringify({ ...summary, timeline: summary.timeline.filter((e) => e.kind !== 'activity') }),
    span_totals: JSON.stringify({ ...totals, activity: layer.slice(-1) }),
    activity: finished.length ? { seq: finished[0]!.start, lines } : null,
  };
}

/**
 * The day's DaySummary from its rollup and its rollup_activity rows' lines in seq order (rows
 * rolled before the layer was kept apart hold the whole summary and have no totals).
 */
export function readSummary(row: { summary: string; span_totals: string | null }, lines: readonly string[] = []): DaySummary {
  const summary = JSON.parse(row.summary) as DaySummary;
  if (row.span_totals === null) return summary;
  const activity: TimelineEntry[] = [];
  for (const chunk of lines) for (const line of chunk.split('\n')) if (line) activity.push(JSON.parse(line) as TimelineEntry);
  activity.push(...(JSON.parse(row.span_totals) as SpanTotals).activity);
  if (!activity.length) return summary;
  // As summarizeDay lays them: by start, a state entry ahead of an activity entry at equal starts.
  const timeline = [...summary.timeline, ...activity].sort((a, b) => a.start - b.start);
  return { ...summary, timeline };
}

/** The rollup_activity lines of one user's days fromDate..toDate, per date in seq order. */
export async function activityLines(db: Kysely<DB>, userId: string, fromDate: string, toDate: string): Promise<Map<string, string[]>> {
  const rows = await db
    .selectFrom('rollup_activity')
    .select(['date', 'lines'])
    .where('user_id', '=', userId)
    .where('date', '>=', fromDate)
    .where('date', '<=', toDate)
    .orderBy('date')
    .orderBy('seq')
    .execute();
  const out = new Map<string, string[]>();
  for (const r of rows) {
    const list = out.get(r.date);
    if (list) list.push(r.lines);
    else out.set(r.date, [r.lines]);
  }
  return out;
}

/** A day's stored summary read back whole: its rollup row and its app entries. */
export async function loadSummaries(db: Kysely<DB>, userId: string, fromDate: string, toDate: string): Promise<Map<string, DaySummary>> {
  const rows = await db
    .selectFrom('day_rollups')
    .select(['date', 'summary', 'span_totals'])
    .where('user_id', '=', userId)
    .where('date', '>=', fromDate)
    .where('date', '<=', toDate)
    .orderBy('date')
    .execute();
  const lines = rows.length ? await activityLines(db, userId, fromDate, toDate) : new Map<string, string[]>();
  return new Map(rows.map((r) => [r.date, readSummary(r, lines.get(r.date))]));
}

/** The kept totals, their activity layer as far as the row keeps it: its last entry. */
export function keptTotals(spanTotals: string): SpanTotals {
  return JSON.parse(spanTotals) as SpanTotals;
}

/** Writes a day's finished app entries: after those stored (`appended`) or instead of them. */
export async function writeActivity(db: Kysely<DB>, userId: string, date: string, activity: StoredSummary['activity'], appended: boolean): Promise<void> {
  if (!appended) await db.deleteFrom('rollup_activity').where('user_id', '=', userId).where('date', '=', date).execute();
  if (activity) await db.insertInto('rollup_activity').values({ user_id: userId, date, seq: activity.seq, lines: activity.lines }).execute();
}
