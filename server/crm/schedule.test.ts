// The repeating open-task pull (schedule.ts), driven by hand on the test's clock: it comes again
// every `tasksEveryMinutes` (not before), brings tasks and deals added in Bitrix24 since, drops the
// ones closed there, and the manager's agent gets the new list with its next pull.
import { afterEach, describe, expect, it } from 'vitest';
import type { PullResponse } from '../../shared/sync.ts';
import { scheduleRecurring } from './schedule.ts';
import { crmWorld, type CrmWorld } from './testing/world.ts';

let w: CrmWorld;
let stop = () => {};
afterEach(async () => {
  stop();
  await w?.close();
});

const MIN = 60_000;

describe('the repeating CRM task pull', () => {
  it('repeats at the configured interval, picks up what was added, drops what was closed, and hands it to the agent', async () => {
    w = await crmWorld({ connector: { options: { tasksEveryMinutes: 30 } } as never });
    const { fake, ids, m1 } = w;
    const runner = w.t.hub.integrations.runner!;
    let wakes = 0;
    const intervals: number[] = [];
    const schedule = scheduleRecurring(w.t.hub.database.db, () => w.t.clock.now, () => wakes++, undefined, (_fn, ms) => {
      intervals.push(ms);
      return { stop() {} };
    });
    stop = schedule.stop;
    expect(intervals).toEqual([MIN]);
    const round = async (at: number) => {
      w.t.clock.now = at;
      await schedule.tick();
      await runner.drain();
    };
    const titles = async (cursor?: string) => {
      const pull = (await m1.pull(cursor)).json() as PullResponse;
      return { cursor: pull.cursor, tasks: pull.crm?.tasks?.map((t) => `${t.kind}:${t.title}`).sort() ?? null };
    };

    const first = fake.addTask('Call the client', ids.m1);
    const start = w.t.clock.now;
    await round(start); // the first pull, which connecting queued (the schedule adds no second one)
    const p0 = await titles();
    expect(p0.tasks).toEqual(['task:Call the client']);
    const pulls = () => fake.methodCalls.get('tasks.task.list') ?? 0;
    const after0 = pulls();

    // Added and closed in Bitrix24 meanwhile; before the interval nothing is pulled.
    const second = fake.addTask('Send the offer', ids.m1);
    fake.deals.set(9001, { ID: 9001, TITLE: 'ТОВ «Ромашка»', ASSIGNED_BY_ID: ids.m1, CLOSED: 'N', STAGE_SEMANTIC_ID: 'P', CLOSEDATE: '2026-03-20T00:00:00+02:00', CATEGORY_ID: 0 });
    fake.tasks.get(first)!.REAL_STATUS = 5;
    for (const m of [1, 10, 29]) await round(start + m * MIN);
    expect(pulls()).toBe(after0);
    expect((await titles(p0.cursor)).tasks).toBeNull();

    await round(start + 30 * MIN);
    expect(pulls()).toBeGreaterThan(after0);
    const p1 = await titles(p0.cursor);
    expect(p1.tasks).toEqual(['deal:ТОВ «Ромашка»', 'task:Send the offer']);

    // And again 30 minutes after that one finished, not sooner.
    fake.tasks.get(second)!.REAL_STATUS = 5;
    fake.addTask('Prepare the contract', ids.m1);
    const after1 = pulls();
    await round(start + 59 * MIN);
    expect(pulls()).toBe(after1);
    await round(start + 60 * MIN);
    expect(pulls()).toBeGreaterThan(after1);
    expect((await titles(p1.cursor)).tasks).toEqual(['deal:ТОВ «Ромашка»', 'task:Prepare the contract']);
    expect(wakes).toBe(2);
  });
});
