// The signed-in person's own account, and the set-up link once an admin exists.
import { describe, expect, it } from 'vitest';
import { createUser, ensureOrg } from '../accounts.ts';
import { ensureFirstAdmin } from '../bootstrap.ts';
import { seedWorld, signIn, startHub, PASSWORD } from '../testing/harness.ts';

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
    const t = await startHub();
    try {
      const db = t.hub.database.db;
      const link = await ensureFirstAdmin(db, {});
      if (link.kind !== 'setup') throw new Error('expected a set-up link');
      await createUser(db, { orgId: await ensureOrg(db, 'Default'), email: 'cli-admin@example.com', role: 'admin', teamId: null });
      const res = await t.hub.app.inject({ method: 'POST', url: '/api/v1/setup', payload: { token: link.token, email: 'late@example.com', password: 'a long password' } });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.code).toBe('code_invalid');
      expect(await db.selectFrom('setup_tokens').selectAll().execute()).toEqual([]);
      expect(await db.selectFrom('users').select('email').where('email', '=', 'late@example.com').executeTakeFirst()).toBeUndefined();
    } finally {
      await t.close();
    }
  });
});
