// The amoCRM/Kommo jobs: the report as a note on the card the admin chose (found again by its
// marker after a lost answer, updated when a new revision comes), calls counted from the events
// log, and each manager's open tasks for the morning plan.
import { dayBounds } from '../../../shared/time.ts';
import { CRM_RETRY } from '../../jobs/backoff.ts';
import { JobError, type JobContext, type JobHandler } from '../../jobs/runner.ts';
import { loadReport, type KpiPayload, type ReportPayload } from '../bitrix24/jobs.ts';
import { reportMarker, reportText } from '../report-text.ts';
import type { CrmSession } from '../session.ts';
import { actualsFor, getWrite, putActuals, putTaskList, putWrite } from '../store.ts';
import { linkedUser, linkedUsers } from '../users.ts';
import { AmoError, type AmoClient } from './client.ts';

export const AMO = { report: 'amocrm.report', kpi: 'amocrm.kpi', tasks: 'amocrm.tasks' } as const;

type Ctx<P> = JobContext<P, CrmSession>;

function amo(ctx: Ctx<unknown>) {
  const client = ctx.session.amo;
  if (!client) throw new JobError('permanent', 'crm_off', 'The organization\'s CRM is no longer amoCRM.');
  return async <T>(what: string, run: (c: AmoClient) => Promise<unknown>): Promise<T> => {
    try {
      return (await run(client)) as T;
    } catch (error) {
      if (error instanceof AmoError) throw error.toJobError(what);
      throw error;
    }
  };
}

export const amoReportJob: JobHandler<ReportPayload, CrmSession> = {
  kind: AMO.report,
  retry: CRM_RETRY,
  async run(ctx) {
    const { payload: p, session, db } = ctx;
    const target = session.options.report;
    if (target.to !== 'note') return { skipped: 'The report is not sent to amoCRM (settings).' };
    const call = amo(ctx);
    const { rev, content, items, user, kpis } = await loadReport(db, p.reportId);
    const manager = await linkedUser(db, rev.user_id, session.options.defaultLocale);
    const crm = new Map((await actualsFor(db, rev.user_id, { from: rev.date, to: rev.date })).map((a) => [a.key, a.value]));
    const text = reportText(manager.locale, { reportId: p.reportId, revision: rev.revision, date: rev.date, who: user.email, content, titles: new Map(items.map((i) => [i.id, i.title])), kpis, crmActuals: crm }, 'plain');
    const what = `Report of ${user.email} for ${rev.date}`;
    const key = `report:${p.reportId}`;
    const path = `/api/v4/${target.entityType}/${target.entityId}/notes`;
    let stored = await getWrite(db, session.orgId, key);
    if (!stored && ctx.job.attempts > 1) {
      const list = await call<{ _embedded?: { notes?: { id: number; params?: { text?: string } }[] } } | null>(what, (c) => c.get(path, { 'filter[note_type]': 'common', limit: 50, 'order[id]': 'desc' }));
      const found = list?._embedded?.notes?.find((n) => n.params?.text?.includes(reportMarker(p.reportId)));
      if (found) stored = { crmId: String(found.id), value: null };
    }
    if (stored) {
      if (stored.value === String(rev.revision)) return { noteId: stored.crmId, unchanged: true };
      await call(what, (c) => c.patch(`/api/v4/${target.entityType}/notes`, [{ id: Number(stored!.crmId), note_type: 'common', params: { text } }]));
      await putWrite(db, session.orgId, key, stored.crmId, String(rev.revision), ctx.now());
      return { noteId: stored.crmId, revision: rev.revision };
    }
    const created = await call<{ _embedded: { notes: { id: number }[] } }>(what, (c) => c.post(path, [{ note_type: 'common', params: { text }, responsible_user_id: Number(manager.crmUserId) }]));
    const id = String(created._embedded.notes[0]!.id);
    await putWrite(db, session.orgId, key, id, String(rev.revision), ctx.now());
    return { noteId: id };
  },
};

export const amoKpiJob: JobHandler<KpiPayload, CrmSession> = {
  kind: AMO.kpi,
  retry: CRM_RETRY,
  async run(ctx) {
    const { payload: p, session, db } = ctx;
    if (!session.options.pullKpis) return { skipped: 'KPI pulls are off.' };
    const call = amo(ctx);
    const user = await linkedUser(db, p.userId, session.options.defaultLocale);
    const { from, to } = dayBounds(p.date, p.zone, p.dayStart);
    const what = `Calls of ${user.email} for ${p.date}`;
    let outgoing = 0;
    let incoming = 0;
    // The events log, 100 a page; a page past the last answers 204 (no body).
    for (let page = 1; page <= 50; page++) {
      const got = await call<{ _embedded?: { events?: { type: string }[] } } | null>(what, (c) =>
        c.get('/api/v4/events', {
          'filter[type][]': ['outgoing_call', 'incoming_call'],
          'filter[created_by][]': user.crmUserId,
          'filter[created_at][from]': Math.floor(from / 1000),
          'filter[created_at][to]': Math.floor(to / 1000) - 1,
          limit: 100,
          page,
        }),
      );
      const events = got?._embedded?.events ?? [];
      outgoing += events.filter((e) => e.type === 'outgoing_call').length;
      incoming += events.filter((e) => e.type === 'incoming_call').length;
      if (events.length < 100) break;
    }
    const figures = { calls_total: outgoing + incoming, calls_outgoing: outgoing, calls_incoming: incoming };
    const changed = await putActuals(db, Object.entries(figures).map(([key, value]) => ({ orgId: session.orgId, userId: p.userId, date: p.date, key, value })), 'amocrm', null, ctx.now());
    return { figures, changed };
  },
};

export const amoTasksJob: JobHandler<{ orgId: string }, CrmSession> = {
  kind: AMO.tasks,
  retry: CRM_RETRY,
  async run(ctx) {
    const { session, db } = ctx;
    const call = amo(ctx);
    let changed = 0;
    for (const u of await linkedUsers(db, session.orgId)) {
      const got = await call<{ _embedded?: { tasks?: { id: number; text: string; complete_till: number; entity_type?: string; entity_id?: number }[] } } | null>(`Open tasks of amoCRM user ${u.crmUserId}`, (c) =>
        c.get('/api/v4/tasks', { 'filter[responsible_user_id]': u.crmUserId, 'filter[is_completed]': 0, limit: 250 }),
      );
      const items = (got?._embedded?.tasks ?? []).map((t) => ({
        system: 'amocrm' as const,
        kind: 'task' as const,
        id: String(t.id),
        title: t.text,
        url: t.entity_type && t.entity_id ? `${session.row.address}/${t.entity_type}/detail/${t.entity_id}` : null,
        deadline: t.complete_till ? t.complete_till * 1000 : null,
      }));
      if (await putTaskList(db, session.orgId, u.userId, items, ctx.now())) changed++;
    }
    return { changed };
  },
};

export const amoJobs = [amoReportJob, amoKpiJob, amoTasksJob] as JobHandler<never, never>[];
