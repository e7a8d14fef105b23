import { describe, expect, it } from 'vitest';
import { SpanSet } from './overlap.ts';

const s = (id: string, start: number, end: number) => ({ id, start, end });

describe('SpanSet', () => {
  const set = () => new SpanSet([s('a', 10, 20), s('b', 20, 30), s('c', 40, 50)]);

  it('finds overlaps on either side and inside', () => {
    expect(set().conflict(s('x', 15, 16))?.id).toBe('a');
    expect(set().conflict(s('x', 5, 11))?.id).toBe('a');
    expect(set().conflict(s('x', 29, 41))?.id).toBe('b');
    expect(set().conflict(s('x', 0, 100))).not.toBeNull();
    expect(set().conflict(s('x', 45, 45))?.id).toBe('c'); // an empty span inside another
  });

  it('lets spans touch and fill gaps', () => {
    expect(set().conflict(s('x', 30, 40))).toBeNull();
    expect(set().conflict(s('x', 0, 10))).toBeNull();
    expect(set().conflict(s('x', 50, 60))).toBeNull();
    expect(set().conflict(s('x', 30, 30))).toBeNull();
    expect(set().conflict(s('x', 10, 10))).toBeNull();
  });

  it('ignores the span itself (a grown open span) and sees what was added', () => {
    const x = set();
    expect(x.conflict(s('a', 10, 20))).toBeNull();
    expect(x.conflict(s('b', 20, 40))).toBeNull();
    expect(x.conflict(s('b', 20, 41))?.id).toBe('c');
    x.add(s('d', 30, 35));
    expect(x.conflict(s('b', 20, 31))?.id).toBe('d');
    x.add(s('b', 20, 30));
    expect(x.conflict(s('y', 29, 31))?.id).toBe('b');
  });

  it('agrees with a brute-force check on random spans', () => {
    let seed = 7;
    const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    for (let round = 0; round < 50; round++) {
      const x = new SpanSet();
      const kept: { id: string; start: number; end: number }[] = [];
      for (let i = 0; i < 60; i++) {
        const start = rnd(500);
        const c = s(`s${i}`, start, start + rnd(20));
        const brute = kept.find((k) => k.start < c.end && c.start < k.end) ?? null;
        expect(x.conflict(c) !== null).toBe(brute !== null);
        if (!brute) {
          x.add(c);
          kept.push(c);
        }
      }
    }
  });
});
