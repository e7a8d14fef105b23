// Working days recorded by the real agent (main/agent: its tracker, idle detection, store and
// outbox) under a simulated clock and a scripted person at the keyboard (the window in front and
// the last input), so hub tests, the demo and the benchmark get the records an agent would really
// send, in wire form.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Agent } from '../../../main/agent/agent.ts';
import { LocalStore } from '../../../main/store/local-store.ts';
import { Outbox } from '../../../main/sync/outbox.ts';
import { FakeClock } from '../../../shared/clock.ts';
import type { IdleDecisionKind } from '../../../shared/model.ts';
import type { DayPlan, ReportContent } from '../../../shared/plan.ts';
import { defaultPolicy, type Policy } from '../../../shared/policy.ts';
import type { SyncRecord } from '../../../shared/sync.ts';
import { localTimeToUtc } from '../../../shared/time.ts';
import type { ForegroundWindow, IdleSource, WindowSource } from '../../../main/platform/types.ts';

/** Something that happens in a scripted day, `at` minutes after the clock-in. */
export type DayStep =
  | { at: number; kind: 'break'; minutes: number }
  | { at: number; kind: 'idle'; minutes: number; decision: IdleDecisionKind | null; label?: string }
  | { at: number; kind: 'lock'; minutes: number }
  | { at: number; kind: 'label'; label: string | null }
  | { at: number; kind: 'private'; minutes: number; countsAsWork: boolean };

export interface ScriptedDay {
  /** 'YYYY-MM-DD' in the agent's zone. */
  date: string;
  /** Local 'HH:MM' of the clock-in. */
  clockIn: string;
  /** Minutes from clock-in to clock-out; the day stays open (still clocked in) when null. */
  minutes: number;
  clockOut: boolean;
  steps: DayStep[];
  /** The morning plan, saved by the agent's store just after the clock-in. */
  plan?: { items: DayPlan['items']; commitments?: Record<string, number>; note?: string };
  /** The evening report, filed by the agent's store just after the clock-out. */
  report?: Omit<ReportContent, 'date'>;
}

export interface Window {
  app: string;
  title: string | null;
  domain?: string | null;
}

export interface RecordOptions {
  zone: string;
  days: ScriptedDay[];
  windows: readonly Window[];
  /** Seconds between the agent's samples (it samples once a second in real life). */
  tickSeconds?: number;
  /** Minutes between window switches. */
  switchEvery?: number;
  policy?: Policy;
  seed?: number;
}

export interface Recorded {
  deviceId: string;
  records: SyncRecord[];
}

/** Runs the agent through the days and returns everything it recorded, in wire form. */
export async function recordDays(options: RecordOptions): Promise<Recorded> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zvit-agent-days-'));
  const first = options.days[0];
  const start = first ? localTimeToUtc(first.date, first.clockIn, options.zone) - 60_000 : Date.now();
  const clock = new FakeClock(start, options.zone);
  const store = LocalStore.open(path.join(dir, 'zvit.db'), () => clock.now());
  const windows = new ScriptedWindow();
  const idle = new ScriptedIdle(() => clock.now());
  const sources = { window: windows, idle, unavailable: [] };
  const agent = new Agent({ store, clock, sources, policy: options.policy ?? defaultPolicy() });
  const tick = (options.tickSeconds ?? 30) * 1000;
  const switchEvery = (options.switchEvery ?? 7) * 60_000;
  let rng = options.seed ?? 1;
  const random = () => (rng = (rng * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const show = () => {
    const w = options.windows[Math.floor(random() * options.windows.length)]!;
    windows.show(w);
  };
  /** Real time passes with the manager at the keyboard (or not), the agent sampling. */
  const pass = async (ms: number, present: boolean) => {
    for (let done = 0; done < ms; ) {
      const step = Math.min(tick, ms - done);
      clock.advance(step);
      done += step;
      if (present) idle.input();
      if (present && Math.floor((done - step) / switchEvery) !== Math.floor(done / switchEvery)) show();
      await agent.tick();
    }
  };
  try {
    for (const day of options.days) {
      const inAt = localTimeToUtc(day.date, day.clockIn, options.zone);
      // A day that would begin before the last one ended is left out.
      if (inAt <= clock.now()) continue;
      {
        clock.advance(inAt - clock.now());
        await agent.tick();
      }
      idle.input();
      show();
      await agent.clockIn();
      if (day.plan) store.plans.save({ date: day.date, items: day.plan.items, commitments: day.plan.commitments ?? {}, note: day.plan.note ?? '' }, clock.now(), options.zone);
      let elapsed = 0;
      const steps = [...day.steps].sort((a, b) => a.at - b.at);
      for (const step of steps) {
        if (step.at >= day.minutes) break;
        if (step.at > elapsed) {
          await pass((step.at - elapsed) * 60_000, true);
          elapsed = step.at;
        }
        const status = agent.status().state;
        if (status !== 'working') continue;
        switch (step.kind) {
          case 'break':
            await agent.startBreak();
            await pass(step.minutes * 60_000, false);
            await agent.resume();
            elapsed += step.minutes;
            break;
          case 'idle': {
            await pass(step.minutes * 60_000, false);
            idle.input();
            await pass(tick, true);
            elapsed += step.minutes;
            if (step.decision && agent.pendingIdle().length) await agent.resolveIdle(step.decision, step.label ?? null);
            break;
          }
          case 'lock':
            await agent.systemEvent('lock');
            await pass(step.minutes * 60_000, false);
            idle.input();
            await agent.systemEvent('unlock');
            elapsed += step.minutes;
            break;
          case 'label':
            await agent.setLabel(step.label);
            break;
          case 'private':
            await agent.setPrivate(true, step.countsAsWork);
            await pass(step.minutes * 60_000, true);
            if (agent.status().state !== 'clocked_out') await agent.setPrivate(false);
            elapsed += step.minutes;
            break;
        }
      }
      if (day.minutes > elapsed) await pass((day.minutes - elapsed) * 60_000, true);
      if (day.clockOut) await agent.clockOut();
      agent.flush();
      if (day.report) store.reports.add({ ...day.report, date: day.date }, clock.now() + 60_000, options.zone);
    }
    agent.flush();
    const outbox = new Outbox(store);
    return { deviceId: store.deviceId, records: [...outbox.allRecords()] };
  } finally {
    await agent.stop();
    store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The window the scripted person has in front; it tells the agent of each switch, as X11 does. */
class ScriptedWindow implements WindowSource {
  readonly name = 'scripted';
  private window: ForegroundWindow | null = null;
  private readonly listeners = new Set<() => void>();

  show(w: Window): void {
    this.window = { app: w.app, title: w.title, exe: `/usr/bin/${w.app.toLowerCase()}`, pid: 100, domain: w.domain ?? null };
    for (const l of this.listeners) l();
  }
  async current(): Promise<ForegroundWindow | null> {
    return this.window;
  }
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  async close(): Promise<void> {}
}

/** The scripted person's last keyboard or mouse input, on the simulated clock. */
class ScriptedIdle implements IdleSource {
  readonly name = 'scripted';
  private lastInput: number;
  private readonly now: () => number;

  constructor(now: () => number) {
    this.now = now;
    this.lastInput = now();
  }
  input(): void {
    this.lastInput = this.now();
  }
  async idleSeconds(): Promise<number> {
    return Math.max(0, (this.now() - this.lastInput) / 1000);
  }
  async screenLocked(): Promise<boolean | null> {
    return false;
  }
  async close(): Promise<void> {}
}
