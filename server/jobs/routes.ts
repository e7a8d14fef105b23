// The admin's view of the queue: jobs by state (the dead letters with the remote system's own
// answer) and a retry that runs them again now.
import type { Kysely } from 'kysely';
import { integrationsApi, jobErrorCode, type Job } from '../../shared/integrations.ts';
import { requireSession } from '../auth/sessions.ts';
import type { HubApp, HubContext } from '../context.ts';
import type { DB } from '../db/schema.ts';
import { forbidden } from '../errors.ts';
import { contractRoute } from '../http/contract-route.ts';
import type { Integrations } from '../crm/integrations.ts';
import { retryDead, type JobRow } from './queue.ts';

/** What a person reads for a job: its kind in words and whom it concerns. */
async function titles(db: Kysely<DB>, jobs: JobRow[]): Promise<Map<string, string>> {
  const userIds = new Set<string>();
  for (const j of jobs) {
    const p = JSON.parse(j.payload) as { userId?: string };
    if (p.userId) userIds.add(p.userId);
  }
  const users = userIds.size ? await db.selectFrom('users').select(['id', 'email']).where('id', 'in', [...userIds]).execute() : [];
  const email = new Map(users.map((u) => [u.id, u.email]));
  const words: Record<string, string> = {
    'bitrix24.timeman': 'Work day to Bitrix24',
    'bitrix24.elapsed': 'Time on a Bitrix24 task',
    'bitrix24.report': 'Report to Bitrix24',
    'bitrix24.kpi': 'KPI figures from Bitrix24',
    'bitrix24.tasks': 'Open tasks from Bitrix24',
    'amocrm.report': 'Report to amoCRM',
    'amocrm.kpi': 'Calls from amoCRM',
    'amocrm.tasks': 'Open tasks from amoCRM',
    'webhook.emit': 'Webhook event',
    'webhook.deliver': 'Webhook delivery',
  };
  return new Map(
    jobs.map((j) => {
      const p = JSON.parse(j.payload) as { userId?: string; date?: string; action?: string; type?: string };
      const who = p.userId ? email.get(p.userId) ?? p.userId : null;
      const bits = [p.action, p.type, who, p.date].filter(Boolean).join(', ');
      return [j.id, `${words[j.kind] ?? j.kind}${bits ? ` (${bits})` : ''}`];
    }),
  );
}

/** A job that ended on purpose without sending says why in its result (`{ skipped }`). */
function skippedOf(j: JobRow): string | null {
  if (j.state !== 'done' || !j.result) return null;
  try {
    const r = JSON.parse(j.result) as { skipped?: unknown };
    return typeof r.skipped === 'string' ? r.skipped : null;
  } catch {
    return null;
  }
}

export function registerJobs(app: HubApp, ctx: HubContext, integrations: Integrations): void {
  const { db } = ctx;
  const admin = async (raw: Parameters<typeof requireSession>[1]) => {
    const { actor } = await requireSession(ctx, raw);
    if (actor.role !== 'admin') throw forbidden('Only an admin sees the job queue.');
    return actor;
  };

  contractRoute(app, integrationsApi.jobs, async ({ raw, query }) => {
    const actor = await admin(raw);
    let q = db.selectFrom('jobs').selectAll().where('org_id', '=', actor.orgId);
    if (query.state) q = q.where('state', '=', query.state);
    if (query.before !== undefined) q = q.where('updated_at', '<', query.before);
    const rows = await q.orderBy('updated_at', 'desc').limit(query.limit).execute();
    const named = await titles(db, rows);
    const counts = await db.selectFrom('jobs').select(['state', (eb) => eb.fn.countAll<number>().as('n')]).where('org_id', '=', actor.orgId).groupBy('state').execute();
    const jobs: Job[] = rows.map((j) => ({
      id: j.id,
      kind: j.kind,
      title: named.get(j.id)!,
      state: j.state,
      attempts: Number(j.attempts),
      maxAttempts: Number(j.max_attempts),
      runAt: Number(j.run_at),
      lastError: j.last_error,
      lastErrorCode: jobErrorCode(j.last_error_code),
      lastAnswer: j.last_answer,
      skipped: skippedOf(j),
      createdAt: Number(j.created_at),
      updatedAt: Number(j.updated_at),
    }));
    const count = (s: string) => Number(counts.find((c) => c.state === s)?.n ?? 0);
    return { jobs, counts: { queued: count('queued'), running: count('running'), done: count('done'), dead: count('dead') } };
  });

  contractRoute(app, integrationsApi.retryJobs, async ({ raw, body }) => {
    const actor = await admin(raw);
    const retried = await retryDead(db, actor.orgId, body.allDead ? 'all' : body.ids!, ctx.now());
    integrations.runner?.wake();
    return { retried };
  });
}
