// Export of the manager's own records for a range of local days: everything the agent stored,
// so "what is recorded" can be checked outside the app too.
import type { ActivitySpan, Segment } from '../../shared/model.ts';
import type { ExportResult } from '../../shared/api.ts';
import type { StoredDecision } from '../store/local-store.ts';
import { localDateOf } from '../../shared/time.ts';

export interface ExportData {
  from: string;
  to: string;
  zone: string;
  dayStart: string;
  deviceId: string;
  segments: Segment[];
  decisions: StoredDecision[];
  spans: ActivitySpan[];
}

const CSV_COLUMNS = ['record', 'date', 'start', 'end', 'seconds', 'kind', 'label', 'app', 'title', 'domain', 'category', 'productivity', 'id'] as const;

export function renderExport(data: ExportData, format: 'json' | 'csv'): ExportResult {
  if (format === 'json') {
    const body = JSON.stringify(
      {
        from: data.from,
        to: data.to,
        zone: data.zone,
        deviceId: data.deviceId,
        segments: data.segments.map((s) => ({ ...s, startIso: iso(s.start), endIso: iso(s.end) })),
        idleDecisions: data.decisions,
        spans: data.spans.map((s) => ({ ...s, startIso: iso(s.start), endIso: iso(s.end) })),
      },
      null,
      2,
    );
    return { format, contentType: 'application/json', body: body + '\n' };
  }
  const rows: string[][] = [];
  const date = (t: number) => localDateOf(t, data.zone, data.dayStart);
  const decisions = new Map(data.decisions.map((d) => [d.gapId, d]));
  for (const s of data.segments) {
    const decided = s.gapId ? decisions.get(s.gapId) : undefined;
    const kind = decided ? `idle:${decided.decision}` : s.kind;
    rows.push(['segment', date(s.start), iso(s.start), iso(s.end), secs(s.end - s.start), kind, decided?.label ?? s.label ?? '', '', '', '', '', '', s.gapId ?? '']);
  }
  for (const s of data.spans) {
    rows.push(['span', date(s.start), iso(s.start), iso(s.end), secs(s.end - s.start), 'activity', '', s.app, s.title ?? '', s.domain ?? '', s.category, s.productivity, s.id]);
  }
  rows.sort((a, b) => (a[2]! < b[2]! ? -1 : a[2]! > b[2]! ? 1 : 0));
  const body = [CSV_COLUMNS.join(','), ...rows.map((r) => r.map(csvField).join(','))].join('\r\n') + '\r\n';
  return { format, contentType: 'text/csv; charset=utf-8', body };
}

const iso = (t: number) => new Date(t).toISOString();
const secs = (ms: number) => String(Math.round(ms / 1000));

/** RFC 4180, plus a leading quote mark against formula injection when opened in a spreadsheet. */
function csvField(value: string): string {
  let v = value;
  if (/^[=+\-@\t\r]/.test(v) && !/^-?\d/.test(v)) v = `'${v}`;
  return /[",\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v;
}
