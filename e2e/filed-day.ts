// A real hub process and a real agent (desk.ts) for each test, and a manager's day filed through
// the agent: enrolled with a code from the hub, clocked in, a one-task plan, clocked out, the
// report submitted and synced. The review loop is tested from both ends on top of this.
import { expect, test } from '@playwright/test';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { SyncStatus } from '../shared/api.ts';
import { startHubProcess, type HubProcess } from '../test/hub-process.ts';
import { openDesk, type Desk } from './desk.ts';

export interface HubAndDesk {
  hub: HubProcess;
  desk: Desk;
}

/** Starts a hub and an agent before each test of the file and stops both after it. */
export function hubAndDeskPerTest(): HubAndDesk {
  const ctx = {} as HubAndDesk;
  let dir = '';
  test.beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zvit-e2e-hub-'));
    ctx.hub = await startHubProcess(dir);
    ctx.desk = await openDesk({ schedule: { days: [] } });
  });
  test.afterEach(async () => {
    await ctx.desk?.stop();
    await ctx.hub?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  return ctx;
}

/** Waits until the agent has nothing left to send. */
export async function synced(desk: Desk): Promise<void> {
  await expect.poll(async () => (await desk.api('status', {})).sync.waiting, { timeout: 20_000 }).toBe(0);
}

/** The manager `email` files today through the agent: a plan of one task and its report. */
export async function fileDay({ hub, desk }: HubAndDesk, day: { email: string; task: string; comment: string }): Promise<{ date: string; itemId: string; reportId: string }> {
  await hub.addManager(day.email);
  await desk.cliJson<SyncStatus>(['enroll', '--hub', hub.url, '--code', await hub.code(day.email)]);
  await desk.api('clockIn', {});
  const date = (await desk.api('status', {})).today.date;
  const itemId = randomUUID();
  await desk.api('savePlan', { date, items: [{ id: itemId, title: day.task }] });
  await desk.api('clockOut', {});
  const filed = await desk.api('submitReport', { date, items: [{ itemId, outcome: 'done', comment: day.comment, minutes: 20 }] });
  await synced(desk);
  return { date, itemId, reportId: filed.report!.revisions[0]!.reportId };
}
