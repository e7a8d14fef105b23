import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../shared/clock.ts';
import { defaultPolicy } from '../../shared/policy.ts';
import {
  ActivitySpanRecordSchema,
  DayPlanRecordSchema,
  IdleDecisionRecordSchema,
  RECORD_KINDS,
  ReportRevisionRecordSchema,
  SyncRecordSchema,
  WorkEventRecordSchema,
  type RecordKind,
} from '../../shared/sync.ts';
import type { z } from 'zod';
import { uuidv7 } from '../../shared/uuid.ts';
import { fakeSources } from '../../test/fake-sources.ts';
import { onFile } from '../../test/sqlite-file.ts';
import { tempDir } from '../../test/tmp.ts';
import { Agent } from '../agent/agent.ts';
import { Planning } from '../agent/planning.ts';
import { LocalStore } from '../store/local-store.ts';
import { Outbox } from './outbox.ts';

const dir = tempDir();
let n = 0;

async function workedDay() {
  const file = path.join(dir, `o-${++n}.db`);
  const clock = new FakeClock('2026-03-02T07:00:00Z', 'Europe/Kyiv');
  const store = LocalStore.open(file, () => clock.now());
  const fakes = fakeSources(() => clock.now());
  const agent = new Agent({ store, clock, sources: fakes.sources, policy: defaultPolicy() });
  const planning = new Planning(agent, store, clock, () => defaultPolicy());
  const run = async (seconds: number) => {
    for (let i = 0; i < seconds; i++) {
      clock.advance(1000);
      fakes.idle.input();
      await agent.tick();
    }
  };
  await agent.clockIn();
  const item = { id: uuidv7(), title: 'Подзвонити «Ромашці»', crm: null, priority: 1 as const, estimateMin: 30, carriedFrom: null };
  planning.savePlan({ date: '2026-03-02', items: [item], commitments: {}, note: '' });
  fakes.windows.show('Telegram', 'Чат з клієнтом');
  await run(30);
  fakes.windows.show('Firefox', 'Угода — Бітрікс24');
  await run(30);
  return { file, clock, store, agent, planning, run, item, ...fakes };
}

/** The sync contract's schema of each kind (shared/sync.ts), the one the hub validates a push with. */
const WIRE_SCHEMAS: { [K in RecordKind]: z.ZodType } = {
  work_event: WorkEventRecordSchema,
  activity_span: ActivitySpanRecordSchema,
  idle_decision: IdleDecisionRecordSchema,
  day_plan: DayPlanRecordSchema,
  report_revision: ReportRevisionRecordSchema,
};

/** A worked day with a record of every kind: an idle gap kept as a call, the day's report filed. */
async function workedDayWithEveryKind() {
  const day = await workedDay();
  const { agent, planning, clock } = day;
  for (let i = 0; i < 6 * 60; i++) {
    clock.advance(1000); // away from the keyboard, past the idle threshold
    await agent.tick();
  }
  await day.run(60);
  await agent.resolveIdle('keep', 'call');
  await agent.clockOut();
  const { prefill } = planning.getReport();
  planning.submitReport({
    ...prefill,
    items: prefill.items.map((i) => ({ ...i, outcome: 'partial', comment: 'Передзвонити в четвер' })),
    kpis: [{ key: 'calls_total', target: 40, actual: 12, reason: 'clients_unreachable', reasonText: '' }],
    note: 'Клієнт просить КП',
  });
  return day;
}

describe('Outbox', () => {
  it("puts every kind on the wire exactly as the sync contract's schema of that kind reads it", async () => {
    const { store } = await workedDayWithEveryKind();
    const entries = new Outbox(store).next(1000, 1e9);
    expect(new Set(entries.map((e) => e.kind))).toEqual(new Set(RECORD_KINDS));
    for (const { kind, record } of entries) {
      expect(record.kind).toBe(kind);
      const parsed = WIRE_SCHEMAS[kind].safeParse(record);
      expect(parsed.error?.issues ?? [], `${kind} ${JSON.stringify(record)}`).toEqual([]);
      // Nothing filled in by a default and nothing dropped: the record is the contract's shape as it is.
      expect(parsed.data).toEqual(record);
    }
    store.close();
  });

  it('holds every synced record, valid on the wire, in the order written; the open span only once closed', async () => {
    const { store, run, agent } = await workedDay();
    const outbox = new Outbox(store);
    await run(15); // past a flush: the open Firefox span is on disk but not queued
    let kinds = outbox.next(100, 1e9).map((e) => e.kind);
    expect(kinds).toEqual(['work_event', 'day_plan', 'activity_span']);
    await agent.clockOut();
    const entries = outbox.next(100, 1e9);
    kinds = entries.map((e) => e.kind);
    expect(kinds).toEqual(['work_event', 'day_plan', 'activity_span', 'activity_span', 'work_event']);
    for (const e of entries) expect(SyncRecordSchema.safeParse(e.record).success).toBe(true);
    expect(entries[3]!.record).toMatchObject({ kind: 'activity_span', app: 'Firefox', title: 'Угода — Бітрікс24', deviceId: store.deviceId });
    store.close();
  });

  it('sends every revision of a day plan under the plan\'s one id, one revision per batch', async () => {
    const { store, planning, item, clock } = await workedDay();
    clock.advance(60_000);
    const second = planning.savePlan({ date: '2026-03-02', items: [item, { ...item, id: uuidv7(), title: 'Надіслати КП' }], commitments: {}, note: '' }).plan!;
    const outbox = new Outbox(store);
    const plans = () => [...outbox.allRecords()].filter((r) => r.kind === 'day_plan');
    expect(plans().map((r) => [r.id, r.revision])).toEqual([
      [second.id, 1],
      [second.id, 2],
    ]);
    // The hub keeps one plan by that id and replaces it by a higher revision; a batch holding two
    // revisions of one plan would name one id twice, so the second waits for the next batch.
    const first = outbox.next(100, 1e9);
    expect(first.filter((e) => e.kind === 'day_plan').map((e) => e.record)).toMatchObject([{ id: second.id, revision: 1 }]);
    outbox.acknowledge(first);
    expect(outbox.next(100, 1e9).filter((e) => e.kind === 'day_plan').map((e) => e.record)).toMatchObject([{ id: second.id, revision: 2 }]);
    store.close();
  });

  it('takes batches capped by count and bytes, and forgets what was acknowledged', async () => {
    const { store, agent } = await workedDay();
    await agent.clockOut();
    const outbox = new Outbox(store);
    expect(outbox.next(2, 1e9)).toHaveLength(2);
    expect(outbox.next(100, 1)).toHaveLength(1); // at least one, even if larger than the cap
    const first = outbox.next(3, 1e9);
    outbox.acknowledge(first);
    expect(outbox.waiting()).toBe(2);
    expect(outbox.next(100, 1e9)[0]!.seq).toBeGreaterThan(first.at(-1)!.seq);
    // Acknowledged records are not queued again by a rescan.
    expect(outbox.rescan()).toBe(0);
    store.close();
  });

  it('sets a refused record aside with the reason, lets the rest through, and can send it again', async () => {
    const { store, agent } = await workedDay();
    await agent.clockOut();
    const outbox = new Outbox(store);
    const [event, plan, ...rest] = outbox.next(100, 1e9);
    outbox.reject(plan!, 'invalid_record', 'items[0].title: too long', 5);
    outbox.acknowledge([event!, ...rest]);
    expect(outbox.waiting()).toBe(0);
    const [dead] = outbox.deadLetters();
    expect(dead).toMatchObject({ kind: 'day_plan', code: 'invalid_record', message: 'items[0].title: too long' });
    expect(outbox.rescan()).toBe(0);
    expect(outbox.retry(dead!.id)).toBe(true);
    expect(outbox.deadLetters()).toEqual([]);
    expect(outbox.next(100, 1e9).map((e) => e.kind)).toEqual(['day_plan']);
    store.close();
  });

  it('after a crash queues again everything never acknowledged, including the span that was open', async () => {
    const { store, run, file, clock } = await workedDay();
    await run(15);
    const outbox = new Outbox(store);
    outbox.acknowledge(outbox.next(1, 1e9)); // the clock-in reached the hub
    store.close(); // killed: no clock-out, the Firefox span still open
    onFile(file, (db) => db.prepare('DELETE FROM outbox').run()); // as if the queue rows were lost

    const again = LocalStore.open(file, () => clock.now());
    const outbox2 = new Outbox(again);
    expect(outbox2.rescan()).toBe(3);
    expect(outbox2.next(100, 1e9).map((e) => e.kind)).toEqual(['day_plan', 'activity_span', 'activity_span']);
    again.close();
  });
});
