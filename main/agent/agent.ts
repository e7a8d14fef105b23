// The tracking core of the agent: the work-time state machine, idle detection and the
// active-app sampler over one local store. Plain Node, no Electron: the headless runner, the
// Electron shell and the tests all drive this same class, each injecting its own seams.
import type { Clock } from '../../shared/clock.ts';
import { summarizeDay, type DaySummary } from '../../shared/days.ts';
import type { IdleDecisionKind, Productivity, Segment } from '../../shared/model.ts';
import { compilePolicy, type CompiledPolicy, type Policy } from '../../shared/policy.ts';
import { sessionsOf, workingDayBounds, workingDayOf, type Session } from '../../shared/working-days.ts';
import {
  checkTransition,
  deriveSegments,
  foldState,
  reduce,
  TransitionError,
  type WorkEvent,
  type WorkEventData,
  type WorkEventKind,
  type WorkState,
} from '../../shared/worktime.ts';
import { describeTrackingIssue, type AgentStatus, type PendingIdle, type SyncStatus, type TrackingIssue } from '../../shared/api.ts';
import type { PlatformSources } from '../platform/types.ts';
import type { LocalStore } from '../store/local-store.ts';
import { ActivityTracker, type RecordedWindow } from './activity-tracker.ts';

/** A wall-clock move larger than this (against the monotonic clock) is a jump, not drift. */
export const CLOCK_JUMP_MS = 2 * 60 * 1000;

export interface AgentOptions {
  store: LocalStore;
  clock: Clock;
  sources: PlatformSources;
  policy: Policy;
  /** Why the policy in force is not the one configured (an invalid file), shown in the status. */
  policyError?: string | null;
  log?: (message: string) => void;
}

export type SystemEvent = 'lock' | 'unlock' | 'suspend' | 'resume';

export interface Presence {
  state: WorkState['status'];
  since: number | null;
  pauseReason: WorkState['pauseReason'];
  label: string | null;
  current: { category: string; productivity: Productivity } | null;
  privateMode: boolean;
  zone: string;
}

export class Agent {
  private readonly store: LocalStore;
  private readonly clock: Clock;
  private readonly sources: PlatformSources;
  private readonly log: (message: string) => void;
  private readonly tracker = new ActivityTracker();
  private readonly events: WorkEvent[];
  private state: WorkState;
  private policy: CompiledPolicy;
  private policyError: string | null;
  private lastWall: number;
  private lastMono: number;
  private lastFlushMono: number;
  private timer: NodeJS.Timeout | null = null;
  private stopped = true;
  private lastSourceError: TrackingIssue | null = null;
  private lastIdleSeconds = 0;
  private unsubscribeWindow: (() => void) | null = null;
  /** Serializes ticks and commands, so an await inside a tick never interleaves a command. */
  private queue: Promise<unknown> = Promise.resolve();
  private readonly listeners = new Set<() => void>();
  /** Set by whoever runs the sync loop; without one the device is simply not enrolled. */
  syncStatus: () => SyncStatus = () => ({
    enrolled: false,
    hubUrl: null,
    user: null,
    waiting: 0,
    refused: 0,
    lastSuccessAt: null,
    lastError: null,
    lastErrorCode: null,
    nextAttemptAt: null,
    clockOffsetMs: null,
    tokenStore: { kind: 'none', location: null },
  });

  constructor(options: AgentOptions) {
    this.store = options.store;
    this.clock = options.clock;
    this.sources = options.sources;
    this.log = options.log ?? (() => {});
    this.policy = compilePolicy(options.policy);
    this.policyError = options.policyError ?? null;
    this.events = this.store.workEvents.all();
    this.state = foldState(this.events);
    this.lastWall = this.clock.now();
    this.lastMono = this.clock.mono();
    this.lastFlushMono = this.lastMono;
  }

  /** Resumes after a restart and starts sampling. */
  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    const now = this.clock.now();
    if (this.state.status !== 'clocked_out') {
      // The agent was not running while clocked in (crash, power cut, reboot): the session goes
      // on, and the time since the last sign of life is recorded as a gap, not as work.
      const lastEventAt = this.events.at(-1)?.at ?? now;
      const downFrom = Math.max(this.store.heartbeat()?.at ?? lastEventAt, lastEventAt);
      this.append('restart', now, { downFrom: Math.min(downFrom, now) });
    }
    this.unsubscribeWindow = this.sources.window?.onChange?.(() => void this.enqueue(() => this.sample(this.clock.now()))) ?? null;
    this.schedule();
  }

  /** Stops sampling and writes what is pending. The session stays as it is (see start). */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.unsubscribeWindow?.();
    await this.queue.catch(() => {});
    this.flush();
  }

  /** Called whenever the state or today's figures may have changed (for live UIs). */
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  setPolicy(policy: Policy, error: string | null = null): void {
    this.policy = compilePolicy(policy);
    this.policyError = error;
    this.notify();
  }

  setPolicyError(error: string | null): void {
    this.policyError = error;
    this.notify();
  }

  // ---- commands ----

  clockIn(): Promise<AgentStatus> {
    return this.command('clock_in');
  }
  startBreak(): Promise<AgentStatus> {
    return this.command('break');
  }
  resume(): Promise<AgentStatus> {
    return this.command('resume');
  }
  clockOut(): Promise<AgentStatus> {
    return this.command('clock_out');
  }

  setLabel(label: string | null): Promise<AgentStatus> {
    return this.enqueue(() => {
      this.requireClockedIn();
      this.append('label', this.noticeClock(), { label: label?.trim() || null });
      return this.status();
    });
  }

  setPrivate(on: boolean, countsAsWork?: boolean): Promise<AgentStatus> {
    return this.enqueue(async () => {
      this.requireClockedIn();
      const counts = countsAsWork ?? this.policy.policy.privateModeCountsAsWork;
      const now = this.noticeClock();
      this.tracker.close(now);
      this.append('private', now, { on, countsAsWork: counts });
      await this.sample(now);
      return this.status();
    });
  }

  /** The manager's decision about an idle gap (by default the oldest one still undecided). */
  resolveIdle(decision: IdleDecisionKind, label?: string | null, gapId?: string): Promise<AgentStatus> {
    return this.enqueue(() => {
      const pending = this.pendingIdle();
      const known = new Set(this.events.filter((e) => e.kind === 'pause' && (e.data?.reason ?? 'idle') === 'idle').map((e) => e.id));
      const target = gapId ?? pending[0]?.gapId;
      if (!target) throw new TransitionError('no_pending_idle', 'There is no idle time waiting for a decision.');
      if (!known.has(target)) throw new TransitionError('unknown_gap', `No idle gap with id ${target}.`);
      this.store.idleDecisions.add(target, decision, decision === 'keep' ? label?.trim() || null : null, this.clock.now(), this.clock.zone());
      this.notify();
      return this.status();
    });
  }

  /** Lock screen and suspend pause the clock (the Electron shell reports them). */
  systemEvent(kind: SystemEvent): Promise<AgentStatus> {
    return this.enqueue(() => {
      const now = this.noticeClock();
      const reason = kind === 'lock' || kind === 'unlock' ? 'lock' : 'suspend';
      if ((kind === 'lock' || kind === 'suspend') && this.state.status === 'working') {
        this.tracker.close(now);
        this.append('pause', now, { reason });
      } else if ((kind === 'unlock' || kind === 'resume') && this.state.status === 'paused' && this.state.pauseReason === reason) {
        this.append('unpause', now, { reason });
      }
      return this.status();
    });
  }

  // ---- queries ----

  status(): AgentStatus {
    const now = this.clock.now();
    const zone = this.clock.zone();
    const today = this.day(this.workingDay(now));
    const current = this.tracker.current;
    const issues = [...this.sources.unavailable];
    if (this.lastSourceError) issues.push(this.lastSourceError);
    return {
      state: this.state.status,
      since: this.state.since,
      pauseReason: this.state.pauseReason,
      label: this.state.label,
      private: this.state.private,
      now,
      zone,
      today: {
        date: today.date,
        workedMs: today.workedMs,
        breakMs: today.breakMs,
        idlePendingMs: today.idle.pendingMs,
      },
      pendingIdle: this.pendingIdle(),
      current: current ? { app: current.app, title: current.title, category: current.category, productivity: current.productivity, since: current.start } : null,
      tracking: {
        windows: this.sources.window?.name ?? null,
        idle: this.sources.idle?.name ?? null,
        problems: issues.map(describeTrackingIssue),
        issues,
      },
      policy: { idleThresholdSec: this.policy.policy.idleThresholdSec, titles: this.policy.policy.titles.capture, error: this.policyError },
      notices: this.store.notices().map((n) => ({ id: n.id, at: n.at, kind: n.kind, message: n.message, data: n.data })),
      dataFile: this.store.file,
      deviceId: this.store.deviceId,
      sync: this.syncStatus(),
    };
  }

  /**
   * What the team's "now" shows of this agent (the heartbeat): the state, and the category of
   * the app in front while working — never its title or name, and nothing in private mode.
   */
  presence(): Presence {
    const current = this.tracker.current;
    const tracked = this.state.status === 'working' && !this.state.private.on && current !== null;
    return {
      state: this.state.status,
      since: this.state.since,
      pauseReason: this.state.status === 'paused' ? this.state.pauseReason : null,
      label: this.state.status === 'clocked_out' ? null : this.state.label,
      current: tracked ? { category: current.category, productivity: current.productivity } : null,
      privateMode: this.state.status !== 'clocked_out' && this.state.private.on,
      zone: this.clock.zone(),
    };
  }

  segments(now = this.clock.now()): Segment[] {
    return deriveSegments(this.events, now);
  }

  day(date?: string): DaySummary {
    const now = this.clock.now();
    const zone = this.clock.zone();
    const dayStart = this.policy.policy.dayStart;
    const target = date ?? this.workingDay(now);
    const sessions = this.sessions();
    // A bound at Infinity: a session still open runs across it.
    const { from, to } = workingDayBounds(target, zone, dayStart, sessions);
    const spans = from < to ? this.store.spans.between(from, Math.min(to, Number.MAX_SAFE_INTEGER)) : [];
    // The open span lives in memory until the next flush; show it as it is now.
    const open = this.tracker.current;
    if (open && open.start < to && now > from) {
      const i = spans.findIndex((s) => s.id === open.id);
      const live = { ...open, end: now };
      if (i >= 0) spans[i] = live;
      else spans.push(live);
    }
    return summarizeDay({ date: target, zone, dayStart, segments: this.segments(now), decisions: this.store.idleDecisions.latest(), spans, sessions, now });
  }

  /** The working sessions, clock-in to clock-out (the last one open while clocked in). */
  sessions(): Session[] {
    return sessionsOf(this.events);
  }

  /**
   * The working day `at` belongs to (default now): while clocked in, the day the session
   * started, even past the day start (shared/working-days.ts).
   */
  workingDay(at = this.clock.now()): string {
    return workingDayOf(at, this.clock.zone(), this.policy.policy.dayStart, this.sessions());
  }

  pendingIdle(): PendingIdle[] {
    const decided = new Set(this.store.idleDecisions.latest().map((d) => d.gapId));
    const gaps = new Map<string, PendingIdle>();
    for (const s of this.segments()) {
      if (s.kind !== 'idle' || !s.gapId || decided.has(s.gapId)) continue;
      const g = gaps.get(s.gapId);
      if (g) {
        g.start = Math.min(g.start, s.start);
        g.end = Math.max(g.end, s.end);
        g.ms += s.end - s.start;
      } else gaps.set(s.gapId, { gapId: s.gapId, start: s.start, end: s.end, ms: s.end - s.start, open: false });
    }
    if (this.state.gapId && gaps.has(this.state.gapId)) gaps.get(this.state.gapId)!.open = true;
    return [...gaps.values()];
  }

  // ---- the loop ----

  /** One step of the loop; the timer calls it, tests with a fake clock call it directly. */
  tick(): Promise<void> {
    return this.enqueue(() => this.step());
  }

  private async step(): Promise<void> {
    const now = this.clock.now();
    const mono = this.clock.mono();
    this.detectClockJump(now, mono);
    await this.checkIdle(now);
    await this.sample(now);
    const flushEvery = this.policy.policy.flushIntervalSec * 1000;
    if (mono - this.lastFlushMono >= flushEvery) this.flush();
  }

  /**
   * The wall time for a command, after checking the clock has not moved since the loop last
   * looked: a clock-out right after the clock was set back must not end the session before its start.
   */
  private noticeClock(): number {
    const now = this.clock.now();
    this.detectClockJump(now, this.clock.mono());
    return now;
  }

  private detectClockJump(now: number, mono: number): void {
    const expected = this.lastWall + (mono - this.lastMono);
    this.lastWall = now;
    this.lastMono = mono;
    if (Math.abs(now - expected) <= CLOCK_JUMP_MS) return;
    this.log(`wall clock moved by ${Math.round((now - expected) / 1000)} s; the jump is not counted`);
    this.tracker.close(expected);
    this.append('clock_jump', now, { from: expected });
  }

  private async checkIdle(now: number): Promise<void> {
    const idle = this.sources.idle;
    if (!idle || (this.state.status !== 'working' && this.state.status !== 'paused')) return;
    let seconds: number;
    let locked: boolean | null;
    try {
      seconds = await idle.idleSeconds();
      locked = await idle.screenLocked();
    } catch (error) {
      this.sourceError('idle', error);
      return;
    }
    this.lastIdleSeconds = seconds;
    const lastInput = now - Math.round(seconds * 1000);
    const threshold = this.policy.policy.idleThresholdSec;
    if (this.state.status === 'working') {
      if (seconds >= threshold) {
        // Back-date to the last input; never before the last event (a command given from
        // another program is not keyboard input, but it is a sign of presence).
        const at = Math.max(lastInput, this.events.at(-1)?.at ?? lastInput);
        this.tracker.close(at);
        this.append('pause', at, { reason: 'idle' });
      } else if (locked === true) {
        // Locking is itself the last input (a shortcut, a click), so that is when it began.
        const at = Math.max(lastInput, this.events.at(-1)?.at ?? lastInput);
        this.tracker.close(at);
        this.append('pause', at, { reason: 'lock' });
      }
    } else if (this.state.pauseReason === 'idle' && this.state.since !== null && lastInput > this.state.since + 1000) {
      this.append('unpause', lastInput, { reason: 'idle' });
    } else if (this.state.pauseReason === 'lock' && locked === false) {
      this.append('unpause', now, { reason: 'lock' });
    }
  }

  private async sample(now: number): Promise<void> {
    const source = this.sources.window;
    if (!source || this.state.status !== 'working' || this.state.private.on) {
      this.tracker.close(now);
      return;
    }
    let window;
    try {
      window = await source.current();
      this.lastSourceError = null;
    } catch (error) {
      this.sourceError('window', error);
      this.tracker.close(now);
      return;
    }
    let recorded: RecordedWindow | null = null;
    if (window && window.app && !this.policy.isExcluded(window)) {
      const { category, productivity } = this.policy.classify(window);
      recorded = { app: window.app, exe: window.exe, title: this.policy.titleFor(window.title), domain: window.domain, category, productivity };
    }
    const before = this.tracker.current?.id;
    this.tracker.observe(recorded, now);
    if (this.tracker.current?.id !== before) this.notify();
  }

  private sourceError(which: 'window' | 'idle', error: unknown): void {
    const issue: TrackingIssue = { source: which, code: 'failed', detail: error instanceof Error ? error.message : String(error) };
    const message = describeTrackingIssue(issue);
    if (!this.lastSourceError || message !== describeTrackingIssue(this.lastSourceError)) this.log(message);
    this.lastSourceError = issue;
  }

  /**
   * How long the loop may sleep. A polled window source needs a sample every interval. An
   * event-driven one tells us of every switch, so while working the loop only has to wake for the
   * flush and for the moment the idle threshold could be crossed: the pause is back-dated to the
   * last input either way, so waking later changes no figure, and the process stays asleep
   * (the whole agent's CPU is mostly its wake-ups). Paused, it checks every interval, so the
   * return is seen at once.
   */
  private nextDelay(): number {
    const policy = this.policy.policy;
    const interval = policy.sampleIntervalSec * 1000;
    const flush = policy.flushIntervalSec * 1000;
    const eventDriven = this.sources.window?.onChange !== undefined;
    switch (this.state.status) {
      case 'paused':
        return interval;
      case 'working':
        if (!eventDriven && !this.state.private.on) return interval;
        return Math.max(interval, Math.min(flush, (policy.idleThresholdSec - this.lastIdleSeconds) * 1000));
      default:
        // Clocked out or on a break nothing is sampled; waking still notices a moved clock.
        return flush;
    }
  }

  private schedule(): void {
    if (this.stopped) return;
    const interval = this.nextDelay();
    this.timer = setTimeout(() => {
      this.timer = null;
      this.tick()
        .catch((error) => this.log(`tick failed: ${error instanceof Error ? error.stack : String(error)}`))
        .finally(() => this.schedule());
    }, interval);
    // The loop must not be what keeps a headless process alive after stop().
    this.timer.unref?.();
  }

  // ---- writing ----

  private command(kind: WorkEventKind): Promise<AgentStatus> {
    return this.enqueue(async () => {
      checkTransition(this.state, kind);
      const now = this.noticeClock();
      if (kind !== 'clock_in') this.tracker.close(now);
      this.append(kind, now);
      if (kind === 'clock_in' || kind === 'resume') await this.sample(now);
      return this.status();
    });
  }

  private requireClockedIn(): void {
    if (this.state.status === 'clocked_out') throw new TransitionError('not_clocked_in', 'Not clocked in: clock in first.');
  }

  /** Appends an event together with the spans it closed, in one transaction. */
  private append(kind: WorkEventKind, at: number, data?: WorkEventData): WorkEvent {
    let event!: WorkEvent;
    this.store.transaction(() => {
      this.store.flush({ spans: this.tracker.takeDirty(), openSpanId: this.tracker.current?.id ?? null, heartbeat: { at: this.clock.now(), mono: this.clock.mono() } });
      event = this.store.workEvents.append(kind, at, this.clock.zone(), this.clock.mono(), data);
    });
    this.events.push(event);
    this.state = reduce(this.state, event);
    this.lastFlushMono = this.clock.mono();
    // A new state may want another cadence (a polled source samples from clock-in on). While a
    // tick is running (timer null) its own end schedules the next one.
    if (this.timer) {
      clearTimeout(this.timer);
      this.schedule();
    }
    this.notify();
    return event;
  }

  flush(): void {
    this.store.flush({ spans: this.tracker.takeDirty(), openSpanId: this.tracker.current?.id ?? null, heartbeat: { at: this.clock.now(), mono: this.clock.mono() } });
    this.lastFlushMono = this.clock.mono();
  }

  private enqueue<T>(fn: () => T | Promise<T>): Promise<T> {
    const run = this.queue.then(fn);
    this.queue = run.catch(() => {});
    return run;
  }

  /** Tells subscribers (the UI's live stream) that the state or today's records changed. */
  notify(): void {
    for (const listener of this.listeners) listener();
  }
}
