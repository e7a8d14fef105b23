// Checks one pushed record on its own, before the database is asked anything: shape, kind,
// device, clock. A failure here rejects that record only.
import type { z } from 'zod';
import {
  CLOCK_SKEW_TOLERANCE_MS,
  RECORD_KINDS,
  SyncRecordSchema,
  type RecordResult,
  type RejectCode,
  type SyncRecord,
} from '../../shared/sync.ts';

export type Rejection = Extract<RecordResult, { status: 'rejected' }>;

export function reject(id: string | null, code: RejectCode, message: string): Rejection {
  return { id, status: 'rejected', code, message };
}

const KINDS = new Set<string>(RECORD_KINDS);

/** The instant that must not lie in the future: when the record says it happened or ended. */
export function latestInstant(record: SyncRecord): number {
  switch (record.kind) {
    case 'work_event':
    case 'idle_decision':
      return record.at;
    case 'activity_span':
      return record.end;
    case 'day_plan':
    case 'report_revision':
      return record.submittedAt;
  }
}

export function validateRecord(raw: unknown, deviceId: string, now: number): SyncRecord | Rejection {
  const obj = typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? (raw as Record<string, unknown>) : null;
  const id = obj && typeof obj.id === 'string' && obj.id.length <= 64 ? obj.id : null;
  if (!obj) return reject(null, 'invalid_record', 'A record must be a JSON object.');
  if (typeof obj.kind !== 'string' || !KINDS.has(obj.kind)) {
    const kind = typeof obj.kind === 'string' ? JSON.stringify(obj.kind.slice(0, 40)) : 'missing';
    return reject(id, 'unknown_kind', `Record kind ${kind} is not one of ${RECORD_KINDS.join(', ')}.`);
  }
  const parsed = SyncRecordSchema.safeParse(obj);
  if (!parsed.success) return fromIssues(id, parsed.error.issues);
  const record = parsed.data;
  if (record.deviceId !== deviceId) {
    return reject(id, 'wrong_device', 'The record names another device; a device may only push its own records.');
  }
  const latest = latestInstant(record);
  if (latest > now + CLOCK_SKEW_TOLERANCE_MS) {
    const minutes = Math.round((latest - now) / 60000);
    return reject(id, 'in_future', `The record is ${minutes} min ahead of the hub's clock; check the computer's date and time.`);
  }
  return record;
}

function fromIssues(id: string | null, issues: readonly z.core.$ZodIssue[]): Rejection {
  // Refinements that carry their own code (end before start, span too long) are reported
  // under it; everything else is a shape problem named by its path.
  for (const issue of issues) {
    const code = issue.code === 'custom' ? (issue.params as { code?: RejectCode } | undefined)?.code : undefined;
    if (code) return reject(id, code, issue.message);
  }
  const message = issues
    .slice(0, 3)
    .map((i) => `${i.path.length ? i.path.join('.') : 'record'}: ${i.message}`)
    .join('; ');
  return reject(id, 'invalid_record', message);
}
