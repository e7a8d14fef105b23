// The system clock moved while the manager works: the real agent process runs under libfaketime,
// its wall clock moved back and forward (the monotonic clock untouched), also across the 04:00
// day start. Whatever the clock did, My day (`zvit day`) counts every closed stretch the export
// holds: only the stretch still open is cut at "now".
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DaySummary } from '../shared/days.ts';
import { agentClient } from '../main/cli/client.ts';
import { exited, zvitJson } from './cli.ts';
import { FakeWall, startAgentUnderFaketime } from './faketime.ts';
import { tempDir } from './tmp.ts';

const dir = tempDir('zvit-clock-');
const ZONE = 'Europe/Kyiv';
const H = 3_600_000;

interface ExportedSegment {
  kind: string;
  start: number;
  end: number;
}

/** Clock in, work a little, move the wall clock by `moveMs`, work a little more, clock out. */
async function workAcrossMove(name: string, start: string, moveMs: number, dates: string[]) {
  const dataDir = path.join(dir, name);
  const wall = new FakeWall(path.join(dir, `${name}-clock`), start);
  const env = wall.env({ ...process.env, TZ: ZONE });
  const agent = await startAgentUnderFaketime(dataDir, wall, ZONE);
  try {
    const call = agentClient(dataDir);
    await call('clockIn', {});
    // Some work before the move: long enough to see, whatever the machine's load.
    await expect.poll(async () => (await call('status', {})).today.workedMs, { interval: 200 }).toBeGreaterThanOrEqual(1500);
    const before = await call('status', {});
    wall.move(moveMs);
    // The agent's loop notices the move (it compares the wall clock with the monotonic one).
    await expect.poll(() => agent.output(), { interval: 200 }).toMatch(/wall clock moved by/);
    const after = await call('status', {});
    await expect.poll(async () => (await call('status', {})).now - after.now, { interval: 200 }).toBeGreaterThanOrEqual(1500);
    await call('clockOut', {});
    const exported = await call('export', { from: '2026-02-27', to: '2026-03-05', format: 'json' });
    const segments = (JSON.parse(exported.body) as { segments: ExportedSegment[] }).segments.filter((s) => s.kind === 'work');
    // My day as the manager asks for it, on the command line (one process each: kept to the days asked).
    const days = new Map<string, DaySummary>();
    for (const date of dates) days.set(date, await zvitJson<DaySummary>(['day', '--date', date, '--data-dir', dataDir], env));
    const today = await call('day', {});
    return { before, after, segments, today, day: (date: string) => days.get(date)! };
  } finally {
    agent.kill('SIGTERM');
    await exited(agent);
  }
}

const total = (segments: ExportedSegment[]) => segments.reduce((ms, s) => ms + (s.end - s.start), 0);

describe('the wall clock moved under the running agent', () => {
  it('keeps the work before the clock was moved back an hour', async () => {
    // 12:00 in Kyiv: both stretches fall in one working day.
    const run = await workAcrossMove('back', '2026-03-02T10:00:00Z', -H, ['2026-03-02']);
    expect(run.segments).toHaveLength(2);
    const [first, second] = run.segments as [ExportedSegment, ExportedSegment];
    expect(second.start).toBeLessThan(first.start); // the later stretch reads an hour earlier
    expect(first.end - first.start).toBeGreaterThanOrEqual(1500);
    expect(run.today.date).toBe('2026-03-02');
    expect(run.today.workedMs).toBe(total(run.segments));
    expect(run.day('2026-03-02').workedMs).toBe(total(run.segments));
  }, 60_000);

  it('counts the time on both sides of a move forward, not the jump', async () => {
    const run = await workAcrossMove('forward', '2026-03-02T10:00:00Z', H, ['2026-03-02']);
    expect(run.segments).toHaveLength(2);
    const day = run.day('2026-03-02');
    expect(day.workedMs).toBe(total(run.segments));
    expect(day.workedMs).toBeLessThan(H); // the hour the clock skipped was not worked
  }, 60_000);

  it('splits the work between the working days when a move back crosses the day start', async () => {
    // 04:00:30 in Kyiv on 2 March (winter, +02:00); an hour back it is 03:00:30, still 1 March's working day.
    const run = await workAcrossMove('back-over-day-start', '2026-03-02T02:00:30Z', -H, ['2026-03-01', '2026-03-02']);
    expect(run.before.today.date).toBe('2026-03-02');
    expect(run.after.today.date).toBe('2026-03-01');
    const [first, second] = run.segments as [ExportedSegment, ExportedSegment];
    const earlier = run.day('2026-03-01');
    const later = run.day('2026-03-02');
    expect(later.workedMs).toBe(first.end - first.start);
    expect(earlier.workedMs).toBe(second.end - second.start);
    expect(run.today.date).toBe('2026-03-01');
  }, 60_000);

  it('keeps a session moved forward across the day start on the working day it started on', async () => {
    // 03:59:00 in Kyiv: 1 March's working day; an hour on it is past 2 March's day start, but the
    // session started on 1 March, and a session belongs whole to the day it started on.
    const run = await workAcrossMove('forward-over-day-start', '2026-03-02T01:59:00Z', H, ['2026-03-01', '2026-03-02']);
    expect(run.before.today.date).toBe('2026-03-01');
    expect(run.after.today.date).toBe('2026-03-01');
    expect(run.day('2026-03-01').workedMs).toBe(total(run.segments));
    expect(run.day('2026-03-02').workedMs).toBe(0);
  }, 60_000);
});

describe('a session across the day start, through the command line', () => {
  it('is counted whole on the working day it started on, in zvit day and the export', async () => {
    const dataDir = path.join(dir, 'across-day-start');
    const wall = new FakeWall(path.join(dir, 'across-day-start-clock'), '2026-03-01T16:00:00Z');
    const env = wall.env({ ...process.env, TZ: ZONE });
    const agent = await startAgentUnderFaketime(dataDir, wall, ZONE);
    try {
      const call = agentClient(dataDir);
      // 03:59:55 in Kyiv on 2 March: still the working day of 1 March, five seconds before 04:00.
      wall.set('2026-03-02T01:59:55Z');
      const clockedIn = await call('clockIn', {});
      expect(clockedIn.today.date).toBe('2026-03-01');
      await expect.poll(async () => (await call('status', {})).now, { interval: 200 }).toBeGreaterThan(Date.parse('2026-03-02T02:00:01Z'));
      const during = await zvitJson<{ today: { date: string } }>(['status', '--data-dir', dataDir], env);
      expect(during.today.date).toBe('2026-03-01');
      await call('clockOut', {});
      const exported = await call('export', { from: '2026-03-01', to: '2026-03-02', format: 'json' });
      const worked = (JSON.parse(exported.body) as { segments: ExportedSegment[] }).segments.filter((s) => s.kind === 'work');
      const first = await zvitJson<DaySummary>(['day', '--date', '2026-03-01', '--data-dir', dataDir], env);
      const second = await zvitJson<DaySummary>(['day', '--date', '2026-03-02', '--data-dir', dataDir], env);
      expect(first.workedMs).toBe(total(worked));
      expect(first.workedMs).toBeGreaterThan(4000); // it runs past 04:00
      expect(second.workedMs).toBe(0);
      const csv = await call('export', { from: '2026-03-01', to: '2026-03-02', format: 'csv', language: 'en' });
      const rows = csv.body.split('\r\n').filter((line) => line.includes('2026-03-0'));
      expect(rows.length).toBeGreaterThan(0);
      expect(rows.every((line) => line.includes('2026-03-01'))).toBe(true);
    } finally {
      agent.kill('SIGTERM');
      await exited(agent);
    }
  }, 60_000);
});
