// Issue 5 §5: every kind of bad input gets a 4xx (or a per-record rejection) with a code and a
// message, nothing of a refused record is stored, and the hub keeps answering.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CLOCK_SKEW_TOLERANCE_MS, ErrorBodySchema, type RejectCode } from '../../shared/sync.ts';
import { sql } from 'kysely';
import { DIALECT, enrollAgent, seedWorld, startHub, type Agent, type TestHub } from '../testing/harness.ts';
import { dayPlan, reportRevision, span, workEvent } from '../testing/records.ts';

let t: TestHub;
let agent: Agent;
const MIN = 60_000;

beforeAll(async () => {
  t = await startHub();
  const w = await seedWorld(t.hub);
  agent = await enrollAgent(t.hub, w.m1.id);
});
afterAll(async () => t?.close());
afterEach(async () => {
  // Whatever came before, the hub still answers.
  expect((await t.hub.app.inject({ url: '/health' })).statusCode).toBe(200);
});

async function total(): Promise<number> {
  const db = t.hub.database.db;
  let n = 0;
  for (const table of ['work_events', 'activity_spans', 'idle_decisions', 'day_plans', 'report_revisions'] as const) {
    n += Number((await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  }
  return n;
}

function raw(payload: string | Buffer, headers: Record<string, string> = {}) {
  return t.hub.app.inject({
    method: 'POST',
    url: '/api/v1/sync/push',
    headers: { authorization: `Bearer ${agent.token}`, 'content-type': 'application/json', ...headers },
    payload,
  });
}

function expectError(res: { statusCode: number; json(): unknown }, status: number, code: string) {
  expect(res.statusCode).toBe(status);
  const body = ErrorBodySchema.parse(res.json());
  expect(body.error.code).toBe(code);
  expect(body.error.message.length).toBeGreaterThan(5);
}

describe('whole-request errors', () => {
  it('malformed JSON', async () => expectError(await raw('{"records": [ {"kind": '), 400, 'malformed_json'));
  it('an empty body', async () => expectError(await raw(''), 400, 'malformed_json'));
  it('wrong envelope types', async () => expectError(await raw(JSON.stringify({ records: 'all of them' })), 400, 'invalid_request'));
  it('unknown envelope fields', async () => expectError(await raw(JSON.stringify({ records: [], extra: 1 })), 400, 'invalid_request'));
  it('a body that is not JSON at all', async () => expectError(await raw('records=1', { 'content-type': 'application/x-www-form-urlencoded' }), 415, 'unsupported_media_type'));
  it('a broken gzip stream', async () => expectError(await raw(Buffer.from('not gzip at all'), { 'content-encoding': 'gzip' }), 400, 'invalid_request'));
  it('an unknown content encoding', async () => expectError(await raw('{}', { 'content-encoding': 'br' }), 415, 'unsupported_media_type'));
  it('no token', async () => {
    const res = await t.hub.app.inject({ method: 'POST', url: '/api/v1/sync/push', payload: { records: [] } });
    expectError(res, 401, 'unauthorized');
  });
  it('a made-up token', async () => {
    const res = await t.hub.app.inject({ method: 'POST', url: '/api/v1/sync/push', headers: { authorization: 'Bearer zvd_nope' }, payload: { records: [] } });
    expectError(res, 401, 'unauthorized');
  });
  it('an unknown endpoint', async () => expectError(await t.hub.app.inject({ url: '/api/v1/nothing' }), 404, 'not_found'));
});

describe('per-record rejections, with the rest of the batch stored', () => {
  const now = () => t.clock.now;
  const cases: [string, (deviceId: string) => unknown, RejectCode][] = [
    ['wrong types', (d) => ({ ...span(d, now() - MIN, now()), start: 'yesterday' }), 'invalid_record'],
    ['a missing field', (d) => { const { app: _app, ...rest } = span(d, now() - MIN, now()); return rest; }, 'invalid_record'],
    ['an unknown field', (d) => ({ ...workEvent(d, now()), secret: 1 }), 'invalid_record'],
    ['an unknown kind', (d) => ({ ...workEvent(d, now()), kind: 'screenshot' }), 'unknown_kind'],
    ['no kind', (d) => ({ id: workEvent(d, now()).id }), 'unknown_kind'],
    ['not an object', () => 42, 'invalid_record'],
    ['an id that is not a UUIDv7', (d) => ({ ...workEvent(d, now()), id: '123' }), 'invalid_record'],
    ['an unknown time zone', (d) => ({ ...workEvent(d, now()), zone: 'Mars/Olympus' }), 'invalid_record'],
    ['an end before its start', (d) => span(d, now() - MIN, now() - 2 * MIN), 'end_before_start'],
    ['a span over an hour', (d) => span(d, now() - 2 * 3600_000, now()), 'span_too_long'],
    ['a span in the future beyond the skew tolerance', (d) => span(d, now(), now() + CLOCK_SKEW_TOLERANCE_MS + MIN), 'in_future'],
    ['an event in the future', (d) => workEvent(d, now() + CLOCK_SKEW_TOLERANCE_MS + 1000), 'in_future'],
    ['a NUL character', (d) => span(d, now() - MIN, now(), { title: 'a\u0000b' }), 'invalid_record'],
    ['a huge title', (d) => span(d, now() - MIN, now(), { title: 'я'.repeat(100_000) }), 'invalid_record'],
    ['a huge plan', (d) => dayPlan(d, now(), { note: 'x'.repeat(5001) }), 'invalid_record'],
    ['a bad date', (d) => reportRevision(d, now(), { date: '02.03.2026' }), 'invalid_record'],
    ['another device', (d) => workEvent(d.replace(/.$/, d.endsWith('0') ? '1' : '0'), now()), 'wrong_device'],
  ];
  for (const [name, make, code] of cases) {
    it(name, async () => {
      const good = workEvent(agent.deviceId, now() - 10 * MIN);
      t.clock.now += 1000; // each case its own instants
      const before = await total();
      const res = await agent.push([make(agent.deviceId), good]);
      expect(res.statusCode).toBe(200);
      const [bad, ok] = res.json().results;
      expect(bad).toMatchObject({ status: 'rejected', code });
      expect(bad.message.length).toBeGreaterThan(5);
      expect(bad.message.length).toBeLessThan(1000);
      expect(ok).toEqual({ id: good.id, status: 'stored' });
      expect(await total()).toBe(before + 1);
    });
  }

  it('within the skew tolerance is accepted', async () => {
    const res = await agent.push([workEvent(agent.deviceId, t.clock.now + CLOCK_SKEW_TOLERANCE_MS - 1000)]);
    expect(res.json().results[0].status).toBe('stored');
  });

  it('overlapping spans from one device: against stored spans and within the batch', async () => {
    const base = t.clock.now - 500 * MIN;
    const a = span(agent.deviceId, base, base + 10_000);
    expect((await agent.push([a])).json().results[0].status).toBe('stored');
    const before = await total();
    const res = await agent.push([
      span(agent.deviceId, base + 5_000, base + 15_000), // overlaps a
      span(agent.deviceId, base + 10_000, base + 20_000), // touches a: fine
      span(agent.deviceId, base + 19_000, base + 25_000), // overlaps the one before it
      span(agent.deviceId, base - 5_000, base + 1), // overlaps a from the left
    ]);
    expect(res.json().results.map((r: { status: string; code?: string }) => r.code ?? r.status)).toEqual(['overlap', 'stored', 'overlap', 'overlap']);
    expect(await total()).toBe(before + 1);
  });

  it('overlapping a long span that starts well before the batch, behind shorter ones', async () => {
    // The hub reads only the last stored span starting before a batch: spans never overlap, so
    // it reaches furthest. Here it started 50 minutes earlier, after two short ones.
    const base = t.clock.now - 800 * MIN;
    const long = span(agent.deviceId, base + 2 * MIN, base + 52 * MIN);
    const stored = [span(agent.deviceId, base, base + MIN), span(agent.deviceId, base + MIN, base + 2 * MIN), long];
    expect((await agent.push(stored)).json().results.map((r: { status: string }) => r.status)).toEqual(['stored', 'stored', 'stored']);
    const before = await total();
    const res = await agent.push([
      span(agent.deviceId, base + 51 * MIN, base + 53 * MIN), // the long one's tail
      span(agent.deviceId, base + 30 * MIN, base + 31 * MIN), // inside it
      span(agent.deviceId, base + 52 * MIN, base + 54 * MIN), // after it: fine
    ]);
    const results = res.json().results as { status: string; code?: string; message?: string }[];
    expect(results.map((r) => r.code ?? r.status)).toEqual(['overlap', 'overlap', 'stored']);
    expect(results[0]!.message).toContain(long.id);
    const inShort = await agent.push([span(agent.deviceId, base + 30_000, base + 40_000)]);
    expect(inShort.json().results[0]).toMatchObject({ status: 'rejected', code: 'overlap' });
    expect(await total()).toBe(before + 1);
  });

  it('a repeated id in one batch: the first counts', async () => {
    const e = workEvent(agent.deviceId, t.clock.now - 7 * MIN);
    const res = await agent.push([e, { ...e, event: 'break' }]);
    expect(res.json().results.map((r: { status: string; code?: string }) => r.code ?? r.status)).toEqual(['stored', 'duplicate_in_batch']);
  });
});

it('stores nothing of a batch whose transaction fails half way, and keeps serving', async () => {
  // A trigger (test-only, per dialect) makes the span insert fail after the work events of the
  // same batch were inserted: the whole batch must roll back and the push get a 500.
  const db = t.hub.database.db;
  if (DIALECT === 'sqlite') {
    await sql`CREATE TRIGGER boom BEFORE INSERT ON activity_spans WHEN NEW.app = 'boom' BEGIN SELECT RAISE(ABORT, 'boom'); END`.execute(db);
  } else {
    await sql`CREATE FUNCTION boom() RETURNS trigger AS $$ BEGIN IF NEW.app = 'boom' THEN RAISE EXCEPTION 'boom'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql`.execute(db);
    await sql`CREATE TRIGGER boom BEFORE INSERT ON activity_spans FOR EACH ROW EXECUTE FUNCTION boom()`.execute(db);
  }
  const before = await total();
  const batch = [workEvent(agent.deviceId, t.clock.now - 3 * MIN), span(agent.deviceId, t.clock.now - 90_000, t.clock.now - 80_000, { app: 'boom' })];
  const res = await agent.push(batch);
  expectError(res, 500, 'internal');
  expect(await total()).toBe(before);
  await sql`DROP TRIGGER boom${sql.raw(DIALECT === 'postgres' ? ' ON activity_spans' : '')}`.execute(db);
  // The agent retries the same batch later and it goes through whole.
  expect((await agent.push(batch)).json().results.map((r: { status: string }) => r.status)).toEqual(['stored', 'stored']);
  expect(await total()).toBe(before + 2);
});
