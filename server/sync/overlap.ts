// Activity spans from one device never overlap: the agent records one foreground window at a
// time. This keeps accepted spans sorted by start and answers "would this one overlap?" by
// binary search. Stored spans already satisfy the rule, so among them ends are ordered too,
// and only the neighbours on either side can collide with a new span.

export interface Interval {
  id: string;
  start: number;
  end: number;
}

export class SpanSet {
  private readonly items: Interval[] = [];

  constructor(initial: Iterable<Interval> = []) {
    for (const i of initial) this.items.push(i);
    this.items.sort((a, b) => a.start - b.start || a.end - b.end);
  }

  /** The span the candidate would overlap (ignoring one with its own id), or null. */
  conflict(candidate: Interval): Interval | null {
    const i = this.firstStartingAtOrAfter(candidate.start);
    // Neighbours: a span starting before the candidate may reach into it; those starting in
    // [candidate.start, candidate.end) overlap it (a zero-length candidate overlaps nothing).
    for (let j = i - 1; j >= 0; j--) {
      const s = this.items[j]!;
      if (s.id === candidate.id) continue;
      if (s.end > candidate.start && s.start < candidate.end) return s;
      break;
    }
    for (let j = i; j < this.items.length; j++) {
      const s = this.items[j]!;
      if (s.start >= candidate.end) break;
      if (s.id === candidate.id) continue;
      if (s.end > candidate.start) return s; // false only for an empty span at candidate.start
    }
    return null;
  }

  add(span: Interval): void {
    const existing = this.items.findIndex((s) => s.id === span.id);
    if (existing >= 0) this.items.splice(existing, 1);
    // Ordered by (start, end) like the constructor: an empty span sorts before a longer one
    // with the same start, which keeps ends ordered and the one-neighbour look-back right.
    let at = this.firstStartingAtOrAfter(span.start);
    while (at < this.items.length && this.items[at]!.start === span.start && this.items[at]!.end <= span.end) at++;
    this.items.splice(at, 0, span);
  }

  private firstStartingAtOrAfter(start: number): number {
    let lo = 0;
    let hi = this.items.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.items[mid]!.start < start) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
