// The leaderboard's arithmetic, shared by the hub (which ranks) and the agent (which shows a
// manager their own standing): attainment against a target, bands and the gaps to them. The
// research behind the shape (Barankay 2012: benchmarks to the top 10/25/50 % help, a bare rank
// may not) is why a manager sees thresholds and work left rather than a place in a list.
import { z } from 'zod';
import { PeriodSchema } from './periods.ts';

export const BANDS = ['top10', 'top25', 'top50', 'bottom50'] as const;
export const BandSchema = z.enum(BANDS);
export type Band = z.infer<typeof BandSchema>;

/** Band thresholds as shares of the team, best first. */
export const BAND_SHARES: readonly [Exclude<Band, 'bottom50'>, number][] = [
  ['top10', 0.1],
  ['top25', 0.25],
  ['top50', 0.5],
];

/** One KPI's contribution to the composite score is capped, so one runaway KPI cannot carry it. */
export const ATTAINMENT_CAP = 1.5;

const Names = z.object({ uk: z.string(), ru: z.string(), en: z.string() });

/**
 * What a manager sees of the board in the agent's My day (it travels in the sync pull):
 * anonymous by default, their own band and the gaps to the thresholds above them.
 */
export const StandingSchema = z.object({
  period: PeriodSchema,
  /** The KPI ranked by, or 'all': the mean attainment over the KPIs that have targets. */
  kpi: z.string(),
  /** Managers ranked. */
  count: z.number().int().min(0),
  score: z.number().nullable(),
  band: BandSchema.nullable(),
  team: z.object({ average: z.number().nullable(), best: z.number().nullable() }),
  /** Score still needed to reach each threshold (0 when already there). */
  gaps: z.object({ top10: z.number().nullable(), top25: z.number().nullable(), top50: z.number().nullable() }),
  /** Per KPI still short of its period target: how much is left and the pace per working day. */
  workLeft: z.array(z.object({ key: z.string(), names: Names, unit: z.string(), remaining: z.number(), requiredPace: z.number().nullable() })),
  /** When the lead published the board: everyone's name and score; null otherwise. */
  board: z.array(z.object({ rank: z.number().int().min(1), name: z.string(), score: z.number().nullable(), me: z.boolean() })).nullable(),
});
export type Standing = z.infer<typeof StandingSchema>;

/**
 * How far a fact is toward its target, 1 = on target. Higher is better: fact ÷ target. Lower is
 * better (missed calls, refusals): 1 while at or under the target, target ÷ fact above it.
 * Null without a target; a zero target counts as met only by a zero fact (lower) or any fact (higher).
 */
export function attainment(direction: 'higher' | 'lower', fact: number, target: number | null): number | null {
  if (target === null) return null;
  if (direction === 'higher') return target === 0 ? 1 : fact / target;
  if (fact <= target) return 1;
  return target === 0 ? 0 : target / fact;
}

/** The composite score: the mean of each KPI's attainment, each capped at ATTAINMENT_CAP. */
export function compositeScore(attainments: readonly (number | null)[]): number | null {
  const known = attainments.filter((a): a is number => a !== null);
  if (!known.length) return null;
  return known.reduce((s, a) => s + Math.min(a, ATTAINMENT_CAP), 0) / known.length;
}

/** How many of `count` ranked people are inside a top share (at least one when anyone is ranked). */
export function bandSize(count: number, share: number): number {
  return count === 0 ? 0 : Math.max(1, Math.ceil(count * share));
}

/** The band of the person at 1-based `rank` among `count`. */
export function bandOf(rank: number, count: number): Band {
  for (const [band, share] of BAND_SHARES) if (rank <= bandSize(count, share)) return band;
  return 'bottom50';
}

/**
 * Ranks scores best first (ties share the rank: 1, 1, 3). Null scores (nothing to rank by) come
 * last and get no rank.
 */
export function rank<T>(items: readonly T[], score: (t: T) => number | null): { item: T; rank: number | null }[] {
  const scored = items.map((item) => ({ item, s: score(item) }));
  const ranked = scored.filter((x) => x.s !== null).sort((a, b) => b.s! - a.s!);
  const out: { item: T; rank: number | null }[] = [];
  ranked.forEach((x, i) => {
    const prev = ranked[i - 1];
    out.push({ item: x.item, rank: prev && prev.s === x.s ? out[i - 1]!.rank : i + 1 });
  });
  for (const x of scored) if (x.s === null) out.push({ item: x.item, rank: null });
  return out;
}

/** The score one must reach to be inside each top share: the lowest score inside it. */
export function thresholds(scoresBestFirst: readonly number[]): Record<Exclude<Band, 'bottom50'>, number | null> {
  const at = (share: number) => {
    const n = bandSize(scoresBestFirst.length, share);
    return n ? scoresBestFirst[n - 1]! : null;
  };
  return { top10: at(0.1), top25: at(0.25), top50: at(0.5) };
}

/** Score still needed to reach each threshold (0 when already there). */
export function gapsTo(score: number | null, t: ReturnType<typeof thresholds>): Standing['gaps'] {
  const gap = (threshold: number | null) => (threshold === null || score === null ? null : Math.max(0, threshold - score));
  return { top10: gap(t.top10), top25: gap(t.top25), top50: gap(t.top50) };
}
