// A hub for tests on a fresh database: a temporary SQLite folder, or, when ZVIT_TEST_PG_URL is
// set (the `postgres` vitest project), a new PostgreSQL schema that is dropped afterwards.
// Fixtures go through the same functions the CLI and API use, never through raw SQL.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { LightMyRequestResponse as InjectResponse } from 'fastify';
import { addLead, createUser, ensureOrg, ensureTeam } from '../accounts.ts';
import { createHub, type Hub, type HubOptions } from '../app.ts';
import { hashPassword } from '../auth/passwords.ts';
import { SESSION_COOKIE } from '../auth/sessions.ts';
import type { Role } from '../db/schema.ts';
import { createEnrollmentCode } from '../devices.ts';
import { uuidv7 } from '../../shared/uuid.ts';

export const PG_URL = process.env.ZVIT_TEST_PG_URL;
export const DIALECT = PG_URL ? 'postgres' : 'sqlite';

export interface TestDb {
  options: Pick<HubOptions, 'dataDir' | 'databaseUrl' | 'pgSchema'>;
  /** For a child process: the environment that points it at the same database. */
  env: Record<string, string>;
  drop(): Promise<void>;
}

export function freshDatabase(): TestDb {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zvit-hub-'));
  if (!PG_URL) {
    return { options: { dataDir }, env: {}, drop: async () => fs.rmSync(dataDir, { recursive: true, force: true }) };
  }
  const pgSchema = `zvit_t_${randomBytes(6).toString('hex')}`;
  return {
    options: { dataDir, databaseUrl: PG_URL, pgSchema },
    env: { DATABASE_URL: PG_URL, ZVIT_PG_SCHEMA: pgSchema },
    async drop() {
      fs.rmSync(dataDir, { recursive: true, force: true });
      const client = new pg.Client({ connectionString: PG_URL });
      await client.connect();
      try {
        await client.query(`DROP SCHEMA IF EXISTS ${pgSchema} CASCADE`);
      } finally {
        await client.end();
      }
    },
  };
}

export interface TestHub {
  hub: Hub;
  db: TestDb;
  /** The hub's clock; tests move it. */
  clock: { now: number };
  close(): Promise<void>;
}

export async function startHub(options: Partial<HubOptions> = {}): Promise<TestHub> {
  const db = freshDatabase();
  const clock = { now: Date.UTC(2026, 2, 2, 12, 0, 0) };
  // The push queue's brake on a late event loop is left off: on a busy test machine the loop runs
  // late for reasons of its own, and a test's push is then refused by timing, not by what it tests.
  const limits = { syncPerMinute: 10_000, authPerMinute: 10_000, loginFailuresBeforeBackoff: 10_000, pushQueue: { maxLagMs: Infinity } };
  const hub = await createHub({ ...db.options, now: () => clock.now, limits, ...options });
  return {
    hub,
    db,
    clock,
    async close() {
      await hub.close();
      await db.drop();
    },
  };
}

export const PASSWORD = 'correct horse battery';
let passwordHash: Promise<string> | null = null;

export interface Person {
  id: string;
  email: string;
  role: Role;
  orgId: string;
  teamId: string | null;
}

export interface World {
  orgA: string;
  orgB: string;
  t1: string;
  t2: string;
  tb: string;
  admin: Person;
  /** Leads t1 and t2. */
  leadBoth: Person;
  lead1: Person;
  lead2: Person;
  m1: Person;
  m1b: Person;
  m2: Person;
  adminB: Person;
  mB: Person;
}

/** Two organizations: A with teams t1 and t2, B with team tb. */
export async function seedWorld(hub: Hub): Promise<World> {
  const db = hub.database.db;
  passwordHash ??= hashPassword(PASSWORD);
  const hash = await passwordHash;
  const orgA = await ensureOrg(db, 'Org A');
  const orgB = await ensureOrg(db, 'Org B');
  const t1 = await ensureTeam(db, orgA, 'Team 1');
  const t2 = await ensureTeam(db, orgA, 'Team 2');
  const tb = await ensureTeam(db, orgB, 'Team B');
  const person = async (email: string, role: Role, orgId: string, teamId: string | null): Promise<Person> => {
    const u = await createUser(db, { orgId, email, role, teamId, passwordHash: hash });
    return { id: u.id, email: u.email, role, orgId, teamId };
  };
  const leadBoth = await person('lead.both@a.test', 'lead', orgA, t1);
  await addLead(db, t2, leadBoth.id);
  return {
    orgA,
    orgB,
    t1,
    t2,
    tb,
    leadBoth,
    admin: await person('admin@a.test', 'admin', orgA, null),
    lead1: await person('lead1@a.test', 'lead', orgA, t1),
    lead2: await person('lead2@a.test', 'lead', orgA, t2),
    m1: await person('m1@a.test', 'manager', orgA, t1),
    m1b: await person('m1b@a.test', 'manager', orgA, t1),
    m2: await person('m2@a.test', 'manager', orgA, t2),
    adminB: await person('admin@b.test', 'admin', orgB, null),
    mB: await person('m@b.test', 'manager', orgB, tb),
  };
}

export interface Browser {
  cookie: string;
  csrf: string;
  get(url: string): Promise<InjectResponse>;
  send(method: 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, body?: unknown, opts?: { csrf?: string | null }): Promise<InjectResponse>;
}

/** Signs in through the API and returns a client that carries the cookie and CSRF header. */
export async function signIn(hub: Hub, email: string, password = PASSWORD): Promise<Browser> {
  const res = await hub.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password } });
  if (res.statusCode !== 200) throw new Error(`sign-in of ${email} failed: ${res.statusCode} ${res.body}`);
  const cookie = res.cookies.find((c) => c.name === SESSION_COOKIE)!.value;
  const csrf = (res.json() as { csrfToken: string }).csrfToken;
  return {
    cookie,
    csrf,
    get: (url) => hub.app.inject({ method: 'GET', url, cookies: { [SESSION_COOKIE]: cookie } }),
    send: (method, url, body, opts = {}) =>
      hub.app.inject({
        method,
        url,
        cookies: { [SESSION_COOKIE]: cookie },
        headers: opts.csrf === null ? {} : { 'x-csrf-token': opts.csrf ?? csrf },
        ...(body !== undefined ? { payload: body as object } : {}),
      }),
  };
}

export interface Agent {
  deviceId: string;
  token: string;
  userId: string;
  push(records: unknown[]): Promise<InjectResponse>;
  pull(cursor?: string): Promise<InjectResponse>;
}

export async function enrollAgent(hub: Hub, userId: string, deviceId = uuidv7()): Promise<Agent> {
  const { code } = await createEnrollmentCode(hub.database.db, { userId, createdBy: null });
  const res = await hub.app.inject({ method: 'POST', url: '/api/v1/enroll', payload: { code, deviceId, name: 'test pc' } });
  if (res.statusCode !== 200) throw new Error(`enroll failed: ${res.statusCode} ${res.body}`);
  const token = (res.json() as { token: string }).token;
  return agentFor(hub, { deviceId, token, userId });
}

export function agentFor(hub: Hub, a: { deviceId: string; token: string; userId: string }): Agent {
  const auth = { authorization: `Bearer ${a.token}` };
  return {
    ...a,
    push: (records) => hub.app.inject({ method: 'POST', url: '/api/v1/sync/push', headers: auth, payload: { records } }),
    pull: (cursor) => hub.app.inject({ method: 'GET', url: `/api/v1/sync/pull${cursor !== undefined ? `?cursor=${cursor}` : ''}`, headers: auth }),
  };
}
