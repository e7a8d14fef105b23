import { describe, expect, it } from 'vitest';
import { bytesToUuid, isUuid, uuidToBytes, uuidv7, uuidv7Floor, uuidv7Time } from './uuid.ts';

describe('uuidv7', () => {
  it('has version 7, the RFC variant and the given millisecond', () => {
    const ms = Date.UTC(2026, 10, 22, 12, 34, 56, 789);
    const id = uuidv7(ms);
    expect(isUuid(id)).toBe(true);
    expect(id[14]).toBe('7');
    expect(['8', '9', 'a', 'b']).toContain(id[19]);
    expect(uuidv7Time(id)).toBe(ms);
  });

  it('sorts in creation order within one millisecond and when the clock goes back', () => {
    const ms = Date.UTC(2030, 0, 1);
    const ids = [uuidv7(ms), uuidv7(ms), uuidv7(ms), uuidv7(ms - 60_000), uuidv7(ms + 1)];
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
  });

  it('stays unique over a burst larger than the per-millisecond counter', () => {
    const ms = Date.UTC(2031, 0, 1);
    const ids = Array.from({ length: 10_000 }, () => uuidv7(ms));
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
  });

  it('round-trips through bytes, and the floor of a millisecond sorts before its ids', () => {
    const ms = Date.UTC(2032, 5, 1);
    const id = uuidv7(ms);
    expect(bytesToUuid(uuidToBytes(id))).toBe(id);
    expect(bytesToUuid(uuidv7Floor(ms)) <= id).toBe(true);
    expect(bytesToUuid(uuidv7Floor(ms + 1)) > id).toBe(true);
    expect(() => uuidToBytes('nope')).toThrow(/not a UUID/);
  });
});
