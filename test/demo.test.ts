// `zvit hub --demo` as a newcomer runs it: a real hub process on a fresh folder seeds the demo
// once, prints every account, and a printed lead then sees their team's people with hours on
// past days. A second start adds nothing. The seeded days pass the hub's own invariant: each day
// rollup equals the agent's fold of the raw records the hub holds.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DayRow, TeamNow } from '../shared/dashboard-api.ts';
import type { SyncRecord } from '../shared/sync.ts';
import { addDays, localDateOf } from '../shared/time.ts';
import { foldDay } from '../server/testing/rollup-check.ts';
import { anchoredInstant } from './anchored-time.ts';
import { exited, ROOT } from './cli.ts';
import { readSummary } from '../server/dashboard/rollups/stored-summary.ts';

const ZONE = 'Europe/Kyiv';
// The demo's "now": yesterday afternoon in Kyiv, whatever hour the suite runs at.
const NOW = anchoredInstant('14:30', ZONE, 1);
const TODAY = localDateOf(NOW, ZONE);

interface Account {
  role: string;
  email: string;
  password: string;
}

interface Started {
  child: ChildProcess;
  port: number;
  output: string;
  accounts: Account[];
}

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zvit-demo-test-'));
const children: ChildProcess[] = [];

async function startDemo(): Promise<Started> {
  // The dashboard's build is left to the tests that use the pages (ZVIT_DEMO_BUILD=0).
  const env: NodeJS.ProcessEnv = { ...process.env, ZVIT_DEMO_NOW: new Date(NOW).toISOString(), ZVIT_DEMO_BUILD: '0', LOG_LEVEL: 'info' };
  delete env.ZVIT_ADMIN_EMAIL;
  delete env.ZVIT_ADMIN_PASSWORD;
  delete env.DATABASE_URL;
  const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'zvit.js'), 'hub', '--demo', '--data-dir', dataDir, '--host', '127.0.0.1', '--port', '0'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const deadline = Date.now() + 240_000;
  while (!/Sign in with any of these accounts:[\s\S]*Ctrl\+C/.test(output)) {
    if (child.exitCode !== null) throw new Error(`zvit hub --demo exited with ${child.exitCode}: ${output}`);
    if (Date.now() > deadline) throw new Error(`zvit hub --demo did not start: ${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const port = Number(/open http:\/\/127\.0\.0\.1:(\d+)\//.exec(output)?.[1]);
  const accounts = [...output.matchAll(/^ {2}(admin|lead|manager) +(\S+@\S+) +(\S+)/gm)].map((m) => ({ role: m[1]!, email: m[2]!, password: m[3]! }));
  return { child, port, output, accounts };
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) {
    child.kill('SIGTERM');
    await exited(child);
  }
}

/** A signed-in dashboard session of one printed account. */
async function signIn(port: number, account: Account) {
  const res = await fetch(`http://127.0.0.1:${port}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: account.email, password: account.password }) });
  expect(res.status, await res.clone().text()).toBe(200);
  const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  return async <T>(url: string): Promise<T> => {
    const r = await fetch(`http://127.0.0.1:${port}${url}`, { headers: { cookie } });
    if (!r.ok) throw new Error(`${url}: ${r.status} ${await r.text()}`);
    return (await r.json()) as T;
  };
}

let first: Started;

beforeAll(async () => {
  first = await startDemo();
}, 300_000);

afterAll(async () => {
  for (const c of children) await stop(c);
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('zvit hub --demo', () => {
  it('prints the address and every demo account with its password', () => {
    expect(first.port).toBeGreaterThan(0);
    expect(first.accounts.filter((a) => a.role === 'admin')).toHaveLength(1);
    expect(first.accounts.filter((a) => a.role === 'lead')).toHaveLength(2);
    expect(first.accounts.filter((a) => a.role === 'manager')).toHaveLength(12);
    expect(new Set(first.accounts.map((a) => a.email)).size).toBe(15);
    for (const a of first.accounts) expect(a.password.length).toBeGreaterThanOrEqual(10);
  });

  it('a printed lead sees their team with hours on past days; the two leads cover both teams and all twelve', async () => {
    const from = addDays(TODAY, -28);
    const to = addDays(TODAY, -1);
    const seen = new Map<string, string>();
    for (const lead of first.accounts.filter((a) => a.role === 'lead')) {
      const get = await signIn(first.port, lead);
      const now = await get<TeamNow>('/api/v1/team-now');
      expect(now.members).toHaveLength(6);
      const grid = await get<{ users: { id: string; teamId: string | null }[]; rows: { userId: string; days: DayRow[] }[] }>(`/api/v1/grid?from=${from}&to=${to}`);
      expect(grid.rows).toHaveLength(6);
      for (const row of grid.rows) {
        const weekdays = row.days.filter((d) => d.scheduled);
        const worked = weekdays.filter((d) => d.workedMs > 3 * 3600_000);
        // Holidays and sick days aside, a manager works most weekdays, and never on a weekend.
        expect(worked.length, row.userId).toBeGreaterThanOrEqual(weekdays.length / 2);
        expect(row.days.filter((d) => !d.scheduled && d.workedMs > 0)).toEqual([]);
      }
      for (const u of grid.users) seen.set(u.id, u.teamId ?? '');
    }
    expect(seen.size).toBe(12);
    expect(new Set(seen.values()).size).toBe(2);
  });

  it('has reports approved with ratings, one returned with a comment, missed KPIs with reasons', async () => {
    const admin = await signIn(first.port, first.accounts.find((a) => a.role === 'admin')!);
    const inbox = await admin<{ counts: Record<'submitted' | 'late' | 'missing' | 'returned' | 'approved', number> }>(`/api/v1/inbox?from=${addDays(TODAY, -20)}&to=${addDays(TODAY, -1)}`);
    expect(inbox.counts.approved).toBeGreaterThan(50);
    expect(inbox.counts.returned).toBe(1);
    // The last days still wait for the leads; the manager who forgets has missing reports.
    expect(inbox.counts.submitted).toBeGreaterThan(10);
    expect(inbox.counts.missing).toBeGreaterThan(0);
    const misses = await admin<{ total: number; items: { reason: string | null; target: number | null; actual: number }[] }>(`/api/v1/kpis/misses?from=${addDays(TODAY, -60)}&to=${addDays(TODAY, -1)}`);
    expect(misses.total).toBeGreaterThan(20);
    for (const m of misses.items) {
      expect(m.reason).not.toBeNull();
      expect(m.actual).toBeLessThan(m.target!);
    }
  });

  it('the day rollups equal the agent\'s fold of the raw records for a sample of days', async () => {
    const adminAccount = first.accounts.find((a) => a.role === 'admin')!;
    const admin = await signIn(first.port, adminAccount);
    const users = (await admin<{ users: { id: string; role: string }[] }>('/api/v1/users')).users.filter((u) => u.role === 'manager');
    const sample = [users[0]!, users[3]!, users[7]!];
    const records = new Map<string, SyncRecord[]>();
    for (const u of sample) {
      const all: SyncRecord[] = [];
      for (const kind of ['work_event', 'activity_span', 'idle_decision']) {
        let from = 0;
        for (;;) {
          const page = (await admin<{ records: SyncRecord[] }>(`/api/v1/users/${u.id}/records?kind=${kind}&from=${from}&limit=5000`)).records;
          const fresh = page.filter((r) => !all.some((a) => a.id === r.id));
          all.push(...fresh);
          if (page.length < 5000 || !fresh.length) break;
          const last = page.at(-1)! as { start?: number; at?: number };
          from = last.start ?? last.at ?? from;
        }
      }
      records.set(u.id, all);
    }
    await stop(first.child);
    const db = new Database(path.join(dataDir, 'hub.db'), { readonly: true });
    try {
      let compared = 0;
      for (const u of sample) {
        const rows = db.prepare('SELECT date, summary, span_totals FROM day_rollups WHERE user_id = ?').all(u.id) as { date: string; summary: string; span_totals: string | null }[];
        const lines = db.prepare('SELECT lines FROM rollup_activity WHERE user_id = ? AND date = ? ORDER BY seq').pluck();
        expect(rows.length).toBeGreaterThan(50);
        for (const row of rows.filter((_, i) => i % 9 === 0 || i === rows.length - 1)) {
          expect(readSummary(row, lines.all(u.id, row.date) as string[]), `${u.id} ${row.date}`).toEqual(foldDay(records.get(u.id)!, row.date, ZONE));
          compared++;
        }
      }
      expect(compared).toBeGreaterThan(15);
    } finally {
      db.close();
    }
  }, 120_000);

  it('a second start on the same folder adds nothing and prints the accounts again', async () => {
    const count = () => {
      const db = new Database(path.join(dataDir, 'hub.db'), { readonly: true });
      try {
        return db.prepare("SELECT (SELECT count(*) FROM users) AS users, (SELECT count(*) FROM activity_spans) AS spans, (SELECT count(*) FROM report_revisions) AS reports").get();
      } finally {
        db.close();
      }
    };
    await stop(first.child);
    const before = count();
    const again = await startDemo();
    expect(again.output).toContain('seeded before');
    expect(again.accounts.map((a) => a.email).sort()).toEqual(first.accounts.map((a) => a.email).sort());
    await stop(again.child);
    expect(count()).toEqual(before);
  }, 300_000);
});
