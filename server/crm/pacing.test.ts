// The CRM account's rate is shared by every hub instance: two instances on one database (each
// with its own connections) take turns on a Bitrix24 portal whose leaky bucket refuses past its
// plan's burst, and the portal refuses nothing. A portal's 429 with Retry-After holds back the
// next request to that account, whichever instance sends it. Time is the test's clock, moved by
// the runners' sleeps, so the pacing is exercised without waiting.
import { afterEach, describe, expect, it } from 'vitest';
import type { Hub } from '../app.ts';
import { enqueue } from '../jobs/queue.ts';
import { B24 } from './bitrix24/jobs.ts';
import { crmAccount } from './connectors.ts';
import { crmWorld, type CrmWorld } from './testing/world.ts';

let w: CrmWorld;
afterEach(async () => {
  await w?.close();
});

/** n open-task pulls for the organization, due now (one request each: its calls go in one batch). */
async function pulls(w: CrmWorld, n: number): Promise<void> {
  const orgId = w.world.orgA;
  for (let i = 0; i < n; i++) await enqueue(w.t.hub.database.db, { kind: B24.tasks, account: crmAccount(orgId), orgId, payload: { orgId } }, w.t.clock.now);
}

async function jobStates(hub: Hub) {
  const rows = await hub.database.db.selectFrom('jobs').select('state').execute();
  return rows.reduce<Record<string, number>>((m, r) => ({ ...m, [r.state]: (m[r.state] ?? 0) + 1 }), {});
}

const PLANS = [
  { plan: 'standard' as const, rate: 2, burst: 50 },
  { plan: 'enterprise' as const, rate: 5, burst: 250 },
];

describe('Bitrix24 pacing shared by hub instances', () => {
  for (const p of PLANS) {
    it(`${p.plan} plan (${p.rate} req/s, bursts of ${p.burst}): two instances draining one portal's jobs stay within its bucket`, async () => {
      // One job per claim, so every job is a request or two of its own and the bucket fills.
      w = await crmWorld({ fake: { rate: p.rate, burst: p.burst }, connector: { options: { plan: p.plan, tasksEveryMinutes: 0 } } as never, claimLimit: 1 });
      const a = w.t.hub.integrations.runner!;
      const second = await w.secondHub();
      const b = second.integrations.runner!;
      const start = w.t.clock.now;
      const before = w.fake.requests(); // matching users asked the portal directly, outside the queue

      // The first instance fills the bucket...
      await pulls(w, p.burst + 10);
      await a.drain();
      expect(w.fake.requests()).toBeGreaterThan(p.burst);
      // ...the second takes over where it left off (not from an empty bucket)...
      await pulls(w, 20);
      await b.drain();
      // ...and both at once.
      await pulls(w, 40);
      await Promise.all([a.drain(), b.drain()]);

      expect(w.fake.limited).toBe(0);
      expect(w.fake.log.filter((l) => l.status !== 200)).toEqual([]);
      // Ours, and the pull that saving the connector queued.
      expect(await jobStates(w.t.hub)).toEqual({ done: p.burst + 71 });
      // What went past the burst went at the plan's rate.
      const requests = w.fake.requests() - before;
      expect(w.t.clock.now - start).toBeGreaterThanOrEqual(((requests - p.burst) / p.rate) * 1000 - 1000);
      const row = await w.t.hub.database.db.selectFrom('job_accounts').select(['rate', 'burst', 'requests']).where('account', '=', crmAccount(w.world.orgA)).executeTakeFirstOrThrow();
      expect([Number(row.rate), Number(row.burst), Number(row.requests)]).toEqual([p.rate, p.burst, requests]);
    }, 150_000);
  }
});

describe('Bitrix24 429 with Retry-After', () => {
  for (const code of ['QUERY_LIMIT_EXCEEDED', 'OPERATION_TIME_LIMIT']) {
    it(`(${code}) the next request to the account, from either instance, waits at least Retry-After`, async () => {
      w = await crmWorld({ connector: { options: { tasksEveryMinutes: 0 } } as never, claimLimit: 1 });
      const second = await w.secondHub();
      await pulls(w, 1);
      w.fake.faults.tooMany = { times: 1, retryAfterSec: 90, code };
      await w.drain();
      await pulls(w, 3);
      await second.integrations.runner!.drain();
      await w.drain();
      const refused = w.fake.log.findIndex((l) => l.status === 429);
      expect(refused).toBeGreaterThanOrEqual(0);
      // Longer than the hub's own 60 s default for a 429 without the header: the header decides.
      const next = w.fake.log[refused + 1]!;
      expect(next.at - w.fake.log[refused]!.at).toBeGreaterThanOrEqual(90_000);
      expect(w.fake.log.filter((l) => l.status !== 200)).toHaveLength(1);
      expect(await jobStates(w.t.hub)).toEqual({ done: 5 }); // with the pull saving the connector queued
    });
  }
});
