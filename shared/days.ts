// One working day, summed from the stored segments, idle decisions and activity spans: what
// "My day" shows the manager and what the hub shows the lead. Pure, so both compute the same.

import type { ActivitySpan, IdleDecision, IdleDecisionKind, Productivity, Segment } from './model.ts';
import { addDays, dayBounds, daysBetween } from './time.ts';
import { workingDayBounds, type Session } from './working-days.ts';

export interface DaySummaryInput {
  /** The working day, 'YYYY-MM-DD' in `zone`. */
  date: string;
  /** The zone whose calendar defines the day (the segments' own zones do not move it). */
  zone: string;
  /** Local 'HH:MM' at which the working day starts; default '04:00'. */
  dayStart?: string;
  segments: readonly Segment[];
  decisions: readonly IdleDecision[];
  spans: readonly ActivitySpan[];
  /**
   * The working sessions (working-days.ts). When given, a session that crosses the day start
   * counts whole on the day it started, not split at the calendar's boundary.
   */
  sessions?: readonly Session[];
  /**
   * When given, the stretch still running (a segment marked `open`) is cut at it. Closed
   * segments and spans are never cut at "now": after the wall clock was moved back, work
   * recorded before the move lies "after now" and still happened.
   */
  now?: number;
}

/**
 * How a stretch is drawn. Idle shows as what the manager decided it was: kept → 'work' (with the
 * decision's label), taken as a break → 'break', discarded → 'discarded'; undecided → 'idle'.
 * 'activity' entries are the foreground-app layer, coloured by category.
 */
export type TimelineKind = 'work' | 'break' | 'idle' | 'discarded' | 'paused' | 'gap' | 'private' | 'activity';

export interface TimelineEntry {
  kind: TimelineKind;
  start: number;
  end: number;
  label?: string;
  category?: string;
  productivity?: Productivity;
}

export interface AppTotal {
  app: string;
  ms: number;
  /** The productivity this app had for most of its time (a browser is both CRM and YouTube). */
  productivity: Productivity;
  /** The app's time by category, from its spans (one browser: CRM and entertainment), largest first. */
  categories: { category: string; productivity: Productivity; ms: number }[];
  /** What the app's time went to: its top domains (browsers) or window titles, largest first. */
  top: AppDetail[];
}

/** A domain or a window title within an app, with the time spent on it. */
export interface AppDetail {
  kind: 'domain' | 'title';
  text: string;
  ms: number;
}

/** How many domains or titles each app lists. */
export const APP_DETAILS = 3;

export interface CategoryTotal {
  category: string;
  productivity: Productivity;
  ms: number;
}

export interface LabelTotal {
  label: string;
  ms: number;
}

export interface DaySummary {
  date: string;
  zone: string;
  dayStart: string;
  /** The calendar day's bounds, UTC ms, [from, to) (a session across them still counts whole on its first day). */
  from: number;
  to: number;
  /** Work segments plus idle kept as work. */
  workedMs: number;
  /** Break segments plus idle taken as a break. */
  breakMs: number;
  /** Idle gaps by the manager's decision; pending ones count as neither work nor break. */
  idle: { keptMs: number; breakMs: number; discardedMs: number; pendingMs: number };
  /** Screen locked or system suspended. */
  pausedMs: number;
  /** The agent was not running while clocked in. */
  gapMs: number;
  privateMs: number;
  /** First start and last end of worked time (work segments and kept idle), or null. */
  firstActivity: number | null;
  lastActivity: number | null;
  /** Sorted by ms, largest first; ties by name. */
  byApp: AppTotal[];
  byCategory: CategoryTotal[];
  byProductivity: Record<Productivity, number>;
  byLabel: LabelTotal[];
  /** Sorted by start; equal entries that touch or overlap are merged. For drawing, not summing. */
  timeline: TimelineEntry[];
}

/** The clipped part of [start, end) inside [from, to), or null when nothing is left. */
function clip(start: number, end: number, from: number, to: number): [number, number] | null {
  // NaN compares false with everything, so it would slip through the min/max below.
  if (Number.isNaN(start) || Number.isNaN(end)) return null;
  const s = Math.max(start, from);
  const e = Math.min(end, to);
  return e > s ? [s, e] : null;
}

function addTo<K>(map: Map<K, number>, key: K, ms: number): void {
  map.set(key, (map.get(key) ?? 0) + ms);
}

function byMsThenName<T extends { ms: number }>(name: (t: T) => string): (a: T, b: T) => number {
  return (a, b) => b.ms - a.ms || (name(a) < name(b) ? -1 : name(a) > name(b) ? 1 : 0);
}

function sameLook(a: TimelineEntry, b: TimelineEntry): boolean {
  return a.kind === b.kind && a.label === b.label && a.category === b.category && a.productivity === b.productivity;
}

/** Sorts one layer and merges equal neighbours that touch or overlap. */
function mergeLayer(entries: TimelineEntry[]): TimelineEntry[] {
  entries.sort((a, b) => a.start - b.start || a.end - b.end);
  const out: TimelineEntry[] = [];
  for (const e of entries) {
    const last = out[out.length - 1];
    if (last && sameLook(last, e) && e.start <= last.end) last.end = Math.max(last.end, e.end);
    else out.push({ ...e });
  }
  return out;
}

function withOptional(entry: TimelineEntry): TimelineEntry {
  // Keep absent fields absent rather than `undefined`, so entries compare and serialise cleanly.
  const out: TimelineEntry = { kind: entry.kind, start: entry.start, end: entry.end };
  if (entry.label !== undefined) out.label = entry.label;
  if (entry.category !== undefined) out.category = entry.category;
  if (entry.productivity !== undefined) out.productivity = entry.productivity;
  return out;
}

const PRODUCTIVITY_ORDER: readonly Productivity[] = ['productive', 'neutral', 'unproductive'];

function nonEmpty(label: string | undefined): string | undefined {
  return label === undefined || label === '' ? undefined : label;
}

/** The working day's own range: the calendar's, moved by sessions across its ends when given. */
export function summaryBounds(input: Pick<DaySummaryInput, 'date' | 'zone' | 'dayStart' | 'sessions'>): { from: number; to: number } {
  const dayStart = input.dayStart ?? '04:00';
  return input.sessions ? workingDayBounds(input.date, input.zone, dayStart, input.sessions) : dayBounds(input.date, input.zone, dayStart);
}

export function summarizeDay(input: DaySummaryInput): DaySummary {
  return summarizeDayWith(input, spanTotals(summaryBounds(input), input.spans));
}

/**
 * summarizeDay with the day's spans already summed (spanTotals, then appendSpans as later spans
 * arrive) for the same bounds: the hub keeps the totals of each day it rolled up, so a push of a
 * minute's spans does not read and sum the whole day's again.
 */
export function summarizeDayWith(input: Omit<DaySummaryInput, 'spans'>, totals: SpanTotals): DaySummary {
  const dayStart = input.dayStart ?? '04:00';
  const calendar = dayBounds(input.date, input.zone, dayStart);
  const { from, to } = summaryBounds(input);
  if (totals.from !== from || (totals.to ?? Infinity) !== to) {
    throw new RangeError(`Span totals for ${totals.from}..${totals.to ?? 'open'} do not fit the day ${from}..${to}`);
  }
  if (input.now !== undefined && !Number.isFinite(input.now)) {
    throw new RangeError(`Invalid now ${String(input.now)}: expected finite UTC milliseconds`);
  }

  // The last decision for a gap wins: the manager may change their answer, and the store
  // hands decisions over in the order they were made.
  const decisions = new Map<string, IdleDecision>();
  for (const d of input.decisions) decisions.set(d.gapId, d);

  let workedMs = 0;
  let breakMs = 0;
  const idle = { keptMs: 0, breakMs: 0, discardedMs: 0, pendingMs: 0 };
  let pausedMs = 0;
  let gapMs = 0;
  let privateMs = 0;
  let firstActivity: number | null = null;
  let lastActivity: number | null = null;
  const labels = new Map<string, number>();
  const stateLayer: TimelineEntry[] = [];

  const worked = (s: number, e: number, label: string | undefined): void => {
    workedMs += e - s;
    if (firstActivity === null || s < firstActivity) firstActivity = s;
    if (lastActivity === null || e > lastActivity) lastActivity = e;
    if (label !== undefined) addTo(labels, label, e - s);
  };

  // Each segment adds its own clipped length, even where segments overlap: an overlap means the
  // wall clock was moved back, and both stretches really were lived through.
  for (const seg of input.segments) {
    // Only the open stretch ends at now; the day's own bounds stay the calendar's.
    const end = seg.open && input.now !== undefined ? Math.min(seg.end, input.now) : seg.end;
    const c = clip(seg.start, end, from, to);
    if (!c) continue;
    const [s, e] = c;
    const ms = e - s;
    switch (seg.kind) {
      case 'work': {
        const label = nonEmpty(seg.label);
        worked(s, e, label);
        stateLayer.push({ kind: 'work', start: s, end: e, label });
        break;
      }
      case 'break':
        breakMs += ms;
        stateLayer.push({ kind: 'break', start: s, end: e });
        break;
      case 'idle': {
        const d = seg.gapId === undefined ? undefined : decisions.get(seg.gapId);
        const kind: IdleDecisionKind | 'pending' = d?.decision ?? 'pending';
        if (kind === 'keep') {
          const label = nonEmpty(d?.label) ?? nonEmpty(seg.label);
          idle.keptMs += ms;
          worked(s, e, label);
          stateLayer.push({ kind: 'work', start: s, end: e, label });
        } else if (kind === 'break') {
          idle.breakMs += ms;
          breakMs += ms;
          stateLayer.push({ kind: 'break', start: s, end: e });
        } else if (kind === 'discard') {
          idle.discardedMs += ms;
          stateLayer.push({ kind: 'discarded', start: s, end: e });
        } else {
          idle.pendingMs += ms;
          stateLayer.push({ kind: 'idle', start: s, end: e });
        }
        break;
      }
      case 'paused':
        pausedMs += ms;
        stateLayer.push({ kind: 'paused', start: s, end: e });
        break;
      case 'gap':
        gapMs += ms;
        stateLayer.push({ kind: 'gap', start: s, end: e });
        break;
      case 'private':
        privateMs += ms;
        stateLayer.push({ kind: 'private', start: s, end: e });
        break;
    }
  }

  const { byApp, byCategory, byProductivity } = finishSpans(totals);
  const byLabel = [...labels].map(([label, ms]) => ({ label, ms })).sort(byMsThenName((l) => l.label));

  const layered = [...mergeLayer(stateLayer).map(withOptional), ...totals.activity.map(withOptional)];
  // Stable sort: at equal starts the state entry stays ahead of the activity entry.
  layered.sort((a, b) => a.start - b.start);

  return {
    date: input.date,
    zone: input.zone,
    dayStart,
    from: calendar.from,
    to: calendar.to,
    workedMs,
    breakMs,
    idle,
    pausedMs,
    gapMs,
    privateMs,
    firstActivity,
    lastActivity,
    byApp,
    byCategory,
    byProductivity,
    byLabel,
    timeline: layered,
  };
}

/**
 * A working day's activity spans summed: per app its time by category and productivity and by
 * domain or title (all of them, so the top ones can be picked again as more time arrives), and
 * the foreground-app layer of the timeline. JSON-safe: the hub stores it with the day's rollup.
 */
export interface SpanTotals {
  /** The bounds every span was clipped to, [from, to); `to` null while the day is open-ended. */
  from: number;
  to: number | null;
  /** The latest end of a span counted, or null before any. */
  until: number | null;
  apps: AppTally[];
  /** The foreground-app layer: sorted, equal neighbours that touch merged. */
  activity: TimelineEntry[];
}

export interface AppTally {
  app: string;
  categories: CategoryTotal[];
  details: AppDetail[];
}

interface Tally {
  categories: Map<string, CategoryTotal>;
  details: Map<string, AppDetail>;
}

function tallies(apps: readonly AppTally[]): Map<string, Tally> {
  const out = new Map<string, Tally>();
  for (const a of apps) {
    out.set(a.app, {
      categories: new Map(a.categories.map((c) => [`${c.productivity}\u0000${c.category}`, { ...c }])),
      details: new Map(a.details.map((d) => [`${d.kind}\u0000${d.text}`, { ...d }])),
    });
  }
  return out;
}

/** Adds the spans' clipped time to the tallies; the activity entries they make, unmerged. */
function addSpans(apps: Map<string, Tally>, spans: readonly ActivitySpan[], from: number, to: number): { entries: TimelineEntry[]; until: number | null } {
  const entries: TimelineEntry[] = [];
  let until: number | null = null;
  for (const span of spans) {
    const c = clip(span.start, span.end, from, to);
    if (!c) continue;
    const [s, e] = c;
    const ms = e - s;
    if (until === null || e > until) until = e;
    let tally = apps.get(span.app);
    if (!tally) apps.set(span.app, (tally = { categories: new Map(), details: new Map() }));
    // Keyed by the pair, so byCategory regrouped by productivity equals byProductivity even if
    // the team's rules moved a category mid-day.
    const catKey = `${span.productivity}\u0000${span.category}`;
    const cat = tally.categories.get(catKey);
    if (cat) cat.ms += ms;
    else tally.categories.set(catKey, { category: span.category, productivity: span.productivity, ms });
    // A browser's domain says more than its tab title; titles may be off or redacted (then none).
    const detail = span.domain ? { kind: 'domain' as const, text: span.domain } : span.title ? { kind: 'title' as const, text: span.title } : null;
    if (detail) {
      const detailKey = `${detail.kind}\u0000${detail.text}`;
      const known = tally.details.get(detailKey);
      if (known) known.ms += ms;
      else tally.details.set(detailKey, { ...detail, ms });
    }
    entries.push({ kind: 'activity', start: s, end: e, category: span.category, productivity: span.productivity });
  }
  return { entries, until };
}

function toTallies(apps: Map<string, Tally>): AppTally[] {
  return [...apps].map(([app, t]) => ({ app, categories: [...t.categories.values()], details: [...t.details.values()] }));
}

/** The spans of a day with bounds [from, to) summed (spans outside are clipped away). */
export function spanTotals(bounds: { from: number; to: number }, spans: readonly ActivitySpan[]): SpanTotals {
  const apps = new Map<string, Tally>();
  const { entries, until } = addSpans(apps, spans, bounds.from, bounds.to);
  return { from: bounds.from, to: Number.isFinite(bounds.to) ? bounds.to : null, until, apps: toTallies(apps), activity: mergeLayer(entries).map(withOptional) };
}

/**
 * The totals with later spans added: equal to spanTotals over all the spans, provided every new
 * span (clipped to the day) starts at or after `until`, the end of everything counted so far.
 * Null when one does not (an earlier span arrived late): sum the day again then.
 */
export function appendSpans(totals: SpanTotals, spans: readonly ActivitySpan[]): SpanTotals | null {
  const to = totals.to ?? Infinity;
  for (const span of spans) {
    const c = clip(span.start, span.end, totals.from, to);
    if (c && totals.until !== null && c[0] < totals.until) return null;
  }
  const apps = tallies(totals.apps);
  const { entries, until } = addSpans(apps, spans, totals.from, to);
  if (until === null) return totals;
  // Every new entry starts at or after the last old one ends, so the old layer's sort stands;
  // only its last entry may join the first new one.
  const last = totals.activity.at(-1);
  const merged = mergeLayer(last ? [{ ...last }, ...entries] : entries).map(withOptional);
  return { from: totals.from, to: totals.to, until: Math.max(until, totals.until ?? -Infinity), apps: toTallies(apps), activity: [...totals.activity.slice(0, -1), ...merged] };
}

function finishSpans(totals: SpanTotals): Pick<DaySummary, 'byApp' | 'byCategory' | 'byProductivity'> {
  const categories = new Map<string, CategoryTotal>();
  const byProductivity: Record<Productivity, number> = { productive: 0, neutral: 0, unproductive: 0 };
  const byApp: AppTotal[] = totals.apps.map(({ app, categories: appCategories, details }) => {
    const per = new Map<Productivity, number>();
    for (const c of appCategories) {
      addTo(per, c.productivity, c.ms);
      byProductivity[c.productivity] += c.ms;
      const key = `${c.productivity}\u0000${c.category}`;
      const cat = categories.get(key);
      if (cat) cat.ms += c.ms;
      else categories.set(key, { ...c });
    }
    let ms = 0;
    let productivity: Productivity = 'neutral';
    let best = -1;
    // On a tie the earlier of productive, neutral, unproductive wins, so the order is stable.
    for (const p of PRODUCTIVITY_ORDER) {
      const v = per.get(p) ?? 0;
      ms += v;
      if (v > best) [best, productivity] = [v, p];
    }
    const sorted = appCategories.map((c) => ({ ...c })).sort(byMsThenName((c) => c.category + '\u0000' + c.productivity));
    const top = details.map((d) => ({ ...d })).sort(byMsThenName((d) => d.text + '\u0000' + d.kind)).slice(0, APP_DETAILS);
    return { app, ms, productivity, categories: sorted, top };
  });
  byApp.sort(byMsThenName((a) => a.app));
  const byCategory = [...categories.values()].sort(byMsThenName((c) => c.category + '\u0000' + c.productivity));
  return { byApp, byCategory, byProductivity };
}

/** More days than any report asks for; a larger range is a swapped or mistyped date. */
const MAX_RANGE_DAYS = 3660;

/**
 * One summary per working day from `fromDate` to `toDate`, both included. Every input is
 * clipped to each day, so a segment across a day boundary is split between the days it touches.
 */
export function summarizeRange(
  fromDate: string,
  toDate: string,
  input: Omit<DaySummaryInput, 'date'>,
): DaySummary[] {
  const n = daysBetween(fromDate, toDate);
  if (n < 0) throw new RangeError(`Invalid range ${fromDate}..${toDate}: the end is before the start`);
  if (n >= MAX_RANGE_DAYS) throw new RangeError(`Invalid range ${fromDate}..${toDate}: more than ${MAX_RANGE_DAYS} days`);
  const out: DaySummary[] = [];
  for (let i = 0; i <= n; i++) out.push(summarizeDay({ ...input, date: addDays(fromDate, i) }));
  return out;
}
