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

export function summarizeDay(input: DaySummaryInput): DaySummary {
  const dayStart = input.dayStart ?? '04:00';
  const calendar = dayBounds(input.date, input.zone, dayStart);
  const { from, to } = input.sessions ? workingDayBounds(input.date, input.zone, dayStart, input.sessions) : calendar;
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

  const apps = new Map<string, Map<Productivity, number>>();
  const appCategories = new Map<string, Map<string, { category: string; productivity: Productivity; ms: number }>>();
  const appDetails = new Map<string, Map<string, AppDetail>>();
  const categories = new Map<string, { category: string; productivity: Productivity; ms: number }>();
  const byProductivity: Record<Productivity, number> = { productive: 0, neutral: 0, unproductive: 0 };
  const activityLayer: TimelineEntry[] = [];
  for (const span of input.spans) {
    const c = clip(span.start, span.end, from, to);
    if (!c) continue;
    const [s, e] = c;
    const ms = e - s;
    let perApp = apps.get(span.app);
    if (!perApp) apps.set(span.app, (perApp = new Map()));
    addTo(perApp, span.productivity, ms);
    let cats = appCategories.get(span.app);
    if (!cats) appCategories.set(span.app, (cats = new Map()));
    const catKey = `${span.productivity}\u0000${span.category}`;
    const appCat = cats.get(catKey);
    if (appCat) appCat.ms += ms;
    else cats.set(catKey, { category: span.category, productivity: span.productivity, ms });
    // A browser's domain says more than its tab title; titles may be off or redacted (then none).
    const detail = span.domain ? { kind: 'domain' as const, text: span.domain } : span.title ? { kind: 'title' as const, text: span.title } : null;
    if (detail) {
      let details = appDetails.get(span.app);
      if (!details) appDetails.set(span.app, (details = new Map()));
      const detailKey = `${detail.kind}\u0000${detail.text}`;
      const known = details.get(detailKey);
      if (known) known.ms += ms;
      else details.set(detailKey, { ...detail, ms });
    }
    // Keyed by the pair, so byCategory regrouped by productivity equals byProductivity even if
    // the team's rules moved a category mid-day.
    const key = `${span.productivity}\u0000${span.category}`;
    const cat = categories.get(key);
    if (cat) cat.ms += ms;
    else categories.set(key, { category: span.category, productivity: span.productivity, ms });
    byProductivity[span.productivity] += ms;
    activityLayer.push({ kind: 'activity', start: s, end: e, category: span.category, productivity: span.productivity });
  }

  const byApp: AppTotal[] = [...apps].map(([app, per]) => {
    let ms = 0;
    let productivity: Productivity = 'neutral';
    let best = -1;
    // On a tie the earlier of productive, neutral, unproductive wins, so the order is stable.
    for (const p of PRODUCTIVITY_ORDER) {
      const v = per.get(p) ?? 0;
      ms += v;
      if (v > best) [best, productivity] = [v, p];
    }
    const categories = [...(appCategories.get(app)?.values() ?? [])].sort(byMsThenName((c) => c.category + '\u0000' + c.productivity));
    const top = [...(appDetails.get(app)?.values() ?? [])].sort(byMsThenName((d) => d.text)).slice(0, APP_DETAILS);
    return { app, ms, productivity, categories, top };
  });
  byApp.sort(byMsThenName((a) => a.app));
  const byCategory = [...categories.values()].sort(byMsThenName((c) => c.category + '\u0000' + c.productivity));
  const byLabel = [...labels].map(([label, ms]) => ({ label, ms })).sort(byMsThenName((l) => l.label));

  const layered = [...mergeLayer(stateLayer), ...mergeLayer(activityLayer)].map(withOptional);
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
