// The wire contract between the agent and the hub (STYLE.md §3): both sides import these schemas,
// so what the agent sends and what the hub accepts cannot drift. Content shapes come from the
// modules that own them (plan.ts, kpi.ts, policy.ts, model.ts, worktime.ts); this file only adds
// the envelope every synced record shares, the result codes and the limits.
import { z } from 'zod';
import { CrmActualSchema, CrmTaskSchema } from './integrations.ts';
import { KpiDefinitionSchema } from './kpi.ts';
import { StandingSchema } from './leaderboard.ts';
import { IDLE_DECISION_KINDS, PRODUCTIVITIES, type ActivitySpan, type IdleDecision } from './model.ts';
import { PlanInputSchema, ReportInputSchema, type DayPlan, type ReportRevision } from './plan.ts';
import { PolicySchema } from './policy.ts';
import { isValidZone } from './time.ts';
import type { WorkEvent, WorkEventKind } from './worktime.ts';

/** Records in one push, and bytes of one push body (after gzip is undone): beyond either, 413. */
export const MAX_BATCH_RECORDS = 5000;
export const MAX_BATCH_BYTES = 1024 * 1024;
/** How far ahead of the hub's clock a record may be stamped before it is refused as "future". */
export const CLOCK_SKEW_TOLERANCE_MS = 5 * 60 * 1000;
/** The agent splits spans at an hour (main/store); the hub relies on it to bound overlap checks. */
export const MAX_SPAN_MS = 60 * 60 * 1000;

export const RECORD_KINDS = ['work_event', 'activity_span', 'idle_decision', 'day_plan', 'report_revision'] as const;
export type RecordKind = (typeof RECORD_KINDS)[number];

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
/** Ids are made on the device (shared/uuid.ts) in lowercase; one spelling keeps them one key. */
export const UuidV7Schema = z.string().regex(UUID_V7, 'expected a lowercase UUIDv7');

const Instant = z.int().min(0).max(8.64e15);
const Zone = z.string().min(1).max(64).refine(isValidZone, 'unknown IANA time zone');
// PostgreSQL text cannot hold U+0000 (SQLite can); refusing it here keeps one record's odd
// title from failing a whole batch's transaction on one dialect only.
const ShortText = (max: number) => z.string().max(max).refine((s) => !s.includes('\u0000'), 'must not contain U+0000');

const envelope = { id: UuidV7Schema, deviceId: UuidV7Schema };

// The mapped type makes adding a kind to worktime.ts fail to compile here until it is listed.
const WORK_EVENT_KINDS: { [K in WorkEventKind]: K } = {
  clock_in: 'clock_in',
  break: 'break',
  resume: 'resume',
  pause: 'pause',
  unpause: 'unpause',
  clock_out: 'clock_out',
  label: 'label',
  private: 'private',
  restart: 'restart',
  clock_jump: 'clock_jump',
};

const WorkEventDataSchema = z
  .object({
    reason: z.enum(['idle', 'lock', 'suspend']).optional(),
    label: ShortText(200).nullable().optional(),
    on: z.boolean().optional(),
    countsAsWork: z.boolean().optional(),
    downFrom: Instant.optional(),
    from: Instant.optional(),
  })
  .strict();

/** One entry of the work-time log. `event` is WorkEvent.kind (`kind` names the record type). */
export const WorkEventRecordSchema = z
  .object({
    kind: z.literal('work_event'),
    ...envelope,
    event: z.enum(WORK_EVENT_KINDS),
    at: Instant,
    zone: Zone,
    mono: z.number().min(0).max(8.64e15),
    data: WorkEventDataSchema.optional(),
  })
  .strict();

/** Marks the refinement failures the hub reports under their own result code. */
const endBeforeStart = { message: 'end is before start', path: ['end'], params: { code: 'end_before_start' } };

export const ActivitySpanRecordSchema = z
  .object({
    kind: z.literal('activity_span'),
    ...envelope,
    start: Instant,
    end: Instant,
    app: ShortText(200).min(1),
    exe: ShortText(500).nullable(),
    title: ShortText(1000).nullable(),
    domain: ShortText(255).nullable(),
    category: ShortText(64).min(1),
    productivity: z.enum(PRODUCTIVITIES),
  })
  .strict()
  .refine((s) => s.end >= s.start, endBeforeStart)
  .refine((s) => s.end - s.start <= MAX_SPAN_MS, {
    message: `a span is at most ${MAX_SPAN_MS / 60000} minutes; split longer ones`,
    path: ['end'],
    params: { code: 'span_too_long' },
  });

export const IdleDecisionRecordSchema = z
  .object({
    kind: z.literal('idle_decision'),
    ...envelope,
    gapId: UuidV7Schema,
    decision: z.enum(IDLE_DECISION_KINDS),
    label: ShortText(200).optional(),
    at: Instant,
    zone: Zone,
  })
  .strict();

export const DayPlanRecordSchema = PlanInputSchema.extend({
  kind: z.literal('day_plan'),
  ...envelope,
  zone: Zone,
  submittedAt: Instant,
  revision: z.int().min(1).max(10_000),
}).strict();

export const ReportRevisionRecordSchema = ReportInputSchema.extend({
  kind: z.literal('report_revision'),
  ...envelope,
  reportId: UuidV7Schema,
  revision: z.int().min(1).max(10_000),
  zone: Zone,
  submittedAt: Instant,
}).strict();

export const SyncRecordSchema = z.discriminatedUnion('kind', [
  WorkEventRecordSchema,
  ActivitySpanRecordSchema,
  IdleDecisionRecordSchema,
  DayPlanRecordSchema,
  ReportRevisionRecordSchema,
]);
export type SyncRecord = z.infer<typeof SyncRecordSchema>;
export type SyncRecordOf<K extends RecordKind> = Extract<SyncRecord, { kind: K }>;

// The records carry the same content the agent keeps; these checks fail to compile if a field is
// added to a content type without being put on the wire.
type Assert<T extends true> = T;
type Covers<Wire, Model> = [Wire] extends [Model] ? true : false;
export type _SpanCovered = Assert<Covers<Omit<SyncRecordOf<'activity_span'>, 'kind' | 'deviceId'>, ActivitySpan>>;
export type _DecisionCovered = Assert<Covers<Omit<SyncRecordOf<'idle_decision'>, 'kind'>, IdleDecision>>;
export type _EventCovered = Assert<Covers<Omit<SyncRecordOf<'work_event'>, 'kind' | 'event' | 'deviceId'> & { kind: WorkEventKind }, WorkEvent>>;
export type _PlanCovered = Assert<Covers<Omit<SyncRecordOf<'day_plan'>, 'kind' | 'deviceId'>, DayPlan>>;
export type _ReportCovered = Assert<Covers<Omit<SyncRecordOf<'report_revision'>, 'kind' | 'deviceId'>, ReportRevision>>;

// ---------------------------------------------------------------------------------------------
// Push

export const PushRequestSchema = z
  .object({
    // Validated one by one by the hub (a bad record must not sink the batch), so the envelope
    // only says "a list" (even a non-object entry gets its own rejection); each entry must
    // match SyncRecordSchema.
    records: z.array(z.unknown()).meta({ description: `Up to ${MAX_BATCH_RECORDS} records, each one of SyncRecord` }),
    /**
     * Hub time minus device time as the agent last measured it (ms). Records keep the device's
     * own times; this says how far off that clock was, so a lead can read them right.
     */
    clockOffsetMs: z.int().min(-1e12).max(1e12).optional(),
  })
  .strict();
export type PushRequest = { records: SyncRecord[]; clockOffsetMs?: number };

/**
 * Why one record was refused. The agent keeps refused records for the manager to see and does
 * not resend them (except `rate_limited`-type batch errors, which are not per record).
 */
export const REJECT_CODES = [
  'invalid_record', // shape or type wrong (the message names the field)
  'unknown_kind', // `kind` is not one of RECORD_KINDS
  'end_before_start',
  'span_too_long',
  'in_future', // stamped later than hub time + CLOCK_SKEW_TOLERANCE_MS
  'overlap', // an activity span overlapping another span from the same device
  'wrong_device', // deviceId is not the device whose token made the request
  'id_taken', // the id is already used by another device's record
  'duplicate_in_batch', // the same id twice in one batch: the first one counts
  'reason_required', // a report with a missed KPI and no reason
  'report_locked', // a revision of a report the lead has already approved
] as const;
export type RejectCode = (typeof REJECT_CODES)[number];

export const RecordResultSchema = z.discriminatedUnion('status', [
  /** Stored now or earlier: a replay gets `stored` again and nothing is written twice. */
  z.object({ id: z.string(), status: z.literal('stored') }),
  z.object({ id: z.string().nullable(), status: z.literal('rejected'), code: z.enum(REJECT_CODES), message: z.string() }),
]);
export type RecordResult = z.infer<typeof RecordResultSchema>;

export const PushResponseSchema = z.object({
  /** In request order, one per record. */
  results: z.array(RecordResultSchema),
  /** The hub's clock (UTC ms), so the agent can tell its own clock is off. */
  serverTime: z.number(),
  /**
   * The hub's latest change for this device's user (settings, targets, reviews), as a pull
   * cursor: when it is beyond the agent's own cursor, something is waiting, so pull now.
   */
  latestChange: z.string().optional(),
});
export type PushResponse = z.infer<typeof PushResponseSchema>;

// ---------------------------------------------------------------------------------------------
// Pull

export const PullQuerySchema = z.object({
  cursor: z
    .string()
    .regex(/^\d{1,15}$/, 'a cursor is the string a previous pull returned')
    .optional(),
});

export const KpiTargetSchema = z.object({
  key: z.string().min(1).max(48),
  period: z.enum(['day', 'month']),
  value: z.number().min(0).max(1e12),
});
export type KpiTarget = z.infer<typeof KpiTargetSchema>;

export const ReportReviewSchema = z.object({
  reportId: UuidV7Schema,
  date: z.string(),
  status: z.enum(['approved', 'returned']),
  comment: z.string(),
  reviewedAt: z.number(),
});
export type ReportReview = z.infer<typeof ReportReviewSchema>;

export const PullResponseSchema = z.object({
  /** Pass it back as `cursor` next time; the hub then sends only what changed after it. */
  cursor: z.string(),
  /** The team's policy in full, or null when unchanged since the cursor. */
  policy: PolicySchema.nullable(),
  /** The work schedule (also inside the policy), or null when unchanged. */
  schedule: PolicySchema.shape.schedule.unwrap().nullable(),
  /** The team's KPI definitions (its own, then the defaults), or null when unchanged. */
  kpis: z.array(KpiDefinitionSchema).nullable(),
  /** The targets that apply to this manager, in full, or null when unchanged. */
  targets: z.array(KpiTargetSchema).nullable(),
  /** Reviews made or changed since the cursor. */
  reviews: z.array(ReportReviewSchema),
  serverTime: z.number(),
  /**
   * The manager's place on the team's board this month (their band, the team's average and best,
   * the gaps to the top 10/25/50 % and the work left); absent from hubs that do not rank, null
   * when there is nothing to rank yet.
   */
  standing: StandingSchema.nullable().optional(),
  /**
   * From the organization's CRM and other systems, when the hub has any: the manager's open CRM
   * tasks and deals for the plan (in full, or null when unchanged since the cursor), and KPI
   * actuals per day changed since the cursor (shown beside the report's fields, and prefilled).
   * Absent from hubs without connectors; older agents ignore it.
   */
  crm: z.object({ tasks: z.array(CrmTaskSchema).nullable(), actuals: z.array(CrmActualSchema) }).optional(),
});
export type PullResponse = z.infer<typeof PullResponseSchema>;

// ---------------------------------------------------------------------------------------------
// Heartbeat and the agent's event stream: "working now" between spans, reviews within seconds

/**
 * The agent's state, sent every HEARTBEAT_INTERVAL_MS (shared/dashboard-api.ts) while it runs
 * and at once when the state changes, so the team's "now" is right between pushes.
 */
export const HeartbeatRequestSchema = z
  .object({
    state: z.enum(['clocked_out', 'working', 'break', 'paused']),
    /** Device time when the state began. */
    since: Instant.nullable(),
    pauseReason: z.enum(['idle', 'lock', 'suspend']).nullable().default(null),
    /** What the manager says they are on (a call, a meeting, task:<plan item id>). */
    label: ShortText(200).nullable().default(null),
    /** The category of the app in front; never its title or name. */
    current: z.object({ category: ShortText(64).min(1), productivity: z.enum(PRODUCTIVITIES) }).nullable().default(null),
    privateMode: z.boolean().default(false),
    zone: Zone,
    /** The agent's build, shown with its device. */
    agentVersion: ShortText(64).min(1),
    /** Device time of this heartbeat. */
    at: Instant,
    clockOffsetMs: z.int().min(-1e12).max(1e12).optional(),
  })
  .strict();
export type HeartbeatRequest = z.input<typeof HeartbeatRequestSchema>;

export const HeartbeatResponseSchema = z.object({
  serverTime: z.number(),
  /** As in the push answer: pull when beyond your cursor. */
  latestChange: z.string(),
});
export type HeartbeatResponse = z.infer<typeof HeartbeatResponseSchema>;

/**
 * `GET /api/v1/sync/events` (bearer device token) is a Server-Sent Events stream the agent keeps
 * open while online: `event: change` with this data whenever something for its user changed
 * (a review, targets, settings), so it pulls within a second or two instead of on its timer.
 */
export const AgentEventSchema = z.object({ latestChange: z.string() });
export type AgentEvent = z.infer<typeof AgentEventSchema>;

// ---------------------------------------------------------------------------------------------
// The agent's version

/**
 * Sent by the agent with every call to the hub (sync and update checks): the hub counts which
 * devices run which release. A version the hub cannot read is ignored, never refused.
 */
export const AGENT_VERSION_HEADER = 'x-zvit-agent-version';
export const AgentVersionSchema = z.string().regex(/^\d{1,6}\.\d{1,6}\.\d{1,6}(-[0-9A-Za-z.-]{1,40})?$/);

// ---------------------------------------------------------------------------------------------
// Enrollment and errors

export const EnrollRequestSchema = z
  .object({
    code: z.string().min(1).max(64),
    /** The agent's own device id (made once per profile). */
    deviceId: UuidV7Schema,
    name: z.string().max(200).default(''),
  })
  .strict();

export const EnrollResponseSchema = z.object({
  /** The bearer token for every later call; shown once, stored hashed by the hub. */
  token: z.string(),
  deviceId: z.string(),
  userId: z.string(),
  email: z.string(),
  serverTime: z.number(),
});
export type EnrollResponse = z.infer<typeof EnrollResponseSchema>;

/**
 * Error codes of whole requests. The agent shows `message` and acts on `code`: `device_revoked`
 * means "enroll again", `rate_limited` means wait for Retry-After, `batch_too_large` means split.
 */
export const ERROR_CODES = [
  'malformed_json',
  /** A CSV file whose first line does not name its columns (KPI actuals import). */
  'csv_columns',
  'invalid_request',
  'unsupported_media_type',
  'batch_too_large',
  'rate_limited',
  'unauthorized',
  'device_revoked',
  'forbidden',
  'csrf',
  'wrong_password',
  'not_found',
  'conflict',
  'code_invalid',
  'code_expired',
  'code_used_up',
  'device_taken',
  'checksum_mismatch', // an update file does not match the sha512 its manifest names
  'secret_key_missing', // the hub has no ZVIT_SECRET_KEY, so it cannot keep credentials
  'internal',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export const ErrorBodySchema = z.object({
  error: z.object({ code: z.enum(ERROR_CODES), message: z.string() }),
});
export type ErrorBody = z.infer<typeof ErrorBodySchema>;
