// The Bitrix24 jobs. Each is written as plain sequential calls; the session's batcher packs the
// calls of every job the account worker runs at once into `batch` requests, which is how a
// manager's day costs under one request. Every write is safe to repeat: the work day is read
// (timeman.status) before it is changed, and what we created (elapsed time, the report message)
// is remembered by id, or, after an answer was lost, found again by the marker it carries.
import type { Kysely } from 'kysely';
import { ReportInputSchema, type ReportContent } from '../../../shared/plan.ts';
import { dayBounds, localDateOf, zoneOffsetMs } from '../../../shared/time.ts';
import type { DB } from '../../db/schema.ts';
import { CRM_RETRY } from '../../jobs/backoff.ts';
import { JobError, type JobContext, type JobHandler } from '../../jobs/runner.ts';
import { teamKpis } from '../../team-kpis.ts';
import { lateReason, reportMarker, reportText } from '../report-text.ts';
import type { CrmSession } from '../session.ts';
import { actualsFor, deleteWrite, getWrite, putActuals, putTaskList, putWrite } from '../store.ts';
import { linkedUser, linkedUsers } from '../users.ts';
import { B24Error, type B24Result, type Params } from './client.ts';

export const B24 = {
  timeman: 'bitrix24.timeman',
  elapsed: 'bitrix24.elapsed',
  report: 'bitrix24.report',
  kpi: 'bitrix24.kpi',
  tasks: 'bitrix24.tasks',
} as const;

export interface TimemanPayload {
  userId: string;
  eventId: string;
  action: 'open' | 'pause' | 'resume' | 'close';
  at: number;
  zone: string;
}

export interface ElapsedPayload {
  userId: string;
  date: string;
  itemId: string;
  taskId: string;
  seconds: number;
  title: string;
}

export interface ReportPayload {
  reportId: string;
}

export interface KpiPayload {
  userId: string;
  date: string;
  zone: string;
  dayStart: string;
}

type Ctx<P> = JobContext<P, CrmSession>;

function b24(ctx: Ctx<unknown>) {
  const batcher = ctx.session.b24;
  if (!batcher) throw new JobError('permanent', 'crm_off', 'The organization\'s CRM is no longer Bitrix24.');
  return async (what: string, method: string, params: Params): Promise<B24Result> => {
    try {
      return await batcher.call(method, params);
    } catch (error) {
      if (error instanceof B24Error) throw error.toJobError(what);
      throw error;
    }
  };
}

/** ATOM time in the manager's zone, as timeman wants it: 2026-03-02T18:05:00+02:00. */
export function atom(ms: number, zone: string): string {
  const offset = zoneOffsetMs(ms, zone);
  const local = new Date(ms + offset).toISOString().slice(0, 19);
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset) / 60_000;
  return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** Left out on purpose: logged, and the admin's job list shows why (jobs/routes.ts). */
function skip(ctx: Ctx<TimemanPayload>, why: string): { skipped: string } {
  ctx.log.warn({ jobId: ctx.job.id, userId: ctx.payload.userId, action: ctx.payload.action, at: ctx.payload.at }, `Bitrix24 work day: ${why}`);
  return { skipped: why };
}

const hhmm = (ms: number, zone: string) => atom(ms, zone).slice(11, 16);

export const timemanJob: JobHandler<TimemanPayload, CrmSession> = {
  kind: B24.timeman,
  retry: CRM_RETRY,
  async run(ctx) {
    const { payload: p, session } = ctx;
    const call = b24(ctx);
    const user = await linkedUser(ctx.db, p.userId, session.options.defaultLocale);
    const now = ctx.now();
    const late = now - p.at > session.options.liveWithinMinutes * 60_000;
    // Bitrix24 takes TIME only on today's date; an older event cannot be placed any more.
    if (late && localDateOf(p.at, p.zone, '00:00') !== localDateOf(now, p.zone, '00:00')) {
      return skip(ctx, `Not sent: it happened on ${localDateOf(p.at, p.zone, '00:00')}, and Bitrix24 takes work-day times of today only.`);
    }
    const what = `Work day of ${user.email}`;
    const status = String(((await call(what, 'timeman.status', { USER_ID: user.crmUserId })).result as { STATUS?: string }).STATUS ?? 'CLOSED');
    const timed = { USER_ID: user.crmUserId, TIME: atom(p.at, p.zone), REPORT: lateReason(user.locale, hhmm(p.at, p.zone)) };
    switch (p.action) {
      case 'open':
        if (status === 'OPENED') return { already: 'OPENED' };
        if (status === 'PAUSED' || !late) {
          await call(what, 'timeman.open', { USER_ID: user.crmUserId });
          return { sent: 'open', live: true };
        }
        if (status === 'EXPIRED') throw new JobError('permanent', 'crm_day_open', `${what}: an earlier day is still open (EXPIRED) in Bitrix24; close it there, then retry.`);
        await call(what, 'timeman.open', timed);
        return { sent: 'open', time: timed.TIME };
      case 'pause':
        if (status !== 'OPENED') return { already: status };
        // timeman.pause takes no TIME: a break that reaches us late cannot be placed.
        if (late) return skip(ctx, 'A break that arrives late cannot be backdated in Bitrix24.');
        await call(what, 'timeman.pause', { USER_ID: user.crmUserId });
        return { sent: 'pause' };
      case 'resume':
        if (status !== 'PAUSED') return { already: status };
        if (late) return skip(ctx, 'A resume that arrives late cannot be backdated in Bitrix24.');
        await call(what, 'timeman.open', { USER_ID: user.crmUserId });
        return { sent: 'resume' };
      case 'close':
        if (status === 'CLOSED') return { already: 'CLOSED' };
        if (!late && status !== 'EXPIRED') {
          await call(what, 'timeman.close', { USER_ID: user.crmUserId });
          return { sent: 'close', live: true };
        }
        await call(what, 'timeman.close', timed);
        return { sent: 'close', time: timed.TIME };
    }
  },
};

const elapsedMarker = (itemId: string, date: string) => `[zvit ${date} ${itemId}]`;

export const elapsedJob: JobHandler<ElapsedPayload, CrmSession> = {
  kind: B24.elapsed,
  retry: CRM_RETRY,
  async run(ctx) {
    const { payload: p, session, db } = ctx;
    const call = b24(ctx);
    const user = await linkedUser(db, p.userId, session.options.defaultLocale);
    const key = `elapsed:${p.userId}:${p.date}:${p.itemId}`;
    const what = `Time on task ${p.taskId} (${user.email}, ${p.date})`;
    const comment = `${p.title} · Zvit ${elapsedMarker(p.itemId, p.date)}`;
    let stored = await getWrite(db, session.orgId, key);
    // An earlier attempt may have added it and lost the answer: look before adding again.
    if (!stored && ctx.job.attempts > 1) {
      const list = (await call(what, 'task.elapseditem.getlist', { TASKID: p.taskId, ORDER: { ID: 'asc' }, FILTER: { USER_ID: user.crmUserId } })).result as { ID: number | string; SECONDS: number | string; COMMENT_TEXT: string }[];
      const found = list.find((e) => e.COMMENT_TEXT.includes(elapsedMarker(p.itemId, p.date)));
      if (found) {
        stored = { crmId: String(found.ID), value: String(found.SECONDS) };
        await putWrite(db, session.orgId, key, stored.crmId, stored.value, ctx.now());
      }
    }
    if (stored) {
      if (stored.value === String(p.seconds)) return { itemId: stored.crmId, unchanged: true };
      if (p.seconds === 0) {
        await call(what, 'task.elapseditem.delete', { TASKID: p.taskId, ITEMID: stored.crmId });
        await deleteWrite(db, session.orgId, key);
        return { deleted: stored.crmId };
      }
      // Positional, like add: TASKID, ITEMID, ARFIELDS.
      await call(what, 'task.elapseditem.update', { TASKID: p.taskId, ITEMID: stored.crmId, ARFIELDS: { SECONDS: p.seconds, COMMENT_TEXT: comment } });
      await putWrite(db, session.orgId, key, stored.crmId, String(p.seconds), ctx.now());
      return { itemId: stored.crmId, corrected: p.seconds };
    }
    if (p.seconds === 0) return { nothing: true };
    // The order of parameters matters to this method: TASKID first, then ARFIELDS.
    const added = await call(what, 'task.elapseditem.add', { TASKID: p.taskId, ARFIELDS: { SECONDS: p.seconds, COMMENT_TEXT: comment, USER_ID: user.crmUserId } });
    await putWrite(db, session.orgId, key, String(added.result), String(p.seconds), ctx.now());
    return { itemId: String(added.result) };
  },
};

/** The newest revision of a report with what its text needs. */
export async function loadReport(db: Kysely<DB>, reportId: string) {
  const rev = await db.selectFrom('report_revisions').selectAll().where('report_id', '=', reportId).orderBy('revision', 'desc').executeTakeFirst();
  if (!rev) throw new JobError('permanent', 'hub_data_missing', `The report ${reportId} is not stored on the hub.`);
  const content: ReportContent = ReportInputSchema.parse({ date: rev.date, ...(JSON.parse(rev.content) as object) });
  const plan = await db.selectFrom('day_plans').select('content').where('user_id', '=', rev.user_id).where('date', '=', rev.date).orderBy('revision', 'desc').executeTakeFirst();
  const items = plan ? ((JSON.parse(plan.content) as { items?: { id: string; title: string; crm?: { system: string; id: string } | null }[] }).items ?? []) : [];
  const user = await db.selectFrom('users').select(['email', 'team_id']).where('id', '=', rev.user_id).executeTakeFirstOrThrow();
  return { rev, content, items, user, kpis: await teamKpis(db, user.team_id) };
}

export const reportJob: JobHandler<ReportPayload, CrmSession> = {
  kind: B24.report,
  retry: CRM_RETRY,
  async run(ctx) {
    const { payload: p, session, db } = ctx;
    const call = b24(ctx);
    const target = session.options.report;
    if (target.to !== 'message' && target.to !== 'smart_process') return { skipped: 'The report is not sent to Bitrix24 (settings).' };
    const { rev, content, items, user, kpis } = await loadReport(db, p.reportId);
    const manager = await linkedUser(db, rev.user_id, session.options.defaultLocale);
    const crm = new Map((await actualsFor(db, rev.user_id, { from: rev.date, to: rev.date })).map((a) => [a.key, a.value]));
    const text = reportText(manager.locale, { reportId: p.reportId, revision: rev.revision, date: rev.date, who: user.email, content, titles: new Map(items.map((i) => [i.id, i.title])), kpis, crmActuals: crm }, 'bbcode');
    const key = `report:${p.reportId}`;
    const what = `Report of ${user.email} for ${rev.date}`;
    let stored = await getWrite(db, session.orgId, key);
    if (target.to === 'message') {
      const dialog = target.chatId ?? (await leadDialog(db, user.team_id, what));
      if (!stored && ctx.job.attempts > 1) {
        const got = (await call(what, 'im.dialog.messages.get', { DIALOG_ID: dialog, LIMIT: 50 })).result as { messages?: { id: number; text: string }[] };
        const found = got.messages?.find((m) => m.text.includes(reportMarker(p.reportId)));
        if (found) stored = { crmId: String(found.id), value: null };
      }
      if (stored) {
        if (stored.value === String(rev.revision)) return { messageId: stored.crmId, unchanged: true };
        await call(what, 'im.message.update', { MESSAGE_ID: stored.crmId, MESSAGE: text });
        await putWrite(db, session.orgId, key, stored.crmId, String(rev.revision), ctx.now());
        return { messageId: stored.crmId, revision: rev.revision };
      }
      const sent = await call(what, 'im.message.add', { DIALOG_ID: dialog, MESSAGE: text });
      await putWrite(db, session.orgId, key, String(sent.result), String(rev.revision), ctx.now());
      return { messageId: String(sent.result) };
    }
    const title = `${user.email} · ${rev.date} · ${reportMarker(p.reportId)}`;
    if (!stored && ctx.job.attempts > 1) {
      const got = (await call(what, 'crm.item.list', { entityTypeId: target.entityTypeId, filter: { '=title': title }, select: ['id'] })).result as { items?: { id: number }[] };
      const found = got.items?.[0];
      if (found) stored = { crmId: String(found.id), value: null };
    }
    if (!stored) {
      const added = (await call(what, 'crm.item.add', { entityTypeId: target.entityTypeId, fields: { title, assignedById: manager.crmUserId } })).result as { item: { id: number } };
      stored = { crmId: String(added.item.id), value: null };
      await putWrite(db, session.orgId, key, stored.crmId, null, ctx.now());
    }
    if (stored.value === String(rev.revision)) return { itemId: stored.crmId, unchanged: true };
    await call(what, 'crm.timeline.comment.add', { fields: { ENTITY_ID: stored.crmId, ENTITY_TYPE: `dynamic_${target.entityTypeId}`, COMMENT: text } });
    await putWrite(db, session.orgId, key, stored.crmId, String(rev.revision), ctx.now());
    return { itemId: stored.crmId, revision: rev.revision };
  },
};

async function leadDialog(db: Kysely<DB>, teamId: string | null, what: string): Promise<string> {
  const lead = teamId
    ? await db
        .selectFrom('team_leads')
        .innerJoin('crm_users', 'crm_users.user_id', 'team_leads.user_id')
        .select('crm_users.crm_user_id')
        .where('team_leads.team_id', '=', teamId)
        .where('crm_users.crm_user_id', 'is not', null)
        .executeTakeFirst()
    : undefined;
  if (!lead?.crm_user_id) throw new JobError('permanent', 'crm_user_unlinked', `${what}: the team has no lead linked to a Bitrix24 user to send it to. Link the lead, or choose a chat in the CRM settings, then retry.`);
  return lead.crm_user_id;
}

export const kpiJob: JobHandler<KpiPayload, CrmSession> = {
  kind: B24.kpi,
  retry: CRM_RETRY,
  async run(ctx) {
    const { payload: p, session, db } = ctx;
    if (!session.options.pullKpis) return { skipped: 'KPI pulls are off.' };
    const call = b24(ctx);
    const user = await linkedUser(db, p.userId, session.options.defaultLocale);
    const { from, to } = dayBounds(p.date, p.zone, p.dayStart);
    const range = (field: string) => ({ [`>=${field}`]: atom(from, p.zone), [`<${field}`]: atom(to, p.zone) });
    const what = `KPIs of ${user.email} for ${p.date}`;
    const count = async (method: string, filter: Params) => (await call(what, method, { FILTER: filter, SELECT: ['ID'], start: 0 })).total ?? 0;
    // Calls: every page of the day (50 a page); meetings and the mapped figures by `total` alone.
    const callsFilter = { PORTAL_USER_ID: user.crmUserId, ...range('CALL_START_DATE') };
    const first = await call(what, 'voximplant.statistic.get', { FILTER: callsFilter, start: 0 });
    const pages = [first];
    const total = first.total ?? 0;
    const rest = [];
    for (let start = 50; start < total; start += 50) rest.push(call(what, 'voximplant.statistic.get', { FILTER: callsFilter, start }));
    pages.push(...(await Promise.all(rest)));
    const calls = pages.flatMap((pg) => pg.result as { CALL_TYPE: string | number; CALL_DURATION: string | number; CALL_FAILED_CODE: string }[]);
    const [meetings, ...mapped] = await Promise.all([
      count('crm.activity.list', { TYPE_ID: 1, RESPONSIBLE_ID: user.crmUserId, COMPLETED: 'Y', ...range('START_TIME') }),
      ...session.options.kpiSources.map((s) =>
        s.source === 'deals_won'
          ? count('crm.deal.list', { ASSIGNED_BY_ID: user.crmUserId, STAGE_SEMANTIC_ID: 'S', ...(s.categoryId !== null ? { CATEGORY_ID: s.categoryId } : {}), ...range('CLOSEDATE') })
          : s.source === 'quotes_created'
            ? count('crm.quote.list', { ASSIGNED_BY_ID: user.crmUserId, ...range('DATE_CREATE') })
            : count('crm.activity.list', { TYPE_ID: s.typeId, RESPONSIBLE_ID: user.crmUserId, COMPLETED: 'Y', ...range('START_TIME') }),
      ),
    ]);
    const type = (c: { CALL_TYPE: string | number }) => Number(c.CALL_TYPE);
    const seconds = (c: { CALL_DURATION: string | number }) => Number(c.CALL_DURATION) || 0;
    const figures: Record<string, number> = {
      calls_total: calls.length,
      calls_outgoing: calls.filter((c) => type(c) === 1 || type(c) === 4).length,
      calls_incoming: calls.filter((c) => type(c) === 2 || type(c) === 3).length,
      calls_missed: calls.filter((c) => String(c.CALL_FAILED_CODE) === '304').length,
      calls_over_30s: calls.filter((c) => seconds(c) > 30).length,
      talk_minutes: Math.round(calls.reduce((s, c) => s + seconds(c), 0) / 60),
      meetings,
    };
    session.options.kpiSources.forEach((s, i) => (figures[s.kpi] = mapped[i]!));
    const changed = await putActuals(db, Object.entries(figures).map(([key, value]) => ({ orgId: session.orgId, userId: p.userId, date: p.date, key, value })), 'bitrix24', null, ctx.now());
    return { figures, changed };
  },
};

export const tasksJob: JobHandler<{ orgId: string }, CrmSession> = {
  kind: B24.tasks,
  retry: CRM_RETRY,
  async run(ctx) {
    const { session, db } = ctx;
    const call = b24(ctx);
    const users = await linkedUsers(db, session.orgId);
    const origin = session.row.address;
    let changed = 0;
    await Promise.all(
      users.map(async (u) => {
        const what = `Open tasks of Bitrix24 user ${u.crmUserId}`;
        const [tasks, deals] = await Promise.all([
          call(what, 'tasks.task.list', { filter: { RESPONSIBLE_ID: u.crmUserId, '<REAL_STATUS': 5 }, select: ['ID', 'TITLE', 'DEADLINE'], order: { DEADLINE: 'asc' }, start: 0 }),
          call(what, 'crm.deal.list', { FILTER: { ASSIGNED_BY_ID: u.crmUserId, CLOSED: 'N' }, SELECT: ['ID', 'TITLE', 'CLOSEDATE'], ORDER: { CLOSEDATE: 'asc' }, start: 0 }),
        ]);
        const taskRows = ((tasks.result as { tasks?: { id: string; title: string; deadline: string | null }[] }).tasks ?? []).map((t) => ({
          system: 'bitrix24' as const,
          kind: 'task' as const,
          id: String(t.id),
          title: t.title,
          url: `${origin}/company/personal/user/${u.crmUserId}/tasks/task/view/${t.id}/`,
          deadline: t.deadline ? Date.parse(t.deadline) || null : null,
        }));
        const dealRows = (deals.result as { ID: string | number; TITLE: string; CLOSEDATE?: string }[]).map((d) => ({
          system: 'bitrix24' as const,
          kind: 'deal' as const,
          id: String(d.ID),
          title: d.TITLE,
          url: `${origin}/crm/deal/details/${d.ID}/`,
          deadline: d.CLOSEDATE ? Date.parse(d.CLOSEDATE) || null : null,
        }));
        if (await putTaskList(db, session.orgId, u.userId, [...taskRows, ...dealRows], ctx.now())) changed++;
      }),
    );
    return { users: users.length, changed };
  },
};

export const bitrix24Jobs = [timemanJob, elapsedJob, reportJob, kpiJob, tasksJob] as JobHandler<never, never>[];

