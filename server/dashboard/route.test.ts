// The registrar's plumbing on real contract routes: 401 before anything else for strangers and
// ended sessions, CSRF on changes, the error shape, and /docs carrying the contract's schemas.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dashboardApi } from '../../shared/dashboard-api.ts';
import { SESSION_COOKIE } from '../auth/sessions.ts';
import { seedWorld, signIn, startHub, type TestHub, type World } from '../testing/harness.ts';

let t: TestHub;
let w: World;
beforeAll(async () => {
  t = await startHub();
  w = await seedWorld(t.hub);
});
afterAll(async () => t?.close());

describe('signed-in routes', () => {
  it('answer 401 in the error shape without a session, even for a body that would not validate', async () => {
    const res = await t.hub.app.inject({ method: 'PATCH', url: '/api/v1/auth/me', payload: { name: 42 } });
    expect(res.statusCode).toBe(401);
    expect(res.json()).toEqual({ error: { code: 'unauthorized', message: 'Sign in first.' } });
    const forged = await t.hub.app.inject({ method: 'GET', url: '/api/v1/auth/me', cookies: { [SESSION_COOKIE]: 'zvs_forged' } });
    expect(forged.statusCode).toBe(401);
  });

  it('check the CSRF header on changes, then validate the body against the contract', async () => {
    const b = await signIn(t.hub, w.m1.email);
    const none = await b.send('PATCH', '/api/v1/auth/me', { name: 'Олена' }, { csrf: null });
    expect(none.statusCode).toBe(403);
    expect(none.json().error.code).toBe('csrf');
    const bad = await b.send('PATCH', '/api/v1/auth/me', { name: 'Олена', role: 'admin' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('invalid_request');
    const ok = await b.send('PATCH', '/api/v1/auth/me', { name: '  Олена  ', locale: 'uk' });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().user).toMatchObject({ id: w.m1.id, name: 'Олена', locale: 'uk', orgName: 'Org A' });
    // GET needs no CSRF header.
    expect((await b.get('/api/v1/auth/me')).json().user.name).toBe('Олена');
  });

  it('end with the session: 401 once it has expired', async () => {
    const b = await signIn(t.hub, w.m1b.email);
    const me = (await b.get('/api/v1/auth/me')).json();
    expect(me.expiresAt).toBe(t.clock.now + 7 * 24 * 3600_000);
    t.clock.now = me.expiresAt;
    try {
      const res = await b.get('/api/v1/auth/me');
      expect(res.statusCode).toBe(401);
      expect(res.json().error.code).toBe('unauthorized');
    } finally {
      t.clock.now -= 7 * 24 * 3600_000;
    }
  });
});

describe('/docs', () => {
  it('shows each registered contract route with its response schema and who may call it', async () => {
    const doc = (await t.hub.app.inject({ method: 'GET', url: '/docs/json' })).json() as { paths: Record<string, Record<string, { description: string; responses: Record<string, unknown>; security?: unknown }>> };
    const me = doc.paths['/api/v1/auth/me']!;
    expect(me.get!.description).toBe(`Who: ${dashboardApi.me.access}.`);
    expect(Object.keys(me.get!.responses)).toEqual(expect.arrayContaining(['200', '401']));
    expect(JSON.stringify(me.get!.responses['200'])).toContain('csrfToken');
    expect(me.get!.security).toEqual([{ session: [] }]);
    expect(me.patch).toBeDefined();
  });
});
