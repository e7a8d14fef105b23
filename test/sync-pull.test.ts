// What the hub hands down takes effect in the running agent: the team's policy and the lead's
// targets, and reviews — a returned report reopens with the lead's comment, an approved one locks.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentClient } from '../main/cli/client.ts';
import type { ApiError} from '../shared/api.ts';
import { type AgentClient, type AgentStatus } from '../shared/api.ts';
import { uuidv7 } from '../shared/uuid.ts';
import { exited, startAgentProcess, zvit, zvitJson } from './cli.ts';
import { startHubProcess, type HubProcess } from './hub-process.ts';
import { tempDir } from './tmp.ts';

const dir = tempDir('zvit-pull-');
let hub: HubProcess;

beforeAll(async () => {
  hub = await startHubProcess(path.join(dir, 'hub'));
}, 60_000);
afterAll(() => hub?.stop());

describe('pull from the hub', () => {
  it('applies policy, targets and reviews in the running agent', async () => {
    const userId = await hub.addManager('taras@example.com');
    const teams = await hub.admin<{ teams: { id: string; name: string }[] }>('GET', '/api/v1/teams');
    const team = teams.teams.find((t) => t.name === 'Sales')!;
    await hub.admin('PUT', `/api/v1/teams/${team.id}/policy`, { idleThresholdSec: 120, titles: { capture: 'off' } });
    await hub.admin('PUT', `/api/v1/users/${userId}/targets`, { targets: [{ key: 'calls_total', period: 'day', value: 50 }] });

    const dataDir = path.join(dir, 'agent');
    const agent = await startAgentProcess(dataDir, [], { ...process.env, DISPLAY: '' });
    try {
      const enrolled = await zvit(['enroll', '--hub', hub.url, '--code', await hub.code('taras@example.com'), '--data-dir', dataDir]);
      expect(enrolled.stdout).toMatch(/Enrolled with .* as taras@example.com/);
      const call: AgentClient = agentClient(dataDir);
      await expect.poll(async () => (await call('status', {})).policy.idleThresholdSec, { timeout: 10_000 }).toBe(120);
      expect((await call('status', {})).policy.titles).toBe('off');
      expect((await call('getPlan', {})).targets).toEqual({ calls_total: 50 });

      await call('clockIn', {});
      const item = { id: uuidv7(), title: 'Зателефонувати в «Ромашку»', crm: null, priority: 1 as const, estimateMin: 20, carriedFrom: null };
      const { date } = await call('savePlan', { date: (await call('status', {})).today.date, items: [item] });
      await call('clockOut', {});
      const filed = await call('submitReport', {
        date,
        items: [{ itemId: item.id, outcome: 'done', minutes: 20 }],
        kpis: [{ key: 'calls_total', target: 50, actual: 50 }],
      });
      const reportId = filed.report!.revisions[0]!.reportId;
      expect((await zvitJson<AgentStatus>(['status', '--data-dir', dataDir])).sync.lastError).toBeNull();
      await zvit(['sync', '--data-dir', dataDir]);
      // The device's clock, as the agent measured it against the hub, is kept with its records.
      const { devices } = await hub.admin<{ devices: { clockOffsetMs: number | null }[] }>('GET', `/api/v1/users/${userId}/devices`);
      expect(typeof devices[0]?.clockOffsetMs).toBe('number');
      expect(Math.abs(devices[0]!.clockOffsetMs!)).toBeLessThan(5000);

      await hub.admin('POST', `/api/v1/reports/${reportId}/review`, { status: 'returned', comment: 'Додай, що саме обіцяв клієнт' });
      await zvit(['sync', '--data-dir', dataDir]);
      const returned = await call('getReport', { date });
      expect(returned.report?.status).toBe('returned');
      expect(returned.report?.reviewComment).toBe('Додай, що саме обіцяв клієнт');
      expect(returned.editable).toBe(true);
      expect(await call('prompts', {})).toContainEqual({ kind: 'report', date, overdue: false, returned: true, comment: 'Додай, що саме обіцяв клієнт' });

      await call('submitReport', { ...returned.prefill, note: 'Клієнт чекає КП до четверга' });
      await zvit(['sync', '--data-dir', dataDir]);
      await hub.admin('POST', `/api/v1/reports/${reportId}/review`, { status: 'approved' });
      await zvit(['sync', '--data-dir', dataDir]);
      const approved = await call('getReport', { date });
      expect(approved.report?.status).toBe('approved');
      expect(approved.editable).toBe(false);
      await expect(call('submitReport', { ...returned.prefill, note: 'late edit' })).rejects.toMatchObject({ code: 'report_locked' } satisfies Partial<ApiError>);
    } finally {
      agent.kill('SIGTERM');
      await exited(agent);
    }
  }, 90_000);

  it('learns of a review within seconds while a filed report waits for one, without being asked to sync', async () => {
    await hub.addManager('olena@example.com');
    const dataDir = path.join(dir, 'waiting');
    const agent = await startAgentProcess(dataDir, [], { ...process.env, DISPLAY: '' });
    try {
      await zvit(['enroll', '--hub', hub.url, '--code', await hub.code('olena@example.com'), '--data-dir', dataDir]);
      const call: AgentClient = agentClient(dataDir);
      await call('clockIn', {});
      const item = { id: uuidv7(), title: 'Надіслати КП «Будмайстер»', crm: null, priority: 2 as const, estimateMin: 30, carriedFrom: null };
      const { date } = await call('savePlan', { date: (await call('status', {})).today.date, items: [item] });
      const filed = await call('submitReport', { date, items: [{ itemId: item.id, outcome: 'done', minutes: 30 }] });
      // The report reaches the hub by itself (the outbox sends writes as they settle).
      await expect.poll(async () => (await call('status', {})).sync.waiting, { timeout: 15_000 }).toBe(0);
      await hub.admin('POST', `/api/v1/reports/${filed.report!.revisions[0]!.reportId}/review`, { status: 'returned', comment: 'Додай суму КП' });
      const reviewedAt = Date.now();
      // No `zvit sync`: the agent pulls often while a report waits (every 15 s, not every 5 min).
      await expect
        .poll(async () => (await call('prompts', {})).find((p) => p.kind === 'report'), { timeout: 30_000, interval: 500 })
        .toEqual({ kind: 'report', date, overdue: false, returned: true, comment: 'Додай суму КП' });
      expect(Date.now() - reviewedAt).toBeLessThan(20_000);
    } finally {
      agent.kill('SIGTERM');
      await exited(agent);
    }
  }, 90_000);
});
