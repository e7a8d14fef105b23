// KPI actuals from other systems: API tokens (scoped, hashed, revocable), JSON rows and CSV
// files judged row by row, and the figures reaching the manager's agent with the pull.
import { afterEach, describe, expect, it } from 'vitest';
import type { PullResponse } from '../../shared/sync.ts';
import { sha256 } from '../auth/tokens.ts';
import { enrollAgent, seedWorld, signIn, startHub, type TestHub } from '../testing/harness.ts';

let t: TestHub;
afterEach(async () => {
  await t?.close();
});

describe('KPI actuals from anywhere', () => {
  it('an API token puts actuals; rows with unknown people or KPIs are refused alone; the agent gets the figures', async () => {
    t = await startHub({ jobs: false });
    const world = await seedWorld(t.hub);
    const admin = await signIn(t.hub, world.admin.email);
    const made = await admin.send('POST', '/api/v1/api-tokens', { name: 'PBX', scopes: ['kpi:write'] });
    expect(made.statusCode).toBe(200);
    const { secret, token } = made.json() as { secret: string; token: { id: string } };
    expect(secret).toMatch(/^zvt_/);
    const stored = await t.hub.database.db.selectFrom('api_tokens').select('token_hash').executeTakeFirstOrThrow();
    expect(stored.token_hash).toBe(sha256(secret));
    expect(JSON.stringify((await admin.get('/api/v1/api-tokens')).json())).not.toContain(secret);

    const put = (body: unknown, auth = secret) => t.hub.app.inject({ method: 'POST', url: '/api/v1/kpi-actuals', headers: { authorization: `Bearer ${auth}` }, payload: body as object });
    const res = await put({
      actuals: [
        { user: 'M1@a.test', date: '2026-03-02', key: 'calls_total', value: 37 },
        { user: 'nobody@a.test', date: '2026-03-02', key: 'calls_total', value: 1 },
        { user: 'm1@a.test', date: '2026-03-02', key: 'no_such_kpi', value: 1 },
        { user: 'm@b.test', date: '2026-03-02', key: 'calls_total', value: 5 },
        { user: 'm1@a.test', date: '2026-02-30x', key: 'calls_total', value: 5 },
      ],
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      stored: 1,
      refused: [
        { row: 1, message: 'No user nobody@a.test in this organization.', code: 'no_user', vars: { user: 'nobody@a.test' } },
        { row: 2, message: "The KPI no_such_kpi is not defined for m1@a.test's team.", code: 'no_kpi', vars: { kpi: 'no_such_kpi', user: 'm1@a.test' } },
        { row: 3, message: 'No user m@b.test in this organization.', code: 'no_user', vars: { user: 'm@b.test' } },
        { row: 4, message: 'date: expected a date as YYYY-MM-DD', code: 'invalid_fields', vars: { fields: 'date' } },
      ],
    });
    const agent = await enrollAgent(t.hub, world.m1.id);
    const pull = (await agent.pull()).json() as PullResponse;
    expect(pull.crm!.actuals).toEqual([{ date: '2026-03-02', key: 'calls_total', value: 37, source: 'api', updatedAt: t.clock.now }]);

    // Revoked: refused with a clear message; a session of a manager may not put actuals.
    await admin.send('POST', `/api/v1/api-tokens/${token.id}/revoke`);
    const refused = await put({ actuals: [{ user: 'm1@a.test', date: '2026-03-02', key: 'calls_total', value: 1 }] });
    expect(refused.statusCode).toBe(401);
    expect((refused.json() as { error: { message: string } }).error.message).toMatch(/revoked/);
    const manager = await signIn(t.hub, world.m1.email);
    expect((await manager.send('POST', '/api/v1/kpi-actuals', { actuals: [{ user: 'm1@a.test', date: '2026-03-02', key: 'calls_total', value: 99 }] })).statusCode).toBe(403);
  });

  it('imports a CSV from the dashboard (semicolons, BOM, decimal comma), line numbers in the refusals', async () => {
    t = await startHub({ jobs: false });
    const world = await seedWorld(t.hub);
    const admin = await signIn(t.hub, world.admin.email);
    const csv = '\uFEFFemail;date;kpi;value\nm1@a.test;2026-03-02;revenue;"12 500,50"\nm1b@a.test;2026-03-02;calls_total;\n\nm2@a.test;2026-03-03;meetings;2\n';
    const res = await t.hub.app.inject({ method: 'POST', url: '/api/v1/kpi-actuals/csv', cookies: { zvit_session: admin.cookie }, headers: { 'x-csrf-token': admin.csrf, 'content-type': 'text/csv' }, payload: csv });
    expect(res.statusCode).toBe(200);
    // The CSV's own column names: a refusal names the columns to look at (email, kpi), not the JSON fields.
    expect(res.json()).toEqual({ stored: 2, refused: [{ row: 3, message: 'value: Invalid input: expected number, received NaN', code: 'invalid_fields', vars: { fields: 'value' } }] });
    const rows = await t.hub.database.db.selectFrom('kpi_actuals').select(['key', 'value', 'source']).orderBy('key').execute();
    expect(rows.map((r) => [r.key, Number(r.value), r.source])).toEqual([['meetings', 2, 'csv'], ['revenue', 12500.5, 'csv']]);
    const bad = await t.hub.app.inject({ method: 'POST', url: '/api/v1/kpi-actuals/csv', cookies: { zvit_session: admin.cookie }, headers: { 'x-csrf-token': admin.csrf, 'content-type': 'text/csv' }, payload: 'a,b\n1,2' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toEqual({ error: { code: 'csv_columns', message: 'The first line must name the columns email, date, kpi and value.' } });
    const blank = await t.hub.app.inject({ method: 'POST', url: '/api/v1/kpi-actuals/csv', cookies: { zvit_session: admin.cookie }, headers: { 'x-csrf-token': admin.csrf, 'content-type': 'text/csv' }, payload: 'email;date;kpi;value\n;2026-03-02;;5\n' });
    expect(blank.json()).toEqual({ stored: 0, refused: [{ row: 2, message: expect.any(String), code: 'invalid_fields', vars: { fields: 'email, kpi' } }] });
  });
});
