// The hub's update feed under a fleet: 500 enrolled devices check latest.yml (the hub decides
// each one's release from a staged rollout) 8 at a time, then 20 devices download a 64 MB
// installer whole and 20 take it differentially (the ranges electron-updater would ask for after
// 1 % of the blocks changed). Prints checks/s with p50/p99 and MB/s. `npm run bench -- updates`;
// ZVIT_BENCH_DEVICES adjusts the fleet.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createEnrollmentCode } from '../server/devices.ts';
import { createHub } from '../server/app.ts';
import { createUser, ensureOrg, ensureTeam } from '../server/accounts.ts';
import { publishRelease } from '../server/updates/releases.ts';
import { UpdateStore } from '../server/updates/store.ts';
import { uuidv7 } from '../shared/uuid.ts';
import { buildReleaseFolder } from '../test/release-folder.ts';
import { median, percentile } from './stats.ts';

export interface UpdatesBench {
  devices: number;
  checksPerSecond: number;
  checkP50Ms: number;
  checkP99Ms: number;
  fullMBps: number;
  rangedMBps: number;
  load: number[];
}

async function timed<T>(n: number, concurrency: number, run: (i: number) => Promise<T>): Promise<{ ms: number[]; wallMs: number }> {
  const ms: number[] = [];
  let next = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < n) {
        const i = next++;
        const t0 = performance.now();
        await run(i);
        ms.push(performance.now() - t0);
      }
    }),
  );
  return { ms, wallMs: performance.now() - start };
}

export async function benchUpdates(): Promise<UpdatesBench> {
  const devices = Number(process.env.ZVIT_BENCH_DEVICES ?? 500);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zvit-bench-updates-'));
  const hub = await createHub({ dataDir: path.join(dir, 'hub'), limits: { syncPerMinute: 1e9, authPerMinute: 1e9 } });
  try {
    const db = hub.database.db;
    const org = await ensureOrg(db, 'Bench');
    const team = await ensureTeam(db, org, 'Sales');
    const user = await createUser(db, { orgId: org, email: 'bench@example.com', role: 'manager', teamId: team, passwordHash: null });
    const { code } = await createEnrollmentCode(db, { userId: user.id, createdBy: null, uses: 1000 });
    const address = await hub.app.listen({ port: 0, host: '127.0.0.1' });
    const tokens: string[] = [];
    for (let i = 0; i < devices; i++) {
      const res = await fetch(`${address}/api/v1/enroll`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code, deviceId: uuidv7(), name: `pc ${i}` }) });
      tokens.push(((await res.json()) as { token: string }).token);
    }
    // Two releases: 1.0.0 for everyone, 1.1.0 rolling at 30 %; a 64 MB Windows installer for 1.1.0.
    const store = new UpdateStore(path.join(dir, 'hub', 'updates'));
    for (const [version, percent] of [['1.0.0', 100], ['1.1.0', 30]] as const) {
      const folder = await buildReleaseFolder(path.join(dir, version), version, ['win']);
      if (version === '1.1.0') {
        // Grow the installer to a realistic size; rewrite its manifest the way the fixture does.
        const exe = path.join(folder.dir, `Zvit-Setup-${version}.exe`);
        fs.writeFileSync(exe, Buffer.concat([fs.readFileSync(exe), Buffer.alloc(64 * 1024 * 1024 - fs.statSync(exe).size, 1)]));
        const { createHash } = await import('node:crypto');
        const sha512 = createHash('sha512').update(fs.readFileSync(exe)).digest('base64');
        fs.writeFileSync(path.join(folder.dir, 'latest.yml'), `version: ${version}\nfiles:\n  - url: Zvit-Setup-${version}.exe\n    sha512: ${sha512}\n    size: ${fs.statSync(exe).size}\npath: Zvit-Setup-${version}.exe\nsha512: ${sha512}\n`);
      }
      const uploadId = await store.newUpload(org, Date.now());
      for (const name of fs.readdirSync(folder.dir).filter((n) => !n.endsWith('.yml'))) await store.stage(uploadId, org, name, fs.createReadStream(path.join(folder.dir, name)));
      await publishRelease({ db, now: Date.now, store }, { orgId: org, actorId: null, channel: 'stable', uploadId, manifests: { 'latest.yml': fs.readFileSync(path.join(folder.dir, 'latest.yml'), 'utf8') }, percent });
    }
    const get = (token: string, file: string, headers: Record<string, string> = {}) =>
      fetch(`${address}/updates/stable/${file}`, { headers: { authorization: `Bearer ${token}`, 'x-zvit-agent-version': '1.0.0', ...headers } }).then(async (r) => {
        if (!r.ok) throw new Error(`${file}: HTTP ${r.status}`);
        return (await r.arrayBuffer()).byteLength;
      });
    await timed(50, 8, (i) => get(tokens[i % tokens.length]!, 'latest.yml'));
    const checks = await timed(devices, 8, (i) => get(tokens[i]!, 'latest.yml'));
    const size = 64 * 1024 * 1024;
    const full = await timed(20, 4, (i) => get(tokens[i]!, 'Zvit-Setup-1.1.0.exe'));
    // 1 % of the file in 1,000 scattered 671-byte ranges, one multipart request per device.
    const ranges = Array.from({ length: 1000 }, (_, k) => {
      const start = Math.floor((k * size) / 1000);
      return `${start}-${start + 670}`;
    }).join(', ');
    const ranged = await timed(20, 4, (i) => get(tokens[i]!, 'Zvit-Setup-1.1.0.exe', { range: `bytes=${ranges}` }));
    return {
      devices,
      checksPerSecond: devices / (checks.wallMs / 1000),
      checkP50Ms: median(checks.ms),
      checkP99Ms: percentile(checks.ms, 99),
      fullMBps: (20 * size) / 1024 / 1024 / (full.wallMs / 1000),
      rangedMBps: (20 * 1000 * 671) / 1024 / 1024 / (ranged.wallMs / 1000),
      load: os.loadavg(),
    };
  } finally {
    await hub.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export function formatUpdatesBench(r: UpdatesBench): string {
  return [
    `update checks: ${r.devices} devices, 8 at a time: ${r.checksPerSecond.toFixed(0)} checks/s, p50 ${r.checkP50Ms.toFixed(1)} ms, p99 ${r.checkP99Ms.toFixed(1)} ms (SQLite)`,
    `installer downloads: whole 64 MB, 4 at a time: ${r.fullMBps.toFixed(0)} MB/s; differential (1,000 ranges, multipart): ${r.rangedMBps.toFixed(1)} MB/s of ranges`,
    `load average ${r.load.map((l) => l.toFixed(2)).join(' ')}`,
  ].join('\n');
}

if (import.meta.main) console.log(formatUpdatesBench(await benchUpdates()));
