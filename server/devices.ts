// Devices: enrollment codes an admin or lead makes for a user, exchanged once by the agent for a
// device token; revocation; and the bearer check on every sync call.
import type { FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { DB } from './db/schema.ts';
import { HubError } from './errors.ts';
import { uuidv7 } from '../shared/uuid.ts';
import { newEnrollmentCode, newToken, normalizeEnrollmentCode, sha256 } from './auth/tokens.ts';
import { keptQuery } from './db/kept-query.ts';

export const DEFAULT_CODE_TTL_MS = 7 * 24 * 3600 * 1000;
export const MAX_CODE_TTL_MS = 90 * 24 * 3600 * 1000;

export interface CreatedCode {
  id: string;
  code: string;
  userId: string;
  uses: number;
  expiresAt: number;
}

export async function createEnrollmentCode(
  db: Kysely<DB>,
  opts: { userId: string; createdBy: string | null; uses?: number; ttlMs?: number },
  now = Date.now(),
): Promise<CreatedCode> {
  const uses = opts.uses ?? 1;
  const ttl = opts.ttlMs ?? DEFAULT_CODE_TTL_MS;
  if (!Number.isInteger(uses) || uses < 1 || uses > 1000) throw new HubError(400, 'invalid_request', 'uses must be a whole number from 1 to 1000.');
  if (!(ttl > 0 && ttl <= MAX_CODE_TTL_MS)) throw new HubError(400, 'invalid_request', 'A code expires within 90 days.');
  const code = newEnrollmentCode();
  const id = uuidv7(now);
  await db
    .insertInto('enrollment_codes')
    .values({ code_hash: sha256(normalizeEnrollmentCode(code)), id, uses, hint: code.slice(-4), user_id: opts.userId, created_by: opts.createdBy, uses_left: uses, expires_at: now + ttl, created_at: now })
    .execute();
  return { id, code, userId: opts.userId, uses, expiresAt: now + ttl };
}

export interface Enrollment {
  token: string;
  deviceId: string;
  userId: string;
  email: string;
}

/**
 * Exchanges a code for a device token. A device id already enrolled for the same user gets a
 * fresh token (reinstalled agent, or re-enrolled after revocation: the new code is the admin's
 * consent); one enrolled for someone else is refused.
 */
export async function enroll(db: Kysely<DB>, input: { code: string; deviceId: string; name: string }, now = Date.now()): Promise<Enrollment> {
  return db.transaction().execute(async (tx) => {
    const hash = sha256(normalizeEnrollmentCode(input.code));
    const code = await tx.selectFrom('enrollment_codes').selectAll().where('code_hash', '=', hash).executeTakeFirst();
    if (!code) throw new HubError(400, 'code_invalid', 'This enrollment code is not known. Check it, or ask your lead for a new one.');
    if (code.expires_at <= now) throw new HubError(400, 'code_expired', 'This enrollment code has expired. Ask your lead for a new one.');
    // The decrement is conditional so that two agents racing for the last use cannot both win.
    const taken = await tx
      .updateTable('enrollment_codes')
      .set((eb) => ({ uses_left: eb('uses_left', '-', 1) }))
      .where('code_hash', '=', hash)
      .where('uses_left', '>', 0)
      .executeTakeFirst();
    if (Number(taken.numUpdatedRows) === 0) throw new HubError(400, 'code_used_up', 'This enrollment code has already been used. Ask your lead for a new one.');

    const user = await tx.selectFrom('users').select(['id', 'email']).where('id', '=', code.user_id).executeTakeFirstOrThrow();
    const token = newToken('zvd');
    const existing = await tx.selectFrom('devices').select(['user_id']).where('id', '=', input.deviceId).executeTakeFirst();
    if (existing && existing.user_id !== user.id) {
      throw new HubError(409, 'device_taken', 'This device is enrolled for another user. An admin must revoke it there first.');
    }
    if (existing) {
      await tx.updateTable('devices').set({ token_hash: sha256(token), name: input.name, enrolled_at: now, revoked_at: null }).where('id', '=', input.deviceId).execute();
    } else {
      await tx.insertInto('devices').values({ id: input.deviceId, user_id: user.id, name: input.name, token_hash: sha256(token), enrolled_at: now, revoked_at: null, last_seen_at: null, clock_offset_ms: null, clock_measured_at: null, agent_version: null }).execute();
    }
    return { token, deviceId: input.deviceId, userId: user.id, email: user.email };
  });
}

export async function revokeDevice(db: Kysely<DB>, deviceId: string, now = Date.now()): Promise<boolean> {
  const result = await db.updateTable('devices').set({ revoked_at: now }).where('id', '=', deviceId).where('revoked_at', 'is', null).executeTakeFirst();
  if (Number(result.numUpdatedRows) > 0) return true;
  const exists = await db.selectFrom('devices').select('id').where('id', '=', deviceId).executeTakeFirst();
  return exists !== undefined; // already revoked: nothing to do, not an error
}

export interface DeviceAuth {
  deviceId: string;
  userId: string;
  orgId: string;
  teamId: string | null;
  lastSeenAt: number | null;
  /** Hub minus device clock as last reported (ms), null before any report. */
  clockOffsetMs: number | null;
}

// Every request of an agent looks its device up: built once (kept-query.ts).
const deviceByTokenHash = keptQuery((db, p: { hash: never }) =>
  db
    .selectFrom('devices')
    .innerJoin('users', 'users.id', 'devices.user_id')
    .select(['devices.id', 'devices.user_id', 'devices.revoked_at', 'devices.last_seen_at', 'devices.clock_offset_ms', 'users.org_id', 'users.team_id'])
    .where('devices.token_hash', '=', p.hash),
);

type DeviceLookup = { device: DeviceAuth } | { error: HubError };
const lookups = new WeakMap<FastifyRequest, Promise<DeviceLookup>>();

async function lookUpDevice(db: Kysely<DB>, request: FastifyRequest): Promise<DeviceLookup> {
  const header = request.headers.authorization;
  const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  const token = match?.[1] ?? '';
  if (!token) return { error: new HubError(401, 'unauthorized', 'This call needs the device token: Authorization: Bearer <token>.') };
  const [row] = await deviceByTokenHash(db, { hash: sha256(token) });
  if (!row) return { error: new HubError(401, 'unauthorized', 'This device is not enrolled with this hub. Enroll it with a code from your lead.') };
  if (row.revoked_at !== null) {
    return { error: new HubError(401, 'device_revoked', 'This device was disconnected from the hub by an admin. Ask your lead for a new enrollment code.') };
  }
  return { device: { deviceId: row.id, userId: row.user_id, orgId: row.org_id, teamId: row.team_id, lastSeenAt: row.last_seen_at, clockOffsetMs: row.clock_offset_ms === null ? null : Number(row.clock_offset_ms) } };
}

function deviceLookup(db: Kysely<DB>, request: FastifyRequest): Promise<DeviceLookup> {
  let found = lookups.get(request);
  if (!found) {
    found = lookUpDevice(db, request);
    lookups.set(request, found);
  }
  return found;
}

/** The device behind a bearer token; 401 with `device_revoked` for a revoked one. Looked up once per request. */
export async function requireDevice(db: Kysely<DB>, request: FastifyRequest): Promise<DeviceAuth> {
  const found = await deviceLookup(db, request);
  if ('error' in found) throw found.error;
  return found.device;
}

/** The enrolled, unrevoked device's id, or null: what a per-device rate limit is keyed on. */
export async function deviceIdOf(db: Kysely<DB>, request: FastifyRequest): Promise<string | null> {
  const found = await deviceLookup(db, request);
  return 'device' in found ? found.device.deviceId : null;
}

/** Parses "7d", "12h", "30m" or plain seconds. */
export function parseDuration(text: string): number | null {
  const m = /^(\d{1,6})([smhd]?)$/.exec(text.trim());
  if (!m) return null;
  const unit = { '': 1000, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] as '' | 's' | 'm' | 'h' | 'd'];
  return Number(m[1]) * unit;
}

/**
 * Keeps the device's clock offset as its agent reports it. Written only when it moved by more
 * than a second, so the steady state costs no write per push.
 */
export async function recordClockOffset(db: Kysely<DB>, device: { deviceId: string; clockOffsetMs: number | null }, offsetMs: number, now: number): Promise<void> {
  if (device.clockOffsetMs !== null && Math.abs(device.clockOffsetMs - offsetMs) <= 1000) return;
  await db.updateTable('devices').set({ clock_offset_ms: offsetMs, clock_measured_at: now }).where('id', '=', device.deviceId).execute();
}
