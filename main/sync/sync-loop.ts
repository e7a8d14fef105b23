// Sends the outbox to the hub and pulls what the hub hands down. Offline is the normal case:
// network errors, 5xx and 429 back off (1 s doubling to 60 s, with jitter) and try again by
// themselves; a refused record is set aside without stopping the ones behind it; a revoked
// device stops the loop until the manager enrolls again.
import os from 'node:os';
import type { SyncStatus } from '../../shared/api.ts';
import type { Clock } from '../../shared/clock.ts';
import type { PullResponse } from '../../shared/sync.ts';
import type { LocalStore } from '../store/local-store.ts';
import { HubClient, HubError, normalizeHubUrl } from './hub-client.ts';
import type { Outbox } from './outbox.ts';
import type { SecretStore } from './secret-store.ts';

export type { SyncStatus };


interface SyncMeta {
  hubUrl: string | null;
  userId: string | null;
  email: string | null;
  cursor: string | null;
  lastSuccessAt: number | null;
  lastError: string | null;
  lastErrorCode: string | null;
  clockOffsetMs: number | null;
}

const EMPTY_META: SyncMeta = {
  hubUrl: null,
  userId: null,
  email: null,
  cursor: null,
  lastSuccessAt: null,
  lastError: null,
  lastErrorCode: null,
  clockOffsetMs: null,
};

/** Codes after which trying again by itself is pointless: a person must act (enroll again). */
const NEEDS_PERSON = new Set(['unauthorized', 'device_revoked', 'forbidden']);

export const BACKOFF_MIN_MS = 1000;
export const BACKOFF_MAX_MS = 60_000;

export interface SyncLoopOptions {
  store: LocalStore;
  outbox: Outbox;
  secrets: SecretStore;
  clock: Clock;
  /** Applies policy, targets and reviews from the hub. */
  onPull?: (pull: PullResponse) => void;
  onChange?: () => void;
  log?: (message: string) => void;
  batchRecords?: number;
  batchBytes?: number;
  /** Quiet time after the last local write before sending. */
  settleMs?: number;
  pullIntervalMs?: number;
  /**
   * True while a filed report waits for the lead's review: the loop then pulls every
   * reviewPullIntervalMs, so a returned or approved report reaches the manager within seconds
   * rather than minutes (until the hub can push it).
   */
  awaitingReview?: () => boolean;
  reviewPullIntervalMs?: number;
  random?: () => number;
  deviceName?: string;
  /** Sent to the hub with every call. */
  agentVersion?: string | null;
  /** The backoff's range; tests shorten it. */
  backoffMinMs?: number;
  backoffMaxMs?: number;
}

export class SyncLoop {
  private readonly o: Required<Omit<SyncLoopOptions, 'onPull' | 'onChange' | 'log' | 'awaitingReview'>> &
    Pick<SyncLoopOptions, 'onPull' | 'onChange' | 'awaitingReview'> & { log: (m: string) => void };
  private meta: SyncMeta;
  private timer: NodeJS.Timeout | null = null;
  private nextAt: number | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private failures = 0;
  private retryDelay = 0;
  private batchRecords: number;
  /** No automatic attempts (before start() and after stop()); syncNow() still works before start. */
  private stopped = true;
  /** stop() was called: an attempt under way ends after its current batch. */
  private stopRequested = false;
  private lastPullAt = 0;
  /** Set when the next cycle must pull whatever the interval says (enrollment, "sync now"). */
  private pullDue = true;
  private networkWatch: NodeJS.Timeout | null = null;
  private networkFingerprint = '';
  /** The hub's event stream is open: it says when to pull, so the short review interval is not needed. */
  private streaming = false;

  constructor(options: SyncLoopOptions) {
    this.o = {
      batchRecords: 1000,
      batchBytes: 512 * 1024,
      settleMs: 2000,
      pullIntervalMs: 5 * 60_000,
      reviewPullIntervalMs: 15_000,
      random: Math.random,
      deviceName: os.hostname(),
      agentVersion: null,
      backoffMinMs: BACKOFF_MIN_MS,
      backoffMaxMs: BACKOFF_MAX_MS,
      log: () => {},
      ...options,
    } as SyncLoop['o'];
    this.batchRecords = this.o.batchRecords;
    const raw = this.o.store.meta('sync');
    this.meta = raw ? { ...EMPTY_META, ...(JSON.parse(raw) as Partial<SyncMeta>) } : { ...EMPTY_META };
  }

  get enrolled(): boolean {
    return this.meta.hubUrl !== null && this.o.secrets.get() !== null;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.stopRequested = false;
    const added = this.o.outbox.rescan();
    if (added) this.o.log(`sync: ${added} records written earlier are waiting for the hub`);
    this.o.store.onEnqueue = () => this.schedule(this.o.settleMs, true);
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.stopRequested = true;
    this.o.store.onEnqueue = null;
    if (this.timer) clearTimeout(this.timer);
    if (this.networkWatch) clearInterval(this.networkWatch);
    this.timer = null;
    this.networkWatch = null;
    await this.running?.catch(() => {});
  }

  status(): SyncStatus {
    return {
      enrolled: this.enrolled,
      hubUrl: this.meta.hubUrl,
      user: this.meta.email,
      waiting: this.o.outbox.waiting(),
      refused: this.o.outbox.deadLetters().length,
      lastSuccessAt: this.meta.lastSuccessAt,
      lastError: this.meta.lastError,
      lastErrorCode: this.meta.lastErrorCode,
      nextAttemptAt: this.nextAt,
      clockOffsetMs: this.meta.clockOffsetMs,
      tokenStore: { kind: this.o.secrets.kind, location: this.o.secrets.location },
    };
  }

  /** Exchanges an enrollment code for this device's token; then syncs at once. */
  async enroll(hubUrl: string, code: string): Promise<SyncStatus> {
    const url = normalizeHubUrl(hubUrl);
    const client = new HubClient({ url, timeoutMs: 15_000, agentVersion: this.o.agentVersion });
    const deviceId = this.o.store.deviceId;
    const response = await client.enroll(code.trim(), deviceId, this.o.deviceName);
    this.o.secrets.set(response.token);
    this.meta = { ...EMPTY_META, hubUrl: url, userId: response.userId, email: response.email };
    this.saveMeta();
    this.failures = 0;
    this.batchRecords = this.o.batchRecords;
    this.pullDue = true;
    this.schedule(0);
    this.o.onChange?.();
    return this.status();
  }

  /** The network may be back (the shell's online event, or a change of addresses): try now. */
  networkChanged(): void {
    if (this.meta.lastErrorCode === 'network' || this.failures > 0) this.schedule(0);
  }

  /**
   * A client for this device's calls to the hub (the heartbeat, the event stream), or null while
   * not enrolled, stopped, or waiting for the manager to enroll again.
   */
  client(): HubClient | null {
    const token = this.o.secrets.get();
    if (this.stopped || !this.meta.hubUrl || !token || NEEDS_PERSON.has(this.meta.lastErrorCode ?? '')) return null;
    return new HubClient({ url: this.meta.hubUrl, token, agentVersion: this.o.agentVersion });
  }

  /** Says which hub and token client() calls with: it changes when the device enrolls again or is refused. */
  clientKey(): string | null {
    const token = this.o.secrets.get();
    if (!this.meta.hubUrl || !token || NEEDS_PERSON.has(this.meta.lastErrorCode ?? '')) return null;
    return `${this.meta.hubUrl} ${token}`;
  }

  /** The hub's latest change for this user (event stream, heartbeat): pull now when it is new. */
  hint(latestChange: string | undefined): void {
    if (!isBeyond(latestChange, this.meta.cursor)) return;
    this.pullDue = true;
    this.schedule(0);
  }

  /** Whether the hub's event stream is open (then it, not a short timer, says when to pull). */
  setStreaming(on: boolean): void {
    if (this.streaming === on) return;
    this.streaming = on;
    // Without the stream, fall back to the timer at once.
    if (!on && !this.running && this.timer && this.failures === 0) this.schedule(this.pullInterval());
  }

  /** The hub's clock minus this device's, as last measured (ms). */
  get clockOffsetMs(): number | null {
    return this.meta.clockOffsetMs;
  }

  /** Runs one sync now and resolves when it is done (tests, and the "sync now" button). */
  async syncNow(): Promise<SyncStatus> {
    // An attempt already under way started before whatever made the caller ask: let it end,
    // then make a fresh one.
    await this.running?.catch(() => {});
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.pullDue = true;
    await this.run();
    return this.status();
  }

  private schedule(delay: number, onlyIfSooner = false): void {
    if (this.stopped || !this.enrolled || NEEDS_PERSON.has(this.meta.lastErrorCode ?? '')) return;
    const at = Date.now() + delay;
    if (this.running) {
      this.again = true;
      return;
    }
    if (onlyIfSooner && this.nextAt !== null && this.nextAt <= at && this.failures > 0) return;
    if (this.timer) clearTimeout(this.timer);
    this.nextAt = at;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.run();
    }, delay);
    this.timer.unref?.();
  }

  private run(): Promise<void> {
    this.running ??= (async () => {
      this.nextAt = null;
      try {
        await this.cycle();
        this.failures = 0;
        this.stopWatchingNetwork();
      } catch (error) {
        this.fail(error);
      } finally {
        this.running = null;
        this.o.onChange?.();
      }
      if (this.failures > 0) {
        this.again = false;
        this.schedule(this.retryDelay);
      } else if (this.again || this.o.outbox.waiting() > 0 || this.pullDue) {
        this.again = false;
        this.schedule(this.o.outbox.waiting() > 0 || this.pullDue ? 0 : this.o.settleMs);
      } else if (this.meta.lastErrorCode === null) {
        this.schedule(this.pullInterval());
      }
    })();
    return this.running;
  }

  private async cycle(): Promise<void> {
    const token = this.o.secrets.get();
    if (!this.meta.hubUrl || !token) return;
    const client = new HubClient({ url: this.meta.hubUrl, token, agentVersion: this.o.agentVersion });
    for (;;) {
      const batch = this.o.outbox.next(this.batchRecords, this.o.batchBytes);
      if (batch.length === 0) break;
      const sentAt = this.o.clock.now();
      let response;
      try {
        response = await client.push(
          batch.map((e) => e.record),
          this.meta.clockOffsetMs,
        );
      } catch (error) {
        if (error instanceof HubError && error.code === 'batch_too_large' && this.batchRecords > 1) {
          this.batchRecords = Math.max(1, Math.floor(this.batchRecords / 2));
          continue;
        }
        throw error;
      }
      this.measureClock(sentAt, response.serverTime);
      if (response.results.length !== batch.length) {
        throw new HubError('http', `The hub answered ${response.results.length} results for ${batch.length} records.`, { code: 'bad_response' });
      }
      // The hub says something for this user changed after what was last pulled.
      if (isBeyond(response.latestChange, this.meta.cursor)) this.pullDue = true;
      const stored = batch.filter((_, i) => response.results[i]!.status === 'stored');
      this.o.outbox.acknowledge(stored);
      batch.forEach((entry, i) => {
        const result = response.results[i]!;
        if (result.status === 'rejected') {
          this.o.log(`sync: the hub refused ${entry.kind} ${entry.record.id}: ${result.code}: ${result.message}`);
          this.o.outbox.reject(entry, result.code, result.message, this.o.clock.now());
        }
      });
      this.success();
      if (this.stopRequested) return;
    }
    if (this.pullDue || Date.now() - this.lastPullAt >= this.pullInterval() || this.meta.cursor === null) {
      const sentAt = this.o.clock.now();
      const pull = await client.pull(this.meta.cursor);
      this.measureClock(sentAt, pull.serverTime);
      this.o.onPull?.(pull);
      this.meta.cursor = pull.cursor;
      this.lastPullAt = Date.now();
      this.pullDue = false;
      this.success();
    }
  }

  /**
   * How long until the next pull: short while a filed report waits for the lead's review and the
   * hub's event stream is not there to say when it arrives.
   */
  private pullInterval(): number {
    return !this.streaming && this.o.awaitingReview?.() ? Math.min(this.o.pullIntervalMs, this.o.reviewPullIntervalMs) : this.o.pullIntervalMs;
  }

  private success(): void {
    this.meta.lastSuccessAt = this.o.clock.now();
    this.meta.lastError = null;
    this.meta.lastErrorCode = null;
    this.saveMeta();
  }

  private fail(error: unknown): void {
    const hubError = error instanceof HubError ? error : null;
    const message = error instanceof Error ? error.message : String(error);
    this.meta.lastError = hubError?.code === 'device_revoked' || hubError?.code === 'unauthorized'
      ? `${message} Enroll this device again with a new code.`
      : message;
    this.meta.lastErrorCode = hubError?.code ?? 'internal';
    this.saveMeta();
    if (NEEDS_PERSON.has(this.meta.lastErrorCode)) {
      this.o.log(`sync stopped: ${this.meta.lastError}`);
      return;
    }
    this.failures++;
    const delay = backoffDelay(this.failures, this.o.random(), hubError?.retryAfter ?? null, this.o.backoffMinMs, this.o.backoffMaxMs);
    this.o.log(`sync: ${message} (next try in ${Math.round(delay / 1000)} s)`);
    // run() schedules it once this attempt has finished.
    this.retryDelay = delay;
    this.watchNetwork();
  }

  private measureClock(sentAt: number, serverTime: number): void {
    const receivedAt = this.o.clock.now();
    this.meta.clockOffsetMs = Math.round(serverTime - (sentAt + receivedAt) / 2);
  }

  /** While failing, a change in the machine's addresses (Wi-Fi back, VPN up) means: try now. */
  private watchNetwork(): void {
    if (this.networkWatch) return;
    this.networkFingerprint = fingerprint();
    this.networkWatch = setInterval(() => {
      const now = fingerprint();
      if (now !== this.networkFingerprint) {
        this.networkFingerprint = now;
        this.networkChanged();
      }
    }, 5000);
    this.networkWatch.unref?.();
  }

  private stopWatchingNetwork(): void {
    if (this.networkWatch) clearInterval(this.networkWatch);
    this.networkWatch = null;
  }

  private saveMeta(): void {
    this.o.store.setMeta('sync', JSON.stringify(this.meta));
  }
}

/**
 * The pause before try number `failures` + 1: doubling from `min` to `max`, jittered over the
 * upper half so agents that lost the hub together do not come back together; never shorter than
 * the hub's Retry-After (itself capped at an hour).
 */
export function backoffDelay(failures: number, random: number, retryAfterSec: number | null, min = BACKOFF_MIN_MS, max = BACKOFF_MAX_MS): number {
  const base = Math.min(max, min * 2 ** Math.max(0, failures - 1));
  const delay = base / 2 + (random * base) / 2;
  return retryAfterSec ? Math.max(delay, Math.min(retryAfterSec * 1000, 3600_000)) : delay;
}

/** Whether the hub's change mark is after the cursor (both are the hub's change counters). */
export function isBeyond(latestChange: string | undefined, cursor: string | null): boolean {
  if (latestChange === undefined || !/^\d{1,15}$/.test(latestChange)) return false;
  return cursor === null || Number(latestChange) > Number(cursor);
}

function fingerprint(): string {
  return Object.entries(os.networkInterfaces())
    .flatMap(([name, addrs]) => (addrs ?? []).map((a) => `${name}:${a.address}`))
    .sort()
    .join(',');
}
