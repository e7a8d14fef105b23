// Drafts: what the plan, report and idle forms hold as typed is kept in the local store through
// the local API, replaced as the manager types, survives a restart, refuses malformed content at
// the boundary, and is cleared when the form is filed.
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../../shared/clock.ts';
import type { PlanDraft, ReportDraft } from '../../shared/drafts.ts';
import { parsePolicy } from '../../shared/policy.ts';
import { uuidv7 } from '../../shared/uuid.ts';
import { fakeSources } from '../../test/fake-sources.ts';
import { tempDir } from '../../test/tmp.ts';
import { startApiServer, type ApiServer } from '../api/server.ts';
import { DRAFT_KEEP_MS } from '../store/drafts.ts';
import { LocalStore } from '../store/local-store.ts';
import { Agent } from './agent.ts';
import { createHandlers } from './handlers.ts';
import { Planning } from './planning.ts';

const dir = tempDir();
const token = 'drafts-token-0123456789';
const parsed = parsePolicy({ kpiTargets: { calls_total: 40 }, idleThresholdSec: 60 });
if (!parsed.ok) throw new Error(parsed.error);
const policy = parsed.policy;
const open: { server: ApiServer; store: LocalStore }[] = [];

async function start(file: string, clock = new FakeClock('2026-03-02T06:30:00Z', 'Europe/Kyiv')) {
  const store = LocalStore.open(path.join(dir, file), () => clock.now());
  const fakes = fakeSources(() => clock.now());
  const agent = new Agent({ store, clock, sources: fakes.sources, policy });
  const planning = new Planning(agent, store, clock, () => policy);
  const server = await startApiServer({ handlers: createHandlers({ agent, planning, store, clock, dayStart: () => '04:00' }), token });
  const entry = { server, store };
  open.push(entry);
  const call = async (method: string, body: unknown) => {
    const res = await fetch(`${server.origin}/api/${method}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const json = (await res.json()) as { result?: unknown; error?: { code: string; message: string } };
    return { status: res.status, result: json.result as never, error: json.error };
  };
  const stop = async () => {
    await server.close();
    store.close();
    open.splice(open.indexOf(entry), 1);
  };
  return { call, stop, clock, agent, planning, fakes };
}

afterEach(async () => {
  for (const { server, store } of open.splice(0)) {
    await server.close();
    store.close();
  }
});

const taskId = uuidv7();
const plan: PlanDraft = {
  items: [{ id: taskId, title: 'Передзвонити ТОВ «Ромашка»', priority: 1, estimate: '3', carriedFrom: null, crm: null }],
  commitments: { calls_total: '4' },
  note: 'Почати з «Ромашки»',
};

describe('drafts', () => {
  it('keeps the latest draft per form and day, across a restart of the agent', async () => {
    const first = await start('restart.db');
    expect((await first.call('getDraft', { kind: 'plan', key: '2026-03-02' })).result).toBeNull();
    expect((await first.call('saveDraft', { kind: 'plan', key: '2026-03-02', base: 0, content: { ...plan, note: 'Поч' } })).status).toBe(200);
    first.clock.advance(1000);
    await first.call('saveDraft', { kind: 'plan', key: '2026-03-02', base: 0, content: plan });
    await first.stop();

    const second = await start('restart.db');
    const draft = (await second.call('getDraft', { kind: 'plan', key: '2026-03-02' })).result as { content: PlanDraft; base: number; savedAt: number };
    expect(draft).toEqual({ kind: 'plan', key: '2026-03-02', base: 0, content: plan, savedAt: Date.parse('2026-03-02T06:30:01Z') });
    // Another day's form is another draft.
    expect((await second.call('getDraft', { kind: 'plan', key: '2026-03-03' })).result).toBeNull();
  });

  it('refuses malformed drafts at the boundary and keeps the stored one', async () => {
    const { call } = await start('bad.db');
    await call('saveDraft', { kind: 'plan', key: '2026-03-02', base: 0, content: plan });
    const bad = [
      { kind: 'plan', key: '2026-03-02', base: 0, content: { ...plan, items: [{ ...plan.items[0], priority: 7 }] } },
      { kind: 'plan', key: 'yesterday', base: 0, content: plan },
      { kind: 'report', key: '2026-03-02', base: 0, content: plan },
      { kind: 'idle', key: 'not-a-uuid', base: 0, content: { decision: null, label: null } },
      { kind: 'plan', key: '2026-03-02', base: -1, content: plan },
      { kind: 'plan', key: '2026-03-02', base: 0, content: { ...plan, note: 'x'.repeat(5001) } },
      { kind: 'secret', key: '2026-03-02', base: 0, content: {} },
    ];
    for (const body of bad) {
      const res = await call('saveDraft', body);
      expect(res.status, JSON.stringify(body).slice(0, 80)).toBe(400);
      expect(res.error?.code).toBe('invalid_input');
    }
    expect(((await call('getDraft', { kind: 'plan', key: '2026-03-02' })).result as { content: PlanDraft }).content).toEqual(plan);
  });

  it('filing the plan or the report clears its draft, and only its own', async () => {
    const { call } = await start('filed.db');
    const report: ReportDraft = {
      items: [{ itemId: taskId, outcome: 'done', comment: 'Домовились', minutes: '25' }],
      unplanned: [],
      kpis: [{ key: 'calls_total', target: 40, actual: '41', reason: null, reasonText: '' }],
      blockers: '',
      note: '',
    };
    await call('saveDraft', { kind: 'plan', key: '2026-03-02', base: 0, content: plan });
    await call('saveDraft', { kind: 'report', key: '2026-03-02', base: 0, content: report });
    await call('savePlan', { date: '2026-03-02', items: [{ id: taskId, title: 'Передзвонити ТОВ «Ромашка»' }] });
    expect((await call('getDraft', { kind: 'plan', key: '2026-03-02' })).result).toBeNull();
    expect((await call('getDraft', { kind: 'report', key: '2026-03-02' })).result).not.toBeNull();
    // A refused report keeps its draft: nothing typed is lost to a missing reason.
    const refused = await call('submitReport', { date: '2026-03-02', items: [{ itemId: taskId, outcome: 'done', minutes: 25 }], kpis: [{ key: 'calls_total', target: 40, actual: 30 }] });
    expect(refused.error?.code).toBe('report_incomplete');
    expect((await call('getDraft', { kind: 'report', key: '2026-03-02' })).result).not.toBeNull();
    await call('submitReport', { date: '2026-03-02', items: [{ itemId: taskId, outcome: 'done', minutes: 25 }], kpis: [{ key: 'calls_total', target: 40, actual: 41 }] });
    expect((await call('getDraft', { kind: 'report', key: '2026-03-02' })).result).toBeNull();
  });

  it('deciding an idle gap clears the dialog’s draft', async () => {
    const { call, clock, agent, fakes } = await start('idle.db');
    await agent.clockIn();
    for (let t = 0; t < 70_000; t += 1000) {
      clock.advance(1000);
      await agent.tick();
    }
    fakes.idle.input();
    clock.advance(1000);
    await agent.tick();
    const [gap] = agent.pendingIdle();
    expect(gap).toBeDefined();
    await call('saveDraft', { kind: 'idle', key: gap!.gapId, base: 0, content: { decision: 'keep', label: 'meeting' } });
    expect(((await call('getDraft', { kind: 'idle', key: gap!.gapId })).result as { content: unknown }).content).toEqual({ decision: 'keep', label: 'meeting' });
    await call('resolveIdle', { decision: 'keep', label: 'meeting' });
    expect((await call('getDraft', { kind: 'idle', key: gap!.gapId })).result).toBeNull();
  });

  it('drops drafts nobody came back to for a month', async () => {
    const { call, planning, clock } = await start('prune.db');
    await call('saveDraft', { kind: 'plan', key: '2026-03-02', base: 0, content: plan });
    clock.advance(DRAFT_KEEP_MS - 1000);
    await call('saveDraft', { kind: 'plan', key: '2026-03-31', base: 0, content: plan });
    clock.advance(2000);
    expect(planning.drafts.prune(clock.now() - DRAFT_KEEP_MS)).toBe(1);
    expect((await call('getDraft', { kind: 'plan', key: '2026-03-02' })).result).toBeNull();
    expect((await call('getDraft', { kind: 'plan', key: '2026-03-31' })).result).not.toBeNull();
    expect((await call('discardDraft', { kind: 'plan', key: '2026-03-31' })).result).toEqual({ discarded: true });
    expect((await call('discardDraft', { kind: 'plan', key: '2026-03-31' })).result).toEqual({ discarded: false });
  });
});
