// The hub's CPU per push, in this process (no HTTP, no other load): what storing one push of a
// minute's spans costs the hub, early and late in a working day. Managers clock in first, as in
// production, so each push also rolls their day up; `spans only` (no clock-in, no rollups) is
// beside it for comparison. A push's figure is the process's CPU time around ingest(), so it
// moves little with what else the machine runs.
//
// ZVIT_BENCH_DB (sqlite,postgres), ZVIT_BENCH_MANAGERS (20), ZVIT_BENCH_MINUTES (240: pushes per
// manager, one a minute), ZVIT_BENCH_SPANS (60 per push).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createUser, ensureOrg, ensureTeam } from '../server/accounts.ts';
import { rollStats } from '../server/dashboard/rollups/ingest.ts';
import { openDatabase, type DatabaseOptions } from '../server/db/connect.ts';
import { migrate } from '../server/db/migrate.ts';
import { createEnrollmentCode, enroll, type DeviceAuth } from '../server/devices.ts';
import { ingest } from '../server/sync/push.ts';
import { minuteOfSpans, workEvent } from '../server/testing/records.ts';
import { uuidv7 } from '../shared/uuid.ts';
import { median, percentile } from './stats.ts';

const PG_URL = process.env.ZVIT_BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface HubCpuFigures {
  database: 'sqlite' | 'postgres';
  clockIn: boolean;
  pushes: number;
  /** CPU ms per push: median of all, of the day's first hour and of its last hour; p90 of all. */
  median: number;
  firstHour: number;
  lastHour: number;
  p90: number;
  /** Pushes whose rollup appended spans to the day's kept totals, and those that folded days whole. */
  appended: number;
  folded: number;
}

async function run(database: 'sqlite' | 'postgres', clockIn: boolean, managers: number, minutes: number, spans: number): Promise<HubCpuFigures> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zvit-hub-cpu-'));
  const schema = `bench_hub_cpu_${process.pid}_${Date.now()}`;
  const options: DatabaseOptions = database === 'postgres' ? { dataDir: dir, databaseUrl: PG_URL, pgSchema: schema } : { dataDir: dir };
  const hub = await openDatabase(options);
  try {
    await migrate(hub.db, hub.dialect);
    const org = await ensureOrg(hub.db, 'Bench');
    const team = await ensureTeam(hub.db, org, 'Sales');
    const devices: DeviceAuth[] = [];
    for (let i = 0; i < managers; i++) {
      const user = await createUser(hub.db, { orgId: org, email: `m${i}@bench.test`, role: 'manager', teamId: team });
      const { code } = await createEnrollmentCode(hub.db, { userId: user.id, createdBy: null });
      const e = await enroll(hub.db, { code, deviceId: uuidv7(), name: `pc-${i}` });
      devices.push({ deviceId: e.deviceId, userId: user.id, orgId: org, teamId: team, lastSeenAt: Date.now(), clockOffsetMs: 0 });
    }
    // The day started `minutes` ago, so every push is of the past and none of the future.
    const start = Date.now() - (minutes + 5) * 60_000;
    if (clockIn) for (const d of devices) await ingest(hub.db, hub.dialect, d, [workEvent(d.deviceId, start - 1000)], Date.now());
    const before = { ...rollStats };
    const cpu: number[] = [];
    for (let m = 0; m < minutes; m++) {
      for (const d of devices) {
        const records = minuteOfSpans(d.deviceId, start + m * 60_000, spans);
        const t = process.cpuUsage();
        const results = await ingest(hub.db, hub.dialect, d, records, Date.now());
        const used = process.cpuUsage(t);
        cpu.push((used.user + used.system) / 1000);
        const refused = results.find((r) => r.status !== 'stored');
        if (refused) throw new Error(`a push was refused: ${JSON.stringify(refused)}`);
      }
    }
    const hour = Math.min(60, minutes) * managers;
    return {
      database,
      clockIn,
      pushes: cpu.length,
      median: median(cpu),
      firstHour: median(cpu.slice(0, hour)),
      lastHour: median(cpu.slice(-hour)),
      p90: percentile(cpu, 90),
      appended: rollStats.appended - before.appended,
      folded: rollStats.folded - before.folded,
    };
  } finally {
    if (database === 'postgres') await hub.db.schema.dropSchema(schema).ifExists().cascade().execute().catch(() => undefined);
    await hub.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export async function benchHubCpu(env = process.env): Promise<HubCpuFigures[]> {
  const databases = (env.ZVIT_BENCH_DB ?? 'sqlite,postgres').split(',') as ('sqlite' | 'postgres')[];
  const managers = Number(env.ZVIT_BENCH_MANAGERS ?? 20);
  const minutes = Number(env.ZVIT_BENCH_MINUTES ?? 240);
  const spans = Number(env.ZVIT_BENCH_SPANS ?? 60);
  const out: HubCpuFigures[] = [];
  for (const database of databases) for (const clockIn of [true, false]) out.push(await run(database, clockIn, managers, minutes, spans));
  return out;
}

export function formatHubCpu(figures: readonly HubCpuFigures[]): string {
  const lines = [`Hub CPU per push of a minute's spans (in-process, ${os.loadavg()[0]!.toFixed(1)} load average on ${os.cpus().length} cores)`];
  for (const f of figures) {
    lines.push(
      `  ${f.database.padEnd(8)} ${(f.clockIn ? 'clocked in' : 'spans only').padEnd(11)} ${f.pushes} pushes: median ${f.median.toFixed(2)} ms, first hour ${f.firstHour.toFixed(2)} ms, ` +
        `last hour ${f.lastHour.toFixed(2)} ms, p90 ${f.p90.toFixed(2)} ms` + (f.clockIn ? `; days appended to ${f.appended}, folded whole ${f.folded}` : ''),
    );
  }
  return lines.join('\n');
}
