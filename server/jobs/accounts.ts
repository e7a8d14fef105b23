// Per-account pacing shared by every hub instance. An account (a CRM portal, a webhook endpoint)
// is worked by at most one worker at a time, under a lease in job_accounts; that worker paces its
// requests with a leaky bucket whose level is kept in the same row, so the next holder (another
// instance, after a crash) starts from where the last one left off rather than from empty.
import { sql, type Kysely } from 'kysely';
import type { JobAccountsTable } from '../db/integrations-schema.ts';
import type { DB } from '../db/schema.ts';

export interface Bucket {
  /** Requests drained per second; null: not paced. */
  rate: number | null;
  /** Most requests the bucket holds before the remote system refuses. */
  burst: number | null;
  level: number;
  levelAt: number;
  blockedUntil: number;
}

/** The level now, after draining since levelAt. */
export function levelAt(bucket: Bucket, now: number): number {
  if (bucket.rate === null) return 0;
  return Math.max(0, bucket.level - (Math.max(0, now - bucket.levelAt) / 1000) * bucket.rate);
}

/** How long to wait (ms) before one more request fits. */
export function waitFor(bucket: Bucket, now: number): number {
  const blocked = Math.max(0, bucket.blockedUntil - now);
  if (bucket.rate === null || bucket.burst === null) return blocked;
  const over = levelAt(bucket, now) + 1 - bucket.burst;
  return Math.max(blocked, over > 0 ? Math.ceil((over / bucket.rate) * 1000) : 0);
}

/** The bucket after one request at `now`. */
export function take(bucket: Bucket, now: number): Bucket {
  if (bucket.rate === null) return bucket;
  return { ...bucket, level: levelAt(bucket, now) + 1, levelAt: now };
}

/**
 * The remote system refused for its limit: no request before `until`, and the bucket is taken to
 * be full (the system counts requests we cannot see, from other apps of the same portal).
 */
export function block(bucket: Bucket, now: number, until: number): Bucket {
  return { ...bucket, level: bucket.burst ?? 0, levelAt: Math.max(now, until), blockedUntil: Math.max(bucket.blockedUntil, until) };
}

export function fromRow(row: Pick<JobAccountsTable, 'rate' | 'burst' | 'level' | 'level_at' | 'blocked_until'>): Bucket {
  return {
    rate: row.rate === null ? null : Number(row.rate),
    burst: row.burst === null ? null : Number(row.burst),
    level: Number(row.level),
    levelAt: Number(row.level_at),
    blockedUntil: Number(row.blocked_until),
  };
}

/** Sets an account's rate (a connector saved, a plan changed); creates the row when missing. */
export async function setPace(db: Kysely<DB>, account: string, pace: { rate: number | null; burst: number | null }, now: number): Promise<void> {
  await db
    .insertInto('job_accounts')
    .values({ account, lease_owner: null, lease_until: null, rate: pace.rate, burst: pace.burst, level: 0, level_at: now, blocked_until: 0, requests: 0 })
    .onConflict((oc) => oc.column('account').doUpdateSet({ rate: pace.rate, burst: pace.burst }))
    .execute();
}

/**
 * Takes the account's lease for `owner` if nobody else holds a live one; returns the bucket then,
 * or null. The row is created on first sight (unpaced until a connector sets its rate).
 */
export async function leaseAccount(db: Kysely<DB>, account: string, owner: string, now: number, until: number): Promise<Bucket | null> {
  await db
    .insertInto('job_accounts')
    .values({ account, lease_owner: null, lease_until: null, rate: null, burst: null, level: 0, level_at: now, blocked_until: 0, requests: 0 })
    .onConflict((oc) => oc.column('account').doNothing())
    .execute();
  const row = await db
    .updateTable('job_accounts')
    .set({ lease_owner: owner, lease_until: until })
    .where('account', '=', account)
    .where((eb) => eb.or([eb('lease_owner', 'is', null), eb('lease_owner', '=', owner), eb('lease_until', '<', now)]))
    .returning(['rate', 'burst', 'level', 'level_at', 'blocked_until'])
    .executeTakeFirst();
  return row ? fromRow(row) : null;
}

/** Keeps the lease while working; false when it was lost (expired and taken by another). */
export async function renewAccount(db: Kysely<DB>, account: string, owner: string, until: number): Promise<boolean> {
  const r = await db.updateTable('job_accounts').set({ lease_until: until }).where('account', '=', account).where('lease_owner', '=', owner).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function releaseAccount(db: Kysely<DB>, account: string, owner: string): Promise<void> {
  await db.updateTable('job_accounts').set({ lease_owner: null, lease_until: null }).where('account', '=', account).where('lease_owner', '=', owner).execute();
}

/** Writes the bucket back after requests (and counts them), fenced by the lease. */
export async function saveBucket(db: Kysely<DB>, account: string, owner: string, bucket: Bucket, requests: number): Promise<void> {
  await db
    .updateTable('job_accounts')
    .set({ level: bucket.level, level_at: bucket.levelAt, blocked_until: bucket.blockedUntil, requests: sql`requests + ${requests}` })
    .where('account', '=', account)
    .where('lease_owner', '=', owner)
    .execute();
}
