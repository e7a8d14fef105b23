// What every answer of the hub shares, whatever the route: the error shape, the security
// headers, and the bounds on what a body may hold (nesting, NUL, gzip).
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEnrollmentCode } from '../devices.ts';
import { reportRevision } from '../testing/records.ts';
import { enrollAgent, seedWorld, signIn, startHub, type Browser, type TestHub, type World } from '../testing/harness.ts';
import { uuidv7 } from '../../shared/uuid.ts';
import { MAX_BATCH_BYTES } from '../../shared/sync.ts';

let t: TestHub;
let w: World;
let admin: Browser;
beforeAll(async () => {
  t = await startHub();
  w = await seedWorld(t.hub);
  admin = await signIn(t.hub, w.admin.email);
});
afterAll(async () => t?.close());

/** The body is exactly {"error":{"code","message"}}. */
function expectErrorShape(body: string): { code: string; message: string } {
  const parsed = JSON.parse(body) as { error: { code: string; message: string } };
  expect(Object.keys(parsed)).toEqual(['error']);
  expect(Object.keys(parsed.error).sort()).toEqual(['code', 'message']);
  expect(typeof parsed.error.code).toBe('string');
  expect(parsed.error.message.length).toBeGreaterThan(0);
  return parsed.error;
}

describe('every error in one shape', () => {
  it('a URL that does not decode, an unknown route, bad JSON, a wrong media type, a missing static file', async () => {
    const badUrl = await admin.get('/api/v1/users/%ff/devices');
    expect(badUrl.statusCode).toBe(400);
    expect(expectErrorShape(badUrl.body).code).toBe('invalid_request');
    expect(expectErrorShape((await t.hub.app.inject({ method: 'GET', url: '/%ff' })).body).code).toBe('invalid_request');
    // Other paths than the API's are the dashboard's own (its index.html when it is built).
    expect(expectErrorShape((await t.hub.app.inject({ method: 'GET', url: '/api/v1/no/such/thing' })).body).code).toBe('not_found');
    expect(expectErrorShape((await t.hub.app.inject({ method: 'DELETE', url: '/health' })).body).code).toBe('not_found');
    const json = { 'content-type': 'application/json' };
    expect(expectErrorShape((await t.hub.app.inject({ method: 'POST', url: '/api/v1/auth/login', headers: json, payload: '{"email":' })).body).code).toBe('malformed_json');
    expect(expectErrorShape((await t.hub.app.inject({ method: 'POST', url: '/api/v1/auth/login', headers: { 'content-type': 'application/xml' }, payload: '<x/>' })).body).code).toBe('unsupported_media_type');
    expect(expectErrorShape((await t.hub.app.inject({ method: 'POST', url: '/api/v1/auth/login', headers: json, payload: '{"__proto__":{"x":1}}' })).body).code).toBe('malformed_json');
    expect(expectErrorShape((await t.hub.app.inject({ method: 'GET', url: '/docs/static/missing.js' })).body).code).toBe('not_found');
  });
});

describe('security headers', () => {
  it('on API answers, errors, 404s and /docs', async () => {
    const answers = [
      await t.hub.app.inject({ method: 'GET', url: '/health' }),
      await admin.get('/api/v1/auth/me'),
      await t.hub.app.inject({ method: 'GET', url: '/api/v1/auth/me' }),
      await admin.get('/api/v1/users/%ff/devices'),
      await t.hub.app.inject({ method: 'GET', url: '/api/v1/no/such/thing' }),
      await t.hub.app.inject({ method: 'GET', url: '/docs' }),
      await t.hub.app.inject({ method: 'GET', url: '/docs/' }),
      await t.hub.app.inject({ method: 'GET', url: '/docs/static/index.html' }),
      await t.hub.app.inject({ method: 'GET', url: '/docs/json' }),
    ];
    expect(answers.map((a) => a.statusCode)).toEqual([200, 200, 401, 400, 404, 200, 200, 302, 200]);
    for (const res of answers) {
      expect(res.headers['x-content-type-options'], `${res.statusCode} ${res.raw.req.url}`).toBe('nosniff');
      expect(res.headers['x-frame-options']).toBe('DENY');
      expect(res.headers['referrer-policy']).toBe('no-referrer');
      const csp = String(res.headers['content-security-policy']);
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toContain('unsafe-eval');
      // Only /docs (Swagger UI inserts a <style>) may have inline styles; never inline scripts.
      expect(/script-src[^;]*unsafe-inline/.test(csp)).toBe(false);
      if (!res.raw.req.url?.startsWith('/docs')) expect(csp).not.toContain('unsafe-inline');
    }
  });

  it('/docs loads only its own files, which the policy allows', async () => {
    const html = (await t.hub.app.inject({ method: 'GET', url: '/docs' })).body;
    expect(html).toContain('swagger-initializer.js');
    // No inline script or style: every <script> has a src, and no style="" or <style> in the markup.
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(html).not.toMatch(/<style|style="/);
  });
});

describe('bounded bodies', () => {
  const deep = (n: number) => '{"a":'.repeat(n) + '1' + '}'.repeat(n);

  it('refuses deeply nested JSON with 400, on any route', async () => {
    const policy = await admin.send('PUT', `/api/v1/teams/${w.t1}/policy`, JSON.parse(deep(100)) as object);
    expect(policy.statusCode).toBe(400);
    const raw = await t.hub.app.inject({
      method: 'PUT',
      url: `/api/v1/teams/${w.t1}/policy`,
      cookies: { zvit_session: admin.cookie },
      headers: { 'x-csrf-token': admin.csrf, 'content-type': 'application/json' },
      payload: deep(5000),
    });
    expect(raw.statusCode).toBe(400);
    expect(expectErrorShape(raw.body).message).toMatch(/nested/);
    const login = await t.hub.app.inject({ method: 'POST', url: '/api/v1/auth/login', headers: { 'content-type': 'application/json' }, payload: `[${deep(5000)}]` });
    expect(login.statusCode).toBe(400);
    // Brackets inside strings are text, not nesting.
    const ok = await admin.send('POST', '/api/v1/teams', { name: '['.repeat(90) });
    expect(ok.statusCode).toBe(200);
  });

  it('refuses NUL in a sign-in email, a team name, an enrollment name, a review comment and a path id with 400', async () => {
    const nul = 'a\u0000b';
    const login = await t.hub.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: `m1${nul}@a.test`, password: 'x' } });
    expect(login.statusCode).toBe(400);
    expect(expectErrorShape(login.body).message).toMatch(/NUL/);
    expect((await admin.send('POST', '/api/v1/teams', { name: `Sales ${nul}` })).statusCode).toBe(400);
    const { code } = await createEnrollmentCode(t.hub.database.db, { userId: w.m1.id, createdBy: null });
    const enroll = await t.hub.app.inject({ method: 'POST', url: '/api/v1/enroll', payload: { code, deviceId: uuidv7(), name: `pc ${nul}` } });
    expect(enroll.statusCode).toBe(400);
    // The code was not spent on the refused attempt.
    expect((await t.hub.app.inject({ method: 'POST', url: '/api/v1/enroll', payload: { code, deviceId: uuidv7(), name: 'pc' } })).statusCode).toBe(200);

    const agent = await enrollAgent(t.hub, w.m1.id);
    const report = reportRevision(agent.deviceId, t.clock.now - 60_000, { date: '2026-03-01' });
    expect((await agent.push([report])).statusCode).toBe(200);
    const lead = await signIn(t.hub, w.lead1.email);
    expect((await lead.send('POST', `/api/v1/reports/${report.reportId}/review`, { status: 'returned', comment: `Fix ${nul}` })).statusCode).toBe(400);
    expect((await lead.send('POST', `/api/v1/reports/${report.reportId}/review`, { status: 'returned', comment: 'Fix the calls' })).statusCode).toBe(200);

    for (const url of ['/api/v1/users/%00/devices', `/api/v1/users/${w.m1.id}%00/settings`, '/api/v1/teams/%00/users']) {
      const res = await admin.get(url);
      expect(res.statusCode, url + ' ' + res.body).toBe(400);
      expectErrorShape(res.body);
    }
    expect((await admin.send('POST', '/api/v1/devices/x%00/revoke')).statusCode).toBe(400);
    const teams = await t.hub.database.db.selectFrom('teams').select('name').execute();
    expect(teams.some((team) => team.name.includes('\u0000'))).toBe(false);
  });

  it('stops inflating a gzip bomb at the body limit', async () => {
    const agent = await enrollAgent(t.hub, w.m2.id);
    // 64 MB of JSON whitespace compresses to about 64 kB.
    const bomb = gzipSync(Buffer.concat([Buffer.from('{"records":['), Buffer.alloc(64 * 1024 * 1024, 0x20), Buffer.from(']}')]), { level: 9 });
    expect(bomb.length).toBeLessThan(100_000);
    const before = t.hub.stats.inflatedBytes;
    const res = await t.hub.app.inject({
      method: 'POST',
      url: '/api/v1/sync/push',
      headers: { authorization: `Bearer ${agent.token}`, 'content-type': 'application/json', 'content-encoding': 'gzip' },
      payload: bomb,
    });
    expect(res.statusCode).toBe(413);
    expect(expectErrorShape(res.body).code).toBe('batch_too_large');
    // Let anything still queued in zlib run before counting.
    await new Promise((resolve) => setTimeout(resolve, 200));
    const inflated = t.hub.stats.inflatedBytes - before;
    expect(inflated).toBeGreaterThan(MAX_BATCH_BYTES);
    // The limit plus at most a few of zlib's 16 kB output chunks: not the 64 MB the bomb holds.
    expect(inflated).toBeLessThan(MAX_BATCH_BYTES + 256 * 1024);
    // A gzip body under the limit still works.
    const small = await t.hub.app.inject({
      method: 'POST',
      url: '/api/v1/sync/push',
      headers: { authorization: `Bearer ${agent.token}`, 'content-type': 'application/json', 'content-encoding': 'gzip' },
      payload: gzipSync(JSON.stringify({ records: [] })),
    });
    expect(small.statusCode).toBe(200);
  });
});
