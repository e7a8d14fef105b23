import { describe, expect, it } from 'vitest';
import { checkTransition, deriveSegments, foldState, INITIAL_STATE, type WorkEvent, type WorkEventData, type WorkEventKind } from './worktime.ts';

const T = Date.UTC(2026, 2, 2, 7, 0); // 09:00 in Kyiv
const min = 60_000;
let seq = 0;
const ev = (kind: WorkEventKind, atMin: number, data?: WorkEventData): WorkEvent => ({
  id: `00000000-0000-7000-8000-${String(++seq).padStart(12, '0')}`,
  kind,
  at: T + atMin * min,
  zone: 'Europe/Kyiv',
  mono: atMin * min,
  ...(data ? { data } : {}),
});
const shape = (events: WorkEvent[], nowMin: number) =>
  deriveSegments(events, T + nowMin * min).map((s) => [s.kind, (s.start - T) / min, (s.end - T) / min, s.label ?? s.reason ?? null]);

describe('work-time fold', () => {
  it('walks clocked out → working ⇄ break → clocked out', () => {
    const events = [ev('clock_in', 0), ev('break', 60), ev('resume', 75), ev('clock_out', 120)];
    expect(shape(events, 200)).toEqual([
      ['work', 0, 60, null],
      ['break', 60, 75, null],
      ['work', 75, 120, null],
    ]);
    expect(foldState(events).status).toBe('clocked_out');
  });

  it('leaves the open segment running to now', () => {
    expect(shape([ev('clock_in', 0), ev('label', 10, { label: 'call' })], 25)).toEqual([
      ['work', 0, 10, null],
      ['work', 10, 25, 'call'],
    ]);
  });

  it('keeps an idle pause as its own segment keyed by the pause event', () => {
    const pause = ev('pause', 30, { reason: 'idle' });
    const segments = deriveSegments([ev('clock_in', 0), pause, ev('unpause', 50, { reason: 'idle' })], T + 60 * min);
    expect(segments.map((s) => s.kind)).toEqual(['work', 'idle', 'work']);
    expect(segments[1]?.gapId).toBe(pause.id);
    expect(foldState([ev('clock_in', 0), pause]).gapId).toBe(pause.id);
  });

  it('records the time the agent was down as a gap and goes on in the same state', () => {
    const events = [ev('clock_in', 0), ev('break', 30), ev('restart', 90, { downFrom: 40 * min + T })];
    expect(shape(events, 100)).toEqual([
      ['work', 0, 30, null],
      ['break', 30, 40, null],
      ['gap', 40, 90, null],
      ['break', 90, 100, null],
    ]);
  });

  it('does not count a wall-clock jump, forward or back, and never runs a segment backwards', () => {
    // At 09:30 the clock jumps forward to 11:30; at 12:00 it is set back to 10:00.
    const events = [ev('clock_in', 0), ev('clock_jump', 150, { from: T + 30 * min }), ev('clock_jump', 60, { from: T + 180 * min })];
    const segments = shape(events, 90);
    expect(segments).toEqual([
      ['work', 0, 30, null],
      ['work', 150, 180, null],
      ['work', 60, 90, null],
    ]);
    const total = segments.reduce((sum, [, s, e]) => sum + (Number(e) - Number(s)), 0);
    expect(total).toBe(90);
  });

  it('marks only the stretch still running as open', () => {
    const running = deriveSegments([ev('clock_in', 0), ev('break', 30)], T + 40 * min);
    expect(running.map((s) => [s.kind, s.open ?? false])).toEqual([
      ['work', false],
      ['break', true],
    ]);
    const closed = deriveSegments([ev('clock_in', 0), ev('clock_out', 30)], T + 40 * min);
    expect(closed.some((s) => s.open)).toBe(false);
  });

  it('drops a segment that an event stamped earlier would make negative', () => {
    expect(shape([ev('clock_in', 0), ev('label', 40, { label: 'x' }), ev('pause', 35, { reason: 'idle' })], 50)).toEqual([
      ['work', 0, 40, null],
      ['idle', 35, 50, 'idle'],
    ]);
  });

  it('counts private time as work or not, as the manager chose', () => {
    const events = [ev('clock_in', 0), ev('private', 10, { on: true, countsAsWork: false }), ev('private', 20, { on: false }), ev('clock_out', 30)];
    expect(shape(events, 30).map((s) => s[0])).toEqual(['work', 'private', 'work']);
  });

  it('refuses commands that make no sense in the current state, with a reason', () => {
    expect(() => checkTransition(INITIAL_STATE, 'break')).toThrow(/clock in first/);
    expect(() => checkTransition(INITIAL_STATE, 'clock_out')).toThrow(/Not clocked in/);
    const working = foldState([ev('clock_in', 0)]);
    expect(() => checkTransition(working, 'clock_in')).toThrow(/Already clocked in/);
    expect(() => checkTransition(working, 'resume')).toThrow(/Not on a break/);
    expect(() => checkTransition(working, 'break')).not.toThrow();
  });
});
