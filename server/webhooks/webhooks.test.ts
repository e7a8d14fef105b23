// Outgoing webhooks on the dialect under test, received by a real HTTP server on loopback and
// verified with `standardwebhooks` (the specification's reference library): events from pushes
// and reviews, signatures during a rotation, the retry schedule, 410 turning the endpoint off,
// redirects not followed, and private addresses refused unless allow-listed.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { webhookEventSchema } from '../../shared/integrations.ts';
import { newSecretKey } from '../crm/secrets.ts';
import { dayPlan, reportRevision, workEvent } from '../testing/records.ts';
import { enrollAgent, seedWorld, signIn, startHub, type TestHub } from '../testing/harness.ts';

const T0 = Date.UTC(2026, 2, 2, 15, 0, 0);

interface Received {
  headers: http.IncomingHttpHeaders;
  body: string;
}

async function receiver(answer: (n: number) => { status: number; headers?: Record<string, string> }) {
  const got: Received[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      got.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      const a = answer(got.length);
      res.writeHead(a.status, a.headers ?? {});
      res.end('ok');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/zvit`, got, close: () => new Promise<void>((r) => server.close(() => r())) };
}

let t: TestHub;
let closeReceiver: (() => Promise<void>) | null = null;
afterEach(async () => {
  vi.useRealTimers();
  await closeReceiver?.();
  closeReceiver = null;
  await t?.close();
});

async function setup(allow = '127.0.0.1') {
  const sleep = async (ms: number) => {
    t.clock.now += ms;
    await new Promise((r) => setImmediate(r));
  };
  t = await startHub({ secretKey: newSecretKey(), webhookAllow: allow, jobs: { autostart: false, sleep } });
  t.clock.now = T0;
  const world = await seedWorld(t.hub);
  const admin = await signIn(t.hub, world.admin.email);
  const agent = await enrollAgent(t.hub, world.m1.id);
  const drain = () => t.hub.integrations.runner!.drain();
  return { world, admin, agent, drain };
}

/** Verifies as a receiver would, at the hub's clock (the library checks a ±5 min tolerance). */
function verify(secret: string, r: Received) {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(t.clock.now);
  try {
    return new Webhook(secret).verify(r.body, r.headers as Record<string, string>);
  } finally {
    vi.useRealTimers();
  }
}

describe('webhooks', () => {
  it('delivers report.submitted, kpi.missed and report.reviewed signed per Standard Webhooks, bodies as documented', async () => {
    const { admin, agent, drain, world } = await setup();
    const rx = await receiver(() => ({ status: 204 }));
    closeReceiver = rx.close;
    const added = await admin.send('POST', '/api/v1/webhooks', { url: rx.url, events: ['report.submitted', 'report.reviewed', 'kpi.missed', 'plan.submitted', 'day.closed'] });
    expect(added.statusCode).toBe(200);
    const { secret, endpoint } = added.json() as { secret: string; endpoint: { id: string } };
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);

    const report = reportRevision(agent.deviceId, T0, { kpis: [{ key: 'calls_total', target: 40, actual: 12, reason: 'few_leads', reasonText: '' }] });
    expect((await agent.push([workEvent(agent.deviceId, T0 - 8 * 3600_000, 'clock_in'), dayPlan(agent.deviceId, T0 - 7 * 3600_000), report, workEvent(agent.deviceId, T0, 'clock_out')])).statusCode).toBe(200);
    await drain();
    const review = await signIn(t.hub, world.lead1.email).then((lead) => lead.send('POST', `/api/v1/reports/${report.reportId}/review`, { status: 'approved', comment: 'Good' }));
    expect(review.statusCode).toBe(200);
    await drain();

    const byType = new Map(rx.got.map((r) => [JSON.parse(r.body).type as string, r]));
    expect([...byType.keys()].sort()).toEqual(['day.closed', 'kpi.missed', 'plan.submitted', 'report.reviewed', 'report.submitted']);
    for (const [type, r] of byType) {
      const payload = verify(secret, r) as { type: string };
      webhookEventSchema(type as never).parse(payload);
      expect(r.headers['webhook-id']).toMatch(/^msg_/);
      expect(r.headers['webhook-timestamp']).toBe(String(Math.floor(T0 / 1000)));
    }
    const missed = JSON.parse(byType.get('kpi.missed')!.body) as { data: { kpis: { key: string; actual: number }[] } };
    expect(missed.data.kpis).toEqual([{ key: 'calls_total', target: 40, actual: 12, crmActual: null, reason: 'few_leads', reasonText: '' }]);
    const closed = JSON.parse(byType.get('day.closed')!.body) as { data: { workedMs: number; clockedInAt: number } };
    expect(closed.data.workedMs).toBe(8 * 3600_000);
    expect(closed.data.clockedInAt).toBe(T0 - 8 * 3600_000);
    // A forged body fails verification.
    expect(() => verify(secret, { ...byType.get('report.submitted')!, body: byType.get('report.submitted')!.body.replace('"revision":1', '"revision":2') })).toThrow();

    const log = (await admin.get(`/api/v1/webhooks/${endpoint.id}/deliveries`)).json() as { deliveries: { state: string; log: unknown[] }[] };
    expect(log.deliveries.map((d) => d.state)).toEqual(['delivered', 'delivered', 'delivered', 'delivered', 'delivered']);
  });

  it('day.closed of a night session (20:00 to 05:00, the day starting at 04:00) is the day it started on, whole', async () => {
    const { admin, agent, drain } = await setup();
    const rx = await receiver(() => ({ status: 204 }));
    closeReceiver = rx.close;
    await admin.send('POST', '/api/v1/webhooks', { url: rx.url, events: ['day.closed'] });
    const inAt = Date.parse('2026-03-02T18:00:00Z'); // 20:00 in Kyiv
    const outAt = Date.parse('2026-03-03T03:00:00Z'); // 05:00 the next morning
    t.clock.now = outAt + 60_000;
    expect((await agent.push([workEvent(agent.deviceId, inAt, 'clock_in'), workEvent(agent.deviceId, outAt, 'clock_out')])).statusCode).toBe(200);
    await drain();
    expect(rx.got.map((r) => (JSON.parse(r.body) as { data: unknown }).data)).toEqual([
      expect.objectContaining({ date: '2026-03-02', clockedInAt: inAt, clockedOutAt: outAt, workedMs: 9 * 3600_000 }),
    ]);
  });

  it('signs with both secrets during a rotation, each verifies', async () => {
    const { admin, drain } = await setup();
    const rx = await receiver(() => ({ status: 200 }));
    closeReceiver = rx.close;
    const { secret: oldSecret, endpoint } = (await admin.send('POST', '/api/v1/webhooks', { url: rx.url, events: ['plan.submitted'] })).json() as { secret: string; endpoint: { id: string } };
    const { secret: newSecret } = (await admin.send('POST', `/api/v1/webhooks/${endpoint.id}/rotate`)).json() as { secret: string };
    await admin.send('POST', `/api/v1/webhooks/${endpoint.id}/test`);
    await drain();
    expect(rx.got).toHaveLength(1);
    expect(String(rx.got[0]!.headers['webhook-signature']).split(' ')).toHaveLength(2);
    expect(verify(oldSecret, rx.got[0]!)).toMatchObject({ type: 'webhook.test' });
    expect(verify(newSecret, rx.got[0]!)).toMatchObject({ type: 'webhook.test' });
    // A day later the old one no longer signs.
    t.clock.now += 25 * 3600_000;
    await admin.send('POST', `/api/v1/webhooks/${endpoint.id}/test`);
    await drain();
    expect(String(rx.got[1]!.headers['webhook-signature']).split(' ')).toHaveLength(1);
    expect(() => verify(oldSecret, rx.got[1]!)).toThrow();
    verify(newSecret, rx.got[1]!);
  });

  it('retries on the specification\'s schedule with the same webhook-id; 410 turns the endpoint off and says why', async () => {
    const { admin, drain } = await setup();
    const rx = await receiver((n) => ({ status: n <= 2 ? 503 : n === 3 ? 200 : 410 }));
    closeReceiver = rx.close;
    const { endpoint } = (await admin.send('POST', '/api/v1/webhooks', { url: rx.url, events: ['plan.submitted'] })).json() as { endpoint: { id: string } };
    await admin.send('POST', `/api/v1/webhooks/${endpoint.id}/test`);
    const db = t.hub.database.db;
    const gaps: number[] = [];
    const codes: (string | null)[] = [];
    for (let i = 0; i < 5 && rx.got.length < 3; i++) {
      await drain();
      codes.push((await db.selectFrom('webhook_deliveries').select('last_error_code').executeTakeFirstOrThrow()).last_error_code);
      const job = await db.selectFrom('jobs').select(['run_at', 'state']).where('kind', '=', 'webhook.deliver').executeTakeFirst();
      if (job?.state === 'queued') {
        gaps.push(Number(job.run_at) - t.clock.now);
        t.clock.now = Number(job.run_at);
      }
    }
    expect(rx.got).toHaveLength(3);
    expect(new Set(rx.got.map((r) => r.headers['webhook-id'])).size).toBe(1);
    // Each failed attempt left its kind beside the note; the delivery that went through, none.
    const attempts = (await db.selectFrom('webhook_attempts').select(['attempt', 'status', 'error']).orderBy('attempt').execute()).map((a) => [Number(a.attempt), Number(a.status), a.error]);
    expect(attempts).toEqual([[1, 503, 'The receiver answered HTTP 503.'], [2, 503, 'The receiver answered HTTP 503.'], [3, 200, null]]);
    expect(codes).toEqual(['receiver_status', 'receiver_status', null]);
    expect(await db.selectFrom('webhook_deliveries').select(['state', 'last_error', 'last_error_code']).execute()).toEqual([{ state: 'delivered', last_error: null, last_error_code: null }]);
    // 5 s, then 5 min, each ±20 %.
    expect(gaps[0]).toBeGreaterThanOrEqual(4_000);
    expect(gaps[0]).toBeLessThanOrEqual(6_000);
    expect(gaps[1]).toBeGreaterThanOrEqual(240_000);
    expect(gaps[1]).toBeLessThanOrEqual(360_000);

    await admin.send('POST', `/api/v1/webhooks/${endpoint.id}/test`);
    await drain();
    const gone = (await admin.get(`/api/v1/webhooks/${endpoint.id}/deliveries`)).json() as { deliveries: { state: string; lastStatus: number; lastError: string; lastErrorCode: string }[] };
    expect(gone.deliveries[0]).toMatchObject({ state: 'dead', lastStatus: 410, lastError: expect.stringMatching(/410 Gone/), lastErrorCode: 'receiver_gone' });
    const deadJob = (await admin.get('/api/v1/jobs?state=dead')).json() as { jobs: { kind: string; lastErrorCode: string }[] };
    expect(deadJob.jobs.map((j) => [j.kind, j.lastErrorCode])).toEqual([['webhook.deliver', 'receiver_gone']]);
    const list = (await admin.get('/api/v1/webhooks')).json() as { endpoints: { enabled: boolean; disabledReason: string }[] };
    expect(list.endpoints[0]!.enabled).toBe(false);
    expect(list.endpoints[0]!.disabledReason).toMatch(/410 Gone/);
    expect((await admin.send('POST', `/api/v1/webhooks/${endpoint.id}/test`)).statusCode).toBe(409);
  });

  it('documents every event\'s body in the OpenAPI document', async () => {
    await setup();
    const doc = (await t.hub.app.inject({ method: 'GET', url: '/docs/json' })).json() as { openapi: string; webhooks: Record<string, { post: { requestBody: { content: Record<string, { schema: { properties: Record<string, unknown> } }> } } }> };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.webhooks).sort()).toEqual(['day.closed', 'kpi.missed', 'plan.submitted', 'report.reviewed', 'report.submitted']);
    expect(Object.keys(doc.webhooks['day.closed']!.post.requestBody.content['application/json']!.schema.properties)).toEqual(['type', 'timestamp', 'data']);
  });

  it('an endpoint can be changed, turned off and on, and removed with its deliveries', async () => {
    const { admin, drain } = await setup();
    const rx = await receiver(() => ({ status: 200 }));
    closeReceiver = rx.close;
    const { endpoint } = (await admin.send('POST', '/api/v1/webhooks', { url: 'https://old.example.com/hook', events: ['plan.submitted'] })).json() as { endpoint: { id: string } };
    const changed = await admin.send('PATCH', `/api/v1/webhooks/${endpoint.id}`, { url: rx.url, events: ['day.closed', 'plan.submitted'], enabled: false });
    expect(changed.json()).toMatchObject({ endpoint: { url: rx.url, events: ['day.closed', 'plan.submitted'], enabled: false, disabledReason: 'Turned off by an admin.' } });
    expect((await admin.send('POST', `/api/v1/webhooks/${endpoint.id}/test`)).statusCode).toBe(409);
    await admin.send('PATCH', `/api/v1/webhooks/${endpoint.id}`, { enabled: true });
    await admin.send('POST', `/api/v1/webhooks/${endpoint.id}/test`);
    await drain();
    expect(rx.got).toHaveLength(1);
    expect((await admin.send('DELETE', `/api/v1/webhooks/${endpoint.id}`)).json()).toEqual({ ok: true });
    expect(((await admin.get('/api/v1/webhooks')).json() as { endpoints: unknown[] }).endpoints).toEqual([]);
    expect(await t.hub.database.db.selectFrom('webhook_deliveries').selectAll().execute()).toEqual([]);
  });

  it('does not follow a redirect', async () => {
    const { admin, drain } = await setup();
    const rx = await receiver(() => ({ status: 302, headers: { location: 'http://169.254.169.254/latest/meta-data/' } }));
    closeReceiver = rx.close;
    const { endpoint } = (await admin.send('POST', '/api/v1/webhooks', { url: rx.url, events: ['plan.submitted'] })).json() as { endpoint: { id: string } };
    await admin.send('POST', `/api/v1/webhooks/${endpoint.id}/test`);
    await drain();
    expect(rx.got).toHaveLength(1);
    const log = (await admin.get(`/api/v1/webhooks/${endpoint.id}/deliveries`)).json() as { deliveries: { state: string; lastError: string; lastErrorCode: string }[] };
    expect(log.deliveries[0]!.lastError).toMatch(/redirect to http:\/\/169\.254\.169\.254.*not followed/);
    expect(log.deliveries[0]!.lastErrorCode).toBe('receiver_redirect');
  });

  it('refuses private and loopback addresses unless allow-listed, then an admin allows them', async () => {
    const { admin, drain } = await setup('');
    const rx = await receiver(() => ({ status: 200 }));
    closeReceiver = rx.close;
    const { endpoint } = (await admin.send('POST', '/api/v1/webhooks', { url: rx.url.replace('127.0.0.1', 'localhost'), events: ['plan.submitted'] })).json() as { endpoint: { id: string } };
    await admin.send('POST', `/api/v1/webhooks/${endpoint.id}/test`);
    await drain();
    expect(rx.got).toHaveLength(0);
    const dead = (await admin.get('/api/v1/jobs?state=dead')).json() as { jobs: { lastError: string; lastErrorCode: string }[] };
    expect(dead.jobs[0]!.lastError).toMatch(/localhost resolves to (127\.0\.0\.1|::1), a private or internal address/);
    expect(dead.jobs[0]!.lastErrorCode).toBe('address_refused');
    const refused = await t.hub.database.db.selectFrom('webhook_deliveries').select(['state', 'last_error_code']).executeTakeFirstOrThrow();
    expect(refused).toEqual({ state: 'dead', last_error_code: 'address_refused' });

    expect((await admin.send('PUT', '/api/v1/integrations/settings', { webhookAllow: ['10.0.0.0/33'] })).statusCode).toBe(400);
    const set = await admin.send('PUT', '/api/v1/integrations/settings', { webhookAllow: ['127.0.0.0/8', '::1'] });
    expect(set.json()).toEqual({ webhookAllow: ['127.0.0.0/8', '::1'], webhookAllowFromEnvironment: [] });
    await admin.send('POST', '/api/v1/jobs/retry', { allDead: true });
    await drain();
    expect(rx.got).toHaveLength(1);
  });
});
