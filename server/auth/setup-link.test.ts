// The one-time set-up link makes the first admin and nothing after: once an admin exists, made
// by the CLI's `user add` or by ZVIT_ADMIN_* on a later start, the link is refused and deleted.
import { afterEach, expect, it } from 'vitest';
import { createUser, DEFAULT_ORG, ensureOrg } from '../accounts.ts';
import { ensureFirstAdmin } from '../bootstrap.ts';
import { startHub, type TestHub } from '../testing/harness.ts';

let t: TestHub | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

const links = async (hub: TestHub) => hub.hub.database.db.selectFrom('setup_tokens').selectAll().execute();
const redeem = (hub: TestHub, token: string) =>
  hub.hub.app.inject({ method: 'POST', url: '/api/v1/setup', payload: { token, email: 'intruder@example.com', password: 'a long password' } });

it('refuses the link once the CLI has made an admin, and the link is gone', async () => {
  t = await startHub();
  const db = t.hub.database.db;
  const link = await ensureFirstAdmin(db, {});
  if (link.kind !== 'setup') throw new Error('expected a set-up link');
  expect(await links(t)).toHaveLength(1);
  // What `zvit hub user add --role admin` runs.
  await createUser(db, { orgId: await ensureOrg(db, DEFAULT_ORG), email: 'owner@example.com', role: 'admin', teamId: null });
  const res = await redeem(t, link.token);
  expect(res.statusCode).toBe(400);
  expect(res.json().error.code).toBe('code_invalid');
  expect(await db.selectFrom('users').select('email').where('role', '=', 'admin').execute()).toEqual([{ email: 'owner@example.com' }]);
  expect(await links(t)).toEqual([]);
});

it('refuses and deletes the link when an admin exists that was made without deleting it', async () => {
  t = await startHub();
  const db = t.hub.database.db;
  const link = await ensureFirstAdmin(db, {});
  if (link.kind !== 'setup') throw new Error('expected a set-up link');
  // An admin row written by an older build, or by hand, that left the link in place.
  const orgId = await ensureOrg(db, DEFAULT_ORG);
  await db.insertInto('users').values({ id: 'u-old-admin', org_id: orgId, email: 'old@example.com', role: 'admin', team_id: null, password_hash: null, targets: null, settings_seq: 0, created_at: 0, name: '' }).execute();
  expect(await links(t)).toHaveLength(1);
  const res = await redeem(t, link.token);
  expect(res.statusCode).toBe(400);
  expect(res.json().error.code).toBe('code_invalid');
  expect(await db.selectFrom('users').select('email').where('email', '=', 'intruder@example.com').execute()).toEqual([]);
  expect(await links(t)).toEqual([]);
});

it('deletes the link when a later start creates the admin from ZVIT_ADMIN_*, or finds one', async () => {
  t = await startHub();
  const db = t.hub.database.db;
  const first = await ensureFirstAdmin(db, {});
  if (first.kind !== 'setup') throw new Error('expected a set-up link');
  const second = await ensureFirstAdmin(db, { ZVIT_ADMIN_EMAIL: 'env@example.com', ZVIT_ADMIN_PASSWORD: 'a long password' });
  expect(second.kind).toBe('created');
  expect(await links(t)).toEqual([]);
  expect((await redeem(t, first.token)).json().error.code).toBe('code_invalid');

  // A link left in the table (older build) goes on the next start that finds an admin.
  const orgId = await ensureOrg(db, DEFAULT_ORG);
  await db.insertInto('setup_tokens').values({ token_hash: 'left-over', org_id: orgId, created_at: 0, expires_at: Number.MAX_SAFE_INTEGER }).execute();
  expect((await ensureFirstAdmin(db, {})).kind).toBe('existing');
  expect(await links(t)).toEqual([]);
});
