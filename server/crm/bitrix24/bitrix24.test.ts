// A manager's day reaching a local Bitrix24 portal through the queue, on the dialect under test:
// the work day live and late, time on linked tasks once per item and day (corrected when the
// report changes), the report message in the manager's language, KPI actuals back to the agent;
// and the faults, each ending with the portal holding exactly what it should.
import { afterEach, describe, expect, it } from 'vitest';
import { crmLinkId } from '../../../shared/integrations.ts';
import type { PullResponse } from '../../../shared/sync.ts';
import { uuidv7 } from '../../../shared/uuid.ts';
import { dayPlan, reportRevision, workEvent } from '../../testing/records.ts';
import { crmWorld, pushAll, T0, type CrmWorld } from '../testing/world.ts';

let w: CrmWorld;
afterEach(async () => {
  await w?.close();
});

const H = 3600_000;

/** A plan with two items linked to Bitrix24 tasks and one free one, and its report. */
function dayOf(w: CrmWorld, deviceId: string, crmUserId: string, minutes: [number, number, number]) {
  const t1 = w.fake.addTask('Call back ТОВ «Ромашка»', crmUserId);
  const t2 = w.fake.addTask('Send the proposal', crmUserId);
  const items = [
    { id: uuidv7(T0 + 1), title: 'Call back ТОВ «Ромашка»', crm: { system: 'bitrix24', id: crmLinkId({ kind: 'task', id: String(t1) }), url: null }, priority: 1 as const, estimateMin: 30, carriedFrom: null },
    { id: uuidv7(T0 + 2), title: 'Send the proposal', crm: { system: 'bitrix24', id: crmLinkId({ kind: 'task', id: String(t2) }), url: null }, priority: 2 as const, estimateMin: 60, carriedFrom: null },
    { id: uuidv7(T0 + 3), title: 'Tidy the pipeline', crm: null, priority: 3 as const, estimateMin: 20, carriedFrom: null },
  ];
  const plan = dayPlan(deviceId, T0 + 60_000, { items });
  const report = (revision: number, mins: [number, number, number], at: number, reportId?: string) =>
    reportRevision(deviceId, at, {
      ...(reportId ? { reportId } : {}),
      revision,
      items: items.map((it, i) => ({ itemId: it.id, outcome: 'done' as const, comment: '', minutes: mins[i]! })),
      kpis: [{ key: 'calls_total', target: 40, actual: 3, reason: 'clients_unreachable', reasonText: '' }],
      note: 'Добрий день',
    });
  return { t1, t2, items, plan, report: report(1, minutes, T0 + 9 * H), again: report };
}

function seedCalls(w: CrmWorld, crmUserId: string) {
  const at = (h: number) => `2026-03-02T${String(h).padStart(2, '0')}:15:00+02:00`;
  w.fake.calls.push(
    { PORTAL_USER_ID: crmUserId, CALL_TYPE: 1, CALL_DURATION: 95, CALL_START_DATE: at(9), CALL_FAILED_CODE: '200' },
    { PORTAL_USER_ID: crmUserId, CALL_TYPE: 1, CALL_DURATION: 12, CALL_START_DATE: at(10), CALL_FAILED_CODE: '200' },
    { PORTAL_USER_ID: crmUserId, CALL_TYPE: 2, CALL_DURATION: 0, CALL_START_DATE: at(11), CALL_FAILED_CODE: '304' },
    { PORTAL_USER_ID: crmUserId, CALL_TYPE: 2, CALL_DURATION: 300, CALL_START_DATE: at(12), CALL_FAILED_CODE: '200' },
    // Yesterday's and another manager's calls do not count.
    { PORTAL_USER_ID: crmUserId, CALL_TYPE: 1, CALL_DURATION: 60, CALL_START_DATE: '2026-03-01T12:00:00+02:00', CALL_FAILED_CODE: '200' },
    { PORTAL_USER_ID: '999', CALL_TYPE: 1, CALL_DURATION: 60, CALL_START_DATE: at(9), CALL_FAILED_CODE: '200' },
  );
  w.fake.activities.push({ ID: 1, TYPE_ID: 1, RESPONSIBLE_ID: crmUserId, COMPLETED: 'Y', START_TIME: at(14) });
}

describe('Bitrix24: a manager\'s day', () => {
  it('mirrors the work day live, sends task time once, the report in Ukrainian, and brings the CRM\'s figures to the agent', async () => {
    w = await crmWorld();
    const { fake, m1, ids } = w;
    seedCalls(w, ids.m1);
    const day = dayOf(w, m1.deviceId, ids.m1, [45, 90, 20]);

    await pushAll(m1, [workEvent(m1.deviceId, T0, 'clock_in'), day.plan]);
    await w.drain();
    expect(fake.day(ids.m1, '2026-03-02')?.status).toBe('OPENED');
    expect(fake.day(ids.m1, '2026-03-02')?.reports).toEqual([]); // live: no TIME, no reason needed

    w.t.clock.now = T0 + 9 * H;
    await pushAll(m1, [day.report, workEvent(m1.deviceId, T0 + 9 * H, 'clock_out')]);
    await w.drain();

    const d = fake.day(ids.m1, '2026-03-02')!;
    expect(d.status).toBe('CLOSED');
    expect(fake.elapsedOf(day.t1).map((e) => [e.USER_ID, e.SECONDS])).toEqual([[Number(ids.m1), 45 * 60]]);
    expect(fake.elapsedOf(day.t2).map((e) => e.SECONDS)).toEqual([90 * 60]);
    expect(fake.elapsed).toHaveLength(2); // the item without a CRM task sends nothing
    const toLead = fake.messages.filter((m) => m.dialogId === ids.lead);
    expect(toLead).toHaveLength(1);
    expect(toLead[0]!.text).toMatch(/^\[b\]Звіт за 2 березня — m1@a\.test\[\/b\]/);
    expect(toLead[0]!.text).toContain('Клієнти не відповідали');

    // The figures from the portal, per KPI, beside what the manager reported.
    const pull = (await m1.pull()).json() as PullResponse;
    const crm = new Map(pull.crm!.actuals.filter((a) => a.date === '2026-03-02').map((a) => [a.key, a.value]));
    expect(Object.fromEntries(crm)).toMatchObject({ calls_total: 4, calls_outgoing: 2, calls_incoming: 2, calls_missed: 1, calls_over_30s: 2, talk_minutes: 7, meetings: 1 });
    expect(pull.crm!.actuals.every((a) => a.source === 'bitrix24')).toBe(true);

    // A new revision with other minutes corrects the same elapsed items and the same message.
    w.t.clock.now = T0 + 10 * H;
    await pushAll(m1, [day.again(2, [50, 90, 20], T0 + 10 * H, day.report.reportId)]);
    await w.drain();
    expect(fake.elapsedOf(day.t1).map((e) => e.SECONDS)).toEqual([50 * 60]);
    expect(fake.elapsedOf(day.t2).map((e) => e.SECONDS)).toEqual([90 * 60]);
    expect(fake.messages.filter((m) => m.dialogId === ids.lead)).toHaveLength(1);
    expect(fake.messages[0]!.text).toContain('(редакція 2)');
    expect(fake.methodCalls.get('task.elapseditem.add')).toBe(2);
    expect(fake.methodCalls.get('task.elapseditem.update')).toBe(1);

    const jobs = await w.t.hub.database.db.selectFrom('jobs').select(['kind', 'state', 'last_error']).execute();
    expect(jobs.filter((j) => j.state !== 'done')).toEqual([]);
  });

  it('sends events that arrive late with TIME and a REPORT reason in the manager\'s language; late breaks are not backdated', async () => {
    const warnings: string[] = [];
    w = await crmWorld({ log: { info() {}, error() {}, warn: (_obj, msg) => void warnings.push(msg ?? '') } });
    const { fake, m1, ids } = w;
    // The agent was offline all day: everything arrives at 18:30.
    w.t.clock.now = T0 + 10.5 * H;
    await pushAll(m1, [workEvent(m1.deviceId, T0 + 0.5 * H, 'clock_in'), workEvent(m1.deviceId, T0 + 4 * H, 'break'), workEvent(m1.deviceId, T0 + 5 * H, 'resume'), workEvent(m1.deviceId, T0 + 9 * H, 'clock_out')]);
    await w.drain();
    const d = fake.day(ids.m1, '2026-03-02')!;
    expect(d.status).toBe('CLOSED');
    expect(d.start).toBe('2026-03-02T08:30:00+02:00');
    expect(d.finish).toBe('2026-03-02T17:00:00+02:00');
    expect(d.reports).toEqual(['Zvit: записано офлайн о 08:30, надіслано пізніше', 'Zvit: записано офлайн о 17:00, надіслано пізніше']);
    expect(d.pauses).toBe(0);
    const results = await w.t.hub.database.db.selectFrom('jobs').select(['state', 'result']).where('kind', '=', 'bitrix24.timeman').orderBy('id').execute();
    expect(results.map((r) => r.state)).toEqual(['done', 'done', 'done', 'done']);
    expect(JSON.parse(results[1]!.result!)).toEqual({ skipped: 'A break that arrives late cannot be backdated in Bitrix24.' });
    // Left out on purpose, not silently: the hub's log says so, and so does the admin's job list.
    // (The resume then finds the day open, as it never paused: nothing to do, nothing skipped.)
    expect(warnings.filter((m) => m.includes('cannot be backdated'))).toEqual(['Bitrix24 work day: A break that arrives late cannot be backdated in Bitrix24.']);
    const listed = (await w.admin.get('/api/v1/jobs?limit=50')).json() as { jobs: { title: string; state: string; skipped: string | null }[] };
    expect(listed.jobs.filter((j) => j.skipped).map((j) => [j.title, j.state, j.skipped])).toEqual([['Work day to Bitrix24 (pause, m1@a.test)', 'done', 'A break that arrives late cannot be backdated in Bitrix24.']]);
  });

  it('a break that arrives promptly pauses the work day (timeman.pause) and a prompt resume opens it again', async () => {
    w = await crmWorld();
    const { fake, m1, ids } = w;
    await pushAll(m1, [workEvent(m1.deviceId, T0, 'clock_in')]);
    await w.drain();
    w.t.clock.now = T0 + 4 * H + 30_000;
    await pushAll(m1, [workEvent(m1.deviceId, T0 + 4 * H, 'break')]);
    await w.drain();
    expect(fake.day(ids.m1, '2026-03-02')?.status).toBe('PAUSED');
    expect(fake.methodCalls.get('timeman.pause')).toBe(1);
    w.t.clock.now = T0 + 5 * H + 30_000;
    await pushAll(m1, [workEvent(m1.deviceId, T0 + 5 * H, 'resume')]);
    await w.drain();
    const d = fake.day(ids.m1, '2026-03-02')!;
    expect(d.status).toBe('OPENED');
    expect(d.pauses).toBe(1);
    const results = await w.t.hub.database.db.selectFrom('jobs').select(['state', 'result']).where('kind', '=', 'bitrix24.timeman').orderBy('id').execute();
    expect(results.map((r) => [r.state, JSON.parse(r.result!)])).toEqual([
      ['done', { sent: 'open', live: true }],
      ['done', { sent: 'pause' }],
      ['done', { sent: 'resume' }],
    ]);
  });

  it('packs many managers\' calls into batches of at most 50', async () => {
    w = await crmWorld();
    const { fake, m1, m1b, ids } = w;
    const a = dayOf(w, m1.deviceId, ids.m1, [10, 20, 30]);
    const b = dayOf(w, m1b.deviceId, ids.m1b, [15, 25, 35]);
    w.t.clock.now = T0 + 9 * H;
    await pushAll(m1, [workEvent(m1.deviceId, T0, 'clock_in'), a.plan, a.report, workEvent(m1.deviceId, T0 + 1000, 'clock_out')]);
    await pushAll(m1b, [workEvent(m1b.deviceId, T0, 'clock_in'), b.plan, b.report, workEvent(m1b.deviceId, T0 + 1000, 'clock_out')]);
    const before = fake.requests();
    await w.drain();
    expect(fake.elapsed).toHaveLength(4);
    expect(fake.messages).toHaveLength(2);
    const calls = [...fake.methodCalls.values()].reduce((s, n) => s + n, 0);
    const requests = fake.requests() - before;
    expect(fake.log.filter((l) => l.batch).length).toBeGreaterThan(0);
    // Two managers' whole day: far fewer requests than calls.
    expect(requests).toBeLessThan(calls / 3);
  });
});

describe('Bitrix24: other report targets and mapped KPIs', () => {
  it('sends the report as a smart-process item with the text as its comment, and fills mapped KPIs from deals and quotes', async () => {
    w = await crmWorld({
      connector: {
        options: {
          report: { to: 'smart_process', entityTypeId: 1038 },
          kpiSources: [
            { source: 'deals_won', kpi: 'deals_closed', categoryId: null },
            { source: 'quotes_created', kpi: 'proposals_sent' },
          ],
        } as never,
      },
    });
    const { fake, m1, ids } = w;
    fake.deals.set(1, { ID: 1, TITLE: 'Won today', ASSIGNED_BY_ID: ids.m1, CLOSED: 'Y', STAGE_SEMANTIC_ID: 'S', CLOSEDATE: '2026-03-02T12:00:00+02:00', CATEGORY_ID: 0 });
    fake.deals.set(2, { ID: 2, TITLE: 'Lost today', ASSIGNED_BY_ID: ids.m1, CLOSED: 'Y', STAGE_SEMANTIC_ID: 'F', CLOSEDATE: '2026-03-02T12:00:00+02:00', CATEGORY_ID: 0 });
    fake.quotes.push({ ID: 1, ASSIGNED_BY_ID: ids.m1, DATE_CREATE: '2026-03-02T10:00:00+02:00' }, { ID: 2, ASSIGNED_BY_ID: ids.m1, DATE_CREATE: '2026-03-02T11:00:00+02:00' });
    const day = dayOf(w, m1.deviceId, ids.m1, [10, 20, 30]);
    w.t.clock.now = T0 + 9 * H;
    await pushAll(m1, [day.plan, day.report]);
    await w.drain();
    expect(fake.messages).toHaveLength(0);
    expect(fake.smartItems).toHaveLength(1);
    expect(fake.smartItems[0]!.assignedById).toBe(ids.m1);
    expect(fake.smartItems[0]!.comments).toHaveLength(1);
    expect(fake.smartItems[0]!.comments[0]).toContain(`Zvit · ${day.report.reportId}`);
    const pull = (await m1.pull()).json() as PullResponse;
    const crm = Object.fromEntries(pull.crm!.actuals.map((a) => [a.key, a.value]));
    expect(crm).toMatchObject({ deals_closed: 1, proposals_sent: 2 });
  });
});

describe('Bitrix24: faults end with the portal holding exactly what it should', () => {
  async function reportDay(w: CrmWorld) {
    const day = dayOf(w, w.m1.deviceId, w.ids.m1, [45, 90, 20]);
    w.t.clock.now = T0 + 9 * H;
    await pushAll(w.m1, [day.plan, day.report]);
    return day;
  }

  async function drainUntilSettled(w: CrmWorld, maxMs: number) {
    const db = w.t.hub.database.db;
    const until = w.t.clock.now + maxMs;
    for (;;) {
      await w.drain();
      const next = await db.selectFrom('jobs').select((eb) => eb.fn.min('run_at').as('at')).where('state', '=', 'queued').executeTakeFirst();
      if (!next?.at || w.t.clock.now > until) return;
      w.t.clock.now = Math.max(w.t.clock.now, Number(next.at));
    }
  }

  it('the CRM down for a day, then up: nothing lost, nothing twice', async () => {
    w = await crmWorld();
    const day = await reportDay(w);
    w.fake.faults.down = true;
    await drainUntilSettled(w, 24 * H);
    expect(w.fake.elapsed).toHaveLength(0);
    const waiting = await w.t.hub.database.db.selectFrom('jobs').select(['state', 'attempts', 'last_error', 'last_error_code']).where('kind', '=', 'bitrix24.report').executeTakeFirstOrThrow();
    expect(waiting.state).toBe('queued');
    expect(waiting.attempts).toBeGreaterThan(5);
    expect(waiting.last_error).toMatch(/No answer from Bitrix24/);
    expect(waiting.last_error_code).toBe('crm_unreachable');
    w.fake.faults.down = false;
    await drainUntilSettled(w, 2 * H);
    expect(w.fake.elapsedOf(day.t1).map((e) => e.SECONDS)).toEqual([45 * 60]);
    expect(w.fake.elapsedOf(day.t2).map((e) => e.SECONDS)).toEqual([90 * 60]);
    expect(w.fake.messages).toHaveLength(1);
  });

  it('an answer lost after the portal stored the calls: the replay looks first and writes nothing twice', async () => {
    w = await crmWorld();
    const day = await reportDay(w);
    w.fake.faults.loseAnswerFor.add('im.message.add').add('task.elapseditem.add');
    await drainUntilSettled(w, 2 * H);
    expect(w.fake.elapsedOf(day.t1)).toHaveLength(1);
    expect(w.fake.elapsedOf(day.t2)).toHaveLength(1);
    expect(w.fake.messages).toHaveLength(1);
    expect(w.fake.methodCalls.get('task.elapseditem.getlist')).toBeGreaterThan(0);
    expect(w.fake.methodCalls.get('im.dialog.messages.get')).toBeGreaterThan(0);
  });

  it('the portal\'s rate limit: 503 QUERY_LIMIT_EXCEEDED is waited out and everything arrives once', async () => {
    // The portal is stricter than its plan says (other apps use the same bucket).
    w = await crmWorld({ fake: { rate: 1, burst: 1 } });
    const day = await reportDay(w);
    const day2 = dayOf(w, w.m1b.deviceId, w.ids.m1b, [5, 6, 7]);
    await pushAll(w.m1b, [day2.plan, day2.report]);
    await drainUntilSettled(w, 2 * H);
    expect(w.fake.limited).toBeGreaterThan(0);
    expect(w.fake.elapsed).toHaveLength(4);
    expect(w.fake.elapsedOf(day.t1)).toHaveLength(1);
    expect(w.fake.messages).toHaveLength(2);
  });

  it('a partial failure inside a batch: the failed call is retried alone, the others are not repeated', async () => {
    w = await crmWorld();
    await reportDay(w);
    w.fake.faults.failMethod.set('im.message.add', { times: 1, code: 'INTERNAL_SERVER_ERROR', status: 500 });
    await drainUntilSettled(w, 2 * H);
    expect(w.fake.messages).toHaveLength(1);
    expect(w.fake.elapsed).toHaveLength(2);
    expect(w.fake.methodCalls.get('task.elapseditem.add')).toBe(2);
  });
});

describe('Bitrix24: bad input gives the admin a clear message, a dead letter, and the rest flows', () => {
  it('a manager linked to a CRM user that does not exist', async () => {
    w = await crmWorld();
    const res = await w.admin.send('PUT', `/api/v1/crm/users/${w.world.m1.id}`, { crmUserId: '999' });
    expect(res.statusCode).toBe(200);
    await pushAll(w.m1, [workEvent(w.m1.deviceId, T0, 'clock_in')]);
    await pushAll(w.m1b, [workEvent(w.m1b.deviceId, T0, 'clock_in')]);
    await w.drain();
    expect(w.fake.day(w.ids.m1b, '2026-03-02')?.status).toBe('OPENED');
    const dead = (await w.admin.get('/api/v1/jobs?state=dead')).json() as { jobs: { title: string; lastError: string; lastErrorCode: string; lastAnswer: string }[] };
    expect(dead.jobs).toHaveLength(1);
    expect(dead.jobs[0]!.title).toBe('Work day to Bitrix24 (open, m1@a.test)');
    expect(dead.jobs[0]!.lastError).toMatch(/Bitrix24 refused it \(ERROR_USER_NOT_FOUND/);
    expect(dead.jobs[0]!.lastErrorCode).toBe('crm_rejected');
    expect(dead.jobs[0]!.lastAnswer).toContain('ERROR_USER_NOT_FOUND');

    // Fixed by the admin, the retry goes through.
    await w.admin.send('PUT', `/api/v1/crm/users/${w.world.m1.id}`, { crmUserId: w.ids.m1 });
    expect((await w.admin.send('POST', '/api/v1/jobs/retry', { allDead: true })).json()).toEqual({ retried: 1 });
    await w.drain();
    expect(w.fake.day(w.ids.m1, '2026-03-02')?.status).toBe('OPENED');
  });

  it('a revoked webhook: the test says so, jobs go to the dead letters with the reason', async () => {
    w = await crmWorld();
    w.fake.revokeWebhook(w.webhookUrl);
    const test = (await w.admin.send('POST', '/api/v1/crm/test')).json() as { ok: boolean; message: string };
    expect(test.ok).toBe(false);
    expect(test.message).toMatch(/refused the credentials: Invalid request credentials/);
    expect(((await w.admin.get('/api/v1/crm')).json() as { connector: { status: string } }).connector.status).toBe('auth_failed');
    await pushAll(w.m1, [workEvent(w.m1.deviceId, T0, 'clock_in')]);
    await w.drain();
    const dead = (await w.admin.get('/api/v1/jobs?state=dead')).json() as { jobs: { lastError: string; lastErrorCode: string }[] };
    expect(dead.jobs[0]!.lastError).toMatch(/refused the saved credentials \(INVALID_CREDENTIALS/);
    expect(dead.jobs[0]!.lastErrorCode).toBe('crm_auth_failed');
  });

  it('a wrong webhook URL is refused when saved, with what a right one looks like', async () => {
    w = await crmWorld();
    const res = await w.admin.send('PUT', '/api/v1/crm', { kind: 'bitrix24', credentials: { auth: 'webhook', webhookUrl: 'http://portal.example/rest/abc' } });
    expect(res.statusCode).toBe(400);
    expect((res.json() as { error: { message: string } }).error.message).toMatch(/not a Bitrix24 incoming webhook address \(Webhook requires HTTPS protocol\).*https:\/\/company\.bitrix24\.ua\/rest\/1\//);
  });

  it('a payload the portal refuses: dead letter with its answer; the manager\'s other jobs go through', async () => {
    w = await crmWorld();
    w.fake.faults.failMethod.set('im.message.add', { times: 99, code: 'MESSAGE_TOO_LONG', status: 400 });
    const day = dayOf(w, w.m1.deviceId, w.ids.m1, [45, 90, 20]);
    w.t.clock.now = T0 + 9 * H;
    await pushAll(w.m1, [day.plan, day.report]);
    await w.drain();
    expect(w.fake.elapsed).toHaveLength(2);
    const dead = (await w.admin.get('/api/v1/jobs?state=dead')).json() as { jobs: { kind: string; lastError: string; lastErrorCode: string }[] };
    expect(dead.jobs.map((j) => j.kind)).toEqual(['bitrix24.report']);
    expect(dead.jobs[0]!.lastError).toMatch(/Report of m1@a\.test for 2026-03-02: Bitrix24 refused it \(MESSAGE_TOO_LONG/);
    // Stored beside the note, in the database itself.
    const row = await w.t.hub.database.db.selectFrom('jobs').select('last_error_code').where('state', '=', 'dead').executeTakeFirstOrThrow();
    expect([row.last_error_code, dead.jobs[0]!.lastErrorCode]).toEqual(['crm_rejected', 'crm_rejected']);
  });
});

describe('Bitrix24: connector settings', () => {
  it('never reads credentials back, reports what they may do, and keeps them sealed at rest', async () => {
    w = await crmWorld();
    const got = (await w.admin.get('/api/v1/crm')).json() as { connector: Record<string, unknown> & { credentials: { hint: string } } };
    expect(JSON.stringify(got)).not.toContain(w.webhookUrl.split('/').at(-2)!);
    expect(got.connector.credentials.hint).toMatch(/^…/);
    const row = await w.t.hub.database.db.selectFrom('crm_connectors').select('secrets').executeTakeFirstOrThrow();
    expect(row.secrets).toMatch(/^v1:[0-9a-f]{8}:/);
    expect(row.secrets).not.toContain(w.webhookUrl.split('/').at(-2)!);
    const test = (await w.admin.send('POST', '/api/v1/crm/test')).json() as { ok: boolean; actingAs: string; capabilities: { name: string; ok: boolean }[] };
    expect(test.ok).toBe(true);
    expect(test.capabilities.map((c) => c.name)).toContain('call statistics');
    // The admin's user mapping screen: every hub user with their link, and the portal's people.
    const users = (await w.admin.get('/api/v1/crm/users')).json() as { users: { email: string; crmUserId: string | null; source: string | null }[]; crmUsers: { id: string; email: string | null }[] };
    expect(users.users.find((u) => u.email === w.world.m1.email)).toMatchObject({ crmUserId: w.ids.m1, source: 'email' });
    expect(users.users.find((u) => u.email === 'm@b.test')).toBeUndefined(); // another organization
    expect(users.crmUsers.map((u) => u.email)).toContain(w.world.lead1.email);
    // A manager may not see or change it.
    const manager = await (await import('../../testing/harness.ts')).signIn(w.t.hub, w.world.m1.email);
    expect((await manager.get('/api/v1/crm')).statusCode).toBe(403);
  });

  it('hands each manager their open tasks and deals with the pull', async () => {
    w = await crmWorld();
    w.fake.addTask('Open task', w.ids.m1);
    w.fake.addTask('Done task', w.ids.m1, 5);
    await w.drain();
    const pull = (await w.m1.pull()).json() as PullResponse;
    expect(pull.crm!.tasks!.map((t) => [t.kind, t.title])).toEqual([['task', 'Open task']]);
    expect(pull.crm!.tasks![0]!.url).toMatch(/\/tasks\/task\/view\/\d+\/$/);
    const next = (await w.m1.pull(pull.cursor)).json() as PullResponse;
    expect(next.crm).toBeUndefined();
  });
});

describe('Bitrix24: local application with OAuth', () => {
  it('is installed through its handler, checks application_token on every event, and refreshes once, only after expired_token', async () => {
    w = await crmWorld();
    const { fake, admin, m1, ids } = w;
    const saved = await admin.send('PUT', '/api/v1/crm', { kind: 'bitrix24', address: fake.origin, credentials: { auth: 'oauth', clientId: fake.app.clientId, clientSecret: fake.app.clientSecret } });
    const connector = (saved.json() as { connector: { status: string; appUrls: { install: string; handler: string } } }).connector;
    expect(connector.status).toBe('awaiting_install');
    // Before the portal installs it there are no tokens: asking for the CRM's users says so.
    const early = await admin.get('/api/v1/crm/users');
    expect(early.statusCode).toBe(502);
    expect((early.json() as { error: { message: string } }).error.message).toMatch(/not installed yet/);
    const path = (url: string) => new URL(url).pathname;
    const form = (body: Record<string, string>) => new URLSearchParams(body).toString();
    const inject = (url: string, body: Record<string, string>) => w.t.hub.app.inject({ method: 'POST', url: path(url), headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: form(body) });

    expect((await inject(connector.appUrls.install, fake.installPayload())).statusCode).toBe(200);
    expect(((await admin.send('POST', '/api/v1/crm/test')).json() as { ok: boolean }).ok).toBe(true);

    // Tokens expire; the first answer that says so triggers one refresh, then the call goes through.
    fake.expireAccessTokens();
    const refreshesBefore = fake.refreshes;
    await pushAll(m1, [workEvent(m1.deviceId, T0, 'clock_in')]);
    await w.drain();
    expect(fake.day(ids.m1, '2026-03-02')?.status).toBe('OPENED');
    expect(fake.refreshes - refreshesBefore).toBe(1);

    // An event without the application's token is refused; the real uninstall disconnects.
    const forged = await inject(connector.appUrls.handler, { event: 'ONAPPUNINSTALL', 'auth[application_token]': 'guess' });
    expect(forged.statusCode).toBe(403);
    const real = await inject(connector.appUrls.handler, { event: 'ONAPPUNINSTALL', 'auth[application_token]': fake.app.applicationToken, 'auth[member_id]': fake.app.memberId });
    expect(real.statusCode).toBe(200);
    expect(((await admin.get('/api/v1/crm')).json() as { connector: { status: string } }).connector.status).toBe('disconnected');
  });
});
