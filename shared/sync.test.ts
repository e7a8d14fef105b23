// The wire schemas on their own: what the agent may send and what it will get back.
import { describe, expect, it } from 'vitest';
import { uuidv7 } from './uuid.ts';
import {
  ErrorBodySchema,
  MAX_SPAN_MS,
  PullResponseSchema,
  PushResponseSchema,
  SyncRecordSchema,
  type SyncRecord,
} from './sync.ts';
import { defaultPolicy } from './policy.ts';
import { DEFAULT_KPIS } from './kpi.ts';

const deviceId = uuidv7();
const at = Date.UTC(2026, 2, 2, 9, 0);

const samples: SyncRecord[] = [
  { kind: 'work_event', id: uuidv7(), deviceId, event: 'pause', at, zone: 'Europe/Kyiv', mono: 12.5, data: { reason: 'idle' } },
  { kind: 'activity_span', id: uuidv7(), deviceId, start: at, end: at + 1000, app: 'Telegram', exe: null, title: null, domain: null, category: 'messengers', productivity: 'productive' },
  { kind: 'idle_decision', id: uuidv7(), deviceId, gapId: uuidv7(), decision: 'keep', label: 'call', at, zone: 'Europe/Kyiv' },
  { kind: 'day_plan', id: uuidv7(), deviceId, date: '2026-03-02', zone: 'Europe/Kyiv', submittedAt: at, revision: 1, items: [], commitments: {}, note: '' },
  {
    kind: 'report_revision',
    id: uuidv7(),
    deviceId,
    reportId: uuidv7(),
    date: '2026-03-02',
    revision: 1,
    zone: 'Europe/Kyiv',
    submittedAt: at,
    items: [],
    unplanned: [],
    kpis: [{ key: 'calls_total', target: 10, actual: 3, reason: 'few_leads', reasonText: '' }],
    blockers: '',
    note: '',
  },
];

describe('SyncRecordSchema', () => {
  it('accepts one record of every kind, unchanged', () => {
    for (const record of samples) expect(SyncRecordSchema.parse(record)).toEqual(record);
  });

  it('fills the defaults of the content schemas it reuses', () => {
    const { commitments: _c, note: _n, ...bare } = samples[3] as SyncRecord & { kind: 'day_plan' };
    expect(SyncRecordSchema.parse(bare)).toMatchObject({ commitments: {}, note: '' });
  });

  it('marks an end before its start and an over-long span with their own codes', () => {
    const span = samples[1]!;
    const backwards = SyncRecordSchema.safeParse({ ...span, end: at - 1 });
    expect(backwards.success).toBe(false);
    expect(backwards.error?.issues.some((i) => i.code === 'custom' && (i.params as { code?: string }).code === 'end_before_start')).toBe(true);
    const long = SyncRecordSchema.safeParse({ ...span, end: at + MAX_SPAN_MS + 1 });
    expect(long.error?.issues.some((i) => (i as { params?: { code?: string } }).params?.code === 'span_too_long')).toBe(true);
  });

  it('refuses uppercase or non-v7 ids, unknown zones, NUL characters and unknown fields', () => {
    const e = samples[0]!;
    expect(SyncRecordSchema.safeParse({ ...e, id: e.id.toUpperCase() }).success).toBe(false);
    expect(SyncRecordSchema.safeParse({ ...e, id: '6ba7b810-9dad-11d1-80b4-00c04fd430c8' }).success).toBe(false);
    expect(SyncRecordSchema.safeParse({ ...e, zone: 'Europe/Atlantis' }).success).toBe(false);
    expect(SyncRecordSchema.safeParse({ ...samples[1]!, title: 'a\u0000' }).success).toBe(false);
    expect(SyncRecordSchema.safeParse({ ...e, userId: 'someone' }).success).toBe(false);
  });
});

describe('responses', () => {
  it('push results, pull and error bodies have the documented shapes', () => {
    expect(PushResponseSchema.parse({ results: [{ id: 'a', status: 'stored' }, { id: null, status: 'rejected', code: 'unknown_kind', message: 'm' }], serverTime: at })).toBeTruthy();
    expect(PushResponseSchema.safeParse({ results: [{ id: 'a', status: 'rejected', code: 'nope', message: 'm' }], serverTime: at }).success).toBe(false);
    const policy = defaultPolicy();
    expect(PullResponseSchema.parse({ cursor: '7', policy, schedule: policy.schedule, kpis: [...DEFAULT_KPIS], targets: [], reviews: [], serverTime: at }).cursor).toBe('7');
    expect(ErrorBodySchema.safeParse({ error: { code: 'device_revoked', message: 'm' } }).success).toBe(true);
  });
});
