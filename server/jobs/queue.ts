// The durable job queue: one table in the hub's own database, so a job is enqueued in the same
// transaction as the write that causes it (a report stored → its CRM message) and nothing falls
// between the two. Workers claim jobs with a lease; a worker that dies leaves its lease to expire
// and another takes the job. Every state change is fenced by the claim's owner token, so a worker
// that lost its lease (paused for a minute, then woke up) cannot overwrite the new holder's work.
import { sql, type Kysely } from 'kysely';
import type { JobErrorCode } from '../../shared/integrations.ts';
import { uuidv7 } from '../../shared/uuid.ts';
import type { Dialect } from '../db/connect.ts';
import type { JobsTable, JobState } from '../db/integrations-schema.ts';
import type { DB } from '../db/schema.ts';

export type JobRow = JobsTable;

export interface NewJob {
  kind: string;
  account: string;
  orgId: string | null;
  payload: unknown;
  /** One job per key: enqueueing it again replaces the payload and makes it due again. */
  dedupeKey?: string;
  /** Jobs of a group run one at a time in the order they were enqueued. */
  groupKey?: string;
  runAt?: number;
  maxAttempts?: number;
}

export const DEFAULT_MAX_ATTEMPTS = 12;
/** Longest text kept of a remote system's answer. */
const MAX_ANSWER = 2000;

/**
 * Adds a job, inside the caller's transaction when `db` is one. With a dedupe key that exists,
 * the job takes the new payload and runs again: a queued or finished one at once (attempts start
 * over); a running one after its worker finishes (`version` tells the worker it is stale).
 */
export async function enqueue(db: Kysely<DB>, job: NewJob, now: number): Promise<string> {
  const row = {
    id: uuidv7(now),
    org_id: job.orgId,
    kind: job.kind,
    account: job.account,
    dedupe_key: job.dedupeKey ?? null,
    group_key: job.groupKey ?? null,
    payload: JSON.stringify(job.payload),
    state: 'queued' as JobState,
    attempts: 0,
    max_attempts: job.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
    run_at: job.runAt ?? now,
    lease_owner: null,
    lease_until: null,
    version: 1,
    last_error: null,
    last_error_code: null,
    last_answer: null,
    result: null,
    created_at: now,
    updated_at: now,
    done_at: null,
  };
  if (!job.dedupeKey) {
    await db.insertInto('jobs').values(row).execute();
    return row.id;
  }
  const saved = await db
    .insertInto('jobs')
    .values(row)
    .onConflict((oc) =>
      oc.column('dedupe_key').doUpdateSet({
        payload: (eb) => eb.ref('excluded.payload'),
        account: (eb) => eb.ref('excluded.account'),
        kind: (eb) => eb.ref('excluded.kind'),
        version: sql`jobs.version + 1`,
        // A running job keeps its state and lease; its worker sees the new version when it finishes.
        state: sql`case when jobs.state = 'running' then 'running' else 'queued' end`,
        attempts: sql`case when jobs.state = 'running' then jobs.attempts else 0 end`,
        run_at: (eb) => eb.ref('excluded.run_at'),
        max_attempts: (eb) => eb.ref('excluded.max_attempts'),
        last_error: sql`case when jobs.state = 'running' then jobs.last_error else null end`,
        last_error_code: sql`case when jobs.state = 'running' then jobs.last_error_code else null end`,
        done_at: null,
        updated_at: now,
      }),
    )
    .returning('id')
    .executeTakeFirstOrThrow();
  return saved.id;
}

/** Accounts with work due now (or a running job whose worker's lease has expired). */
export async function dueAccounts(db: Kysely<DB>, now: number, limit = 100): Promise<string[]> {
  const rows = await db
    .selectFrom('jobs')
    .select('account')
    .where((eb) => eb.or([eb.and([eb('state', '=', 'queued'), eb('run_at', '<=', now)]), eb.and([eb('state', '=', 'running'), eb('lease_until', '<', now)])]))
    .groupBy('account')
    .orderBy(sql`min(run_at)`)
    .limit(limit)
    .execute();
  return rows.map((r) => r.account);
}

/** The earliest instant a queued job of these accounts (or any) becomes due; null: none queued. */
export async function nextDue(db: Kysely<DB>): Promise<number | null> {
  const row = await db
    .selectFrom('jobs')
    .select((eb) => [eb.fn.min('run_at').as('run_at'), eb.fn.min('lease_until').as('lease_until')])
    .where('state', 'in', ['queued', 'running'])
    .executeTakeFirst();
  const times = [row?.run_at, row?.lease_until].filter((t): t is number => t !== null && t !== undefined).map(Number);
  return times.length ? Math.min(...times) : null;
}

/**
 * Claims up to `limit` due jobs of one account for `owner` until `leaseUntil`. PostgreSQL skips
 * rows another instance has locked (FOR UPDATE SKIP LOCKED), so two instances never claim one job;
 * SQLite has one writer, so the statement is atomic on its own. A job whose group has an older
 * job still waiting or running is left for later: a manager's clock-out never overtakes the
 * clock-in. The attempt is counted here, so a worker that dies mid-job has used it.
 */
export async function claim(db: Kysely<DB>, dialect: Dialect, account: string, owner: string, now: number, leaseUntil: number, limit: number): Promise<JobRow[]> {
  const lock = dialect === 'postgres' ? sql`for update skip locked` : sql``;
  const result = await sql<JobRow>`
    update jobs set state = 'running', lease_owner = ${owner}, lease_until = ${leaseUntil}, attempts = attempts + 1, updated_at = ${now}
    where id in (
      select j.id from jobs j
      where j.account = ${account}
        and ((j.state = 'queued' and j.run_at <= ${now}) or (j.state = 'running' and j.lease_until < ${now}))
        and (j.group_key is null or not exists (
          select 1 from jobs e where e.group_key = j.group_key and e.id < j.id and e.state in ('queued', 'running')))
      order by j.run_at, j.id
      limit ${limit}
      ${lock}
    )
    returning *`.execute(db);
  return result.rows.map(numbers).sort((a, b) => a.run_at - b.run_at || (a.id < b.id ? -1 : 1));
}

/** Raw SQL bypasses the pg type parsers for some drivers' counts; make the numeric columns numbers. */
function numbers(row: JobRow): JobRow {
  return {
    ...row,
    attempts: Number(row.attempts),
    max_attempts: Number(row.max_attempts),
    run_at: Number(row.run_at),
    lease_until: row.lease_until === null ? null : Number(row.lease_until),
    version: Number(row.version),
    created_at: Number(row.created_at),
    updated_at: Number(row.updated_at),
    done_at: row.done_at === null ? null : Number(row.done_at),
  };
}

/** Extends the leases of jobs this owner still holds. */
export async function renewJobLeases(db: Kysely<DB>, owner: string, ids: readonly string[], leaseUntil: number): Promise<void> {
  if (!ids.length) return;
  await db.updateTable('jobs').set({ lease_until: leaseUntil }).where('lease_owner', '=', owner).where('id', 'in', [...ids]).where('state', '=', 'running').execute();
}

export type Outcome =
  | { kind: 'done'; result?: unknown }
  /** Try again at `runAt`; `counts: false` when the failure was not the job's (a rate limit). */
  | { kind: 'retry'; runAt: number; code: JobErrorCode; error: string; answer?: string | null; counts?: boolean; maxAttempts?: number }
  | { kind: 'dead'; code: JobErrorCode; error: string; answer?: string | null };

/**
 * Records how a claimed job ended. Returns false when the claim was no longer this owner's (the
 * lease expired and another worker took the job): nothing is written then. A job that was
 * enqueued again while it ran (a newer version) goes back to the queue instead of finishing.
 */
export async function settle(db: Kysely<DB>, job: Pick<JobRow, 'id' | 'version'>, owner: string, outcome: Outcome, now: number): Promise<boolean> {
  const fenced = (q: ReturnType<typeof base>) => q.where('id', '=', job.id).where('lease_owner', '=', owner).where('state', '=', 'running');
  const base = () => db.updateTable('jobs');
  const released = { lease_owner: null, lease_until: null, updated_at: now };
  const stale = sql<boolean>`version <> ${job.version}`;
  // PostgreSQL cannot infer a parameter's type inside CASE; both dialects understand CAST.
  const at = (n: number) => sql`cast(${n} as bigint)`;
  let result;
  if (outcome.kind === 'done') {
    result = await fenced(
      base().set({
        ...released,
        state: sql`case when ${stale} then 'queued' else 'done' end`,
        attempts: sql`case when ${stale} then 0 else attempts end`,
        run_at: sql`case when ${stale} then ${at(now)} else run_at end`,
        done_at: sql`case when ${stale} then null else ${at(now)} end`,
        result: outcome.result === undefined ? null : JSON.stringify(outcome.result),
        last_error: null,
        last_error_code: null,
        last_answer: null,
      }),
    ).executeTakeFirst();
  } else if (outcome.kind === 'retry') {
    const counts = outcome.counts ?? true;
    // The job kind's own limit is the one in force; the row keeps it for the admin to see.
    const max = outcome.maxAttempts === undefined ? sql`max_attempts` : sql`${sql.lit(outcome.maxAttempts)}`;
    result = await fenced(
      base().set({
        ...released,
        ...(outcome.maxAttempts !== undefined ? { max_attempts: outcome.maxAttempts } : {}),
        // A retry past the last attempt is a dead letter; a newer version starts over.
        state: sql`case when ${stale} then 'queued' when ${counts ? sql`attempts >= ${max}` : sql`1 = 0`} then 'dead' else 'queued' end`,
        attempts: sql`case when ${stale} then 0 else attempts - ${sql.lit(counts ? 0 : 1)} end`,
        run_at: sql`case when ${stale} then ${at(now)} else ${at(outcome.runAt)} end`,
        last_error: outcome.error,
        last_error_code: outcome.code,
        last_answer: truncate(outcome.answer),
      }),
    ).executeTakeFirst();
  } else {
    result = await fenced(
      base().set({
        ...released,
        state: sql`case when ${stale} then 'queued' else 'dead' end`,
        attempts: sql`case when ${stale} then 0 else attempts end`,
        run_at: now,
        last_error: outcome.error,
        last_error_code: outcome.code,
        last_answer: truncate(outcome.answer),
      }),
    ).executeTakeFirst();
  }
  return Number(result.numUpdatedRows) === 1;
}

const truncate = (text: string | null | undefined) => (text ? text.slice(0, MAX_ANSWER) : null);

/** Dead letters (or given jobs) run again now, attempts starting over. Returns how many. */
export async function retryDead(db: Kysely<DB>, orgId: string, ids: readonly string[] | 'all', now: number): Promise<number> {
  let q = db
    .updateTable('jobs')
    .set({ state: 'queued', attempts: 0, run_at: now, updated_at: now, last_error: null, last_error_code: null, last_answer: null })
    .where('org_id', '=', orgId)
    .where('state', '=', 'dead');
  if (ids !== 'all') q = q.where('id', 'in', ids.length ? [...ids] : ['']);
  const result = await q.executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Finished jobs are kept this long for the admin's log, then deleted. */
export const KEEP_DONE_MS = 14 * 24 * 3600_000;

export async function pruneDone(db: Kysely<DB>, now: number): Promise<number> {
  const result = await db.deleteFrom('jobs').where('state', '=', 'done').where('done_at', '<', now - KEEP_DONE_MS).executeTakeFirst();
  return Number(result.numDeletedRows);
}
