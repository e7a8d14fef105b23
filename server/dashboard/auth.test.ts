// The signed-in person's own account, the set-up link once an admin exists, and the
// organization's name.
import { describe, expect, it } from 'vitest';
import { createUser, DEFAULT_ORG, ensureOrg } from '../accounts.ts';
import { hashPassword } from '../auth/passwords.ts';
import { ensureFirstAdmin } from '../bootstrap.ts';
import { seedWorld, signIn, startHub, PASSWORD, type TestHub } from '../testing/harness.ts';

/** A fresh hub with no admin yet, so its set-up link is live; closed afterwards. */
async function withSetupLink(run: (t: TestHub, db: TestHub['hub']['database']['db'], link: { token: string }) => Promise<void>): Promise<void> {
  const t = await startHub();
  try {
    const db = t.hub.database.db;
    const link = await ensureFirstAdmin(db, {});
    if (link.kind !== 'setup') throw new Error('expected a set-up link');
    await run(t, db, link);
  } finally {
    await t.close();
  }
}

describe('password change', () => {
  it('needs the current password, ends the other sessions and keeps this one', async () => {
    const t = await startHub();
    try {
      const w = await seedWorld(t.hub);
      const here = await signIn(t.hub, w.m1.email);
      const there = await signIn(t.hub, w.m1.email);
      const wrong = await here.send('POST', '/api/v1/auth/password', { currentPassword: 'not it at all', newPassword: 'a brand new password' });
      expect(wrong.statusCode).toBe(400);
      expect(wrong.json().error.code).toBe('wrong_password');
      const short = await here.send('POST', '/api/v1/auth/password', { currentPassword: PASSWORD, newPassword: 'short' });
      expect(short.statusCode).toBe(400);
      expect((await here.send('POST', '/api/v1/auth/password', { currentPassword: PASSWORD, newPassword: 'a brand new password' })).json()).toEqual({ ok: true });
      expect((await here.get('/api/v1/auth/me')).statusCode).toBe(200);
      expect((await there.get('/api/v1/auth/me')).statusCode).toBe(401);
      await expect(signIn(t.hub, w.m1.email)).rejects.toThrow(/401/);
      await signIn(t.hub, w.m1.email, 'a brand new password');
    } finally {
      await t.close();
    }
  });
});

describe('set-up link', () => {
  it('fails once an admin exists (made by the CLI meanwhile), and the link is gone', async () => {
    await withSetupLink(async (t, db, link) => {
      await createUser(db, { orgId: await ensureOrg(db, 'Default'), email: 'cli-admin@example.com', role: 'admin', teamId: null });
      const res = await t.hub.app.inject({ method: 'POST', url: '/api/v1/setup', payload: { token: link.token, email: 'late@example.com', password: 'a long password' } });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.code).toBe('code_invalid');
      expect(await db.selectFrom('setup_tokens').selectAll().execute()).toEqual([]);
      expect(await db.selectFrom('users').select('email').where('email', '=', 'late@example.com').executeTakeFirst()).toBeUndefined();
    });
  });
});

describe('the organization\'s name', () => {
  it('unnamed after set-up (no placeholder reaches a screen), named by the admin; the CLI still finds it', async () => {
    await withSetupLink(async (t, db) => {
      const orgId = await ensureOrg(db, DEFAULT_ORG);
      await createUser(db, { orgId, email: 'boss@example.com', role: 'admin', teamId: null, passwordHash: await hashPassword(PASSWORD) });
      const admin = await signIn(t.hub, 'boss@example.com');
      expect((await admin.get('/api/v1/auth/me')).json().user.orgName).toBeNull();
      expect((await admin.send('PATCH', '/api/v1/org', { name: '  ' })).statusCode).toBe(400);
      expect((await admin.send('PATCH', '/api/v1/org', { name: DEFAULT_ORG })).statusCode).toBe(409);
      const name = 'ТОВ «Вітрило»';
      expect((await admin.send('PATCH', '/api/v1/org', { name: ` ${name} ` })).json()).toEqual({ orgName: name });
      expect((await admin.get('/api/v1/auth/me')).json().user.orgName).toBe(name);
      // The CLI's default organization is this one still, not a new "Default".
      expect(await ensureOrg(db, DEFAULT_ORG)).toBe(orgId);
      expect(await db.selectFrom('orgs').select('id').execute()).toHaveLength(1);
    });
  });

  it('named at set-up when the first admin gives a name; a name taken or blank refuses the set-up and keeps the link', async () => {
    await withSetupLink(async (t, db, link) => {
      await ensureOrg(db, 'ТОВ «Зайнято»');
      const setup = (orgName: string) => t.hub.app.inject({ method: 'POST', url: '/api/v1/setup', payload: { token: link.token, email: 'first@example.com', password: 'a long password', orgName } });
      for (const [name, status] of [['ТОВ «Зайнято»', 409], ['   ', 400], [DEFAULT_ORG, 409]] as const) {
        const res = await setup(name);
        expect(res.statusCode, name).toBe(status);
        expect(await db.selectFrom('users').select('id').where('email', '=', 'first@example.com').executeTakeFirst()).toBeUndefined();
      }
      const res = await setup('  ТОВ «Вітрило»  ');
      expect(res.statusCode).toBe(200);
      expect(res.json().user).toMatchObject({ email: 'first@example.com', role: 'admin', orgName: 'ТОВ «Вітрило»' });
      expect((await setup('Інша')).statusCode).toBe(400); // the link is used
    });
  });
});
