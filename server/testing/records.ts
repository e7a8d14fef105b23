// Realistic synced records for tests and the benchmark, in the wire shape of shared/sync.ts.
import { uuidv7 } from '../../shared/uuid.ts';
import type { SyncRecordOf } from '../../shared/sync.ts';
import type { ActivitySpansTable } from '../db/schema.ts';

const ZONE = 'Europe/Kyiv';

export function span(deviceId: string, start: number, end: number, over: Partial<SyncRecordOf<'activity_span'>> = {}): SyncRecordOf<'activity_span'> {
  return {
    kind: 'activity_span',
    id: uuidv7(start),
    deviceId,
    start,
    end,
    app: 'Google Chrome',
    exe: 'chrome',
    title: 'Угода #1042 — Bitrix24',
    domain: 'acme.bitrix24.ua',
    category: 'crm',
    productivity: 'productive',
    ...over,
  };
}

export function workEvent(deviceId: string, at: number, event: SyncRecordOf<'work_event'>['event'] = 'clock_in'): SyncRecordOf<'work_event'> {
  return { kind: 'work_event', id: uuidv7(at), deviceId, event, at, zone: ZONE, mono: 1000 };
}

export function idleDecision(deviceId: string, at: number, gapId: string): SyncRecordOf<'idle_decision'> {
  return { kind: 'idle_decision', id: uuidv7(at), deviceId, gapId, decision: 'keep', label: 'call', at, zone: ZONE };
}

export function dayPlan(deviceId: string, at: number, over: Partial<SyncRecordOf<'day_plan'>> = {}): SyncRecordOf<'day_plan'> {
  return {
    kind: 'day_plan',
    id: uuidv7(at),
    deviceId,
    date: '2026-03-02',
    zone: ZONE,
    submittedAt: at,
    revision: 1,
    items: [{ id: uuidv7(at), title: 'Call back ТОВ «Ромашка»', crm: null, priority: 1, estimateMin: 30, carriedFrom: null }],
    commitments: { calls_total: 40 },
    note: '',
    ...over,
  };
}

export function reportRevision(deviceId: string, at: number, over: Partial<SyncRecordOf<'report_revision'>> = {}): SyncRecordOf<'report_revision'> {
  return {
    kind: 'report_revision',
    id: uuidv7(at),
    deviceId,
    reportId: uuidv7(at),
    date: '2026-03-02',
    revision: 1,
    zone: ZONE,
    submittedAt: at,
    items: [],
    unplanned: [],
    kpis: [{ key: 'calls_total', target: 40, actual: 42, reason: null, reasonText: '' }],
    blockers: '',
    note: '',
    ...over,
  };
}

/** A minute of switching every `stepMs` between a few windows, as the agent would send it. */
export function minuteOfSpans(deviceId: string, minuteStart: number, count: number): SyncRecordOf<'activity_span'>[] {
  const apps = [
    { app: 'Google Chrome', exe: 'chrome', title: 'Угода #1042 — Bitrix24', domain: 'acme.bitrix24.ua', category: 'crm', productivity: 'productive' as const },
    { app: 'Telegram Desktop', exe: 'telegram', title: 'Іван Петренко', domain: null, category: 'messengers', productivity: 'productive' as const },
    { app: 'MicroSIP', exe: 'microsip', title: '+380 44 123 45 67', domain: null, category: 'telephony', productivity: 'productive' as const },
    { app: 'LibreOffice Calc', exe: 'soffice', title: 'КП_Ромашка_березень.ods', domain: null, category: 'documents', productivity: 'productive' as const },
  ];
  const step = Math.floor(60_000 / count);
  return Array.from({ length: count }, (_, i) => span(deviceId, minuteStart + i * step, minuteStart + (i + 1) * step, apps[i % apps.length]));
}

/** A one-second span as the hub stores it (a table row), for tests that write rows directly. */
export function spanRow(deviceId: string, userId: string, start: number, title: string | null): ActivitySpansTable {
  return { id: uuidv7(start), device_id: deviceId, user_id: userId, start, end: start + 1000, app: 'App', exe: null, title, domain: null, category: 'crm', productivity: 'productive', received_at: start };
}
