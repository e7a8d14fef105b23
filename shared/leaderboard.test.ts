import { describe, expect, it } from 'vitest';
import { attainment, bandOf, compositeScore, gapsTo, rank, thresholds } from './leaderboard.ts';

describe('leaderboard arithmetic', () => {
  it('attainment: higher is better divides, lower is better is met at or under the cap', () => {
    expect(attainment('higher', 30, 40)).toBe(0.75);
    expect(attainment('higher', 5, 0)).toBe(1);
    expect(attainment('lower', 3, 5)).toBe(1);
    expect(attainment('lower', 10, 5)).toBe(0.5);
    expect(attainment('lower', 1, 0)).toBe(0);
    expect(attainment('higher', 3, null)).toBeNull();
  });

  it('the composite is a capped mean over the KPIs with targets', () => {
    expect(compositeScore([0.5, 3, null])).toBe((0.5 + 1.5) / 2);
    expect(compositeScore([null])).toBeNull();
  });

  it('ranks share ties and leave unscored people unranked at the end', () => {
    const r = rank(['a', 'b', 'c', 'd'], (x) => ({ a: 0.5, b: 0.9, c: 0.5, d: null })[x]!);
    expect(r.map((x) => [x.item, x.rank])).toEqual([['b', 1], ['a', 2], ['c', 2], ['d', null]]);
  });

  it('bands: with 12 people the top 10 % is 2, the top 25 % is 3, the top half is 6', () => {
    expect([1, 2, 3, 4, 6, 7, 12].map((r) => bandOf(r, 12))).toEqual(['top10', 'top10', 'top25', 'top50', 'top50', 'bottom50', 'bottom50']);
    expect(bandOf(1, 1)).toBe('top10');
  });

  it('gaps are measured to the lowest score inside each band', () => {
    const scores = [1.2, 1.1, 1.0, 0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3];
    const t = thresholds(scores);
    expect(t).toEqual({ top10: 1.2, top25: 1.0, top50: 0.8 });
    const g = gapsTo(0.75, t);
    expect(g.top10).toBeCloseTo(0.45);
    expect(g.top50).toBeCloseTo(0.05);
    expect(gapsTo(1.3, t)).toEqual({ top10: 0, top25: 0, top50: 0 });
  });
});
