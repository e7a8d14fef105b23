// A real agent's store enrolled in a test hub: the records a test pushes are the ones the agent's
// own code writes and puts on the wire (its store and outbox), not hand-written ones.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ActivitySpan } from '../../shared/model.ts';
import type { DayPlan, ReportContent } from '../../shared/plan.ts';
import type { RecordResult, SyncRecord } from '../../shared/sync.ts';
import { uuidv7 } from '../../shared/uuid.ts';
import { LocalStore } from '../../main/store/local-store.ts';
import { Outbox } from '../../main/sync/outbox.ts';
import type { Hub } from '../app.ts';
import { enrollAgent, type Agent } from './harness.ts';

export const ZONE = 'Europe/Kyiv';

export interface AgentDevice {
  deviceId: string;
  hub: Agent;
  store: LocalStore;
  /** Writes a plan revision for the day as the agent does when the manager saves the plan. */
  savePlan(date: string, at: number, items?: DayPlan['items'], note?: string): DayPlan;
  /** Files a report revision for the day, as the agent does. */
  fileReport(date: string, at: number, over?: Partial<ReportContent>): void;
  /** Writes closed spans (new ones, or ones already written, changed), as the tracker's flush does. */
  writeSpans(spans: ActivitySpan[]): void;
  /** Everything waiting in the outbox, in wire form, taken off the queue. */
  drain(): SyncRecord[];
  /** Drains the outbox and pushes it, batch by batch; the records and results in order. */
  sync(): Promise<{ records: SyncRecord[]; results: RecordResult[] }>;
  close(): void;
}

export async function agentDevice(hub: Hub, userId: string): Promise<AgentDevice> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zvit-agent-'));
  const store = LocalStore.open(path.join(dir, 'agent.db'));
  const outbox = new Outbox(store);
  const agent = await enrollAgent(hub, userId, store.deviceId);
  const drain = () => {
    const entries = outbox.next(5000, 1e9);
    outbox.acknowledge(entries);
    return entries.map((e) => e.record);
  };
  return {
    deviceId: store.deviceId,
    hub: agent,
    store,
    savePlan: (date, at, items, note = '') =>
      store.plans.save({ date, items: items ?? [{ id: uuidv7(at), title: 'Подзвонити ТОВ «Ромашка»', crm: null, priority: 1, estimateMin: 30, carriedFrom: null }], commitments: { calls_total: 40 }, note }, at, ZONE),
    fileReport: (date, at, over = {}) =>
      void store.reports.add({ date, items: [], unplanned: [], kpis: [{ key: 'calls_total', target: 40, actual: 42, reason: null, reasonText: '' }], blockers: '', note: '', ...over }, at, ZONE),
    writeSpans: (spans) => store.flush({ spans }),
    drain,
    // Batch after batch until the outbox is empty, as the sync loop does (a batch carries one
    // revision of a plan; the next revision goes in the next batch).
    async sync() {
      const records: SyncRecord[] = [];
      const results: RecordResult[] = [];
      for (let batch = drain(); batch.length > 0; batch = drain()) {
        const res = await agent.push(batch);
        if (res.statusCode !== 200) throw new Error(`push failed: ${res.statusCode} ${res.body}`);
        records.push(...batch);
        results.push(...(res.json() as { results: RecordResult[] }).results);
      }
      return { records, results };
    },
    close() {
      store.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A closed span of the agent's model, in the shape its tracker writes. */
export function agentSpan(start: number, end: number, over: Partial<ActivitySpan> = {}): ActivitySpan {
  return { id: uuidv7(start), start, end, app: 'Google Chrome', exe: 'chrome', title: 'Угода #1042 — Bitrix24', domain: 'acme.bitrix24.ua', category: 'crm', productivity: 'productive', ...over };
}
