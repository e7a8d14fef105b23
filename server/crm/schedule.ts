// The recurring CRM job: each connector's open-task pull, every `tasksEveryMinutes`. Once a
// minute each instance makes sure the job is queued when it is due; the dedupe key makes that
// idempotent across instances (one job per organization, whoever enqueues it). The same timer
// prunes finished jobs, and once an hour the CRM ids no job or correction will need again.
import type { Kysely } from 'kysely';
import { ConnectorOptionsSchema } from '../../shared/integrations.ts';
import type { DB } from '../db/schema.ts';
import { enqueue, pruneDone } from '../jobs/queue.ts';
import type { Logger } from '../jobs/runner.ts';
import { AMO } from './amocrm/jobs.ts';
import { B24 } from './bitrix24/jobs.ts';
import { crmAccount } from './connectors.ts';
import { pruneWrites } from './store.ts';

export async function enqueueDueTaskPulls(db: Kysely<DB>, now: number): Promise<number> {
  const connectors = await db.selectFrom('crm_connectors').select(['org_id', 'kind', 'options', 'enabled', 'status']).where('enabled', '=', 1).execute();
  let n = 0;
  for (const c of connectors) {
    const every = ConnectorOptionsSchema.parse(JSON.parse(c.options)).tasksEveryMinutes;
    if (!every || c.status === 'awaiting_install' || c.status === 'disconnected') continue;
    const key = `tasks:${c.org_id}`;
    const job = await db.selectFrom('jobs').select(['state', 'done_at', 'updated_at']).where('dedupe_key', '=', key).executeTakeFirst();
    const last = job ? Number(job.done_at ?? job.updated_at) : 0;
    if (job && (job.state === 'queued' || job.state === 'running')) continue;
    if (job && now - last < every * 60_000) continue;
    await enqueue(db, { kind: c.kind === 'bitrix24' ? B24.tasks : AMO.tasks, account: crmAccount(c.org_id), orgId: c.org_id, payload: { orgId: c.org_id }, dedupeKey: key }, now);
    n++;
  }
  return n;
}

/** How often an instance forgets CRM ids nothing will need again (store.ts, pruneWrites). */
const PRUNE_WRITES_EVERY_MS = 3600_000;

/** Runs `fn` every `ms`; tests pass their own to drive the schedule by hand. */
export type Every = (fn: () => void, ms: number) => { stop(): void };

const realEvery: Every = (fn, ms) => {
  const timer = setInterval(fn, ms);
  timer.unref();
  return { stop: () => clearInterval(timer) };
};

/** Once a minute: due task pulls enqueued, old jobs pruned. `tick` runs one round now. */
export function scheduleRecurring(db: Kysely<DB>, now: () => number, wake: () => void, log?: Pick<Logger, 'warn'>, every: Every = realEvery): { stop(): void; tick(): Promise<void> } {
  let prunedWritesAt = 0;
  const tick = async () => {
    try {
      if (await enqueueDueTaskPulls(db, now())) wake();
      await pruneDone(db, now());
      if (now() - prunedWritesAt >= PRUNE_WRITES_EVERY_MS) {
        prunedWritesAt = now();
        await pruneWrites(db, now());
      }
    } catch (error) {
      log?.warn({ err: error }, 'scheduling CRM task pulls failed');
    }
  };
  const timer = every(() => void tick(), 60_000);
  return { stop: () => timer.stop(), tick };
}
