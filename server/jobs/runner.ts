// Runs the queue in each hub instance. It looks for accounts with work due, takes an account's
// lease (one worker per account across all instances), claims that account's due jobs and runs
// them together, so a connector can pack the calls of many jobs into one request (crm/batcher.ts).
// Requests go through the account's pacer; leases are renewed while the work lasts and released
// after it, and a worker that dies simply stops renewing them.
import os from 'node:os';
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { JobErrorCode } from '../../shared/integrations.ts';
import type { Dialect } from '../db/connect.ts';
import type { DB } from '../db/schema.ts';
import { block, leaseAccount, releaseAccount, renewAccount, saveBucket, take, waitFor, type Bucket } from './accounts.ts';
import type { RetryPolicy } from './backoff.ts';
import { claim, dueAccounts, renewJobLeases, settle, type JobRow, type Outcome } from './queue.ts';

/**
 * How a job failed. `permanent`: the remote system understood and refused (a user it does not
 * know, a payload it rejects, credentials revoked): retrying cannot help, so it goes to the dead
 * letters at once. `transient`: the network, a 5xx, a timeout: retried with backoff. `deferred`:
 * not the job's fault (the account is rate-limited, the connector is paused): retried later
 * without using up an attempt. `code` says what kind of failure it was in a word the admin's screen
 * translates; the message is the hub's English note with the details.
 */
export class JobError extends Error {
  readonly disposition: 'permanent' | 'transient' | 'deferred';
  readonly code: JobErrorCode;
  readonly answer: string | null;
  readonly retryAfterMs: number | null;
  constructor(disposition: JobError['disposition'], code: JobErrorCode, message: string, options: { answer?: string | null; retryAfterMs?: number | null } = {}) {
    super(message);
    this.name = 'JobError';
    this.disposition = disposition;
    this.code = code;
    this.answer = options.answer ?? null;
    this.retryAfterMs = options.retryAfterMs ?? null;
  }
}

export interface Logger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

const SILENT: Logger = { info() {}, warn() {}, error() {} };

/** Waits for room in the account's bucket before each request; shared by the account's jobs. */
export class Pacer {
  bucket: Bucket;
  requests = 0;
  private chain: Promise<void> = Promise.resolve();
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(bucket: Bucket, now: () => number, sleep: (ms: number) => Promise<void>) {
    this.bucket = bucket;
    this.now = now;
    this.sleep = sleep;
  }

  /** Resolves when one more request may go; requests are granted in the order asked. */
  acquire(): Promise<void> {
    const turn = this.chain.then(async () => {
      for (;;) {
        const wait = waitFor(this.bucket, this.now());
        if (wait <= 0) break;
        await this.sleep(wait);
      }
      this.bucket = take(this.bucket, this.now());
      this.requests++;
    });
    this.chain = turn.catch(() => {});
    return turn;
  }

  /** The remote system said "too many": nothing goes before `until`. */
  block(until: number): void {
    this.bucket = block(this.bucket, this.now(), until);
  }
}

export interface JobContext<P = unknown, S = unknown> {
  job: JobRow;
  payload: P;
  db: Kysely<DB>;
  dialect: Dialect;
  now(): number;
  session: S;
  log: Logger;
}

export interface JobHandler<P = unknown, S = unknown> {
  kind: string;
  retry: RetryPolicy;
  /** Returns what to keep as the job's result; throws JobError (or anything: transient). */
  run(ctx: JobContext<P, S>): Promise<unknown>;
}

/** What an account's jobs share while they run: a connector's client, a webhook sender. */
export interface Session {
  close?(): Promise<void> | void;
  [more: string]: unknown;
}

export interface SessionFactory {
  /** Accounts this factory serves: `crm:`, `webhook:`, `local:`. */
  prefix: string;
  /** `running()`: how many of the account's jobs are running now (a batcher waits for them all). */
  open(account: string, pacer: Pacer, running: () => number): Promise<Session>;
}

export interface RunnerOptions {
  db: Kysely<DB>;
  dialect: Dialect;
  now: () => number;
  sleep?: (ms: number) => Promise<void>;
  log?: Logger;
  /** How long a lease lasts without renewal (a dead worker's jobs wait this long). */
  leaseMs?: number;
  pollMs?: number;
  /** Accounts worked at once by this instance. */
  maxAccounts?: number;
  /** Jobs claimed per round of one account. */
  claimLimit?: number;
  /** Names this instance in leases (default: host, pid and a random part). */
  instanceId?: string;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class JobRunner {
  readonly instanceId: string;
  private readonly handlers = new Map<string, JobHandler<never, never>>();
  private readonly factories: SessionFactory[] = [];
  private readonly active = new Map<string, Promise<void>>();
  private readonly o: Required<Omit<RunnerOptions, 'instanceId'>>;
  private timer: NodeJS.Timeout | null = null;
  private running = false;
  private stopping = false;
  private ticking: Promise<void> | null = null;
  private claims = 0;

  constructor(options: RunnerOptions) {
    this.instanceId = options.instanceId ?? `${os.hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
    this.o = {
      db: options.db,
      dialect: options.dialect,
      now: options.now,
      sleep: options.sleep ?? realSleep,
      log: options.log ?? SILENT,
      leaseMs: options.leaseMs ?? 30_000,
      pollMs: options.pollMs ?? 1_000,
      maxAccounts: options.maxAccounts ?? 8,
      claimLimit: options.claimLimit ?? 250,
    };
  }

  register(handler: JobHandler<never, never>): this {
    this.handlers.set(handler.kind, handler);
    return this;
  }

  sessions(factory: SessionFactory): this {
    this.factories.push(factory);
    return this;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.schedule(0);
  }

  /** Stops looking for work and waits for what is running to finish. */
  async stop(): Promise<void> {
    this.running = false;
    this.stopping = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.ticking;
    await Promise.all(this.active.values());
  }

  /** Something was enqueued here: look now rather than at the next poll. */
  wake(): void {
    if (this.running) this.schedule(0);
  }

  /** Works until no job is due (tests and the CLI). Returns when idle. */
  async drain(timeoutMs = 120_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const due = await dueAccounts(this.o.db, this.o.now());
      if (!due.length && !this.active.size) return;
      for (const account of due) if (!this.active.has(account)) this.startAccount(account);
      // Accounts another instance holds come back as due at once: wait on a timer for them (a loop
      // of database calls alone would never let timers, and so the other instance, run).
      await Promise.all([Promise.race([Promise.all(this.active.values()), new Promise((r) => setTimeout(r, 10))]), new Promise((r) => setTimeout(r, 1))]);
    }
    throw new Error('The job queue did not drain.');
  }

  private schedule(ms: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.ticking = this.tick().finally(() => {
        this.ticking = null;
        if (this.running) this.schedule(this.o.pollMs);
      });
    }, ms);
    this.timer.unref?.();
  }

  private async tick(): Promise<void> {
    try {
      if (this.active.size >= this.o.maxAccounts) return;
      const due = await dueAccounts(this.o.db, this.o.now());
      for (const account of due) {
        if (this.active.size >= this.o.maxAccounts) break;
        if (!this.active.has(account)) this.startAccount(account);
      }
    } catch (error) {
      this.o.log.error({ err: error }, 'job queue: looking for work failed');
    }
  }

  private startAccount(account: string): void {
    const work = this.workAccount(account)
      .catch((error: unknown) => this.o.log.error({ err: error, account }, 'job queue: account worker failed'))
      .finally(() => this.active.delete(account));
    this.active.set(account, work);
  }

  private async workAccount(account: string): Promise<void> {
    const { db, now, leaseMs } = this.o;
    const bucket = await leaseAccount(db, account, this.instanceId, now(), now() + leaseMs);
    if (!bucket) return; // another instance works this account
    const pacer = new Pacer(bucket, now, this.o.sleep);
    const holding = new Set<string>();
    const owner = `${this.instanceId}/${++this.claims}`;
    let lost = false;
    let saved = 0;
    const save = async () => {
      const requests = pacer.requests - saved;
      saved = pacer.requests;
      await saveBucket(db, account, this.instanceId, pacer.bucket, requests);
    };
    // Renewal runs on real time: a lease is about wall-clock liveness of this process.
    const heartbeat = setInterval(() => {
      void (async () => {
        const until = now() + leaseMs;
        if (!(await renewAccount(db, account, this.instanceId, until))) lost = true;
        await renewJobLeases(db, owner, [...holding], until);
        await save();
      })().catch((error: unknown) => this.o.log.warn({ err: error, account }, 'job queue: renewing leases failed'));
    }, Math.max(50, Math.floor(leaseMs / 3)));
    heartbeat.unref?.();
    let session: Session | null = null;
    let running = 0;
    try {
      while (!lost && !this.stopping) {
        const jobs = await claim(db, this.o.dialect, account, owner, now(), now() + leaseMs, this.o.claimLimit);
        if (!jobs.length) break;
        for (const j of jobs) holding.add(j.id);
        if (!session) {
          try {
            session = await this.open(account, pacer, () => running);
          } catch (error) {
            await Promise.all(jobs.map((job) => this.finish(job, owner, this.failure(job, error))));
            break;
          }
        }
        const s = session;
        await Promise.all(
          jobs.map(async (job) => {
            running++;
            const outcome = await this.runJob(job, s).finally(() => running--);
            await this.finish(job, owner, outcome);
            holding.delete(job.id);
          }),
        );
        await save();
      }
    } finally {
      clearInterval(heartbeat);
      await session?.close?.();
      await save().catch(() => {});
      await releaseAccount(db, account, this.instanceId);
    }
  }

  private async open(account: string, pacer: Pacer, running: () => number): Promise<Session> {
    const factory = this.factories.find((f) => account.startsWith(f.prefix));
    if (!factory) throw new JobError('permanent', 'job_crashed', `No worker serves the account ${account}.`);
    return factory.open(account, pacer, running);
  }

  private async runJob(job: JobRow, session: Session): Promise<Outcome> {
    const handler = this.handlers.get(job.kind);
    if (!handler) return { kind: 'dead', code: 'job_crashed', error: `This hub does not know jobs of kind ${job.kind}.` };
    try {
      const result = await handler.run({
        job,
        payload: JSON.parse(job.payload) as never,
        db: this.o.db,
        dialect: this.o.dialect,
        now: this.o.now,
        session: session as never,
        log: this.o.log,
      });
      return { kind: 'done', result };
    } catch (error) {
      return this.failure(job, error);
    }
  }

  private failure(job: JobRow, error: unknown): Outcome {
    const now = this.o.now();
    const policy = this.handlers.get(job.kind)?.retry;
    if (error instanceof JobError) {
      const { code, message, answer } = error;
      if (error.disposition === 'permanent') return { kind: 'dead', code, error: message, answer };
      if (error.disposition === 'deferred') return { kind: 'retry', runAt: now + (error.retryAfterMs ?? 60_000), code, error: message, answer, counts: false };
      const delay = Math.max(policy?.delay(job.attempts) ?? 60_000, error.retryAfterMs ?? 0);
      return { kind: 'retry', runAt: now + delay, code, error: message, answer };
    }
    this.o.log.error({ err: error, jobId: job.id, kind: job.kind }, 'job failed unexpectedly');
    const message = error instanceof Error ? error.message : String(error);
    return { kind: 'retry', runAt: now + (policy?.delay(job.attempts) ?? 60_000), code: 'job_crashed', error: `The hub failed running this job: ${message}` };
  }

  private async finish(job: JobRow, owner: string, outcome: Outcome): Promise<void> {
    const max = this.handlers.get(job.kind)?.retry.maxAttempts;
    if (outcome.kind === 'retry' && max !== undefined) outcome = { ...outcome, maxAttempts: max };
    const ok = await settle(this.o.db, job, owner, outcome, this.o.now());
    if (!ok) this.o.log.warn({ jobId: job.id }, 'job queue: lost the lease before finishing; the new holder decides');
    else if (outcome.kind === 'dead') this.o.log.warn({ jobId: job.id, kind: job.kind, code: outcome.code, error: outcome.error }, 'job moved to dead letters');
  }
}
