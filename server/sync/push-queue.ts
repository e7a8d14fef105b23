// The queue of pushes waiting to be written, bounded, and committed in groups.
//
// Past its capacity a hub should answer quickly, not slowly: a push is admitted (before its body
// is read, before any database work) only while the event loop runs on time (a late loop means
// requests already waited in their sockets), fewer pushes than the adaptive limit are in flight,
// and the work queued ahead of it would be written within `maxWaitMs` (estimated from how fast
// recent groups were written); one that still waited longer than `shedAfterMs` when its turn came
// is refused unwritten. Refused pushes get 429 with Retry-After; agents back off and send again.
//
// Group commit: the pushes waiting when a writer is free are stored in one transaction, each by
// its own storePush (its own answers, its own jobs), so the commit's cost is shared. A push does
// not start a write the moment it is submitted: the writer starts once the event loop has read
// every request that arrived together (setImmediate runs after the loop's I/O), so they make one
// group. Started at once, as before, the first of them took the writer alone and, on SQLite
// (whose writes finish without leaving this thread), so did each one after it: a group per push.
// If a group's transaction fails, each push of the group is written again alone, so one push
// cannot sink the others.
import type { Kysely } from 'kysely';
import type { Dialect } from '../db/connect.ts';
import type { DB } from '../db/schema.ts';
import { HubError } from '../errors.ts';
import { loopLagMs } from '../http/loop-lag.ts';
import { lockUsersOf, storePush, type CheckedPush } from './push.ts';

/** A push's own outcome: its answers, its jobs, the manager-days it rolled up. */
type Stored = Awaited<ReturnType<typeof storePush>>;

export interface PushQueueOptions {
  /** Admit a push only if what is queued ahead would be written within this time. */
  maxWaitMs: number;
  /** Refuse, unwritten, a push that waited longer than this for its turn. */
  shedAfterMs: number;
  /** Pushes admitted and not yet answered, at most. */
  maxPushes: number;
  /**
   * The time from admission to answer to keep under: while answers take longer, fewer pushes are
   * admitted at once (down to `minPushes`); while they are quicker, more (up to `maxPushes`). This
   * also sheds load when the hub is short of CPU rather than of database time.
   */
  targetLatencyMs: number;
  minPushes: number;
  /** Records in one group transaction, about (a group holds at least one push). */
  maxGroupRecords: number;
  /** Group transactions at once: 1 for SQLite (one writer), a few for PostgreSQL. */
  writers: number;
  /**
   * Refuse while the event loop runs later than this (ms): requests have waited unread that long
   * already. Past the latency target, as a brake; the limit on pushes in flight does the steering.
   */
  maxLagMs: number;
}

/**
 * SQLite writes in the hub's own thread, so every millisecond a group takes is a millisecond no
 * request is read: smaller groups and a tighter latency target keep the queue short (at the same
 * throughput, side by side: p99 of accepted pushes about 270 → 125–190 ms). PostgreSQL writes in
 * its own processes; the tighter settings only cost it throughput there.
 */
export const DEFAULT_PUSH_QUEUE: Record<Dialect, PushQueueOptions> = {
  sqlite: { maxWaitMs: 100, shedAfterMs: 600, maxPushes: 400, targetLatencyMs: 50, minPushes: 4, maxGroupRecords: 1200, writers: 1, maxLagMs: 60 },
  postgres: { maxWaitMs: 100, shedAfterMs: 600, maxPushes: 400, targetLatencyMs: 100, minPushes: 4, maxGroupRecords: 3000, writers: 3, maxLagMs: 100 },
};

export const RETRY_AFTER_S = 1;

export class Overloaded extends HubError {
  constructor() {
    super(429, 'rate_limited', `The hub is busy; send again in ${RETRY_AFTER_S} s.`);
  }
}

interface Waiting {
  push: CheckedPush;
  records: number;
  queuedAt: number;
  resolve(r: Stored): void;
  reject(e: unknown): void;
}

export interface PushQueueStats {
  groups: number;
  pushes: number;
  /** Refused at admission, and of those because the event loop ran late. */
  refused: number;
  refusedLate: number;
  shed: number;
}

export class PushQueue {
  private readonly waiting: Waiting[] = [];
  private queuedRecords = 0;
  private admitted = 0;
  /** How many may be admitted at once now (adapted to the answers' latency). */
  private limit: number;
  /** The answers since the limit last moved, and how many of them were slow. */
  private window = { start: 0, answers: 0, slow: 0 };
  private busy = 0;
  /** A pump is scheduled for after the requests being read now. */
  private pumpScheduled = false;
  /** Milliseconds per record written, smoothed over recent groups. */
  private msPerRecord = 0.05;
  readonly stats: PushQueueStats = { groups: 0, pushes: 0, refused: 0, refusedLate: 0, shed: 0 };
  private readonly db: Kysely<DB>;
  private readonly dialect: Dialect;
  private readonly options: PushQueueOptions;
  private readonly clock: () => number;
  private readonly lag: () => number;

  constructor(
    db: Kysely<DB>,
    dialect: Dialect,
    options: Partial<PushQueueOptions> = {},
    clock: () => number = () => performance.now(),
    lag: () => number = loopLagMs,
  ) {
    this.db = db;
    this.dialect = dialect;
    this.options = { ...DEFAULT_PUSH_QUEUE[dialect], ...options };
    this.clock = clock;
    this.lag = lag;
    this.limit = this.options.maxPushes;
    this.window.start = clock();
  }

  /**
   * Called before a push's body is read: takes a place, or refuses at once (cheaply: the body is
   * not parsed). Returns when the request arrived, about, for `release`. Every admitted push ends
   * with `release`.
   */
  admit(): number | null {
    const waitMs = (this.queuedRecords * this.msPerRecord) / this.options.writers;
    const lag = this.lag();
    const late = lag > this.options.maxLagMs;
    if (late || this.admitted >= Math.min(this.limit, this.options.maxPushes) || waitMs > this.options.maxWaitMs) {
      this.stats.refused++;
      if (late) this.stats.refusedLate++;
      return null;
    }
    this.admitted++;
    // About when the request arrived: it waited unread as long as the loop is late now.
    return this.clock() - lag;
  }

  /** Gives back an admitted push's place once it is answered (or its client went away). */
  release(arrivedAt: number): void {
    this.admitted--;
    // The limit moves once per window of targetLatencyMs, on the answers of that window, as TCP
    // moves its window once per round trip: down by a sixth when more than one in twenty was
    // slow, else up by a tenth. Moving on every slow answer instead took the limit to its floor
    // whenever one late turn of the loop made a whole batch of answers slow at once. Latency is
    // what the agent saw: the time its request waited unread is included.
    const now = this.clock();
    this.window.answers++;
    if (now - arrivedAt > this.options.targetLatencyMs) this.window.slow++;
    if (now - this.window.start < this.options.targetLatencyMs) return;
    if (this.window.slow > this.window.answers / 20) this.limit = Math.max(this.options.minPushes, (this.limit * 5) / 6);
    else this.limit = Math.min(this.options.maxPushes, this.limit + Math.max(1, this.limit / 10));
    this.window = { start: now, answers: 0, slow: 0 };
  }

  /** Stores an admitted push with others waiting now; its own answers. Throws Overloaded if it waited too long. */
  submit(push: CheckedPush): Promise<Stored> {
    const records = Object.values(push.byKind).reduce((n, items) => n + items.length, 0);
    return new Promise((resolve, reject) => {
      this.waiting.push({ push, records, queuedAt: this.clock(), resolve, reject });
      this.queuedRecords += records;
      this.schedulePump();
    });
  }

  private schedulePump(): void {
    if (this.pumpScheduled) return;
    this.pumpScheduled = true;
    setImmediate(() => {
      this.pumpScheduled = false;
      this.pump();
    });
  }

  private pump(): void {
    while (this.busy < this.options.writers && this.waiting.length) {
      const group = this.take();
      if (!group.length) continue;
      this.busy++;
      void this.write(group).finally(() => {
        this.busy--;
        // On SQLite a group is written without leaving this thread; the next one waits a turn of
        // the event loop, so requests that arrived meanwhile are read (and refused, if need be)
        // before it rather than after every group still waiting, and join it.
        this.schedulePump();
      });
    }
  }

  /** The next group: pushes in arrival order up to the record cap; those that waited too long are refused. */
  private take(): Waiting[] {
    const group: Waiting[] = [];
    let records = 0;
    const now = this.clock();
    while (this.waiting.length) {
      const next = this.waiting[0]!;
      if (group.length && records + next.records > this.options.maxGroupRecords) break;
      this.waiting.shift();
      this.queuedRecords -= next.records;
      if (now - next.queuedAt > this.options.shedAfterMs) {
        this.stats.shed++;
        next.reject(new Overloaded());
        continue;
      }
      group.push(next);
      records += next.records;
    }
    return group;
  }

  private async write(group: Waiting[]): Promise<void> {
    const started = this.clock();
    const records = group.reduce((n, w) => n + w.records, 0);
    try {
      const out = await this.db.transaction().execute(async (tx) => {
        await lockUsersOf(tx, this.dialect, group.map((w) => w.push.device.deviceId));
        const done = [];
        for (const w of group) done.push(await storePush(tx, w.push));
        return done;
      });
      group.forEach((w, i) => w.resolve(out[i]!));
      this.stats.groups++;
      this.stats.pushes += group.length;
      if (records > 0) this.msPerRecord = 0.8 * this.msPerRecord + 0.2 * ((this.clock() - started) / records);
    } catch (error) {
      if (group.length === 1) {
        group[0]!.reject(error);
        return;
      }
      // One push failed the group's transaction: write each alone, each with its own outcome.
      for (const w of group) {
        try {
          w.resolve(
            await this.db.transaction().execute(async (tx) => {
              await lockUsersOf(tx, this.dialect, [w.push.device.deviceId]);
              return storePush(tx, w.push);
            }),
          );
          this.stats.groups++;
          this.stats.pushes++;
        } catch (e) {
          w.reject(e);
        }
      }
    }
  }
}
