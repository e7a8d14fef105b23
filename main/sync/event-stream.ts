// The hub's event stream for this device (`GET /api/v1/sync/events`): kept open while online, it
// says when something for the manager changed (a review, targets, settings), so the agent pulls
// within a second or two instead of on its timer. Broken or refused, it reconnects with the
// sync's backoff; a hub without it (404: an older hub) is asked again only after a long pause, and
// the timer pull carries on meanwhile.
import { HEARTBEAT_INTERVAL_MS } from '../../shared/dashboard-api.ts';
import type { AgentEvent } from '../../shared/sync.ts';
import { HubError, type HubClient } from './hub-client.ts';
import { backoffDelay } from './sync-loop.ts';

/** How long a hub that answered 404 is left alone before the stream is tried again. */
export const STREAM_NOT_FOUND_PAUSE_MS = 30 * 60_000;
/** Silence (no event, no keep-alive comment) after which the connection is taken as dead. */
export const STREAM_IDLE_MS = 2 * HEARTBEAT_INTERVAL_MS;

export interface EventStreamOptions {
  /** A client for this device, or null while it cannot call the hub (not enrolled, revoked). */
  client: () => HubClient | null;
  onChange: (event: AgentEvent) => void;
  /** The stream opened (true) or closed (false). */
  onConnected?: (connected: boolean) => void;
  log?: (message: string) => void;
  idleMs?: number;
  notFoundPauseMs?: number;
  random?: () => number;
  backoffMinMs?: number;
  backoffMaxMs?: number;
}

export class EventStream {
  private readonly o: Required<Omit<EventStreamOptions, 'onConnected'>> & Pick<EventStreamOptions, 'onConnected'>;
  private stopped = true;
  private loop: Promise<void> | null = null;
  private abort: AbortController | null = null;
  private wake: (() => void) | null = null;
  private failures = 0;
  /** Whether the stream is open now. */
  connected = false;
  /** Connections opened (for the tests and the log). */
  opened = 0;

  constructor(options: EventStreamOptions) {
    this.o = {
      log: () => {},
      idleMs: STREAM_IDLE_MS,
      notFoundPauseMs: STREAM_NOT_FOUND_PAUSE_MS,
      random: Math.random,
      backoffMinMs: 1000,
      backoffMaxMs: 60_000,
      ...options,
    } as EventStream['o'];
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.abort?.abort();
    this.wake?.();
    await this.loop;
    this.loop = null;
  }

  /**
   * The device may now be able to connect (enrolled, the network back): stop waiting. `restart`
   * also drops an open connection (enrolled again, with another token).
   */
  poke(restart = false): void {
    if (restart) this.abort?.abort();
    this.failures = 0;
    this.wake?.();
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      const client = this.o.client();
      if (!client) {
        await this.sleep(null);
        continue;
      }
      this.abort = new AbortController();
      let openedAt = 0;
      try {
        await client.events({
          signal: this.abort.signal,
          idleMs: this.o.idleMs,
          onOpen: () => {
            openedAt = Date.now();
            this.opened++;
            this.setConnected(true);
          },
          onChange: (event) => this.o.onChange(event),
        });
        // Closed by the hub (a restart, a deploy) or by poke(): reconnect soon.
        if (openedAt && Date.now() - openedAt > 10_000) this.failures = 0;
        this.failures++;
      } catch (error) {
        this.setConnected(false);
        if (error instanceof HubError && error.status === 404) {
          this.o.log(`sync: the hub has no event stream; pulling on the timer, asking again in ${Math.round(this.o.notFoundPauseMs / 60_000)} min`);
          await this.sleep(this.o.notFoundPauseMs);
          continue;
        }
        if (openedAt && Date.now() - openedAt > 10_000) this.failures = 0;
        this.failures++;
        if (this.failures === 1) this.o.log(`sync: the hub's event stream: ${error instanceof Error ? error.message : String(error)}`);
        const retryAfter = error instanceof HubError ? error.retryAfter : null;
        await this.sleep(backoffDelay(this.failures, this.o.random(), retryAfter, this.o.backoffMinMs, this.o.backoffMaxMs));
        continue;
      } finally {
        this.abort = null;
      }
      this.setConnected(false);
      if (!this.stopped) await this.sleep(backoffDelay(this.failures, this.o.random(), null, this.o.backoffMinMs, this.o.backoffMaxMs));
    }
    this.setConnected(false);
  }

  private setConnected(on: boolean): void {
    if (this.connected === on) return;
    this.connected = on;
    this.o.onConnected?.(on);
  }

  /** Waits `ms` (null: until poked), or less when poked or stopped. */
  private sleep(ms: number | null): Promise<void> {
    if (this.stopped) return Promise.resolve();
    return new Promise((resolve) => {
      let timer: NodeJS.Timeout | null = null;
      const done = () => {
        if (timer) clearTimeout(timer);
        this.wake = null;
        resolve();
      };
      if (ms !== null) {
        timer = setTimeout(done, ms);
        timer.unref?.();
      }
      this.wake = done;
    });
  }
}
