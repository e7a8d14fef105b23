// amoCRM/Kommo through the queue against a local account: long-lived token and OAuth (an
// authorization code exchanged once; a refresh token spent exactly once however many jobs find
// the access token expired), the report as a note found again after a lost answer and updated by
// a new revision, calls counted from the events log, open tasks for the plan, 429 waited out.
import { afterEach, describe, expect, it } from 'vitest';
import type { PullResponse } from '../../../shared/sync.ts';
import { newSecretKey } from '../secrets.ts';
import { FakeAmoCrm } from '../testing/fake-amocrm.ts';
import { testCertificate } from '../testing/tls.ts';
import { pushAll, T0 } from '../testing/world.ts';
import { enrollAgent, seedWorld, signIn, startHub, type TestHub } from '../../testing/harness.ts';
import { reportRevision } from '../../testing/records.ts';

let t: TestHub;
let fake: FakeAmoCrm;
afterEach(async () => {
  await fake?.stop();
  await t?.close();
});

const H = 3600_000;
const NOTE_TARGET = { to: 'note', entityType: 'companies', entityId: 77 } as const;

async function setup(credentials: (f: FakeAmoCrm) => object, fakeOptions: ConstructorParameters<typeof FakeAmoCrm>[0] = {}) {
  const holder: { t?: TestHub } = {};
  t = await startHub({
    secretKey: newSecretKey(),
    webhookAllow: '127.0.0.1',
    outboundCa: testCertificate().cert,
    jobs: {
      autostart: false,
      sleep: async (ms) => {
        holder.t!.clock.now += ms;
        await new Promise((r) => setImmediate(r));
      },
    },
  });
  holder.t = t;
  t.clock.now = T0 + 9 * H;
  fake = await new FakeAmoCrm({ now: () => t.clock.now, ...fakeOptions }).start();
  const world = await seedWorld(t.hub);
  const ids = { m1: fake.addUser(world.m1.email), m1b: fake.addUser(world.m1b.email) };
  const admin = await signIn(t.hub, world.admin.email);
  const saved = await admin.send('PUT', '/api/v1/crm', { kind: 'amocrm', address: fake.origin, credentials: credentials(fake), options: { report: NOTE_TARGET, tasksEveryMinutes: 60 } });
  if (saved.statusCode !== 200) throw new Error(`connector: ${saved.body}`);
  const matched = await admin.send('POST', '/api/v1/crm/users/match');
  expect((matched.json() as { matched: number }).matched).toBe(2);
  const m1 = await enrollAgent(t.hub, world.m1.id);
  const m1b = await enrollAgent(t.hub, world.m1b.id);
  return { world, ids, admin, m1, m1b, drain: () => t.hub.integrations.runner!.drain() };
}

describe('amoCRM', () => {
  it('with a long-lived token: the report as one note (updated by a revision, found again after a lost answer), calls from events, tasks for the plan', async () => {
    const { ids, m1, drain } = await setup((f) => ({ auth: 'token', token: f.longLived }));
    const day = Math.floor(Date.UTC(2026, 2, 2, 8, 0, 0) / 1000);
    fake.events.push(
      { type: 'outgoing_call', created_by: ids.m1, created_at: day },
      { type: 'outgoing_call', created_by: ids.m1, created_at: day + 60 },
      { type: 'incoming_call', created_by: ids.m1, created_at: day + 120 },
      { type: 'outgoing_call', created_by: ids.m1b, created_at: day },
      { type: 'outgoing_call', created_by: ids.m1, created_at: day - 86_400 },
    );
    fake.tasks.push({ id: 5, text: 'Call the client back', responsible_user_id: ids.m1, is_completed: false, complete_till: day + 3600, entity_type: 'leads', entity_id: 9 });
    fake.faults.loseAnswerFor.add('POST /api/v4/companies/77/notes');
    const report = reportRevision(m1.deviceId, T0 + 9 * H, { note: 'Усе добре' });
    await pushAll(m1, [report]);
    await drain();
    for (let i = 0; i < 5 && fake.notes.length === 1 && (await t.hub.database.db.selectFrom('jobs').select('state').where('state', '=', 'queued').execute()).length; i++) {
      const next = await t.hub.database.db.selectFrom('jobs').select((eb) => eb.fn.min('run_at').as('at')).where('state', '=', 'queued').executeTakeFirstOrThrow();
      t.clock.now = Math.max(t.clock.now, Number(next.at));
      await drain();
    }
    expect(fake.faults.loseAnswerFor.size).toBe(0); // the answer to the first note was lost
    expect(fake.notes).toHaveLength(1);
    expect(fake.notes[0]!.text).toContain('Усе добре');
    expect(fake.notes[0]!.text).toContain(`Zvit · ${report.reportId}`);

    await pushAll(m1, [reportRevision(m1.deviceId, T0 + 9 * H + 1000, { reportId: report.reportId, revision: 2, note: 'Виправлено' })]);
    await drain();
    expect(fake.notes).toHaveLength(1);
    expect(fake.notes[0]!.text).toContain('Виправлено');

    const pull = (await m1.pull()).json() as PullResponse;
    const crm = Object.fromEntries(pull.crm!.actuals.map((a) => [a.key, a.value]));
    expect(crm).toEqual({ calls_total: 3, calls_outgoing: 2, calls_incoming: 1 });
    expect(pull.crm!.tasks).toEqual([{ system: 'amocrm', kind: 'task', id: '5', title: 'Call the client back', url: `${fake.origin}/leads/detail/9`, deadline: (day + 3600) * 1000 }]);
  });

  it('with OAuth: the code is exchanged once; an expired access token is refreshed once, the refresh token spent once', async () => {
    const { m1, m1b, drain, admin } = await setup((f) => ({ auth: 'oauth', clientId: f.client.id, clientSecret: f.client.secret, code: f.authCode, redirectUri: f.client.redirectUri }));
    fake.expireAccessTokens();
    await pushAll(m1, [reportRevision(m1.deviceId, T0 + 9 * H)]);
    await pushAll(m1b, [reportRevision(m1b.deviceId, T0 + 9 * H + 1)]);
    await drain();
    expect(fake.notes).toHaveLength(2);
    expect(fake.refreshes).toBe(1);
    expect(fake.refusedRefreshes).toBe(0);
    // A spent code is refused with words an admin can act on.
    const again = await admin.send('PUT', '/api/v1/crm', { kind: 'amocrm', address: fake.origin, credentials: { auth: 'oauth', clientId: fake.client.id, clientSecret: fake.client.secret, code: 'used-code', redirectUri: fake.client.redirectUri }, options: { report: NOTE_TARGET } });
    expect(again.statusCode).toBe(400);
    expect((again.json() as { error: { message: string } }).error.message).toMatch(/refused the authorization code.*make a new one/);
  });

  it('a token amoCRM no longer takes: the report waits in the dead letters, its kind stored as crm_auth_failed', async () => {
    const { m1, drain, admin } = await setup((f) => ({ auth: 'token', token: f.longLived }));
    const changed = await admin.send('PUT', '/api/v1/crm', { kind: 'amocrm', address: fake.origin, credentials: { auth: 'token', token: 'll_revoked' }, options: { report: NOTE_TARGET } });
    expect(changed.statusCode).toBe(200);
    await pushAll(m1, [reportRevision(m1.deviceId, T0 + 9 * H)]);
    await drain();
    expect(fake.notes).toHaveLength(0);
    const dead = (await admin.get('/api/v1/jobs?state=dead')).json() as { jobs: { kind: string; lastError: string; lastErrorCode: string }[] };
    // The report, and the pulls (calls, tasks) that went with it.
    expect(dead.jobs.map((j) => j.kind)).toContain('amocrm.report');
    for (const j of dead.jobs) {
      expect(j.lastErrorCode).toBe('crm_auth_failed');
      expect(j.lastError).toMatch(/amoCRM refused the saved credentials/);
    }
    const row = await t.hub.database.db.selectFrom('jobs').select('last_error_code').where('kind', '=', 'amocrm.report').executeTakeFirstOrThrow();
    expect(row.last_error_code).toBe('crm_auth_failed');
  });

  it('waits out 429 at 7 requests a second and sends everything once', async () => {
    const { ids, m1, m1b, drain } = await setup((f) => ({ auth: 'token', token: f.longLived }), { perSecond: 2 });
    for (let i = 0; i < 250; i++) fake.events.push({ type: 'outgoing_call', created_by: ids.m1, created_at: Math.floor(Date.UTC(2026, 2, 2, 8, 0, i) / 1000) });
    await pushAll(m1, [reportRevision(m1.deviceId, T0 + 9 * H)]);
    await pushAll(m1b, [reportRevision(m1b.deviceId, T0 + 9 * H + 1)]);
    await drain();
    expect(fake.limited).toBeGreaterThan(0);
    expect(fake.notes).toHaveLength(2);
    const pull = (await m1.pull()).json() as PullResponse;
    expect(Object.fromEntries(pull.crm!.actuals.map((a) => [a.key, a.value])).calls_total).toBe(250);
    const states = await t.hub.database.db.selectFrom('jobs').select('state').execute();
    expect(states.every((s) => s.state === 'done')).toBe(true);
  });
});
