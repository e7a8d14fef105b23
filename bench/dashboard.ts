// The lead's dashboard under a big history: a hub seeded with the demo generator
// (server/dashboard/demo: the real agent's template days moved to every date) in bulk (each
// manager's spans written by multi-row inserts, the rest of their records stored by the hub's
// own ingest in one push that rolls all their days up, one transaction per manager) at 10 and
// 100 managers × 90 working days with about 1,000 spans per manager-day, on SQLite and on
// PostgreSQL. A real hub process on loopback
// answers the dashboard's calls as the admin (who sees every manager); p50/p95 per call, and how
// the cost grows from 10 to 100 managers. Then the dashboard's first load in Chromium: from the
// sign-in page to team now shown, as the page times itself (the form shown, then submit → team
// now; the robot's typing left out) and as the driver sees it from outside.
//
// Seeding 9 million spans takes minutes on a 2-core machine, so ZVIT_BENCH_KEEP=DIR keeps
// each seeded database (SQLite files under DIR, PostgreSQL schemas by name) for the next run.
// ZVIT_BENCH_MANAGERS (10,100), ZVIT_BENCH_DAYS (90), ZVIT_BENCH_SPANS (1000), ZVIT_BENCH_DB
// (sqlite,postgres), ZVIT_BENCH_SAMPLES (40) and ZVIT_BENCH_LOADS (7) change the sizes.
// ZVIT_BENCH_ONLY=first-load measures only the first load (no API table), ZVIT_BENCH_ONLY=calls
// only the API table. The first load uses dist/dashboard as built (npm run build:dashboard).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { sql } from 'kysely';
import { chromium, type Page } from '@playwright/test';
import { hasDemo, seedDemo, DEMO_ADMIN_EMAIL, DEMO_PASSWORD } from '../server/dashboard/demo/seed.ts';
import { openDatabase, type DatabaseOptions } from '../server/db/connect.ts';
import { migrate } from '../server/db/migrate.ts';
import { addDays, localDateOf } from '../shared/time.ts';
import { median, percentile } from './stats.ts';

const ROOT = path.dirname(path.dirname(new URL(import.meta.url).pathname));
const PG_URL = process.env.ZVIT_BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const ZONE = 'Europe/Kyiv';

type Db = 'sqlite' | 'postgres';
export const CALLS = ['team now', 'manager day', 'week', 'inbox', 'quarter leaderboard'] as const;
type Call = (typeof CALLS)[number];

/** p95 targets (ms) of issue 11 §11. */
export const TARGETS: Record<Call, number> = { 'team now': 50, 'manager day': 50, week: 50, inbox: 50, 'quarter leaderboard': 150 };
export const FIRST_LOAD_TARGET_MS = 500;

export interface DashboardBenchOptions {
  managers: number[];
  days: number;
  spansPerDay: number;
  databases: Db[];
  samples: number;
  loads: number;
  keep: string | null;
  /** Only the API calls, only the first load, or both (null). */
  only: 'calls' | 'first-load' | null;
}

export interface CallFigures {
  db: Db;
  managers: number;
  call: Call;
  p50: number;
  p95: number;
}

export interface SeedFigures {
  db: Db;
  managers: number;
  spans: number;
  seconds: number | null;
}

export interface DashboardBenchResult {
  calls: CallFigures[];
  seeds: SeedFigures[];
  firstLoad: { runs: FirstLoad[]; median: number; form: number; afterSubmit: number; signIn: number; driver: number; returning: number; db: Db; managers: number } | null;
}

function onlyOf(value: string | undefined): DashboardBenchOptions['only'] {
  if (!value) return null;
  if (value === 'calls' || value === 'first-load') return value;
  throw new Error(`ZVIT_BENCH_ONLY is calls or first-load, not ${value}`);
}

function defaults(): DashboardBenchOptions {
  const list = (name: string, fallback: string) => (process.env[name] ?? fallback).split(',').map((s) => s.trim()).filter(Boolean);
  return {
    managers: list('ZVIT_BENCH_MANAGERS', '10,100').map(Number),
    days: Number(process.env.ZVIT_BENCH_DAYS ?? 90),
    spansPerDay: Number(process.env.ZVIT_BENCH_SPANS ?? 1000),
    databases: list('ZVIT_BENCH_DB', 'sqlite,postgres') as Db[],
    samples: Number(process.env.ZVIT_BENCH_SAMPLES ?? 40),
    loads: Number(process.env.ZVIT_BENCH_LOADS ?? 7),
    keep: process.env.ZVIT_BENCH_KEEP ? path.resolve(process.env.ZVIT_BENCH_KEEP) : null,
    only: onlyOf(process.env.ZVIT_BENCH_ONLY),
  };
}

interface Seeded {
  options: DatabaseOptions;
  env: Record<string, string>;
  spans: number;
  seconds: number | null;
  drop(): Promise<void>;
}

async function dropSchema(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  } finally {
    await client.end();
  }
}

/** A database holding the demo at this size: seeded now, or kept from an earlier run. */
async function seeded(db: Db, managers: number, o: DashboardBenchOptions, log: (m: string) => void): Promise<Seeded> {
  const name = `${managers}m_${o.days}d_${o.spansPerDay}s`;
  const dataDir = o.keep ? path.join(o.keep, `sqlite-${name}`) : fs.mkdtempSync(path.join(os.tmpdir(), 'zvit-bench-dash-'));
  fs.mkdirSync(dataDir, { recursive: true });
  const pgSchema = `zvit_bench_dash_${o.keep ? name : `${name}_${process.pid}`}`.toLowerCase();
  const options: DatabaseOptions = db === 'sqlite' ? { dataDir } : { dataDir, databaseUrl: PG_URL, pgSchema };
  const env: Record<string, string> = db === 'postgres' ? { DATABASE_URL: PG_URL, ZVIT_PG_SCHEMA: pgSchema } : { DATABASE_URL: '' };
  const drop = async () => {
    if (o.keep) return;
    fs.rmSync(dataDir, { recursive: true, force: true });
    if (db === 'postgres') await dropSchema(pgSchema);
  };
  const database = await openDatabase(options);
  let ok = false;
  try {
    await migrate(database.db, database.dialect);
    const count = async () => Number((await database.db.selectFrom('activity_spans').select((eb) => eb.fn.countAll().as('n')).executeTakeFirst())?.n ?? 0);
    // PostgreSQL plans by its tables' statistics, which autovacuum gathers some time after a bulk
    // load (on a busy machine, not before the measurement): gathered now, as for a hub in use.
    // Autovacuum also marks the loaded pages all-visible, without which no index-only scan
    // skips the table: vacuumed too.
    const analyze = async () => {
      if (database.dialect !== 'postgres') return;
      const { rows } = await sql<{ name: string }>`select tablename as name from pg_catalog.pg_tables where schemaname = current_schema()`.execute(database.db);
      for (const r of rows) await sql`vacuum (analyze) ${sql.id(r.name)}`.execute(database.db);
    };
    if (await hasDemo(database.db)) {
      log(`${db}, ${managers} managers: kept from an earlier run`);
      await analyze();
      ok = true;
      return { options, env, spans: await count(), seconds: null, drop };
    }
    const started = performance.now();
    let last = started;
    const result = await seedDemo(database.db, database.dialect, {
      managers,
      days: o.days,
      spansPerDay: o.spansPerDay,
      now: Date.now(),
      demoAdmin: true,
      bulk: true,
      log: (m) => {
        if (performance.now() - last > 30_000 || !m.startsWith('manager ')) {
          log(`${db}, ${managers} managers: ${m}`);
          last = performance.now();
        }
      },
    });
    await analyze();
    ok = true;
    return { options, env, spans: result.stats.spans, seconds: (performance.now() - started) / 1000, drop };
  } finally {
    await database.close();
    if (!ok) await drop();
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = http.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function startHub(s: Seeded): Promise<{ child: ChildProcess; port: number }> {
  const port = await freePort();
  const child = spawn(process.execPath, [path.join(ROOT, 'server', 'serve.ts'), '--port', String(port), '--host', '127.0.0.1', '--data-dir', s.options.dataDir], {
    env: { ...process.env, ...s.env, LOG_LEVEL: 'warn', ZVIT_JOBS: '0' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`the hub exited with ${child.exitCode}`);
    if (await fetch(`http://127.0.0.1:${port}/health`).then((r) => r.ok, () => false)) return { child, port };
    if (i > 300) throw new Error('the hub did not start');
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function stopHub(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

async function signIn(port: number) {
  const res = await fetch(`http://127.0.0.1:${port}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: DEMO_ADMIN_EMAIL, password: DEMO_PASSWORD }) });
  if (!res.ok) throw new Error(`sign-in failed: ${res.status} ${await res.text()}`);
  const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const get = async (url: string): Promise<{ ms: number; body: string }> => {
    const started = performance.now();
    const r = await fetch(`http://127.0.0.1:${port}${url}`, { headers: { cookie } });
    const body = await r.text();
    const ms = performance.now() - started;
    if (!r.ok) throw new Error(`${url}: ${r.status} ${body.slice(0, 300)}`);
    return { ms, body };
  };
  return { time: async (url: string) => (await get(url)).ms, json: async <T>(url: string) => JSON.parse((await get(url)).body) as T };
}

/** p50 and p95 of each call against a running hub, the calls taking turns. */
async function measure(port: number, o: DashboardBenchOptions): Promise<Record<Call, { p50: number; p95: number }>> {
  const session = await signIn(port);
  const call = session.time;
  const users = (await session.json<{ users: { id: string; role: string }[] }>('/api/v1/users')).users.filter((u) => u.role === 'manager');
  const today = localDateOf(Date.now(), ZONE);
  let n = 0;
  const pick = <T>(xs: readonly T[]) => xs[(n++ * 7919) % xs.length]!;
  const pastDates = Array.from({ length: 60 }, (_, i) => addDays(today, -1 - i));
  const urls: Record<Call, () => string> = {
    'team now': () => '/api/v1/team-now',
    'manager day': () => `/api/v1/users/${pick(users).id}/day/${pick(pastDates)}`,
    week: () => `/api/v1/users/${pick(users).id}/week?date=${pick(pastDates)}`,
    inbox: () => `/api/v1/inbox?from=${addDays(today, -6)}&to=${today}`,
    'quarter leaderboard': () => `/api/v1/leaderboard?period=quarter&date=${today}`,
  };
  const times = Object.fromEntries(CALLS.map((c) => [c, [] as number[]])) as Record<Call, number[]>;
  // Warm-up: the hub's JIT, the database's caches.
  for (let i = 0; i < 3; i++) for (const c of CALLS) await call(urls[c]());
  for (let i = 0; i < o.samples; i++) for (const c of CALLS) times[c].push(await call(urls[c]()));
  return Object.fromEntries(CALLS.map((c) => [c, { p50: round(median(times[c])), p95: round(percentile(times[c], 95)) }])) as Record<Call, { p50: number; p95: number }>;
}

/** The built dashboard (npm run build:dashboard), built now when missing. */
function ensureDashboardBuilt(): void {
  if (fs.existsSync(path.join(ROOT, 'dist', 'dashboard', 'index.html'))) return;
  const result = spawnSync(process.execPath, [path.join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '-c', 'vite.dashboard.config.ts', '--logLevel', 'warn'], { cwd: ROOT, stdio: 'inherit' });
  if (result.status !== 0) throw new Error('the dashboard build failed');
}

export interface FirstLoad {
  /**
   * The page's own time, read inside the page (performance.now(), from the navigation's start):
   * the sign-in form shown, plus from the form's submit to team now shown with its managers. The
   * seconds a lead spends typing are not the page's; nor is the driver's delay in noticing.
   */
  total: number;
  /** From opening the address to the sign-in form shown (in the page). */
  form: number;
  /** From the submit to team now shown (in the page). */
  afterSubmit: number;
  /** The sign-in call alone (the password hash, Argon2id, is deliberately slow). */
  signIn: number;
  /** The same run timed from outside by the driver (Playwright): opening the address to team now seen, typing included. */
  driver: number;
  /**
   * A lead coming back (signed in earlier, the session cookie kept) in a browser with an empty
   * cache: from opening the address to team now shown (in the page). No password hash on this path.
   */
  returning: number;
}

/**
 * Timestamps the page takes of itself (performance.now(), from the navigation's start): the sign-in
 * form appearing, the form's submit, team now's first manager appearing. Runs before any script of
 * the page's, in every page of the context (plain JavaScript: it runs in the page).
 */
const MARK_MOMENTS = `(() => {
  window.zvitMoments = {};
  const mark = (name) => (window.zvitMoments[name] ??= performance.now());
  new MutationObserver(() => {
    if (document.querySelector('input[type=email]')) mark('form');
    if (document.querySelector('[data-testid=member]')) mark('members');
  }).observe(document, { subtree: true, childList: true });
  document.addEventListener('submit', () => mark('submit'), true);
})();`;

type Moments = { form?: number; submit?: number; members?: number };

/** From opening the sign-in page to team now shown with its managers, in a fresh browser context each run. */
async function firstLoad(port: number, runs: number): Promise<FirstLoad[]> {
  ensureDashboardBuilt();
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'] });
  const out: FirstLoad[] = [];
  const moments = (page: Page) => page.evaluate('window.zvitMoments') as Promise<Moments>;
  try {
    for (let i = 0; i < runs + 1; i++) {
      const context = await browser.newContext({ locale: 'uk-UA' });
      await context.addInitScript({ content: MARK_MOMENTS });
      const page = await context.newPage();
      const started = performance.now();
      await page.goto(`http://127.0.0.1:${port}/`);
      const email = page.locator('input[type=email]');
      await email.waitFor({ state: 'visible' });
      await email.fill(DEMO_ADMIN_EMAIL);
      await page.locator('input[type=password]').fill(DEMO_PASSWORD);
      const login = page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/login'));
      await page.locator('input[type=password]').press('Enter');
      const timing = (await login).request().timing();
      await page.locator('[data-testid=member]').first().waitFor({ state: 'visible', timeout: 30_000 });
      const driver = performance.now() - started;
      const first = await moments(page);
      const again = await browser.newContext({ locale: 'uk-UA', storageState: await context.storageState() });
      await again.addInitScript({ content: MARK_MOMENTS });
      await context.close();
      const back = await again.newPage();
      await back.goto(`http://127.0.0.1:${port}/`);
      await back.locator('[data-testid=member]').first().waitFor({ state: 'visible', timeout: 30_000 });
      const returning = (await moments(back)).members;
      await again.close();
      if (first.form === undefined || first.submit === undefined || first.members === undefined || returning === undefined) throw new Error(`the page did not mark every moment: ${JSON.stringify(first)}, returning ${returning}`);
      // The first run warms the hub and Chromium's own caches up; it is not counted.
      if (i > 0) {
        const afterSubmit = first.members - first.submit;
        out.push({ total: round(first.form + afterSubmit), form: round(first.form), afterSubmit: round(afterSubmit), signIn: round(timing.responseEnd - timing.requestStart), driver: round(driver), returning: round(returning) });
      }
    }
  } finally {
    await browser.close();
  }
  return out;
}

const round = (x: number) => Math.round(x * 10) / 10;

export async function benchDashboard(options: Partial<DashboardBenchOptions> = {}, log: (m: string) => void = (m) => console.error(`  … ${m}`)): Promise<DashboardBenchResult> {
  const o = { ...defaults(), ...options };
  const result: DashboardBenchResult = { calls: [], seeds: [], firstLoad: null };
  for (const db of o.databases) {
    for (const managers of [...o.managers].sort((a, b) => a - b)) {
      const s = await seeded(db, managers, o, log);
      result.seeds.push({ db, managers, spans: s.spans, seconds: s.seconds === null ? null : round(s.seconds) });
      try {
        const hub = await startHub(s);
        try {
          if (o.only !== 'first-load') {
            const figures = await measure(hub.port, o);
            for (const call of CALLS) result.calls.push({ db, managers, call, ...figures[call] });
          }
          // The first load once, at the largest size on the first database.
          if (o.only !== 'calls' && !result.firstLoad && managers === Math.max(...o.managers) && o.loads > 0) {
            const runs = await firstLoad(hub.port, o.loads);
            const mid = (pick: (r: FirstLoad) => number) => round(median(runs.map(pick)));
            result.firstLoad = { runs, median: mid((r) => r.total), form: mid((r) => r.form), afterSubmit: mid((r) => r.afterSubmit), signIn: mid((r) => r.signIn), driver: mid((r) => r.driver), returning: mid((r) => r.returning), db, managers };
          }
        } finally {
          await stopHub(hub.child);
        }
      } finally {
        await s.drop();
      }
    }
  }
  return result;
}

export function formatDashboardBench(r: DashboardBenchResult, options: Partial<DashboardBenchOptions> = {}): string {
  const o = { ...defaults(), ...options };
  const [load1, load5] = os.loadavg();
  const lines = [
    `Dashboard API: ${o.managers.join(' and ')} managers × ${o.days} working days, about ${o.spansPerDay} spans per manager-day; ${o.samples} calls of each, as the admin (every manager); load average ${load1!.toFixed(1)} (5 min ${load5!.toFixed(1)}) on ${os.cpus().length} cores`,
  ];
  for (const s of r.seeds) lines.push(`  seeded ${s.db} ${s.managers} managers: ${s.spans} spans${s.seconds === null ? ' (kept from an earlier run)' : ` in ${s.seconds} s`}`);
  if (r.calls.length) lines.push(`  ${'db'.padEnd(9)}${'managers'.padStart(8)}  ${'call'.padEnd(20)}${'p50 ms'.padStart(8)}${'p95 ms'.padStart(8)}  target p95   ${'growth'.padStart(7)}`);
  const small = Math.min(...o.managers);
  for (const c of r.calls) {
    const base = r.calls.find((x) => x.db === c.db && x.call === c.call && x.managers === small);
    const growth = base && c.managers !== small ? `×${(c.p50 / base.p50).toFixed(1)} (managers ×${c.managers / small})` : '';
    const met = c.p95 <= TARGETS[c.call] ? 'met' : 'MISSED';
    lines.push(`  ${c.db.padEnd(9)}${String(c.managers).padStart(8)}  ${c.call.padEnd(20)}${String(c.p50).padStart(8)}${String(c.p95).padStart(8)}  ≤ ${String(TARGETS[c.call]).padStart(3)} ${met.padEnd(6)}  ${growth}`);
  }
  if (r.firstLoad) {
    const f = r.firstLoad;
    lines.push(
      `  first load in Chromium (sign-in page → team now of ${f.managers} managers shown, ${f.db}; the page's own time, typing left out): median ${f.median} ms over ${f.runs.length} runs [${f.runs.map((r) => r.total).join(', ')}], target ≤ ${FIRST_LOAD_TARGET_MS} ms ${f.median <= FIRST_LOAD_TARGET_MS ? 'met' : 'MISSED'}; ` +
        `of which the sign-in form shown after ${f.form} ms, submit → team now ${f.afterSubmit} ms, the sign-in call (Argon2id) ${f.signIn} ms (medians)`,
      `  the same runs timed by the driver from outside (typing by the robot and its polling included): median ${f.driver} ms [${f.runs.map((r) => r.driver).join(', ')}]`,
      `  a lead coming back signed in (session cookie, empty cache): team now shown after ${f.returning} ms (median, the page's own time) [${f.runs.map((r) => r.returning).join(', ')}], ` +
        `target ≤ ${FIRST_LOAD_TARGET_MS} ms ${f.returning <= FIRST_LOAD_TARGET_MS ? 'met' : 'MISSED'}`,
    );
  }
  return lines.join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await benchDashboard();
  console.log(formatDashboardBench(r));
}
