// Human-readable output of the CLI, in the manager's own zone.
import { CLOCK_SKEW_WARNING_MS, type AgentStatus, type PlanView, type ReportView, type SyncStatus } from '../../shared/api.ts';
import type { DaySummary } from '../../shared/days.ts';

export function duration(ms: number): string {
  const minutes = Math.round(Math.max(0, ms) / 60_000);
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return h > 0 ? `${h} h ${String(m).padStart(2, '0')} min` : `${m} min`;
}

export function clockTime(t: number, zone: string): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(t);
}

const STATE_WORDS: Record<AgentStatus['state'], string> = {
  clocked_out: 'Clocked out',
  working: 'Working',
  break: 'On a break',
  paused: 'Paused',
};

export function formatStatus(s: AgentStatus): string {
  const lines: string[] = [];
  let head = STATE_WORDS[s.state];
  if (s.state === 'paused' && s.pauseReason) head += ` (${s.pauseReason === 'idle' ? 'idle' : s.pauseReason === 'lock' ? 'screen locked' : 'suspended'})`;
  if (s.since !== null && s.state !== 'clocked_out') head += ` since ${clockTime(s.since, s.zone)} (${duration(s.now - s.since)})`;
  if (s.label) head += ` — ${s.label}`;
  if (s.private.on) head += ` — private mode${s.private.countsAsWork ? '' : ', not counted as work'}`;
  lines.push(head);
  const t = s.today;
  lines.push(
    `Today (${t.date}): worked ${duration(t.workedMs)}, breaks ${duration(t.breakMs)}` +
      (t.idlePendingMs > 0 ? `, idle awaiting a decision ${duration(t.idlePendingMs)}` : ''),
  );
  if (s.current) lines.push(`Now: ${s.current.app}${s.current.title ? ` — ${s.current.title}` : ''} (${s.current.category}, ${s.current.productivity})`);
  for (const gap of s.pendingIdle) {
    lines.push(
      `Idle ${clockTime(gap.start, s.zone)}–${gap.open ? 'now' : clockTime(gap.end, s.zone)} (${duration(gap.ms)}) waits for a decision: ` +
        `zvit idle resolve keep --label call | break | discard`,
    );
  }
  lines.push(`Tracking: windows ${s.tracking.windows ?? 'off'}, idle ${s.tracking.idle ?? 'off'}`);
  lines.push(formatSync(s.sync));
  for (const p of s.tracking.problems) lines.push(`Problem: ${p}`);
  if (s.policy.error) lines.push(`Policy not applied: ${s.policy.error}`);
  for (const n of s.notices) lines.push(`Notice: ${n.message}`);
  return lines.join('\n');
}

export function formatDay(d: DaySummary): string {
  const lines = [`${d.date} (${d.zone})`];
  lines.push(`Worked ${duration(d.workedMs)}; breaks ${duration(d.breakMs)}; paused ${duration(d.pausedMs)}; agent not running ${duration(d.gapMs)}`);
  lines.push(
    `Idle: kept as work ${duration(d.idle.keptMs)}, taken as break ${duration(d.idle.breakMs)}, discarded ${duration(d.idle.discardedMs)}, undecided ${duration(d.idle.pendingMs)}`,
  );
  if (d.firstActivity !== null && d.lastActivity !== null) {
    lines.push(`First activity ${clockTime(d.firstActivity, d.zone)}, last ${clockTime(d.lastActivity, d.zone)}`);
  }
  const p = d.byProductivity;
  lines.push(`Apps: productive ${duration(p.productive)}, neutral ${duration(p.neutral)}, unproductive ${duration(p.unproductive)}`);
  for (const a of d.byApp.slice(0, 10)) lines.push(`  ${duration(a.ms).padStart(12)}  ${a.app}`);
  if (d.byLabel.length) {
    lines.push('Labels:');
    for (const l of d.byLabel) lines.push(`  ${duration(l.ms).padStart(12)}  ${l.label}`);
  }
  return lines.join('\n');
}

export function formatPlan(view: PlanView): string {
  if (!view.plan) return `${view.date}: no plan yet` + (view.carryOver.length ? ` (${view.carryOver.length} unfinished tasks to carry over)` : '');
  const lines = [`Plan for ${view.date} (revision ${view.plan.revision})`];
  for (const item of view.plan.items) {
    lines.push(`  [P${item.priority}] ${item.title}${item.estimateMin ? ` — ${item.estimateMin} min` : ''}${item.carriedFrom ? ` (from ${item.carriedFrom})` : ''}`);
  }
  return lines.join('\n');
}

const OUTCOME_WORDS = { done: 'done', partial: 'partly done', not_done: 'not done', moved: 'moved to tomorrow' } as const;

export function formatReport(view: ReportView): string {
  const report = view.report;
  const last = report?.revisions.at(-1);
  if (!report || !last) return `${view.date}: no report filed yet`;
  const titles = new Map(view.plan?.items.map((i) => [i.id, i.title]) ?? []);
  const lines = [`Report for ${view.date}: ${report.status}, revision ${last.revision} of ${report.revisions.length}`];
  if (report.reviewComment) lines.push(`Lead's comment: ${report.reviewComment}`);
  for (const item of last.items) {
    lines.push(`  ${titles.get(item.itemId) ?? item.itemId}: ${OUTCOME_WORDS[item.outcome]}, ${item.minutes} min${item.comment ? ` — ${item.comment}` : ''}`);
  }
  for (const u of last.unplanned) lines.push(`  (unplanned) ${u.title}: ${u.minutes} min${u.comment ? ` — ${u.comment}` : ''}`);
  for (const k of last.kpis) {
    lines.push(`  KPI ${k.key}: ${k.actual}${k.target !== null ? ` of ${k.target}` : ''}${k.reason ? ` — missed: ${k.reason}${k.reasonText ? ` (${k.reasonText})` : ''}` : ''}`);
  }
  if (last.blockers) lines.push(`Blockers: ${last.blockers}`);
  if (last.note) lines.push(`Note: ${last.note}`);
  return lines.join('\n');
}

export function formatSync(s: SyncStatus): string {
  if (!s.enrolled) return `Sync: not connected to a hub (zvit enroll --hub URL --code CODE); ${s.waiting} records kept locally.`;
  const parts = [s.waiting === 0 ? 'Sync: all synced' : `Sync: ${s.waiting} waiting`];
  if (s.refused) parts.push(`${s.refused} refused by the hub (zvit refused)`);
  if (s.lastSuccessAt) parts.push(`last success ${new Date(s.lastSuccessAt).toISOString()}`);
  if (s.lastError) parts.push(`last error: ${s.lastError}`);
  if (s.clockOffsetMs !== null && Math.abs(s.clockOffsetMs) > CLOCK_SKEW_WARNING_MS) {
    parts.push(`this computer's clock is ${duration(Math.abs(s.clockOffsetMs))} ${s.clockOffsetMs > 0 ? 'behind' : 'ahead of'} the hub`);
  }
  return parts.join('; ');
}
