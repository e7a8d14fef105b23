// The heartbeat: a small note of the agent's state to the hub, every HEARTBEAT_INTERVAL_MS while
// it runs and at once when the state changes, so the team's "now" is right between pushes. It
// carries the state, the label and the category of the app in front — never a title or app name.
// A heartbeat is only true when sent: offline, it is skipped, never queued (the next one says
// the state as it is then). A hub without the route (404: an older hub) is left alone for a while.
import { HEARTBEAT_INTERVAL_MS } from '../../shared/dashboard-api.ts';
import type { HeartbeatRequest, HeartbeatResponse } from '../../shared/sync.ts';
import type { Presence } from '../agent/agent.ts';
import type { HubClient } from './hub-client.ts';
import { HubError } from './hub-client.ts';
import { backoffDelay } from './sync-loop.ts';

/** How long a hub that answered 404 (no heartbeat route yet) is left alone before asking again. */
export const HEARTBEAT_NOT_FOUND_PAUSE_MS = 30 * 60_000;

export interface HeartbeatOptions {
  /** A client for this device, or null while it cannot call the hub (not enrolled, revoked). */
  client: () => HubClient | null;
  presence: () => Presence;
  agentVersion: string;
  /** Device time (ms). */
  now: () => number;
  clockOffsetMs: () => number | null;
  /** The hub's answer: its latest change for this user, to pull when it is new. */
  onAnswer?: (answer: HeartbeatResponse) => void;
  log?: (message: string) => void;
  intervalMs?: number;
  notFoundPauseMs?: number;
  random?: () => number;
}

export class Heartbeat {
  private readonly o: Required<Omit<HeartbeatOptions, 'onAnswer'>> & Pick<HeartbeatOptions, 'onAnswer'>;
  private timer: NodeJS.Timeout | null = null;
  private inFlight: Promise<void> | null = null;
  /** The state changed while a heartbeat was on its way: send once more when it is back. */
  private again = false;
  /** The state last told to the hub (to send at once only when it changes). */
  private lastSent: string | null = null;
  private failures = 0;
  /** No heartbeat before this (device time): backing off after failures, or the hub has no route. */
  private quietUntil = 0;
  private stopped = true;
  /** Heartbeats the hub accepted (for the figures and the tests). */
  sent = 0;

  constructor(options: HeartbeatOptions) {
    this.o = {
      log: () => {},
      intervalMs: HEARTBEAT_INTERVAL_MS,
      notFoundPauseMs: HEARTBEAT_NOT_FOUND_PAUSE_MS,
      random: Math.random,
      ...options,
    } as Heartbeat['o'];
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.timer = setInterval(() => void this.beat(), this.o.intervalMs);
    this.timer.unref?.();
    void this.beat();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.inFlight;
  }

  /** The agent's state may have changed: send at once if what the hub would see is different. */
  changed(): void {
    if (this.stopped || this.lastSent === key(this.o.presence())) return;
    void this.beat();
  }

  /** The hub or the device token changed (enrolled again): what the hub knows starts afresh. */
  reset(): void {
    this.lastSent = null;
    this.failures = 0;
    this.quietUntil = 0;
    this.changed();
  }

  /** Sends one heartbeat unless offline or told to wait; resolves when it is done. */
  beat(): Promise<void> {
    if (this.inFlight) {
      this.again = true;
      return this.inFlight;
    }
    this.inFlight = this.send().finally(() => {
      this.inFlight = null;
      if (this.again && !this.stopped) {
        this.again = false;
        this.changed();
      }
    });
    return this.inFlight;
  }

  private async send(): Promise<void> {
    if (this.stopped || this.o.now() < this.quietUntil) return;
    const client = this.o.client();
    if (!client) return;
    const presence = this.o.presence();
    const offset = this.o.clockOffsetMs();
    const body: HeartbeatRequest = {
      state: presence.state,
      since: presence.since,
      pauseReason: presence.pauseReason,
      label: presence.label?.slice(0, 200) ?? null,
      current: presence.current ? { category: presence.current.category.slice(0, 64), productivity: presence.current.productivity } : null,
      privateMode: presence.privateMode,
      zone: presence.zone,
      agentVersion: this.o.agentVersion,
      at: this.o.now(),
      ...(offset !== null ? { clockOffsetMs: offset } : {}),
    };
    try {
      const answer = await client.heartbeat(body);
      this.lastSent = key(presence);
      this.failures = 0;
      this.sent++;
      this.o.onAnswer?.(answer);
    } catch (error) {
      this.lastSent = null;
      if (error instanceof HubError && error.status === 404) {
        // An older hub: no heartbeats for a while, quietly (the sync itself works as before).
        if (this.quietUntil === 0 || this.failures === 0) this.o.log(`heartbeat: the hub has no heartbeat yet; asking again in ${Math.round(this.o.notFoundPauseMs / 60_000)} min`);
        this.quietUntil = this.o.now() + this.o.notFoundPauseMs;
        return;
      }
      // Offline or refused: this one is dropped; later ones back off like the sync does.
      this.failures++;
      const retryAfter = error instanceof HubError ? error.retryAfter : null;
      const delay = backoffDelay(this.failures, this.o.random(), retryAfter);
      this.quietUntil = this.o.now() + (retryAfter ? delay : Math.min(delay, this.o.intervalMs));
    }
  }
}

/** What the hub would see, less the time of the heartbeat itself. */
function key(p: Presence): string {
  return JSON.stringify([p.state, p.since, p.pauseReason, p.label, p.current?.category ?? null, p.current?.productivity ?? null, p.privateMode, p.zone]);
}
