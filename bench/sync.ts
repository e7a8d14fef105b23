// Time to sync 30 days spent offline to a local hub: about 12,000 activity spans plus work
// events, idle decisions, plans and reports, written through the real agent (fake clock), then
// sent by the real sync loop to a real hub process, on SQLite and on PostgreSQL.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FakeClock } from '../shared/clock.ts';
import { parsePolicy } from '../shared/policy.ts';
import { uuidv7 } from '../shared/uuid.ts';
import { Agent } from '../main/agent/agent.ts';
import { Planning } from '../main/agent/planning.ts';
import { LocalStore } from '../main/store/local-store.ts';
import { Outbox } from '../main/sync/outbox.ts';
import { MemorySecretStore } from '../main/sync/secret-store.ts';
import { SyncLoop } from '../main/sync/sync-loop.ts';
import { fakeSources } from '../test/fake-sources.ts';
import { startHubProcess } from '../test/hub-process.ts';
import { median } from './stats.ts';

const DAYS = 30;
const SPANS_PER_DAY = 400;

const policy = (() => {
  const p = parsePolicy({ kpiTargets: { calls_total: 40 } });
  if (!p.ok) throw new Error(p.error);
  return p.policy;
})();

/** Writes a month of work into a fresh store; returns its file. */
async function writeMonth(dir: string): Promise<string> {
  const file = path.join(dir, 'zvit.db');
  // 08:00 in Kyiv, a month and a day ago: each day's work lies inside one working day.
  const start = new Date(Date.now() - (DAYS + 1) * 86_400_000);
  const clock = new FakeClock(Date.UTC(start.getUTCFullYear(), start.getUTCMonth(), start.getUTCDate(), 6), 'Europe/Kyiv');
  const store = LocalStore.open(file, () => clock.now());
  const fakes = fakeSources(() => clock.now());
  const agent = new Agent({ store, clock, sources: fakes.sources, policy });
  const planning = new Planning(agent, store, clock, () => policy);
  const apps = ['Telegram', 'Firefox', 'Thunderbird', 'MicroSIP', 'LibreOffice Calc', 'Viber'];
  for (let d = 0; d < DAYS; d++) {
    await agent.clockIn();
    const items = [1, 2, 3].map((i) => ({ id: uuidv7(), title: `Задача ${i}: дзвінок клієнту №${d * 3 + i}`, crm: null, priority: 2 as const, estimateMin: 30, carriedFrom: null }));
    planning.savePlan({ date: planning.today(), items, commitments: {}, note: '' });
    for (let i = 0; i < SPANS_PER_DAY; i++) {
      fakes.windows.show(apps[i % apps.length]!, `Угода №${(d * 7 + i) % 60} — ТОВ «Клієнт»`);
      // A switch every 72 s on average: 400 switches in an 8-hour day.
      const seconds = 72;
      clock.advance(seconds * 1000);
      fakes.idle.input();
      await agent.tick();
      if (i === 200) {
        await agent.startBreak();
        clock.advance(30 * 60_000);
        await agent.resume();
      }
    }
    await agent.clockOut();
    planning.submitReport({
      date: planning.today(),
      items: items.map((i) => ({ itemId: i.id, outcome: 'done' as const, comment: '', minutes: 30 })),
      unplanned: [],
      kpis: [{ key: 'calls_total', target: 40, actual: 42, reason: null, reasonText: '' }],
      blockers: '',
      note: '',
    });
    clock.advance(24 * 3600_000 - 8.5 * 3600_000);
  }
  store.close();
  return file;
}

export async function benchSync(runs = 3): Promise<Record<string, unknown>> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'zvit-bench-sync-'));
  try {
    const results: Record<string, unknown> = {};
    for (const database of ['sqlite', 'postgres'] as const) {
      const hub = await startHubProcess(path.join(root, `hub-${database}`), { database });
      try {
        const seconds: number[] = [];
        let records = 0;
        for (let r = 0; r < runs; r++) {
          await hub.addManager(`bench-${r}@example.com`);
          // Each run is a device of its own with its own month (writing it is not timed).
          const file = await writeMonth(fs.mkdtempSync(path.join(root, `agent-${database}-`)));
          const reopened = LocalStore.open(file);
          const outbox = new Outbox(reopened);
          const loop = new SyncLoop({ store: reopened, outbox, clock: { now: Date.now, mono: () => performance.now(), zone: () => 'Europe/Kyiv' }, secrets: new MemorySecretStore() });
          // Not started, so enrolling schedules nothing: the timed run below does all the work.
          await loop.enroll(hub.url, await hub.code(`bench-${r}@example.com`));
          records = outbox.waiting();
          const started = performance.now();
          const status = await loop.syncNow();
          seconds.push((performance.now() - started) / 1000);
          if (status.waiting !== 0 || status.lastError) throw new Error(`sync did not finish: ${JSON.stringify(status)}`);
          reopened.close();
        }
        results[database] = { records, runs, medianSeconds: median(seconds), recordsPerSecond: Math.round(records / median(seconds)) };
      } finally {
        await hub.stop();
      }
    }
    return results;
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

export function printSync(results: Record<string, unknown>): void {
  for (const [database, r] of Object.entries(results) as [string, { records: number; runs: number; medianSeconds: number; recordsPerSecond: number }][]) {
    console.log(`sync, 30 days offline → hub on ${database}: ${r.records} records in ${r.medianSeconds.toFixed(2)} s (median of ${r.runs}; ${r.recordsPerSecond} records/s)`);
  }
}

if (import.meta.main) printSync(await benchSync());
