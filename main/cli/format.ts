// Human-readable output of the CLI, in the terminal's language and the manager's own zone:
// names, never ids or codes (task titles, categories, outcomes, reasons), 24-hour local times.
// --json prints the contract's own shapes instead, keys and all.
import { CLOCK_SKEW_WARNING_MS, type AgentStatus, type PlanView, type ReportView, type SyncStatus } from '../../shared/api.ts';
import type { DaySummary } from '../../shared/days.ts';
import { syncErrorText } from '../../shared/i18n/errors.ts';
import { noticeText, trackingIssueText } from '../../shared/i18n/issues.ts';
import { categoryName, labelText, type TaskTitle } from '../../shared/i18n/labels.ts';
import type { CliI18n } from './words/index.ts';

export function formatStatus(i18n: CliI18n, s: AgentStatus, tasks: readonly TaskTitle[] = []): string {
  const lines: string[] = [];
  let head = i18n.t(`state.${s.state}`);
  if (s.state === 'paused' && s.pauseReason) head += ` (${i18n.t(`pause.${s.pauseReason}`)})`;
  if (s.since !== null && s.state !== 'clocked_out') {
    head = i18n.t('cli.since', { state: head, time: i18n.time(s.since, s.zone), duration: i18n.duration(s.now - s.since) });
  }
  if (s.label) head += ` — ${i18n.t('cli.labelNow', { label: labelText(i18n, s.label, tasks) })}`;
  if (s.private.on) head += ` — ${i18n.t(s.private.countsAsWork ? 'cli.privateMode' : 'cli.privateNotWork')}`;
  lines.push(head);
  const t = s.today;
  lines.push(
    i18n.t('cli.today', { date: i18n.date(t.date), worked: i18n.duration(t.workedMs), breaks: i18n.duration(t.breakMs) }) +
      (t.idlePendingMs > 0 ? i18n.t('cli.todayPending', { pending: i18n.duration(t.idlePendingMs) }) : ''),
  );
  if (s.current) {
    const detail = [s.current.title, categoryName(i18n, s.current.category), i18n.t(`productivity.${s.current.productivity}`)].filter(Boolean).join(' · ');
    lines.push(`${i18n.t('cli.now', { app: s.current.app })} (${detail})`);
  }
  for (const gap of s.pendingIdle) {
    lines.push(
      i18n.t('cli.idleGap', {
        from: i18n.time(gap.start, s.zone),
        to: gap.open ? i18n.t('cli.idleNow') : i18n.time(gap.end, s.zone),
        duration: i18n.duration(gap.ms),
      }),
    );
  }
  lines.push(i18n.t('cli.tracking', { windows: s.tracking.windows ?? i18n.t('cli.off'), idle: s.tracking.idle ?? i18n.t('cli.off') }));
  lines.push(formatSync(i18n, s.sync, s.zone));
  for (const issue of s.tracking.issues) lines.push(trackingIssueText(i18n, issue));
  if (s.policy.error) lines.push(i18n.t('cli.policyError', { error: s.policy.error }));
  for (const n of s.notices) lines.push(noticeText(i18n, n));
  return lines.join('\n');
}

export function formatDay(i18n: CliI18n, d: DaySummary, tasks: readonly TaskTitle[] = []): string {
  const m = (ms: number) => i18n.duration(ms);
  const lines = [i18n.t('cli.dayHead', { date: i18n.date(d.date), zone: d.zone })];
  lines.push(i18n.t('cli.dayTotals', { worked: m(d.workedMs), breaks: m(d.breakMs), paused: m(d.pausedMs), gap: m(d.gapMs) }));
  lines.push(i18n.t('cli.dayIdle', { kept: m(d.idle.keptMs), breaks: m(d.idle.breakMs), discarded: m(d.idle.discardedMs), pending: m(d.idle.pendingMs) }));
  if (d.firstActivity !== null && d.lastActivity !== null) {
    lines.push(i18n.t('cli.dayFirstLast', { first: i18n.time(d.firstActivity, d.zone), last: i18n.time(d.lastActivity, d.zone) }));
  }
  const p = d.byProductivity;
  lines.push(i18n.t('cli.dayProductivity', { productive: m(p.productive), neutral: m(p.neutral), unproductive: m(p.unproductive) }));
  for (const a of d.byApp.slice(0, 10)) {
    lines.push(`  ${m(a.ms).padStart(12)}  ${a.app} (${a.categories.map((c) => categoryName(i18n, c.category)).join(', ')})`);
    for (const detail of a.top) lines.push(`  ${''.padStart(12)}    · ${detail.text} — ${m(detail.ms)}`);
  }
  if (d.byLabel.length) {
    lines.push(i18n.t('cli.dayLabels'));
    for (const l of d.byLabel) lines.push(`  ${m(l.ms).padStart(12)}  ${labelText(i18n, l.label, tasks)}`);
  }
  return lines.join('\n');
}

export function formatPlan(i18n: CliI18n, view: PlanView): string {
  if (!view.plan) {
    const head = i18n.t('cli.noPlan', { date: i18n.date(view.date) });
    return view.carryOver.length ? `${head}; ${i18n.t('cli.carryOver', { tasks: i18n.p('plural.tasks', view.carryOver.length) })}` : head;
  }
  const lines = [i18n.t('cli.planHead', { date: i18n.date(view.date), n: view.plan.revision })];
  for (const item of view.plan.items) {
    const extra = [
      item.estimateMin ? i18n.t('cli.estimate', { duration: i18n.duration(item.estimateMin * 60_000) }) : null,
      item.carriedFrom ? i18n.t('cli.carriedFrom', { date: i18n.date(item.carriedFrom, false) }) : null,
    ].filter(Boolean);
    lines.push(`  [${i18n.t(`priority.${item.priority}`)}] ${item.title}${extra.length ? ` — ${extra.join(', ')}` : ''}`);
  }
  for (const [key, value] of Object.entries(view.plan.commitments)) {
    const definition = view.kpis.find((k) => k.key === key);
    lines.push(`  ${definition?.names[i18n.locale] ?? key}: ${i18n.kpi(value, definition?.unit ?? 'count', view.currency)} (${i18n.t('day.commitment').toLowerCase()})`);
  }
  return lines.join('\n');
}

export function formatReport(i18n: CliI18n, view: ReportView): string {
  const report = view.report;
  const last = report?.revisions.at(-1);
  if (!report || !last) return i18n.t('cli.noReport', { date: i18n.date(view.date) });
  const titles = new Map(view.plan?.items.map((i) => [i.id, i.title]) ?? []);
  const lines = [i18n.t('cli.reportHead', { date: i18n.date(view.date), status: i18n.t(`report.status.${report.status}`), n: last.revision, total: report.revisions.length })];
  if (report.reviewComment) lines.push(i18n.t('cli.leadComment', { comment: report.reviewComment }));
  for (const item of last.items) {
    const title = titles.get(item.itemId) ?? i18n.t('label.removedTask');
    lines.push(`  ${title}: ${i18n.t(`outcome.${item.outcome}`)}, ${i18n.duration(item.minutes * 60_000)}${item.comment ? ` — ${item.comment}` : ''}`);
  }
  for (const u of last.unplanned) lines.push(`  (${i18n.t('cli.unplanned')}) ${u.title}: ${i18n.duration(u.minutes * 60_000)}${u.comment ? ` — ${u.comment}` : ''}`);
  for (const k of last.kpis) {
    const definition = view.kpis.find((d) => d.key === k.key);
    const value = (n: number) => i18n.kpi(n, definition?.unit ?? 'count', view.currency);
    const figure = k.target !== null ? i18n.t('cli.kpiOf', { actual: value(k.actual), target: value(k.target) }) : value(k.actual);
    const missed = k.reason ? ` — ${i18n.t('cli.kpiMissed', { reason: i18n.t(`reason.${k.reason}`) })}${k.reasonText ? ` (${k.reasonText})` : ''}` : '';
    lines.push(`  ${definition?.names[i18n.locale] ?? k.key}: ${figure}${missed}`);
  }
  if (last.blockers) lines.push(i18n.t('cli.blockers', { text: last.blockers }));
  if (last.note) lines.push(i18n.t('cli.note', { text: last.note }));
  return lines.join('\n');
}

export function formatSync(i18n: CliI18n, s: SyncStatus, zone: string): string {
  if (!s.enrolled) return i18n.t('cli.syncNotConnected');
  const parts = [s.waiting === 0 ? i18n.t('cli.syncAll') : i18n.t('cli.syncWaiting', { waiting: i18n.p('plural.waiting', s.waiting) })];
  if (s.refused) parts.push(i18n.t('cli.syncRefused', { n: s.refused }));
  if (s.lastSuccessAt) parts.push(i18n.t('cli.syncLast', { time: i18n.dateTime(s.lastSuccessAt, zone) }));
  if (s.lastError) parts.push(i18n.t('cli.syncError', { reason: syncErrorText(i18n, s.lastErrorCode ?? 'internal') }));
  if (s.clockOffsetMs !== null && Math.abs(s.clockOffsetMs) > CLOCK_SKEW_WARNING_MS) {
    parts.push(i18n.t(s.clockOffsetMs > 0 ? 'cli.clockBehind' : 'cli.clockAhead', { duration: i18n.duration(Math.abs(s.clockOffsetMs)) }));
  }
  return parts.join('; ');
}
