// Jobs caused by what an agent pushes, enqueued inside the push's own transaction: either both the
// records and their jobs are stored, or neither. Clock-in, break, resume and clock-out mirror the
// work day; a report sends its message, the time on linked tasks and a fresh KPI pull; each
// also raises the webhook events the organization's endpoints subscribe to.
import type { Kysely } from 'kysely';
import { isMissed, type KpiDefinition } from '../../shared/kpi.ts';
import type { SyncRecordOf } from '../../shared/sync.ts';
import { localDateOf } from '../../shared/time.ts';
import { ConnectorOptionsSchema, parseCrmLinkId } from '../../shared/integrations.ts';
import type { DB } from '../db/schema.ts';
import { enqueue } from '../jobs/queue.ts';
import { settingsFor } from '../settings.ts';
import { teamKpis } from '../team-kpis.ts';
import { emitEvent } from '../webhooks/events.ts';
import { AMO } from './amocrm/jobs.ts';
import { B24, type ElapsedPayload, type KpiPayload, type TimemanPayload } from './bitrix24/jobs.ts';
import { crmAccount } from './connectors.ts';

export interface Stored {
  orgId: string;
  userId: string;
  teamId: string | null;
  workEvents: SyncRecordOf<'work_event'>[];
  plans: SyncRecordOf<'day_plan'>[];
  reports: SyncRecordOf<'report_revision'>[];
}

const ACTIONS: Partial<Record<SyncRecordOf<'work_event'>['event'], TimemanPayload['action']>> = { clock_in: 'open', break: 'pause', resume: 'resume', clock_out: 'close' };

/** Called by push inside its transaction with the records it newly stored. */
export async function onRecordsStored(tx: Kysely<DB>, s: Stored, now: number): Promise<number> {
  const events = s.workEvents.filter((e) => ACTIONS[e.event]);
  if (!events.length && !s.plans.length && !s.reports.length) return 0;
  let jobs = 0;
  const connector = await tx.selectFrom('crm_connectors').select(['kind', 'enabled', 'options']).where('org_id', '=', s.orgId).executeTakeFirst();
  const options = connector ? ConnectorOptionsSchema.parse(JSON.parse(connector.options)) : null;
  const account = crmAccount(s.orgId);
  const crm = connector?.kind ?? null;
  const dayStart = events.some((e) => e.event === 'clock_out') || s.reports.length ? (await settingsFor(tx, s.userId)).policy.dayStart : '04:00';
  const base = { account, orgId: s.orgId };

  for (const e of events) {
    const action = ACTIONS[e.event]!;
    if (crm === 'bitrix24' && options?.sendWorkday) {
      const payload: TimemanPayload = { userId: s.userId, eventId: e.id, action, at: e.at, zone: e.zone };
      await enqueue(tx, { ...base, kind: B24.timeman, payload, dedupeKey: `timeman:${e.id}`, groupKey: `timeman:${s.userId}` }, now);
      jobs++;
    }
    if (action === 'open' && crm && options && options.tasksEveryMinutes > 0) {
      // The plan is asked at the first clock-in: bring the manager's CRM tasks up to date for it.
      await enqueue(tx, { ...base, kind: crm === 'bitrix24' ? B24.tasks : AMO.tasks, payload: { orgId: s.orgId }, dedupeKey: `tasks:${s.orgId}` }, now);
      jobs++;
    }
    if (action === 'close') {
      // The day a session closes is the day it started on (shared/working-days.ts): a night
      // from 20:00 to 05:00 closes the evening's day, not the morning's.
      const opened = await tx.selectFrom('work_events').select('at').where('user_id', '=', s.userId).where('event', '=', 'clock_in').where('id', '<', e.id).orderBy('id', 'desc').limit(1).executeTakeFirst();
      const date = localDateOf(opened && Number(opened.at) <= e.at ? Number(opened.at) : e.at, e.zone, dayStart);
      if (crm && options?.pullKpis) {
        const payload: KpiPayload = { userId: s.userId, date, zone: e.zone, dayStart };
        await enqueue(tx, { ...base, kind: crm === 'bitrix24' ? B24.kpi : AMO.kpi, payload, dedupeKey: `kpi:${s.userId}:${date}` }, now);
        jobs++;
      }
      jobs += await emitEvent(tx, s.orgId, 'day.closed', { userId: s.userId, date, zone: e.zone, dayStart, clockOutAt: e.at }, now);
    }
  }

  for (const p of s.plans) jobs += await emitEvent(tx, s.orgId, 'plan.submitted', { planId: p.id, revision: p.revision }, now);

  let definitions: Map<string, KpiDefinition> | undefined;
  for (const r of s.reports) {
    if (crm && options && options.report.to !== 'none') {
      await enqueue(tx, { ...base, kind: crm === 'bitrix24' ? B24.report : AMO.report, payload: { reportId: r.reportId }, dedupeKey: `report:${r.reportId}` }, now);
      jobs++;
    }
    if (crm === 'bitrix24' && options?.sendTaskTime) {
      const plan = await tx.selectFrom('day_plans').select('content').where('user_id', '=', s.userId).where('date', '=', r.date).orderBy('revision', 'desc').executeTakeFirst();
      const items = plan ? ((JSON.parse(plan.content) as { items?: { id: string; title: string; crm?: { system: string; id: string } | null }[] }).items ?? []) : [];
      const byId = new Map(items.map((i) => [i.id, i]));
      for (const outcome of r.items) {
        const item = byId.get(outcome.itemId);
        const link = item?.crm?.system === 'bitrix24' ? parseCrmLinkId(item.crm.id) : null;
        if (!item || !link || link.kind !== 'task') continue;
        const payload: ElapsedPayload = { userId: s.userId, date: r.date, itemId: item.id, taskId: link.id, seconds: outcome.minutes * 60, title: item.title };
        await enqueue(tx, { ...base, kind: B24.elapsed, payload, dedupeKey: `elapsed:${s.userId}:${r.date}:${item.id}` }, now);
        jobs++;
      }
    }
    if (crm && options?.pullKpis) {
      const zone = r.zone;
      await enqueue(tx, { ...base, kind: crm === 'bitrix24' ? B24.kpi : AMO.kpi, payload: { userId: s.userId, date: r.date, zone, dayStart } satisfies KpiPayload, dedupeKey: `kpi:${s.userId}:${r.date}` }, now);
      jobs++;
    }
    jobs += await emitEvent(tx, s.orgId, 'report.submitted', { reportRevisionId: r.id }, now);
    definitions ??= new Map((await teamKpis(tx, s.teamId)).map((d) => [d.key, d]));
    const defs = definitions;
    if (r.kpis.some((k) => { const d = defs.get(k.key); return d ? isMissed(d, k.target, k.actual) : false; })) {
      jobs += await emitEvent(tx, s.orgId, 'kpi.missed', { reportRevisionId: r.id }, now);
    }
  }
  return jobs;
}
