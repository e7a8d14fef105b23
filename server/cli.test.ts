// `zvit hub user add | code | device revoke` in-process, against the database under test.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { uuidv7 } from '../shared/uuid.ts';
import { hubMain } from './cli.ts';
import { openDatabase, type HubDatabase } from './db/connect.ts';
import { enroll } from './devices.ts';
import { freshDatabase, type TestDb } from './testing/harness.ts';

let db: TestDb;
let saved: NodeJS.ProcessEnv;

beforeAll(() => {
  db = freshDatabase();
  saved = { ...process.env };
  delete process.env.DATABASE_URL;
  Object.assign(process.env, db.env);
});
afterAll(async () => {
  process.env = saved;
  await db.drop();
});
afterEach(() => vi.restoreAllMocks());

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((out += String(chunk)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((err += String(chunk)), true));
  const code = await hubMain([...argv, '--data-dir', db.options.dataDir]);
  vi.restoreAllMocks();
  return { code, out, err };
}

async function withDb<T>(fn: (d: HubDatabase) => Promise<T>): Promise<T> {
  const d = await openDatabase(db.options);
  try {
    return await fn(d);
  } finally {
    await d.close();
  }
}

describe('zvit hub (commands)', () => {
  it('user add creates the team on first mention and the user in it', async () => {
    const r = await run('user', 'add', '--email', 'Olena@Example.com', '--role', 'manager', '--team', 'Київ');
    expect(r).toMatchObject({ code: 0 });
    expect(r.err).toMatch(/Added manager olena@example.com \(team Київ\)/);
    const lead = await run('user', 'add', '--email', 'lead@example.com', '--role', 'lead', '--team', 'Київ');
    expect(lead.code).toBe(0);
    await withDb(async (d) => {
      const users = await d.db.selectFrom('users').innerJoin('teams', 'teams.id', 'users.team_id').select(['users.email', 'users.role', 'teams.name']).orderBy('users.email').execute();
      expect(users).toEqual([
        { email: 'lead@example.com', role: 'lead', name: 'Київ' },
        { email: 'olena@example.com', role: 'manager', name: 'Київ' },
      ]);
      expect(await d.db.selectFrom('team_leads').selectAll().execute()).toHaveLength(1);
    });
  });

  it('user add refuses a duplicate, a missing team and an unknown role', async () => {
    expect((await run('user', 'add', '--email', 'olena@example.com', '--role', 'manager', '--team', 'Київ')).err).toMatch(/already exists/);
    expect((await run('user', 'add', '--email', 'x@example.com', '--role', 'manager')).code).toBe(2);
    expect((await run('user', 'add', '--email', 'x@example.com', '--role', 'boss', '--team', 'A')).code).toBe(2);
  });

  it('code prints a code alone on stdout that enrolls a device, N times, until it expires', async () => {
    const r = await run('code', '--user', 'olena@example.com', '--uses', '2', '--expires', '1h');
    expect(r.code).toBe(0);
    const code = r.out.trim();
    expect(code).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    expect(r.err).toMatch(/2 use\(s\), expires/);
    await withDb(async (d) => {
      await enroll(d.db, { code, deviceId: uuidv7(), name: 'a' });
      await enroll(d.db, { code, deviceId: uuidv7(), name: 'b' });
      await expect(enroll(d.db, { code, deviceId: uuidv7(), name: 'c' })).rejects.toThrow(/already been used/);
      const expiring = (await run('code', '--user', 'olena@example.com', '--expires', '1m')).out.trim();
      await expect(enroll(d.db, { code: expiring, deviceId: uuidv7(), name: 'd' }, Date.now() + 61_000)).rejects.toThrow(/expired/);
    });
    expect((await run('code', '--user', 'nobody@example.com')).err).toMatch(/No user/);
    expect((await run('code', '--user', 'olena@example.com', '--expires', 'soon')).code).toBe(2);
  });

  it('device revoke marks the device revoked; an unknown id fails', async () => {
    const id = await withDb(async (d) => (await d.db.selectFrom('devices').select('id').executeTakeFirstOrThrow()).id);
    expect((await run('device', 'revoke', id)).code).toBe(0);
    await withDb(async (d) => {
      const row = await d.db.selectFrom('devices').select('revoked_at').where('id', '=', id).executeTakeFirstOrThrow();
      expect(row.revoked_at).toBeGreaterThan(0);
    });
    expect((await run('device', 'revoke', uuidv7())).code).toBe(1);
  });

  it('serve refuses to start with a too short ZVIT_ADMIN_PASSWORD, and leaves nothing running', async () => {
    process.env.ZVIT_ADMIN_EMAIL = 'boss@example.com';
    process.env.ZVIT_ADMIN_PASSWORD = 'short';
    try {
      const r = await run('--port', '0', '--host', '127.0.0.1');
      expect(r.code).toBe(1);
      expect(r.err).toMatch(/ZVIT_ADMIN_PASSWORD: A password needs at least 10 characters/);
    } finally {
      delete process.env.ZVIT_ADMIN_EMAIL;
      delete process.env.ZVIT_ADMIN_PASSWORD;
    }
  });

  it('unknown commands and help', async () => {
    expect((await run('frobnicate')).code).toBe(2);
    expect((await run('help')).out).toMatch(/user add --email E --role manager\|lead\|admin/);
  });
});
