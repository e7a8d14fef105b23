import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../shared/clock.ts';
import { defaultPolicy, parsePolicy, type Policy } from '../../shared/policy.ts';
import { fakeSources } from '../../test/fake-sources.ts';
import { onFile } from '../../test/sqlite-file.ts';
import { tempDir } from '../../test/tmp.ts';
import { LocalStore } from '../store/local-store.ts';
import { Agent } from './agent.ts';

const dir = tempDir();
let n = 0;
const sec = 1000;
const min = 60 * sec;

function setup(policy: Policy = defaultPolicy(), file = path.join(dir, `agent-${++n}.db`)) {
  // 09:00 in Kyiv on a Monday.
  const clock = new FakeClock('2026-03-02T07:00:00Z', 'Europe/Kyiv');
  const store = LocalStore.open(file, () => clock.now());
  const fakes = fakeSources(() => clock.now());
  const agent = new Agent({ store, clock, sources: fakes.sources, policy });
  /** Real time passes second by second with the manager at the keyboard unless told otherwise. */
  const run = async (ms: number, { typing = true } = {}) => {
    for (let t = 0; t < ms; t += sec) {
      clock.advance(sec);
      if (typing) fakes.idle.input();
      await agent.tick();
    }
  };
  /** The manager brings another window to the front (the source reports it at once). */
  const show = async (...args: Parameters<typeof fakes.windows.show>) => {
    fakes.windows.show(...args);
    await agent.tick();
  };
  return { clock, store, agent, run, file, show, ...fakes };
}

const storedSpans = (store: LocalStore) => store.spans.between(0, Number.MAX_SAFE_INTEGER).map((s) => [s.app, s.title, (s.end - s.start) / sec]);

describe('Agent', () => {
  it('merges equal samples into one span per window switch and counts worked time', async () => {
    const { agent, store, run, show } = setup();
    agent.start();
    await show('XTerm', 'Угода з ТОВ «Ромашка»');
    await agent.clockIn();
    await run(30 * sec);
    await show('Telegram', 'Telegram');
    await run(20 * sec);
    await show('XTerm', 'Угода з ТОВ «Ромашка»');
    await run(10 * sec);
    await agent.clockOut();
    expect(storedSpans(store)).toEqual([
      ['XTerm', 'Угода з ТОВ «Ромашка»', 30],
      ['Telegram', 'Telegram', 20],
      ['XTerm', 'Угода з ТОВ «Ромашка»', 10],
    ]);
    const day = agent.day();
    expect(day.workedMs).toBe(60 * sec);
    expect(day.byApp.map((a) => [a.app, a.ms / sec])).toEqual([
      ['XTerm', 40],
      ['Telegram', 20],
    ]);
    expect(day.byCategory.find((c) => c.category === 'messengers')?.ms).toBe(20 * sec);
    await agent.stop();
  });

  it('records nothing about apps while clocked out, on a break or in private mode', async () => {
    const { agent, store, run, show } = setup();
    agent.start();
    await show('Firefox', 'YouTube');
    await run(10 * sec);
    await agent.clockIn();
    await agent.startBreak();
    await run(10 * sec);
    await agent.resume();
    await run(5 * sec);
    await agent.setPrivate(true, false);
    await run(10 * sec);
    await agent.setPrivate(false);
    await run(5 * sec);
    await agent.clockOut();
    expect(storedSpans(store).map((s) => s[2])).toEqual([5, 5]);
    const day = agent.day();
    expect(day.workedMs).toBe(10 * sec);
    expect(day.breakMs).toBe(10 * sec);
    expect(day.privateMs).toBe(10 * sec);
  });

  it('applies the policy: excluded apps are never stored, titles can be off', async () => {
    const parsed = parsePolicy({ excludedApps: [{ app: '^KeePassXC$' }], titles: { capture: 'off' } });
    if (!parsed.ok) throw new Error(parsed.error);
    const { agent, store, run, show } = setup(parsed.policy);
    agent.start();
    await agent.clockIn();
    await show('KeePassXC', 'Passwords.kdbx');
    await run(10 * sec);
    await show('Thunderbird', 'Inbox — client@example.com');
    await run(10 * sec);
    await agent.clockOut();
    expect(storedSpans(store)).toEqual([['Thunderbird', null, 10]]);
    expect(JSON.stringify(onFile(store.file, (db) => db.prepare('SELECT * FROM windows').all()))).not.toMatch(/KeePass|Passwords|client@/);
  });

  it('pauses on idle back-dated to the last input, and the gap waits for a decision', async () => {
    const { agent, run, show, clock } = setup();
    agent.start();
    await show('XTerm', 'shell');
    await agent.clockIn();
    await run(2 * min);
    await run(5 * min, { typing: false });
    let status = agent.status();
    expect(status.state).toBe('paused');
    expect(status.pauseReason).toBe('idle');
    expect(status.since).toBe(Date.parse('2026-03-02T07:02:00Z'));
    await run(10 * min, { typing: false });
    await run(1 * min); // back at the keyboard
    status = agent.status();
    expect(status.state).toBe('working');
    expect(status.pendingIdle).toHaveLength(1);
    expect(status.pendingIdle[0]!.ms).toBe(15 * min + sec);
    // Undecided idle counts as neither work nor break.
    let day = agent.day();
    expect(day.workedMs).toBe(3 * min - sec);
    expect(day.idle.pendingMs).toBe(15 * min + sec);
    expect(day.byApp[0]!.ms).toBe(3 * min - sec);

    await agent.resolveIdle('keep', 'call');
    day = agent.day();
    expect(day.workedMs).toBe(18 * min);
    expect(day.idle.keptMs).toBe(15 * min + sec);
    expect(day.byLabel).toEqual([{ label: 'call', ms: 15 * min + sec }]);
    expect(agent.status().pendingIdle).toEqual([]);
    await expect(agent.resolveIdle('discard')).rejects.toThrow(/no idle time waiting/);
    expect(clock.now()).toBe(Date.parse('2026-03-02T07:18:00Z'));
  });

  it('takes an idle gap as a break or discards it, as decided', async () => {
    const { agent, run, show } = setup();
    agent.start();
    await show('XTerm', 'shell');
    await agent.clockIn();
    await run(1 * min);
    await run(10 * min, { typing: false });
    await run(1 * min);
    const gap = agent.status().pendingIdle[0]!;
    await agent.resolveIdle('break', null, gap.gapId);
    expect(agent.day().idle.breakMs).toBe(gap.ms);
    expect(agent.day().breakMs).toBe(gap.ms);
    await agent.resolveIdle('discard', null, gap.gapId);
    expect(agent.day().idle.discardedMs).toBe(gap.ms);
    expect(agent.day().breakMs).toBe(0);
    await expect(agent.resolveIdle('keep', null, '01900000-0000-7000-8000-000000000000')).rejects.toThrow(/No idle gap/);
  });

  it('pauses while the screen is locked and for a suspend reported by the shell', async () => {
    const { agent, run, show, idle } = setup();
    agent.start();
    await show('XTerm', 'shell');
    await agent.clockIn();
    await run(1 * min);
    idle.locked = true;
    await run(3 * min);
    expect(agent.status().pauseReason).toBe('lock');
    idle.locked = false;
    await run(1 * min);
    expect(agent.status().state).toBe('working');
    await agent.systemEvent('suspend');
    await run(2 * min);
    await agent.systemEvent('resume');
    await run(1 * min);
    const day = agent.day();
    // Locked from the first sample after 1:00 (1:01) to the first after 4:00 (4:01), then
    // suspended 5:00–7:00.
    expect(day.pausedMs).toBe(5 * min);
    expect(day.workedMs).toBe(3 * min);
  });

  it('does not count a wall-clock jump and never goes negative', async () => {
    const { agent, run, show, clock, store } = setup();
    agent.start();
    await show('XTerm', 'shell');
    await agent.clockIn();
    await run(10 * min);
    clock.jumpWall(3 * 60 * min); // clock moved 3 h forward
    await run(10 * min);
    clock.jumpWall(-5 * 60 * min); // then 5 h back
    await run(10 * min);
    await agent.clockOut();
    const jumps = store.workEvents.all().filter((e) => e.kind === 'clock_jump');
    expect(jumps).toHaveLength(2);
    const segments = agent.segments();
    expect(segments.every((s) => s.end >= s.start)).toBe(true);
    expect(segments.reduce((sum, s) => sum + (s.end - s.start), 0)).toBe(30 * min);
    const spans = store.spans.between(0, Number.MAX_SAFE_INTEGER);
    expect(spans.every((s) => s.end >= s.start)).toBe(true);
    expect(spans.reduce((sum, s) => sum + (s.end - s.start), 0)).toBe(30 * min);
  });

  it('keeps the work done before the wall clock was set back, in My day too', async () => {
    const { agent, clock, run, show } = setup();
    agent.start();
    await show('XTerm', 'shell');
    await agent.clockIn();
    await run(20 * min);
    clock.jumpWall(-60 * min);
    await run(10 * min);
    await agent.clockOut();
    // The 20 minutes before the move now read as later than "now": they still count.
    expect(agent.day().workedMs).toBe(30 * min);
    expect(agent.day().byApp.map((a) => [a.app, a.ms / min])).toEqual([['XTerm', 30]]);
  });

  it('notices a moved clock at a command given before the loop saw it', async () => {
    const { agent, clock, run, show, store } = setup();
    agent.start();
    await show('XTerm', 'shell');
    await agent.clockIn();
    await run(20 * min);
    clock.jumpWall(-60 * min);
    clock.advance(2 * sec);
    await agent.clockOut(); // no tick between the move and the command
    expect(store.workEvents.all().map((e) => e.kind)).toEqual(['clock_in', 'clock_jump', 'clock_out']);
    expect(agent.day().workedMs).toBe(20 * min + 2 * sec);
    expect(store.spans.between(0, Number.MAX_SAFE_INTEGER).reduce((ms, s) => ms + s.end - s.start, 0)).toBe(20 * min + 2 * sec);
  });

  it('after a restart while working goes on, recording the downtime as a gap', async () => {
    const first = setup();
    first.agent.start();
    await first.show('XTerm', 'shell');
    await first.agent.clockIn();
    await first.run(95 * sec);
    // Killed: no stop(), no final flush. The last flush was at 90 s.
    first.store.close();
    first.clock.advance(10 * min);

    const second = setup(defaultPolicy(), first.file);
    second.clock.advance(first.clock.now() - second.clock.now());
    second.idle.input(); // the manager is at the keyboard when the agent comes back
    second.agent.start();
    await second.show('XTerm', 'shell');
    await second.run(60 * sec);
    const day = second.agent.day();
    expect(second.agent.status().state).toBe('working');
    expect(day.gapMs).toBe(10 * min + 5 * sec);
    expect(day.workedMs).toBe(150 * sec);
    // Every span that was committed before the kill is still there.
    expect(storedSpans(second.store)[0]).toEqual(['XTerm', 'shell', 90]);
    await second.agent.stop();
  });

  it('writes spans at most every flush interval and at every state change', async () => {
    const { agent, store, run, show } = setup();
    agent.start();
    await show('XTerm', 'a');
    await agent.clockIn();
    await run(5 * sec);
    await show('XTerm', 'b');
    await run(3 * sec);
    expect(storedSpans(store)).toEqual([]);
    await run(2 * sec);
    expect(storedSpans(store)).toEqual([
      ['XTerm', 'a', 5],
      ['XTerm', 'b', 5],
    ]);
    await run(3 * sec);
    await agent.startBreak();
    expect(storedSpans(store)).toEqual([
      ['XTerm', 'a', 5],
      ['XTerm', 'b', 8],
    ]);
  });

  it('reports a broken window source in the status and keeps the clock running', async () => {
    const { agent, run, windows } = setup();
    agent.start();
    await agent.clockIn();
    windows.failWith = new Error('X server went away');
    await run(5 * sec);
    const status = agent.status();
    expect(status.tracking.problems.join()).toMatch(/X server went away/);
    expect(status.today.workedMs).toBe(5 * sec);
  });

  it('refuses commands that do not fit the state, with the reason', async () => {
    const { agent } = setup();
    await expect(agent.startBreak()).rejects.toThrow(/clock in first/);
    await agent.clockIn();
    await expect(agent.clockIn()).rejects.toThrow(/Already clocked in/);
  });
});
