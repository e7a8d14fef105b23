// Database bytes per simulated working day: 8 hours at 1 Hz through the real agent (tracker,
// policy, store), 2,000 window switches among 60 distinct windows with Cyrillic titles.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FakeClock } from '../shared/clock.ts';
import { defaultPolicy } from '../shared/policy.ts';
import { Agent } from '../main/agent/agent.ts';
import { LocalStore } from '../main/store/local-store.ts';
import { Outbox } from '../main/sync/outbox.ts';
import { fakeSources } from '../test/fake-sources.ts';
import { onFile } from '../test/sqlite-file.ts';
import { median } from './stats.ts';

const APPS = ['Firefox', 'Telegram', 'Thunderbird', 'LibreOffice Calc', 'MicroSIP', 'Viber'];
const WINDOWS = Array.from({ length: 60 }, (_, i) => ({
  app: APPS[i % APPS.length]!,
  title: `Угода №${1000 + i} — ТОВ «Клієнт ${i}» — Бітрікс24 (${['нова', 'в роботі', 'КП надіслано'][i % 3]})`,
}));

const DAY_SECONDS = 8 * 3600;
const SWITCHES = 2000;

function fileBytes(file: string): number {
  return ['', '-wal'].reduce((sum, suffix) => sum + (fs.existsSync(file + suffix) ? fs.statSync(file + suffix).size : 0), 0);
}

/**
 * `online`: the outbox is acknowledged as the day goes (an agent that reaches its hub), so the
 * growth is the records alone. `offline`: nothing is acknowledged, so the day's queue stays too.
 */
export async function benchStoreSize(days = 5, mode: 'online' | 'offline' = 'online'): Promise<Record<string, number>> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zvit-bench-size-'));
  const file = path.join(dir, 'zvit.db');
  const clock = new FakeClock('2026-03-02T06:00:00Z', 'Europe/Kyiv');
  const store = LocalStore.open(file, () => clock.now());
  const { sources, windows, idle } = fakeSources(() => clock.now());
  const agent = new Agent({ store, clock, sources, policy: defaultPolicy() });
  // The size on disk is the main file's once the WAL is written into it (from a second
  // connection: the store keeps its own to itself).
  const checkpoint = () => onFile(file, (db) => db.pragma('wal_checkpoint(TRUNCATE)'));
  checkpoint();
  const perDay: number[] = [];
  let spans: number;
  let rng = 42;
  const random = () => ((rng = (rng * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  try {
    for (let d = 0; d < days; d++) {
      const before = fileBytes(file);
      await agent.clockIn();
      let next = 0;
      for (let s = 0; s < DAY_SECONDS; s++) {
        if (s >= next) {
          let w = WINDOWS[Math.floor(random() * WINDOWS.length)]!;
          while (w.title === windows.window?.title) w = WINDOWS[Math.floor(random() * WINDOWS.length)]!;
          windows.show(w.app, w.title);
          next += DAY_SECONDS / SWITCHES;
        }
        clock.advance(1000);
        idle.input();
        await agent.tick();
      }
      await agent.clockOut();
      if (mode === 'online') {
        const outbox = new Outbox(store);
        for (let batch = outbox.next(1000, 1e9); batch.length; batch = outbox.next(1000, 1e9)) outbox.acknowledge(batch);
      }
      clock.advance(16 * 3600 * 1000);
      checkpoint();
      perDay.push(fileBytes(file) - before);
    }
    spans = onFile(file, (db) => (db.prepare('SELECT count(*) AS n FROM spans').get() as { n: number }).n);
  } finally {
    await agent.stop();
    store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return { mode: mode === 'online' ? 1 : 0, days, spansPerDay: spans / days, bytesPerDayMedian: median(perDay), bytesPerSpan: median(perDay) / (spans / days) };
}

export async function printStoreSize(): Promise<void> {
  for (const mode of ['online', 'offline'] as const) {
    const r = await benchStoreSize(5, mode);
    console.log(
      `store (${mode === 'online' ? 'synced as it goes' : 'offline, the day still queued'}): ${r.spansPerDay} spans per simulated 8-h day; ` +
        `${(r.bytesPerDayMedian! / 1024).toFixed(1)} KiB per day (median of ${r.days} days), ${r.bytesPerSpan!.toFixed(1)} B per span`,
    );
  }
}

if (import.meta.main) await printStoreSize();
