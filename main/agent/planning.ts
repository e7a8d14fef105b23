// The morning plan, the end-of-day self-report and the prompts for them, on top of the tracking
// core (for tracked time per task) and the store's plans, reports and drafts.
import { ApiError, type PlanView, type Prompt, type RawRecords, type ReportView, type Settings } from '../../shared/api.ts';
import { mergeKpis, type KpiDefinition } from '../../shared/kpi.ts';
import type { PlanInputSchema} from '../../shared/plan.ts';
import { checkReport, type DayPlan, type DayReport, type PlanItem, type ReportContent } from '../../shared/plan.ts';
import type { Policy } from '../../shared/policy.ts';
import { computePrompts, OVERDUE_LOOKBACK_DAYS } from '../../shared/prompts.ts';
import { addDays } from '../../shared/time.ts';
import { workingDayBounds, workingDayOf } from '../../shared/working-days.ts';
import type { Clock } from '../../shared/clock.ts';
import { TASK_LABEL_PREFIX } from '../../shared/labels.ts';
import type { Drafts } from '../store/drafts.ts';
import type { LocalStore } from '../store/local-store.ts';
import type { HubCrm } from '../sync/hub-crm.ts';
import type { Agent } from './agent.ts';
import type { z } from 'zod';


export class Planning {
  private readonly agent: Agent;
  private readonly store: LocalStore;
  /** What the plan, report and idle forms hold as typed; filing a form clears its draft. */
  readonly drafts: Drafts;
  private readonly clock: Clock;
  private readonly policy: () => Policy;
  /** What the hub hands down from the company's CRM (main/sync/hub-crm.ts); none before enrolling. */
  private readonly crm: Pick<HubCrm, 'tasks' | 'actualsFor'> | null;

  constructor(agent: Agent, store: LocalStore, clock: Clock, policy: () => Policy, crm: Pick<HubCrm, 'tasks' | 'actualsFor'> | null = null) {
    this.agent = agent;
    this.store = store;
    this.drafts = store.drafts;
    this.clock = clock;
    this.policy = policy;
    this.crm = crm;
  }

  /** The current working day: while clocked in, the day the session started (working-days.ts). */
  today(): string {
    return this.agent.workingDay();
  }

  kpis(): KpiDefinition[] {
    return mergeKpis(this.policy().kpis);
  }

  getPlan(date = this.today()): PlanView {
    const plan = this.store.plans.forDate(date);
    const inPlan = new Set(plan?.items.map((i) => i.id) ?? []);
    return {
      date,
      plan,
      carryOver: this.carryOver(date).filter((i) => !inPlan.has(i.id)),
      kpis: this.kpis(),
      targets: this.policy().kpiTargets,
      currency: this.policy().currency,
      crmTasks: this.crm?.tasks ?? [],
    };
  }

  savePlan(input: z.output<typeof PlanInputSchema>): PlanView {
    if (input.date > this.today()) throw new ApiError('invalid_input', 'A plan can be made for today or an earlier day, not ahead.');
    const ids = new Set<string>();
    for (const item of input.items) {
      if (ids.has(item.id)) throw new ApiError('invalid_input', `Task id ${item.id} appears twice.`);
      ids.add(item.id);
    }
    this.store.transaction(() => {
      this.store.plans.save(input, this.clock.now(), this.clock.zone());
      this.drafts.discard({ kind: 'plan', key: input.date });
    });
    return this.getPlan(input.date);
  }

  /** Unfinished items of the nearest earlier plan: not reported done there. */
  private carryOver(date: string): PlanItem[] {
    const previous = this.store.plans.before(date);
    if (!previous) return [];
    const last = this.store.reports.ofDate(previous.date).at(-1);
    const outcome = new Map(last?.items.map((i) => [i.itemId, i.outcome]) ?? []);
    return previous.items
      .filter((i) => outcome.get(i.id) !== 'done')
      .map((i) => ({ ...i, carriedFrom: i.carriedFrom ?? previous.date }));
  }

  getReport(date = this.today()): ReportView {
    const plan = this.store.plans.forDate(date);
    const report = this.report(date);
    const trackedMinutes = this.trackedMinutes(date, plan);
    const targets = this.policy().kpiTargets;
    const last = report?.revisions.at(-1);
    const crmActuals = this.crm?.actualsFor(date) ?? {};
    const prefill: ReportContent = last
      ? stripRevision(last)
      : {
          date,
          items: (plan?.items ?? []).map((i) => ({ itemId: i.id, outcome: 'not_done', comment: '', minutes: trackedMinutes[i.id] ?? 0 })),
          unplanned: [],
          // The CRM's figure, where it has one, is the starting value (the manager may change it).
          // A KPI only the CRM counts (missed calls, talk minutes: no target) comes too, as an
          // optional row with the CRM's figure: the manager sees what the lead will see beside
          // the report and may correct it; with no target nothing is missed or asks a reason.
          kpis: [
            ...Object.entries(targets).map(([key, target]) => ({ key, target, actual: crmActuals[key] ?? 0, reason: null, reasonText: '' })),
            ...crmOnly(this.kpis(), targets, crmActuals).map(([key, value]) => ({ key, target: null, actual: value, reason: null, reasonText: '' })),
          ],
          blockers: '',
          note: '',
        };
    return { date, plan, report, prefill, trackedMinutes, kpis: this.kpis(), targets, crmActuals, editable: report?.status !== 'approved', currency: this.policy().currency };
  }

  submitReport(input: ReportContent): ReportView {
    if (input.date > this.today()) throw new ApiError('invalid_input', 'A report can be filed for today or an earlier day, not ahead.');
    const existing = this.report(input.date);
    if (existing?.status === 'approved') {
      throw new ApiError('report_locked', 'This report was approved by your lead and can no longer be changed.', 409);
    }
    // The lead's targets are the ones that count, whatever the form sent.
    const targets = this.policy().kpiTargets;
    const content: ReportContent = { ...input, kpis: input.kpis.map((k) => ({ ...k, target: targets[k.key] ?? k.target })) };
    const problems = checkReport(content, this.store.plans.forDate(input.date), this.kpis());
    if (problems.length) {
      throw new ApiError('report_incomplete', problems.map((p) => p.message).join(' '), 422, problems);
    }
    this.store.transaction(() => {
      this.store.reports.add(content, this.clock.now(), this.clock.zone());
      this.drafts.discard({ kind: 'report', key: input.date });
    });
    return this.getReport(input.date);
  }

  /** Each day's plan and report from `from` to `to`, with what the export needs to name them. */
  exportDays(from: string, to: string): { days: { date: string; plan: DayPlan | null; report: DayReport | null }[]; kpis: KpiDefinition[]; currency: string } {
    const days = [];
    for (let date = from; date <= to; date = addDays(date, 1)) days.push({ date, plan: this.store.plans.forDate(date), report: this.report(date) });
    return { days, kpis: this.kpis(), currency: this.policy().currency };
  }

  private report(date: string): DayReport | null {
    const revisions = this.store.reports.ofDate(date);
    if (!revisions.length) return null;
    const review = this.store.reports.review(date);
    // A review counts for the revision it was given on; a newer revision is submitted again.
    const reviewed = review && review.revision === revisions.at(-1)!.revision ? review : null;
    return { date, status: reviewed?.status ?? 'submitted', reviewComment: review?.comment ?? null, revisions };
  }

  /** True while a report filed in the last week waits for the lead's review. */
  awaitingReview(): boolean {
    const today = this.today();
    for (let i = 0; i <= OVERDUE_LOOKBACK_DAYS; i++) if (this.report(addDays(today, -i))?.status === 'submitted') return true;
    return false;
  }

  /** Records the lead's review, as the hub hands it down. */
  recordReview(date: string, status: 'approved' | 'returned', comment: string | null): void {
    const last = this.store.reports.ofDate(date).at(-1);
    if (!last) throw new ApiError('not_found', `No report for ${date}.`, 404);
    this.store.reports.addReview(date, { revision: last.revision, status, comment, at: this.clock.now() });
  }

  private trackedMinutes(date: string, plan: DayPlan | null): Record<string, number> {
    const minutes: Record<string, number> = {};
    if (!plan) return minutes;
    const day = this.agent.day(date);
    for (const { label, ms } of day.byLabel) {
      if (!label.startsWith(TASK_LABEL_PREFIX)) continue;
      const id = label.slice(TASK_LABEL_PREFIX.length);
      if (plan.items.some((i) => i.id === id)) minutes[id] = (minutes[id] ?? 0) + Math.round(ms / 60_000);
    }
    return minutes;
  }

  // ---- prompts ----

  prompts(): Prompt[] {
    const now = this.clock.now();
    const zone = this.clock.zone();
    const policy = this.policy();
    const today = this.today();
    const sessions = this.agent.sessions();
    const workedDates = new Set<string>();
    for (const s of this.agent.segments(now)) {
      if (s.kind === 'work') workedDates.add(workingDayOf(s.start, zone, policy.dayStart, sessions));
    }
    const { from } = workingDayBounds(today, zone, policy.dayStart, sessions);
    const events = this.store.workEvents.all();
    const status = this.agent.status();
    const snooze = this.snoozeState(today);
    const reported = this.store.reports.dates();
    const reviewComments = new Map<string, string>();
    const returned = new Set<string>();
    for (const date of [...Array(8).keys()].map((i) => addDays(today, -i))) {
      const report = this.report(date);
      if (report?.status !== 'returned') continue;
      returned.add(date);
      if (report.reviewComment) reviewComments.set(date, report.reviewComment);
    }
    const planned = new Set(this.store.plans.forDate(today) ? [today] : []);
    return computePrompts({
      now,
      zone,
      today,
      schedule: this.settings().schedule,
      workedDates,
      plannedDates: planned,
      reportedDates: reported,
      returnedDates: returned,
      reviewComments,
      clockedInToday: events.some((e) => e.kind === 'clock_in' && e.at >= from),
      clockedOutAfterWork: status.state === 'clocked_out' && workedDates.has(today),
      planSnooze: { used: snooze.used, until: snooze.until, times: policy.planSnooze.times },
      closedIdleGaps: status.pendingIdle.filter((g) => !g.open),
    });
  }

  snoozePlan(): Prompt[] {
    const today = this.today();
    const snooze = this.snoozeState(today);
    const { times, minutes } = this.policy().planSnooze;
    if (snooze.used >= times) throw new ApiError('snooze_limit', `The plan can be put off ${times} times a day; it is due now.`, 409);
    this.store.setMeta(`plan-snooze:${today}`, JSON.stringify({ used: snooze.used + 1, until: this.clock.now() + minutes * 60_000 }));
    return this.prompts();
  }

  private snoozeState(date: string): { used: number; until: number | null } {
    const raw = this.store.meta(`plan-snooze:${date}`);
    return raw ? (JSON.parse(raw) as { used: number; until: number }) : { used: 0, until: null };
  }

  // ---- settings and the privacy view ----

  settings(): Settings {
    const raw = this.store.meta('settings');
    const saved = raw ? (JSON.parse(raw) as Partial<Settings>) : {};
    return { language: saved.language ?? 'uk', schedule: saved.schedule ?? this.policy().schedule };
  }

  saveSettings(change: Partial<Settings>): Settings {
    const next = { ...this.settings(), ...change };
    this.store.setMeta('settings', JSON.stringify(next));
    return next;
  }

  rawRecords(date = this.today()): RawRecords {
    const zone = this.clock.zone();
    const { from, to } = workingDayBounds(date, zone, this.policy().dayStart, this.agent.sessions());
    const segments = this.agent
      .segments()
      .filter((s) => s.end > from && s.start < to)
      .map((s) => ({ ...s, start: Math.max(s.start, from), end: Math.min(s.end, to) }));
    const gaps = new Set(segments.flatMap((s) => (s.gapId ? [s.gapId] : [])));
    return {
      date,
      segments,
      spans: from < to ? this.store.spans.between(from, Math.min(to, Number.MAX_SAFE_INTEGER)) : [],
      decisions: this.store.idleDecisions
        .latest()
        .filter((d) => gaps.has(d.gapId))
        .map((d) => ({ gapId: d.gapId, decision: d.decision, ...(d.label ? { label: d.label } : {}), at: d.at })),
      titles: this.policy().titles.capture,
      tokenStore: this.agent.syncStatus().tokenStore,
    };
  }
}

function stripRevision(r: ReportContent & { id?: string; reportId?: string; revision?: number; zone?: string; submittedAt?: number }): ReportContent {
  const { id: _id, reportId: _reportId, revision: _revision, zone: _zone, submittedAt: _submittedAt, ...content } = r;
  return content;
}

/** The CRM's figures for defined KPIs that have no target, in the KPIs' order. */
export function crmOnly(kpis: readonly KpiDefinition[], targets: Record<string, number>, crm: Record<string, number>): [string, number][] {
  return kpis.filter((d) => targets[d.key] === undefined && crm[d.key] !== undefined).map((d) => [d.key, crm[d.key]!]);
}
