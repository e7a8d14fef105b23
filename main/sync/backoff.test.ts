import { describe, expect, it } from 'vitest';
import { backoffDelay, BACKOFF_MAX_MS, BACKOFF_MIN_MS } from './sync-loop.ts';

describe('backoffDelay', () => {
  it('doubles from 1 s to 60 s, jittered over the upper half of each step', () => {
    expect(BACKOFF_MIN_MS).toBe(1000);
    expect(BACKOFF_MAX_MS).toBe(60_000);
    const low = [1, 2, 3, 4, 5, 6, 7, 8, 20].map((f) => backoffDelay(f, 0, null));
    const high = [1, 2, 3, 4, 5, 6, 7, 8, 20].map((f) => backoffDelay(f, 1, null));
    expect(high).toEqual([1000, 2000, 4000, 8000, 16_000, 32_000, 60_000, 60_000, 60_000]);
    expect(low).toEqual(high.map((h) => h / 2));
    expect(backoffDelay(3, 0.5, null)).toBe(3000);
  });

  it('waits at least as long as Retry-After says, up to an hour', () => {
    expect(backoffDelay(1, 0, 30)).toBe(30_000);
    expect(backoffDelay(7, 1, 5)).toBe(60_000);
    expect(backoffDelay(1, 0, 86_400)).toBe(3600_000);
  });
});
