// The agent's live path against a real hub process: its heartbeat puts "working now" on the
// lead's screen, and its event stream brings what the lead changes (targets, a
// review) within a second or two, where the timer would have taken minutes.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentClient } from '../main/cli/client.ts';
import type { AgentClient } from '../shared/api.ts';
import type { TeamNow } from '../shared/dashboard-api.ts';
import { uuidv7 } from '../shared/uuid.ts';
import { exited, startAgentProcess, zvit } from './cli.ts';
import { startHubProcess, type HubProcess } from './hub-process.ts';
import { tempDir } from './tmp.ts';

const dir = tempDir('zvit-live-agent-');
let hub: HubProcess;

beforeAll(async () => {
  hub = await startHubProcess(path.join(dir, 'hub'));
}, 60_000);
afterAll(() => hub?.stop());

/** Polls until `check` passes; returns how long it took (ms). The deadline is generous, never the point. */
async function within(check: () => Promise<boolean>, deadlineMs = 10_000): Promise<number> {
  const start = Date.now();
  while (!(await check())) {
    if (Date.now() - start > deadlineMs) throw new Error(`not within ${deadlineMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return Date.now() - start;
}

describe('the agent live', () => {
  it('heartbeat: the lead sees the state and label at once', async () => {
    const userId = await hub.addManager('iryna@example.com');
    const dataDir = path.join(dir, 'heartbeat');
    const agent = await startAgentProcess(dataDir, [], { ...process.env, DISPLAY: '' });
    try {
      await zvit(['enroll', '--hub', hub.url, '--code', await hub.code('iryna@example.com'), '--data-dir', dataDir]);
      const call: AgentClient = agentClient(dataDir);
      const member = async () => (await hub.admin<TeamNow>('GET', '/api/v1/team-now')).members.find((m) => m.user.id === userId);
      await call('clockIn', {});
      await call('setLabel', { label: 'call' });
      await within(async () => (await member())?.state === 'working' && (await member())?.label === 'call');
      await call('startBreak', {});
      await within(async () => (await member())?.state === 'break');
    } finally {
      agent.kill('SIGTERM');
      await exited(agent);
    }
  }, 90_000);

  it('targets and a returned report reach the running agent within seconds, over the event stream', async () => {
    const userId = await hub.addManager('bohdan@example.com');
    const dataDir = path.join(dir, 'stream');
    const agent = await startAgentProcess(dataDir, [], { ...process.env, DISPLAY: '' });
    try {
      await zvit(['enroll', '--hub', hub.url, '--code', await hub.code('bohdan@example.com'), '--data-dir', dataDir]);
      const call: AgentClient = agentClient(dataDir);
      await within(async () => (await call('status', {})).sync.lastSuccessAt !== null);
      // Let the first pull and the stream's opening settle, so what follows is new to the agent.
      await new Promise((r) => setTimeout(r, 1500));

      // Targets: on the timer they would come at the next 5-minute pull.
      await hub.admin('PUT', `/api/v1/users/${userId}/targets`, { targets: [{ key: 'calls_total', period: 'day', value: 40 }] });
      const targetsMs = await within(async () => (await call('getPlan', {})).targets.calls_total === 40);

      await call('clockIn', {});
      const item = { id: uuidv7(), title: 'Зустріч із «Будмайстром»', crm: null, priority: 1 as const, estimateMin: 30, carriedFrom: null };
      const { date } = await call('savePlan', { date: (await call('status', {})).today.date, items: [item] });
      const filed = await call('submitReport', { date, items: [{ itemId: item.id, outcome: 'done', minutes: 30 }], kpis: [{ key: 'calls_total', target: 40, actual: 41 }] });
      await within(async () => (await call('status', {})).sync.waiting === 0, 20_000);

      await hub.admin('POST', `/api/v1/reports/${filed.report!.revisions[0]!.reportId}/review`, { status: 'returned', comment: 'Додай суму КП' });
      const returnedMs = await within(async () => (await call('getReport', { date })).report?.status === 'returned');
      expect(await call('prompts', {})).toContainEqual({ kind: 'report', date, overdue: false, returned: true, comment: 'Додай суму КП' });
      console.log(`the agent had the lead's targets after ${targetsMs} ms and the returned report after ${returnedMs} ms`);
    } finally {
      agent.kill('SIGTERM');
      await exited(agent);
    }
  }, 90_000);
});
