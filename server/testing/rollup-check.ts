// The rollups' invariant, for the tests that check it: a manager's stored day rollup equals the
// agent's own fold ("My day": shared/days.ts over shared/worktime.ts's segments) of the raw
// records the hub holds.
import { summarizeDay } from '../../shared/days.ts';
import type { IdleDecision } from '../../shared/model.ts';
import type { SyncRecord, SyncRecordOf } from '../../shared/sync.ts';
import { sessionsOf } from '../../shared/working-days.ts';
import { deriveSegments, type WorkEvent } from '../../shared/worktime.ts';

/** The agent's own fold over the records: what "My day" shows for the date (a session counts whole on the day it started). */
export function foldDay(records: readonly SyncRecord[], date: string, zone: string, dayStart = '04:00') {
  const events: WorkEvent[] = records
    .filter((r): r is SyncRecordOf<'work_event'> => r.kind === 'work_event')
    .sort((a, b) => (a.id < b.id ? -1 : 1))
    .map((e) => ({ id: e.id, kind: e.event, at: e.at, zone: e.zone, mono: e.mono, ...(e.data ? { data: e.data } : {}) }));
  const spans = records.filter((r): r is SyncRecordOf<'activity_span'> => r.kind === 'activity_span');
  const decisions: IdleDecision[] = records
    .filter((r): r is SyncRecordOf<'idle_decision'> => r.kind === 'idle_decision')
    .sort((a, b) => (a.id < b.id ? -1 : 1))
    .map((d) => ({ gapId: d.gapId, decision: d.decision, ...(d.label ? { label: d.label } : {}) }));
  const asOf = Math.max(...events.map((e) => e.at), ...spans.map((s) => s.end));
  return summarizeDay({ date, zone, dayStart, segments: deriveSegments(events, asOf), decisions, spans, sessions: sessionsOf(events) });
}
