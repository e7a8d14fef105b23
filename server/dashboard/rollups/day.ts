// One manager-day as the day screen shows it: the rolled-up summary (never refolded from raw
// spans), the plan against what happened, KPIs, and every revision of the report with what
// changed and every review.
import type { Kysely } from 'kysely';
import type { ManagerDay, TeamRef, UserRef } from '../../../shared/dashboard-api.ts';
import { summarizeDay, type DaySummary } from '../../../shared/days.ts';
import { crmDiffers, isMissed, mergeKpis, KpiDefinitionSchema, type KpiDefinition } from '../../../shared/kpi.ts';
import type { Policy } from '../../../shared/policy.ts';
import { actualsFor } from '../../crm/store.ts';
import type { DB } from '../../db/schema.ts';
import { dayRow, latestReviews, ROW_COLUMNS, userZones } from './read.ts';
import { activityLines, readSummary } from './stored-summary.ts';

type RevisionChange = ManagerDay['report'] extends infer R ? (R extends { revisions: (infer V)[] } ? (V extends { changes: (infer C)[] } ? C : never) : never) : never;

interface PlanContent {
  items: { id: string; title: string; priority: number; estimateMin: number; carriedFrom: string | null; crm: ManagerDay['tasks'][number]['crm'] }[];
  commitments?: Record<string, number>;
  note?: string;
}

interface ReportContent {
  items: { itemId: string; outcome: ManagerDay['tasks'][number]['outcome']; comment: string; minutes: number }[];
  unplanned: { id: string; title: string; minutes: number; comment: string }[];
  kpis: { key: string; target: number | null; actual: number; reason: ManagerDay['kpis'][number]['reason']; reasonText: string }[];
  blockers: string;
  note: string;
}

/** What changed from one revision of a report to the next, field by field. */
export function revisionChanges(before: ReportContent | null, after: ReportContent, titles: Map<string, string>): RevisionChange[] {
  const out: RevisionChange[] = [];
  const change = (section: RevisionChange['section'], key: string, label: string, field: RevisionChange['field'], b: string | number | null, a: string | number | null) => {
    if (b !== a) out.push({ section, key, label, field, before: b, after: a });
  };
  if (!before) return out;
  const diff = <T extends object>(section: RevisionChange['section'], was: T[], now: T[], key: (t: T) => string, label: (t: T) => string, fields: (keyof T & RevisionChange['field'])[]) => {
    const old = new Map(was.map((t) => [key(t), t]));
    const cur = new Map(now.map((t) => [key(t), t]));
    for (const [k, t] of cur) {
      const o = old.get(k);
      if (!o) change(section, k, label(t), 'added', null, label(t));
      else for (const f of fields) change(section, k, label(t), f, (o[f] as string | number | null) ?? null, (t[f] as string | number | null) ?? null);
    }
    for (const [k, o] of old) if (!cur.has(k)) change(section, k, label(o), 'removed', label(o), null);
  };
  diff('task', before.items, after.items, (i) => i.itemId, (i) => titles.get(i.itemId) ?? '', ['outcome', 'minutes', 'comment']);
  diff('unplanned', before.unplanned, after.unplanned, (i) => i.id, (i) => i.title, ['title', 'minutes', 'comment']);
  diff('kpi', before.kpis, after.kpis, (k) => k.key, (k) => k.key, ['actual', 'target', 'reason', 'reasonText']);
  change('blockers', '', '', 'text', before.blockers, after.blockers);
  change('note', '', '', 'text', before.note, after.note);
  return out;
}

async function teamKpiDefinitions(db: Kysely<DB>, teamId: string | null): Promise<KpiDefinition[]> {
  if (!teamId) return mergeKpis([]);
  const team = await db.selectFrom('teams').select('kpis').where('id', '=', teamId).executeTakeFirst();
  const own = KpiDefinitionSchema.array().safeParse(JSON.parse(team?.kpis ?? '[]'));
  return mergeKpis(own.success ? own.data : []);
}

export async function managerDay(db: Kysely<DB>, user: UserRef, team: TeamRef | null, policy: Policy, date: string, now: number, refs: (ids: string[]) => Promise<Map<string, UserRef>>): Promise<ManagerDay> {
  const rollup = await db.selectFrom('day_rollups').select([...ROW_COLUMNS, 'summary', 'span_totals']).where('user_id', '=', user.id).where('date', '=', date).executeTakeFirst();
  const zone = rollup?.zone ?? (await userZones(db, [user.id])).get(user.id) ?? 'UTC';
  // A day with nothing recorded: the fold over nothing, which is only its bounds.
  const summary: DaySummary = rollup ? readSummary(rollup, (await activityLines(db, user.id, date, date)).get(date)) : summarizeDay({ date, zone, dayStart: policy.dayStart, segments: [], decisions: [], spans: [] });
  const reviews = rollup?.report_id ? await latestReviews(db, [rollup.report_id]) : new Map();
  const row = dayRow(date, rollup, { policy, zone, review: rollup?.report_id ? reviews.get(rollup.report_id) : undefined, now });

  const hiddenBecause = policy.titles.capture === 'off' ? ('policy' as const) : rollup?.private_mode ? ('private_mode' as const) : null;
  const titles = hiddenBecause
    ? []
    : summary.byApp
        .flatMap((a) => a.top.filter((d) => d.kind === 'title').map((d) => ({ app: a.app, title: d.text, ms: d.ms })))
        .sort((a, b) => b.ms - a.ms)
        .slice(0, 20);

  const planRow = await db.selectFrom('day_plans').select(['id', 'revision', 'submitted_at', 'content']).where('user_id', '=', user.id).where('date', '=', date).orderBy('submitted_at', 'desc').limit(1).executeTakeFirst();
  const plan = planRow ? (JSON.parse(planRow.content) as PlanContent) : null;
  const revisions = await db
    .selectFrom('report_revisions')
    .select(['id', 'report_id', 'revision', 'submitted_at', 'content'])
    .where('user_id', '=', user.id)
    .where('date', '=', date)
    .orderBy('revision')
    .orderBy('submitted_at')
    .execute();
  const reportId = rollup?.report_id ?? revisions.at(-1)?.report_id ?? null;
  const mine = revisions.filter((r) => r.report_id === reportId);
  const contents = mine.map((r) => JSON.parse(r.content) as ReportContent);
  const latest = contents.at(-1) ?? null;
  const titleOf = new Map((plan?.items ?? []).map((i) => [i.id, i.title]));
  const outcomes = new Map((latest?.items ?? []).map((i) => [i.itemId, i]));
  const byLabel = new Map(summary.byLabel.map((l) => [l.label, l.ms]));

  const defs = await teamKpiDefinitions(db, user.teamId);
  const defOf = new Map(defs.map((d) => [d.key, d]));
  const reported = new Map((latest?.kpis ?? []).map((k) => [k.key, k]));
  const commitments = plan?.commitments ?? {};
  // The CRM's (or another system's) figures stored by the pulls and the actuals endpoint: the
  // newest per KPI. A KPI only the CRM counts (missed calls, talk minutes) shows too.
  const crm = new Map((await actualsFor(db, user.id, { from: date, to: date })).map((a) => [a.key, a.value]));
  const keys = [...new Set([...reported.keys(), ...Object.keys(commitments), ...crm.keys()])];
  const kpis = keys.flatMap((key) => {
    const d = defOf.get(key);
    if (!d) return [];
    const k = reported.get(key);
    return [
      {
        key,
        names: d.names,
        unit: d.unit,
        direction: d.direction,
        target: k?.target ?? null,
        commitment: commitments[key] ?? null,
        actual: k?.actual ?? null,
        missed: k ? isMissed(d, k.target, k.actual) : false,
        reason: k?.reason ?? null,
        reasonText: k?.reasonText ?? '',
        crmActual: crm.get(key) ?? null,
        crmDiffers: crmDiffers(k?.actual ?? null, crm.get(key) ?? null),
      },
    ];
  });

  let report: ManagerDay['report'] = null;
  if (reportId && mine.length) {
    const log = await db.selectFrom('report_review_log').selectAll().where('report_id', '=', reportId).orderBy('reviewed_at').execute();
    const people = await refs(log.map((l) => l.reviewed_by));
    report = {
      reportId,
      flags: row.report,
      firstSubmittedAt: Math.min(...mine.map((r) => Number(r.submitted_at))),
      lastSubmittedAt: Math.max(...mine.map((r) => Number(r.submitted_at))),
      revisions: mine.map((r, i) => ({ id: r.id, revision: r.revision, submittedAt: Number(r.submitted_at), changes: revisionChanges(i ? contents[i - 1]! : null, contents[i]!, titleOf) })),
      reviews: log.map((l) => ({ status: l.status, comment: l.comment, rating: l.rating, reviewer: people.get(l.reviewed_by) ?? null, at: Number(l.reviewed_at), revision: l.revision ?? 0 })),
    };
  }

  return {
    user,
    team,
    date,
    scheduled: row.scheduled,
    schedule: row.scheduled ? { start: policy.schedule.start, end: policy.schedule.end } : null,
    lateStartMs: row.lateStartMs,
    // Domains stay with their app; titles only ever go out in `titles`.
    summary: {
      ...summary,
      byApp: summary.byApp.map((a) => ({
        app: a.app,
        ms: a.ms,
        productivity: a.productivity,
        categories: a.categories,
        top: a.top.filter((d) => d.kind === 'domain'),
      })),
    },
    titles: { shown: hiddenBecause === null, hiddenBecause, top: titles },
    plan: planRow ? { id: planRow.id, revision: planRow.revision, submittedAt: Number(planRow.submitted_at), note: plan?.note ?? '', commitments } : null,
    tasks: (plan?.items ?? []).map((i) => {
      const o = outcomes.get(i.id);
      return {
        id: i.id,
        title: i.title,
        priority: i.priority,
        estimateMin: i.estimateMin,
        carriedFrom: i.carriedFrom ?? null,
        crm: i.crm ?? null,
        trackedMs: byLabel.get(`task:${i.id}`) ?? 0,
        outcome: o?.outcome ?? null,
        reportedMinutes: o?.minutes ?? null,
        comment: o?.comment ?? '',
      };
    }),
    unplanned: latest?.unplanned ?? [],
    kpis,
    blockers: latest?.blockers ?? '',
    note: latest?.note ?? '',
    report,
  };
}
