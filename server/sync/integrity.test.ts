// What a push may store, with records written by the agent's own code (its stores and outbox):
// one plan per manager and day, an approved day locked whatever the report id, spans sent again
// with changes, and pushes that race (one device with itself, two devices or users for one id).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { onFile } from '../../test/sqlite-file.ts';
import type { RecordResult, SyncRecord } from '../../shared/sync.ts';
import { uuidv7 } from '../../shared/uuid.ts';
import { agentDevice, agentSpan, type AgentDevice } from '../testing/agent-device.ts';
import { enrollAgent, seedWorld, signIn, startHub, type TestHub, type World } from '../testing/harness.ts';
import { reportRevision, span, workEvent, idleDecision } from '../testing/records.ts';

let t: TestHub;
let w: World;
const devices: AgentDevice[] = [];
const MIN = 60_000;

beforeAll(async () => {
  t = await startHub();
  w = await seedWorld(t.hub);
});
afterAll(async () => {
  for (const d of devices) d.close();
  await t?.close();
});

async function device(userId: string): Promise<AgentDevice> {
  const d = await agentDevice(t.hub, userId);
  devices.push(d);
  return d;
}

const statuses = (results: RecordResult[]) => results.map((r) => (r.status === 'stored' ? 'stored' : r.code));

async function read(kind: string, userId: string, from: number, to: number) {
  const b = await signIn(t.hub, w.admin.email);
  const res = await b.get(`/api/v1/users/${userId}/records?kind=${kind}&from=${from}&to=${to}`);
  expect(res.statusCode).toBe(200);
  return (res.json() as { records: SyncRecord[] }).records;
}

describe('plans', () => {
  it('keeps one plan per manager and day, the highest revision, with every revision received', async () => {
    const pc = await device(w.m1.id);
    const at = t.clock.now - 100 * MIN;
    pc.savePlan('2026-02-10', at);
    const first = await pc.sync();
    pc.savePlan('2026-02-10', at + MIN, undefined, 'second');
    pc.savePlan('2026-02-10', at + 2 * MIN, undefined, 'third');
    const later = await pc.sync();
    expect(statuses([...first.results, ...later.results])).toEqual(['stored', 'stored', 'stored']);
    // A replay of an older revision changes nothing.
    expect(statuses((await pc.hub.push(first.records)).json().results)).toEqual(['stored']);

    const plans = await read('day_plan', w.m1.id, at - MIN, at + 10 * MIN);
    expect(plans).toEqual([later.records[1]]);
    expect(plans[0]).toMatchObject({ revision: 3, note: 'third' });
    const history = await t.hub.database.db.selectFrom('day_plan_revisions').select(['revision', 'content']).where('user_id', '=', w.m1.id).where('date', '=', '2026-02-10').orderBy('revision').execute();
    expect(history.map((h) => [h.revision, JSON.parse(h.content).note])).toEqual([[1, ''], [2, 'second'], [3, 'third']]);
  });

  it('keeps the higher revision when a manager\'s two computers send plans for one day', async () => {
    const a = await device(w.m1.id);
    const b = await device(w.m1.id);
    const at = t.clock.now - 200 * MIN;
    a.savePlan('2026-02-11', at);
    a.savePlan('2026-02-11', at + MIN, undefined, 'a2');
    b.savePlan('2026-02-11', at + 2 * MIN, undefined, 'b1');
    await a.sync();
    expect(statuses((await b.sync()).results)).toEqual(['stored']);
    const days = (await (await signIn(t.hub, w.m1.email)).get(`/api/v1/users/${w.m1.id}/days?from=2026-02-11&to=2026-02-11`)).json().days;
    expect(days).toHaveLength(1);
    expect(days[0].plan).toMatchObject({ revision: 2 });
  });

  it('refuses a plan id of another device', async () => {
    const a = await device(w.m1.id);
    const b = await device(w.m1b.id);
    a.savePlan('2026-02-12', t.clock.now - 300 * MIN);
    const { records } = await a.sync();
    const forged = { ...records[0]!, deviceId: b.deviceId, revision: 2 } as SyncRecord;
    expect(statuses((await b.hub.push([forged])).json().results)).toEqual(['id_taken']);
  });
});

describe('reports', () => {
  it('locks an approved day: a report with a new report id from another computer is refused', async () => {
    const a = await device(w.m1.id);
    const b = await device(w.m1.id);
    const at = t.clock.now - 400 * MIN;
    a.fileReport('2026-02-13', at);
    const filed = await a.sync();
    expect(statuses(filed.results)).toEqual(['stored']);
    const reportId = (filed.records[0] as SyncRecord & { reportId: string }).reportId;
    const lead = await signIn(t.hub, w.lead1.email);
    expect((await lead.send('POST', `/api/v1/reports/${reportId}/review`, { status: 'approved' })).statusCode).toBe(200);

    b.fileReport('2026-02-13', at + MIN, { note: 'a different day told by another computer' });
    const other = await b.sync();
    expect((other.records[0] as SyncRecord & { reportId: string }).reportId).not.toBe(reportId);
    expect(statuses(other.results)).toEqual(['report_locked']);
    const days = (await lead.get(`/api/v1/users/${w.m1.id}/days?from=2026-02-13&to=2026-02-13`)).json().days;
    expect(days[0].report).toMatchObject({ reportId, status: 'approved' });
  });
});

describe('spans sent again', () => {
  it('stores a span sent again with another app, productivity or start, or refuses it; never answers stored for what it kept', async () => {
    const pc = await device(w.m2.id);
    const at = t.clock.now - 500 * MIN;
    const original = agentSpan(at, at + 30_000);
    const far = agentSpan(at + 10 * MIN, at + 10 * MIN + 30_000, { app: 'Telegram Desktop', exe: 'telegram', title: 'Іван', domain: null, category: 'messengers' });
    pc.writeSpans([original, far]);
    expect(statuses((await pc.sync()).results)).toEqual(['stored', 'stored']);

    // The agent's store rewrites a span it already wrote: another window and productivity; and
    // one whose start moved by hours (outside the hub's overlap window around the others).
    pc.writeSpans([{ ...original, app: 'LibreOffice Calc', exe: 'soffice', category: 'documents', productivity: 'neutral' }]);
    onFile(pc.store.file, (db) => db.prepare('UPDATE spans SET start = start - ? WHERE start = ?').run(3 * 60 * MIN, far.start));
    pc.writeSpans([{ ...far, start: far.start - 3 * 60 * MIN, end: far.end - 3 * 60 * MIN }]);
    const again = await pc.sync();
    const sent = again.records.filter((r) => r.kind === 'activity_span');
    expect(sent.map((r) => r.id).sort()).toEqual([original.id, far.id].sort());

    const stored = await read('activity_span', w.m2.id, at - 4 * 60 * MIN, at + 60 * MIN);
    again.results.forEach((result, i) => {
      const record = again.records[i]!;
      if (record.kind !== 'activity_span') return;
      if (result.status === 'stored') expect(stored.find((s) => s.id === record.id)).toEqual(record);
      else expect(result.code).toBeTruthy();
    });
    // This hub applies such changes.
    expect(statuses(again.results)).toEqual(sent.map(() => 'stored'));
    expect(stored).toHaveLength(2);
  });

  it('refuses a changed span that would overlap another', async () => {
    const pc = await device(w.m2.id);
    const at = t.clock.now - 700 * MIN;
    const one = agentSpan(at, at + 10_000);
    const two = agentSpan(at + 20_000, at + 30_000, { app: 'MicroSIP', exe: 'microsip', title: null, domain: null, category: 'telephony' });
    pc.writeSpans([one, two]);
    await pc.sync();
    const res = await pc.hub.push([{ kind: 'activity_span', deviceId: pc.deviceId, ...one, start: at + 15_000, end: at + 25_000 }]);
    expect(statuses(res.json().results)).toEqual(['overlap']);
    expect((await read('activity_span', w.m2.id, at, at + MIN)).map((s) => (s as { start: number }).start)).toEqual([at, at + 20_000]);
  });
});

describe('pushes that race', () => {
  it('stores no overlapping spans when one device pushes concurrently', async () => {
    const agent = await enrollAgent(t.hub, w.m1b.id);
    const base = t.clock.now - 800 * MIN;
    // Eight pushes of the same minute, each with its own ids: only one may win each instant.
    const batches = Array.from({ length: 8 }, () => Array.from({ length: 20 }, (_, i) => span(agent.deviceId, base + i * 3000, base + (i + 1) * 3000, { id: uuidv7() })));
    // As agents do, a push the hub turns away while busy (429) is sent again a moment later.
    const send = async (b: SyncRecord[]) => {
      for (;;) {
        const res = await agent.push(b);
        if (res.statusCode !== 429) return res;
        await new Promise((r) => setTimeout(r, 50));
      }
    };
    const results = (await Promise.all(batches.map(send))).flatMap((r) => r.json().results as RecordResult[]);
    const spans = await read('activity_span', w.m1b.id, base - MIN, base + 2 * MIN);
    for (let i = 1; i < spans.length; i++) expect((spans[i] as { start: number }).start).toBeGreaterThanOrEqual((spans[i - 1] as { end: number }).end);
    expect(spans).toHaveLength(20);
    expect(results.filter((r) => r.status === 'stored')).toHaveLength(20);
  });

  it('answers stored to one device only when two send one id at once', async () => {
    const a = await enrollAgent(t.hub, w.m1.id);
    const b = await enrollAgent(t.hub, w.m2.id);
    for (let trial = 0; trial < 6; trial++) {
      const at = t.clock.now - (900 + trial) * MIN;
      const ids = [uuidv7(at), uuidv7(at)];
      const make = (deviceId: string) => [{ ...workEvent(deviceId, at), id: ids[0]! }, { ...idleDecision(deviceId, at, uuidv7()), id: ids[1]! }];
      const [ra, rb] = await Promise.all([a.push(make(a.deviceId)), b.push(make(b.deviceId))]);
      const both = [ra.json().results as RecordResult[], rb.json().results as RecordResult[]];
      for (const k of [0, 1]) {
        const stored = both.filter((r) => r[k]!.status === 'stored');
        expect(stored).toHaveLength(1);
      }
    }
  });

  it('stores one report id for one user only, also when two users send it at once', async () => {
    const a = await enrollAgent(t.hub, w.m1.id);
    const b = await enrollAgent(t.hub, w.m2.id);
    for (let trial = 0; trial < 6; trial++) {
      const at = t.clock.now - (1000 + trial) * MIN;
      const reportId = uuidv7(at);
      const date = `2026-01-${String(10 + trial).padStart(2, '0')}`;
      const [ra, rb] = await Promise.all([a.push([reportRevision(a.deviceId, at, { reportId, date })]), b.push([reportRevision(b.deviceId, at, { reportId, date })])]);
      const results = [...(ra.json().results as RecordResult[]), ...(rb.json().results as RecordResult[])];
      expect(statuses(results).sort()).toEqual(['id_taken', 'stored']);
      const users = await t.hub.database.db.selectFrom('report_revisions').select('user_id').distinct().where('report_id', '=', reportId).execute();
      expect(users).toHaveLength(1);
    }
  });
});
