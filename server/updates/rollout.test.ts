import { describe, expect, it } from 'vitest';
import { bucket, chooseRelease, isOffered, type RolloutDevice, type RolloutRelease } from './rollout.ts';

const device = (n: number, extra: Partial<RolloutDevice> = {}): RolloutDevice => ({
  deviceId: `0190a1b2-0000-7000-8000-${String(n).padStart(12, '0')}`,
  teamId: null,
  currentVersion: null,
  alreadyIn: new Set(),
  ...extra,
});
const release = (id: string, version: string, extra: Partial<RolloutRelease> = {}): RolloutRelease => ({ id, version, state: 'rolling', percent: 100, teams: [], ...extra });
const devices = Array.from({ length: 2000 }, (_, i) => device(i));

describe('the rollout decision', () => {
  it('gives each (device, release) one stable place, spread evenly over 0–100', () => {
    expect(bucket(devices[0]!.deviceId, 'r1')).toBe(bucket(devices[0]!.deviceId, 'r1'));
    const places = devices.map((d) => bucket(d.deviceId, 'r1'));
    expect(Math.min(...places)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...places)).toBeLessThan(100);
    const underTen = places.filter((p) => p < 10).length;
    // 2000 draws at 10%: 200 expected; 4 standard deviations either side.
    expect(underTen).toBeGreaterThan(200 - 4 * 13.4);
    expect(underTen).toBeLessThan(200 + 4 * 13.4);
    // A new release draws again: the first 10% are not the same devices every time.
    const again = devices.filter((d) => bucket(d.deviceId, 'r2') < 10 && bucket(d.deviceId, 'r1') < 10).length;
    expect(again).toBeLessThan(underTen / 2);
  });

  it('raising the percentage keeps every device that was in', () => {
    const at = (percent: number) => new Set(devices.filter((d) => isOffered(release('r1', '1.1.0', { percent }), d)).map((d) => d.deviceId));
    const ten = at(10);
    const fifty = at(50);
    for (const id of ten) expect(fifty.has(id)).toBe(true);
    expect(fifty.size).toBeGreaterThan(ten.size);
    expect(at(0).size).toBe(0);
    expect(at(100).size).toBe(devices.length);
  });

  it('a listed team gets it whatever the percentage', () => {
    const r = release('r1', '1.1.0', { percent: 0, teams: ['sales'] });
    expect(isOffered(r, device(1, { teamId: 'sales' }))).toBe(true);
    expect(isOffered(r, device(1, { teamId: 'support' }))).toBe(false);
  });

  it('a paused release goes on for devices that had it, and to nobody new', () => {
    const r = release('r1', '1.1.0', { state: 'paused', percent: 100 });
    expect(isOffered(r, device(1))).toBe(false);
    expect(isOffered(r, device(1, { alreadyIn: new Set(['r1']) }))).toBe(true);
    expect(isOffered(r, device(1, { currentVersion: '1.1.0' }))).toBe(true);
  });

  it('outside the percentage a device stays on the release before', () => {
    const old = release('r0', '1.0.0', { state: 'complete' });
    const fresh = release('r1', '1.1.0', { percent: 10 });
    const outside = devices.find((d) => bucket(d.deviceId, 'r1') >= 10)!;
    const inside = devices.find((d) => bucket(d.deviceId, 'r1') < 10)!;
    expect(chooseRelease([fresh, old], outside)?.release.version).toBe('1.0.0');
    expect(chooseRelease([old, fresh], inside)?.release.version).toBe('1.1.0');
  });

  it('halting serves the release before again, as an explicit rollback to devices that took the halted one', () => {
    const releases = [release('r0', '1.0.0', { state: 'complete' }), release('r1', '1.1.0', { state: 'halted' })];
    expect(chooseRelease(releases, device(1, { currentVersion: '1.1.0' }))).toEqual({ release: releases[0], rollback: true });
    expect(chooseRelease(releases, device(1, { currentVersion: '1.0.0' }))).toEqual({ release: releases[0], rollback: false });
    // A device on a newer build the hub never halted is not told to go back.
    expect(chooseRelease(releases, device(1, { currentVersion: '1.2.0' }))?.rollback).toBe(false);
    expect(chooseRelease([release('r1', '1.1.0', { state: 'halted' })], device(1))).toBeNull();
  });

  it('orders versions as semver, not as text', () => {
    const releases = [release('a', '1.9.0', { state: 'complete' }), release('b', '1.10.0', { state: 'complete' })];
    expect(chooseRelease(releases, device(1))?.release.version).toBe('1.10.0');
  });
});
