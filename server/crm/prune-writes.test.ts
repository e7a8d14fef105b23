// crm_writes (the CRM ids of what Zvit wrote, so a correction edits it and a replay finds it)
// forgets rows only when nothing can need them: a day approved by the lead (no revision accepted
// after) is kept 30 days past its last write, a day still open to correction 400 days, and a row
// whose job waits or is a dead letter stays whatever its age: retried after the pruning, that job
// still edits the message it sent instead of posting a second one. On the dialect under test.
import { afterEach, describe, expect, it } from 'vitest';
import { retryDead } from '../jobs/queue.ts';
import { signIn } from '../testing/harness.ts';
import { dayPlan, reportRevision } from '../testing/records.ts';
import { KEEP_WRITES_LOCKED_MS, KEEP_WRITES_MS, pruneWrites } from './store.ts';
import { crmWorld, pushAll, T0, type CrmWorld } from './testing/world.ts';
import { crmLinkId } from '../../shared/integrations.ts';
import { uuidv7 } from '../../shared/uuid.ts';

let w: CrmWorld;
afterEach(async () => {
  await w?.close();
});

const H = 3600_000;
const DAY = 24 * H;

/** A plan with one item linked to a Bitrix24 task, and its report (a revision maker). */
function dayOf(deviceId: string, crmUserId: string, seed: number) {
  const task = w.fake.addTask('Передзвонити клієнту', crmUserId);
  const items = [{ id: uuidv7(T0 + seed), title: 'Передзвонити клієнту', crm: { system: 'bitrix24', id: crmLinkId({ kind: 'task', id: String(task) }), url: null }, priority: 1 as const, estimateMin: 30, carriedFrom: null }];
  const plan = dayPlan(deviceId, T0 + 60_000 + seed, { items });
  const first = reportRevision(deviceId, T0 + 9 * H + seed, { revision: 1, items: [{ itemId: items[0]!.id, outcome: 'done', comment: '', minutes: 40 }], note: 'Перша редакція' });
  const second = reportRevision(deviceId, T0 + 10 * H + seed, { reportId: first.reportId, revision: 2, items: [{ itemId: items[0]!.id, outcome: 'done', comment: '', minutes: 40 }], note: 'Друга редакція' });
  return { plan, first, second };
}

/** The oldest and newest last write of the rows. */
async function writtenAt(): Promise<{ first: number; last: number }> {
  const at = (await w.t.hub.database.db.selectFrom('crm_writes').select('updated_at').execute()).map((r) => Number(r.updated_at));
  return { first: Math.min(...at), last: Math.max(...at) };
}

async function keys(): Promise<string[]> {
  return (await w.t.hub.database.db.selectFrom('crm_writes').select('key').orderBy('key').execute()).map((r) => r.key);
}

describe('pruning crm_writes', () => {
  it('keeps what idempotency needs and forgets the rest', async () => {
    w = await crmWorld();
    const { m1, m1b, ids } = w;
    const a = dayOf(m1.deviceId, ids.m1, 1);
    const b = dayOf(m1b.deviceId, ids.m1b, 2);
    w.t.clock.now = T0 + 9 * H;
    await pushAll(m1, [a.plan, a.first]);
    await pushAll(m1b, [b.plan, b.first]);
    await w.drain();
    const rowsOf = (userId: string, reportId: string) => [`report:${reportId}`, expect.stringMatching(new RegExp(`^elapsed:${userId}:2026-03-02:`))];
    expect(await keys()).toEqual(expect.arrayContaining([...rowsOf(w.world.m1.id, a.first.reportId), ...rowsOf(w.world.m1b.id, b.first.reportId)]));
    expect(await keys()).toHaveLength(4);
    expect(w.fake.messages).toHaveLength(2);

    // m1b's second revision: the portal refuses the edit for good, so its job is a dead letter.
    w.fake.faults.failMethod.set('im.message.update', { times: 99, code: 'ACCESS_DENIED', status: 403 });
    w.t.clock.now = T0 + 10 * H;
    await pushAll(m1b, [b.second]);
    await w.drain();
    const dead = await w.t.hub.database.db.selectFrom('jobs').select(['id', 'dedupe_key']).where('state', '=', 'dead').execute();
    expect(dead.map((j) => j.dedupe_key)).toEqual([`report:${b.first.reportId}`]);

    // The lead approves both days: no revision of them is accepted after this.
    const lead = await signIn(w.t.hub, w.world.lead1.email);
    for (const r of [a.second.reportId, b.first.reportId]) {
      const res = await lead.send('POST', `/api/v1/reports/${r}/review`, { status: 'approved', comment: '' });
      expect(res.statusCode, res.body).toBe(200);
    }
    const { first, last } = await writtenAt();

    // Within 30 days of the last write nothing goes.
    expect(await pruneWrites(w.t.hub.database.db, first + KEEP_WRITES_LOCKED_MS)).toBe(0);
    expect(await keys()).toHaveLength(4);

    // After: m1's rows and m1b's task time go; m1b's report row stays for its dead letter.
    expect(await pruneWrites(w.t.hub.database.db, last + KEEP_WRITES_LOCKED_MS + 1, 1)).toBe(3);
    expect(await keys()).toEqual([`report:${b.first.reportId}`]);

    // Fixed and retried after the pruning: the message is edited, not sent a second time.
    w.fake.faults.failMethod.delete('im.message.update');
    w.t.clock.now = last + KEEP_WRITES_LOCKED_MS + 2 * DAY;
    expect(await retryDead(w.t.hub.database.db, w.world.admin.orgId, 'all', w.t.clock.now)).toBe(1);
    await w.drain();
    const toLead = w.fake.messages.filter((m) => m.dialogId === ids.lead);
    expect(toLead).toHaveLength(2);
    expect(toLead.find((m) => m.text.includes('Друга редакція'))).toBeDefined();
    expect(w.fake.messages.filter((m) => m.text.includes('Перша редакція'))).toHaveLength(1);

    // Its job done, the approved day's last row goes too.
    expect(await pruneWrites(w.t.hub.database.db, w.t.clock.now + KEEP_WRITES_LOCKED_MS + DAY)).toBe(1);
    expect(await keys()).toEqual([]);
  });

  it('keeps a day that can still be corrected for 400 days', async () => {
    w = await crmWorld();
    const { m1, ids } = w;
    const a = dayOf(m1.deviceId, ids.m1, 1);
    w.t.clock.now = T0 + 9 * H;
    await pushAll(m1, [a.plan, a.first]);
    await w.drain();
    expect(await keys()).toHaveLength(2);
    const { first } = await writtenAt();
    expect(await pruneWrites(w.t.hub.database.db, first + 100 * DAY)).toBe(0);
    expect(await pruneWrites(w.t.hub.database.db, first + KEEP_WRITES_MS)).toBe(0);

    // A correction within the window edits the message it sent.
    w.t.clock.now = first + 200 * DAY;
    await pushAll(m1, [a.second]);
    await w.drain();
    expect(w.fake.messages).toHaveLength(1);
    expect(w.fake.messages[0]!.text).toContain('Друга редакція');

    expect(await pruneWrites(w.t.hub.database.db, w.t.clock.now + KEEP_WRITES_MS + DAY)).toBe(2);
    expect(await keys()).toEqual([]);
  });
});

