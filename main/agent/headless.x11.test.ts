// The headless agent as a user runs it: `zvit agent` in a real X11 session with real xterm
// windows, driven by the `zvit` CLI, then killed with SIGKILL.
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgentStatus } from '../../shared/api.ts';
import type { DaySummary } from '../../shared/days.ts';
import { exited, startAgentProcess, zvit, zvitJson } from '../../test/cli.ts';
import { tempDir } from '../../test/tmp.ts';
import { startX11Session, type X11Session } from '../../test/x11-session.ts';

const MAIL = 'Inbox - Mozilla Thunderbird';
const DEAL = 'Угода з ТОВ «Ромашка» — Бітрікс24';
const LEGACY = 'Звіт за день'; // only as a COMPOUND_TEXT WM_NAME

let x: X11Session;
let windows: Record<string, number>;
const dir = tempDir();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  x = await startX11Session();
  windows = {
    mail: (await x.openWindow({ title: MAIL, className: 'Thunderbird' })).id,
    deal: (await x.openWindow({ title: DEAL, className: 'Firefox' })).id,
    legacy: (await x.openWindow({ title: LEGACY, className: 'OldApp', compoundText: true })).id,
  };
}, 60_000);
afterAll(() => x?.stop());

interface ExportJson {
  spans: { id: string; app: string; title: string | null; exe: string | null; start: number; end: number; category: string }[];
  segments: { kind: string; start: number; end: number }[];
}

describe('zvit agent under X11', () => {
  it('says plainly when no agent is running', async () => {
    const result = await zvit(['status', '--data-dir', path.join(dir, 'nobody')]);
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/No Zvit agent is running for .*nobody/);
  });

  it('records the windows a person switches between, with exact titles', async () => {
    const dataDir = path.join(dir, 'switching');
    const env = { ...x.env };
    const agent = await startAgentProcess(dataDir, [], env);
    try {
      const info = JSON.parse(fs.readFileSync(path.join(dataDir, 'agent.json'), 'utf8'));
      expect(fs.statSync(path.join(dataDir, 'agent.json')).mode & 0o777).toBe(0o600);
      expect(info.token.length).toBeGreaterThanOrEqual(40);

      await x.activate(windows.mail!);
      const clockedIn = await zvitJson<AgentStatus>(['clock-in', '--data-dir', dataDir]);
      expect(clockedIn.state).toBe('working');
      expect(clockedIn.tracking.windows).toBeTruthy();
      await sleep(2500);
      await x.activate(windows.deal!);
      await sleep(2500);
      await x.activate(windows.legacy!);
      await sleep(2500);
      const status = await zvitJson<AgentStatus>(['status', '--data-dir', dataDir]);
      expect(status.current?.app).toBe('OldApp');
      expect(status.current?.title).toBe(LEGACY);
      await x.activate(windows.mail!);
      await sleep(1500);
      const out = await zvit(['clock-out', '--data-dir', dataDir]);
      expect(out.code).toBe(0);
      expect(out.stdout).toMatch(/^Clocked out/);

      const today = status.today.date;
      const exported = JSON.parse((await zvit(['export', '--from', today, '--to', today, '--format', 'json', '--data-dir', dataDir])).stdout) as ExportJson;
      const seen = exported.spans.map((s) => [s.app, s.title]);
      expect(seen).toEqual([
        ['Thunderbird', MAIL],
        ['Firefox', DEAL],
        ['OldApp', LEGACY],
        ['Thunderbird', MAIL],
      ]);
      for (const s of exported.spans.slice(0, 3)) expect(s.end - s.start).toBeGreaterThan(1500);
      expect(exported.spans[0]?.category).toBe('mail');
      expect(exported.spans[0]?.exe).toMatch(/xterm$/);

      const day = await zvitJson<DaySummary>(['day', '--data-dir', dataDir]);
      const spanTotal = exported.spans.reduce((sum, s) => sum + s.end - s.start, 0);
      expect(day.workedMs).toBeGreaterThanOrEqual(spanTotal);
      expect(day.byApp.map((a) => a.app).sort()).toEqual(['Firefox', 'OldApp', 'Thunderbird']);

      const csv = (await zvit(['export', '--from', today, '--to', today, '--format', 'csv', '--data-dir', dataDir])).stdout;
      // A byte-order mark first (Excel reads it as UTF-8), headers in the terminal's language.
      expect(csv.split('\r\n')[0]).toBe(
        '\ufeffRecord,Date,Start,End,Time zone,"Duration, min",What,Details,Category,State / outcome,Priority,"Estimate, min",Target,Commitment,Actual,Reason,Comment',
      );
      expect(csv).toContain(DEAL);
    } finally {
      agent.kill('SIGTERM');
      expect(await exited(agent)).toBe(0);
    }
    expect(fs.existsSync(path.join(dataDir, 'agent.json'))).toBe(false);
  }, 60_000);

  it('loses no committed span and no consistency when killed with SIGKILL mid-work', async () => {
    const dataDir = path.join(dir, 'crash');
    fs.mkdirSync(dataDir, { recursive: true });
    const policy = path.join(dataDir, 'test-policy.json');
    fs.writeFileSync(policy, JSON.stringify({ flushIntervalSec: 2 }));
    const env = { ...x.env };
    const agent = await startAgentProcess(dataDir, ['--policy', policy], env);
    await zvit(['clock-in', '--data-dir', dataDir]);
    for (let i = 0; i < 6; i++) {
      await x.activate(i % 2 ? windows.deal! : windows.mail!);
      await sleep(700);
    }
    await sleep(2500); // past a flush interval
    const reader = new Database(path.join(dataDir, 'zvit.db'), { readonly: true });
    const committed = reader.prepare('SELECT hex(uid) AS id, start, end FROM spans').all() as { id: string; start: number; end: number }[];
    reader.close();
    expect(committed.length).toBeGreaterThanOrEqual(5);

    agent.kill('SIGKILL');
    await exited(agent);

    const db = new Database(path.join(dataDir, 'zvit.db'));
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    const after = new Map((db.prepare('SELECT hex(uid) AS id, start, end FROM spans').all() as { id: string; end: number }[]).map((s) => [s.id, s]));
    for (const span of committed) {
      expect(after.has(span.id)).toBe(true);
      expect(after.get(span.id)!.end).toBeGreaterThanOrEqual(span.end);
    }
    db.close();

    // Started again, the session goes on; the time it was down is a gap, not work.
    await sleep(1500);
    const again = await startAgentProcess(dataDir, ['--policy', policy], env);
    try {
      const status = await zvitJson<AgentStatus>(['status', '--data-dir', dataDir]);
      expect(status.state).toBe('working');
      const day = await zvitJson<DaySummary>(['day', '--data-dir', dataDir]);
      expect(day.gapMs).toBeGreaterThanOrEqual(1500);
    } finally {
      again.kill('SIGTERM');
      await exited(again);
    }
  }, 60_000);
});
