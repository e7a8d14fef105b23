// Webhook events. Raising one (inside the transaction of the write that causes it) enqueues a
// small fan-out job; that job builds the body once from what is stored, writes one delivery per
// subscribed endpoint with its own id (the webhook-id every attempt repeats) and the exact bytes
// to sign, and enqueues each delivery on its endpoint's account.
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { isMissed } from '../../shared/kpi.ts';
import { ReportInputSchema } from '../../shared/plan.ts';
import { summarizeDay } from '../../shared/days.ts';
import { sessionsOf } from '../../shared/working-days.ts';
import { dayBounds } from '../../shared/time.ts';
import { deriveSegments, type WorkEvent } from '../../shared/worktime.ts';
import { WebhookEventDataSchemas, type WebhookEventType } from '../../shared/integrations.ts';
import type { DB } from '../db/schema.ts';
import { LOCAL_RETRY } from '../jobs/backoff.ts';
import { enqueue } from '../jobs/queue.ts';
import { JobError, type JobHandler } from '../jobs/runner.ts';
import { teamKpis } from '../team-kpis.ts';
import { actualsFor } from '../crm/store.ts';

export const EMIT = 'webhook.emit';
export const DELIVER = 'webhook.deliver';

export interface EmitPayload {
  type: WebhookEventType | 'webhook.test';
  refs: Record<string, unknown>;
  at: number;
  /** Only this endpoint (a test event). */
  endpointId?: string;
}

/** Raises an event if any endpoint of the organization listens; returns the jobs enqueued. */
export async function emitEvent(tx: Kysely<DB>, orgId: string, type: WebhookEventType, refs: Record<string, unknown>, now: number): Promise<number> {
  const listening = await tx.selectFrom('webhook_endpoints').select(['events']).where('org_id', '=', orgId).where('enabled', '=', 1).execute();
  if (!listening.some((e) => (JSON.parse(e.events) as string[]).includes(type))) return 0;
  await enqueue(tx, { kind: EMIT, account: `local:${orgId}`, orgId, payload: { type, refs, at: now } satisfies EmitPayload }, now);
  return 1;
}

const iso = (ms: number) => new Date(ms).toISOString();

async function userRef(db: Kysely<DB>, id: string) {
  const u = await db.selectFrom('users').select(['id', 'email', 'team_id']).where('id', '=', id).executeTakeFirst();
  if (!u) throw new JobError('permanent', 'hub_data_missing', `The user ${id} no longer exists.`);
  return u;
}

async function reportData(db: Kysely<DB>, revisionId: string) {
  const rev = await db.selectFrom('report_revisions').selectAll().where('id', '=', revisionId).executeTakeFirst();
  if (!rev) throw new JobError('permanent', 'hub_data_missing', `The report revision ${revisionId} is not stored.`);
  const content = ReportInputSchema.parse({ date: rev.date, ...(JSON.parse(rev.content) as object) });
  const plan = await db.selectFrom('day_plans').select('content').where('user_id', '=', rev.user_id).where('date', '=', rev.date).orderBy('revision', 'desc').executeTakeFirst();
  const items = new Map(((plan ? (JSON.parse(plan.content) as { items?: { id: string; title: string; crm?: { system: string; id: string } | null }[] }).items : []) ?? []).map((i) => [i.id, i]));
  const user = await userRef(db, rev.user_id);
  const definitions = new Map((await teamKpis(db, user.team_id)).map((d) => [d.key, d]));
  const crm = new Map((await actualsFor(db, rev.user_id, { from: rev.date, to: rev.date })).map((a) => [a.key, a.value]));
  const kpis = content.kpis.map((k) => ({ key: k.key, target: k.target, actual: k.actual, crmActual: crm.get(k.key) ?? null, reason: k.reason, reasonText: k.reasonText, missed: definitions.get(k.key) ? isMissed(definitions.get(k.key)!, k.target, k.actual) : false }));
  return { rev, content, items, user, kpis };
}

const strip = <T extends { missed: boolean }>(k: T) => {
  const { missed: _missed, ...rest } = k;
  return rest;
};

/** The event's `data`, built from what the hub stores (schemas in shared/integrations.ts). */
async function buildData(db: Kysely<DB>, p: EmitPayload): Promise<unknown> {
  const r = p.refs;
  switch (p.type) {
    case 'report.submitted': {
      const { rev, content, items, user, kpis } = await reportData(db, String(r.reportRevisionId));
      return {
        user: { id: user.id, email: user.email },
        date: rev.date,
        reportId: rev.report_id,
        revision: rev.revision,
        submittedAt: Number(rev.submitted_at),
        items: content.items.map((i) => {
          const item = items.get(i.itemId);
          return { itemId: i.itemId, title: item?.title ?? '', outcome: i.outcome, minutes: i.minutes, comment: i.comment, crm: item?.crm ? { system: item.crm.system, id: item.crm.id } : null };
        }),
        unplanned: content.unplanned.map((u) => ({ title: u.title, minutes: u.minutes, comment: u.comment })),
        kpis: kpis.map(strip),
        blockers: content.blockers,
        note: content.note,
      };
    }
    case 'kpi.missed': {
      const { rev, user, kpis } = await reportData(db, String(r.reportRevisionId));
      return { user: { id: user.id, email: user.email }, date: rev.date, reportId: rev.report_id, kpis: kpis.filter((k) => k.missed).map(strip) };
    }
    case 'report.reviewed': {
      const review = await db.selectFrom('report_reviews').selectAll().where('report_id', '=', String(r.reportId)).executeTakeFirst();
      if (!review) throw new JobError('permanent', 'hub_data_missing', `The review of report ${String(r.reportId)} is not stored.`);
      const user = await userRef(db, review.user_id);
      const by = await userRef(db, review.reviewed_by);
      return { user: { id: user.id, email: user.email }, date: review.date, reportId: review.report_id, status: review.status, comment: review.comment, reviewedBy: { id: by.id, email: by.email }, reviewedAt: Number(review.reviewed_at) };
    }
    case 'plan.submitted': {
      const plan = await db.selectFrom('day_plans').selectAll().where('id', '=', String(r.planId)).executeTakeFirst();
      if (!plan) throw new JobError('permanent', 'hub_data_missing', `The plan ${String(r.planId)} is not stored.`);
      const user = await userRef(db, plan.user_id);
      const c = JSON.parse(plan.content) as { items: { id: string; title: string; priority: number; estimateMin: number; crm?: { system: string; id: string } | null }[]; commitments?: Record<string, number> };
      return {
        user: { id: user.id, email: user.email },
        date: plan.date,
        revision: plan.revision,
        submittedAt: Number(plan.submitted_at),
        items: c.items.map((i) => ({ id: i.id, title: i.title, priority: i.priority, estimateMin: i.estimateMin, crm: i.crm ? { system: i.crm.system, id: i.crm.id } : null })),
        commitments: c.commitments ?? {},
      };
    }
    case 'day.closed': {
      const userId = String(r.userId);
      const date = String(r.date);
      const zone = String(r.zone);
      const dayStart = String(r.dayStart);
      const clockOutAt = Number(r.clockOutAt);
      const user = await userRef(db, userId);
      const { from, to } = dayBounds(date, zone, dayStart);
      const rows = await db.selectFrom('work_events').selectAll().where('user_id', '=', userId).where('at', '>=', from - 24 * 3600_000).where('at', '<=', clockOutAt).orderBy('at').execute();
      const events: WorkEvent[] = rows.map((e) => ({ id: e.id, kind: e.event as WorkEvent['kind'], at: Number(e.at), zone: e.zone, mono: Number(e.mono), ...(e.data ? { data: JSON.parse(e.data) as WorkEvent['data'] } : {}) }));
      const decisions = await db.selectFrom('idle_decisions').selectAll().where('user_id', '=', userId).where('at', '>=', from).execute();
      // The session closed by this clock-out counts whole on the day it started on.
      const summary = summarizeDay({ date, zone, dayStart, segments: deriveSegments(events, clockOutAt), decisions: decisions.map((d) => ({ gapId: d.gap_id, decision: d.decision as 'keep' | 'break' | 'discard', ...(d.label ? { label: d.label } : {}) })), spans: [], sessions: sessionsOf(events), now: clockOutAt });
      const firstIn = events.find((e) => e.kind === 'clock_in' && e.at >= from && e.at < to);
      return {
        user: { id: user.id, email: user.email },
        date,
        zone,
        clockedInAt: firstIn?.at ?? null,
        clockedOutAt: clockOutAt,
        workedMs: summary.workedMs,
        breakMs: summary.breakMs,
        idleMs: summary.idle.keptMs + summary.idle.breakMs + summary.idle.discardedMs + summary.idle.pendingMs,
      };
    }
    case 'webhook.test':
      return { message: 'A test event from Zvit. If you can read this, the endpoint works.' };
  }
}

export const emitJob: JobHandler<EmitPayload, unknown> = {
  kind: EMIT,
  retry: LOCAL_RETRY,
  async run({ job, payload: p, db, now }) {
    const orgId = job.org_id!;
    const data = await buildData(db, p);
    if (p.type !== 'webhook.test') WebhookEventDataSchemas[p.type].parse(data);
    // The exact bytes every attempt sends and signs.
    const body = JSON.stringify({ type: p.type, timestamp: iso(p.at), data });
    let q = db.selectFrom('webhook_endpoints').select(['id', 'events']).where('org_id', '=', orgId).where('enabled', '=', 1);
    if (p.endpointId) q = q.where('id', '=', p.endpointId);
    const endpoints = (await q.execute()).filter((e) => p.type === 'webhook.test' || (JSON.parse(e.events) as string[]).includes(p.type));
    const t = now();
    for (const e of endpoints) {
      // Made from this job and the endpoint, so a rerun of this job finds the same deliveries.
      const id = `msg_${createHash('sha256').update(`${job.id}/${e.id}`).digest('base64url').slice(0, 27)}`;
      await db.transaction().execute(async (tx) => {
        await tx
          .insertInto('webhook_deliveries')
          .values({ id, endpoint_id: e.id, org_id: orgId, event_type: p.type, body, state: 'pending', attempts: 0, last_status: null, last_error: null, last_error_code: null, last_attempt_at: null, delivered_at: null, created_at: t })
          .onConflict((oc) => oc.column('id').doNothing())
          .execute();
        await enqueue(tx, { kind: DELIVER, account: `webhook:${e.id}`, orgId, payload: { deliveryId: id }, dedupeKey: `deliver:${id}`, maxAttempts: 10 }, t);
      });
    }
    return { deliveries: endpoints.length };
  },
};
