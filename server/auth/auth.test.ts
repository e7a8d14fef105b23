// Dashboard sign-in: Argon2id passwords, HttpOnly SameSite cookies, CSRF on changes, the first
// admin from the environment or a one-time set-up link.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureFirstAdmin } from '../bootstrap.ts';
import { PASSWORD, seedWorld, signIn, startHub, type TestHub, type World } from '../testing/harness.ts';
import { argon2Sync, randomBytes, scryptSync } from 'node:crypto';
import { findUserByEmail, setPasswordHash } from '../accounts.ts';
import { hashPassword, needsRehash, PARAMS, verifyPassword } from './passwords.ts';
import { SESSION_COOKIE } from './sessions.ts';

let t: TestHub;
let w: World;
beforeAll(async () => {
  t = await startHub();
  w = await seedWorld(t.hub);
});
afterAll(async () => t?.close());

describe('passwords', () => {
  it('hashes with Argon2id and a salt, as a PHC string, and verifies', async () => {
    const a = await hashPassword('пароль-довгий-1');
    const b = await hashPassword('пароль-довгий-1');
    const match = /^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/.exec(a);
    expect(match).not.toBeNull();
    // OWASP's Password Storage Cheat Sheet: Argon2id at m ≥ 19 MiB, t ≥ 2, p ≥ 1.
    expect(Number(match![1])).toBeGreaterThanOrEqual(19 * 1024);
    expect(Number(match![2])).toBeGreaterThanOrEqual(2);
    expect(Number(match![3])).toBeGreaterThanOrEqual(1);
    expect(needsRehash(a)).toBe(false);
    expect(a).not.toBe(b);
    expect(await verifyPassword('пароль-довгий-1', a)).toBe(true);
    expect(await verifyPassword('пароль-довгий-2', a)).toBe(false);
    // The same password in another Unicode form (NFD) is the same password.
    expect(await verifyPassword('пароль-довгий-1'.normalize('NFD'), a)).toBe(true);
    expect(await verifyPassword('anything', null)).toBe(false);
  });

  it('verifies a hash made by the Argon2 reference implementation (the argon2 command)', async () => {
    // echo -n 'correct horse battery staple' | argon2 'zvit-salt-16byte' -id -t 2 -k 19456 -p 1 -l 32 -e
    const reference = '$argon2id$v=19$m=19456,t=2,p=1$enZpdC1zYWx0LTE2Ynl0ZQ$59zQFLDOxwMFnWeWl1efiP6za+ZtUADM4SkFW/ViFYQ';
    expect(await verifyPassword('correct horse battery staple', reference)).toBe(true);
    expect(await verifyPassword('correct horse battery stapler', reference)).toBe(false);
    expect(needsRehash(reference)).toBe(false);
  });

  it('refuses damaged or hostile stored hashes without running a huge KDF', async () => {
    const good = await hashPassword(PASSWORD);
    for (const stored of [
      good.replace('m=19456', 'm=99999999'), // 95 GiB of memory
      good.replace('t=2', 't=0'),
      good.replace('$argon2id$', '$argon2d$'),
      good.slice(0, good.lastIndexOf('$')), // no key
      'scrypt$1048576000$8$1$c2FsdHNhbHRzYWx0$a2V5a2V5a2V5a2V5a2V5a2V5',
      'plain text',
      '',
    ]) {
      expect(await verifyPassword(PASSWORD, stored)).toBe(false);
      expect(needsRehash(stored)).toBe(true);
    }
  });

  it('hashes off the event loop: timers keep firing while Argon2id works', async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    try {
      for (let i = 0; i < 3; i++) await hashPassword('пароль-довгий-1');
    } finally {
      clearInterval(timer);
    }
    expect(ticks).toBeGreaterThan(3);
  });

  it('still signs in with a hash from before Argon2id (scrypt) or at weaker parameters, and replaces it with one at today\'s', async () => {
    const salt = randomBytes(16);
    const N = 2 ** 15;
    const key = scryptSync(PASSWORD.normalize('NFC'), salt, 32, { N, r: 8, p: 1, maxmem: 256 * N * 8 });
    const scryptHash = `scrypt$${N}$8$1$${salt.toString('base64url')}$${key.toString('base64url')}`;
    const weakKey = argon2Sync('argon2id', { message: PASSWORD, nonce: salt, memory: 4096, passes: 1, parallelism: 1, tagLength: 32 });
    const weakArgon = `$argon2id$v=19$m=4096,t=1,p=1$${salt.toString('base64').replace(/=+$/, '')}$${weakKey.toString('base64').replace(/=+$/, '')}`;
    for (const old of [scryptHash, weakArgon]) {
      expect(needsRehash(old)).toBe(true);
      expect(await verifyPassword(PASSWORD, old)).toBe(true);
      await setPasswordHash(t.hub.database.db, w.m2.id, old);
      const res = await t.hub.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: w.m2.email, password: PASSWORD } });
      expect(res.statusCode).toBe(200);
      const stored = (await findUserByEmail(t.hub.database.db, w.m2.email))!.password_hash!;
      expect(stored).not.toBe(old);
      expect(stored).toContain(`$m=${PARAMS.m},t=${PARAMS.t},p=${PARAMS.p}$`);
      expect(needsRehash(stored)).toBe(false);
      expect(await verifyPassword(PASSWORD, stored)).toBe(true);
    }
  });
});

describe('sessions', () => {
  it('sets an HttpOnly, SameSite=Strict session cookie and returns a CSRF token', async () => {
    const res = await t.hub.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'M1@A.test', password: PASSWORD } });
    expect(res.statusCode).toBe(200);
    const cookie = res.cookies.find((c) => c.name === SESSION_COOKIE)!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe('Strict');
    expect(cookie.path).toBe('/');
    expect(res.json().csrfToken).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    expect(res.json().user).toEqual({ id: w.m1.id, orgId: w.orgA, orgName: 'Org A', email: 'm1@a.test', name: 'm1@a.test', role: 'manager', teamId: w.t1, ledTeams: [], locale: null });
    expect(res.json().expiresAt).toBe(t.clock.now + 7 * 24 * 3600 * 1000);
    expect(JSON.stringify(res.json())).not.toMatch(/argon2|scrypt/);
  });

  it('refuses a wrong password and an unknown email alike', async () => {
    for (const payload of [{ email: w.m1.email, password: 'wrong password' }, { email: 'nobody@a.test', password: PASSWORD }]) {
      const res = await t.hub.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload });
      expect(res.statusCode).toBe(401);
      expect(res.json().error).toEqual({ code: 'unauthorized', message: 'Wrong email or password.' });
    }
  });

  it('refuses a state-changing request without the CSRF header, or with another session\'s', async () => {
    const lead = await signIn(t.hub, w.lead1.email);
    const other = await signIn(t.hub, w.lead2.email);
    const body = { definitions: [], targets: [] };
    const none = await lead.send('PUT', `/api/v1/teams/${w.t1}/kpis`, body, { csrf: null });
    expect(none.statusCode).toBe(403);
    expect(none.json().error.code).toBe('csrf');
    expect((await lead.send('PUT', `/api/v1/teams/${w.t1}/kpis`, body, { csrf: other.csrf })).json().error.code).toBe('csrf');
    expect((await lead.send('PUT', `/api/v1/teams/${w.t1}/kpis`, body)).statusCode).toBe(200);
  });

  it('login needs a JSON body, so a cross-site HTML form cannot post it', async () => {
    const res = await t.hub.app.inject({ method: 'POST', url: '/api/v1/auth/login', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: `email=${w.m1.email}&password=${PASSWORD}` });
    expect(res.statusCode).toBe(415);
  });

  it('me, then logout ends the session', async () => {
    const b = await signIn(t.hub, w.leadBoth.email);
    const me = await b.get('/api/v1/auth/me');
    expect(me.json().user.ledTeams.sort()).toEqual([w.t1, w.t2].sort());
    expect(me.json().csrfToken).toBe(b.csrf);
    expect((await b.send('POST', '/api/v1/auth/logout')).statusCode).toBe(204);
    expect((await b.get('/api/v1/auth/me')).statusCode).toBe(401);
  });

  it('an expired session is refused', async () => {
    const b = await signIn(t.hub, w.m1.email);
    t.clock.now += 8 * 24 * 3600 * 1000;
    try {
      expect((await b.get('/api/v1/auth/me')).json().error.code).toBe('unauthorized');
    } finally {
      t.clock.now -= 8 * 24 * 3600 * 1000;
    }
  });
});

describe('first run', () => {
  it('creates the admin from ZVIT_ADMIN_EMAIL / ZVIT_ADMIN_PASSWORD, once', async () => {
    const fresh = await startHub();
    try {
      const db = fresh.hub.database.db;
      expect(await ensureFirstAdmin(db, { ZVIT_ADMIN_EMAIL: 'Boss@Example.com', ZVIT_ADMIN_PASSWORD: 'long enough pass' })).toEqual({ kind: 'created', email: 'Boss@Example.com' });
      expect(await ensureFirstAdmin(db, { ZVIT_ADMIN_EMAIL: 'other@example.com', ZVIT_ADMIN_PASSWORD: 'long enough pass' })).toEqual({ kind: 'existing' });
      const b = await signIn(fresh.hub, 'boss@example.com', 'long enough pass');
      expect((await b.get('/api/v1/auth/me')).json().user.role).toBe('admin');
    } finally {
      await fresh.close();
    }
  });

  it('refuses a short admin password from the environment', async () => {
    const fresh = await startHub();
    try {
      await expect(ensureFirstAdmin(fresh.hub.database.db, { ZVIT_ADMIN_EMAIL: 'a@b.c', ZVIT_ADMIN_PASSWORD: 'short' })).rejects.toThrow(/10 characters/);
    } finally {
      await fresh.close();
    }
  });

  it('otherwise gives a one-time set-up link: the newest works once, older ones never', async () => {
    const fresh = await startHub();
    try {
      const db = fresh.hub.database.db;
      const old = await ensureFirstAdmin(db, {});
      const link = await ensureFirstAdmin(db, {});
      if (old.kind !== 'setup' || link.kind !== 'setup') throw new Error('expected set-up links');
      const setup = (token: string, email: string) => fresh.hub.app.inject({ method: 'POST', url: '/api/v1/setup', payload: { token, email, password: 'a long password' } });
      expect((await setup(old.token, 'early@example.com')).json().error.code).toBe('code_invalid');
      const ok = await setup(link.token, 'owner@example.com');
      expect(ok.statusCode).toBe(200);
      expect(ok.json().user.role).toBe('admin');
      expect(ok.cookies.some((c) => c.name === SESSION_COOKIE)).toBe(true);
      expect((await setup(link.token, 'thief@example.com')).json().error.code).toBe('code_invalid');
      expect(await ensureFirstAdmin(db, {})).toEqual({ kind: 'existing' });
    } finally {
      await fresh.close();
    }
  });
});
