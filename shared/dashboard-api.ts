// The dashboard's API as one typed contract (STYLE.md §3): every route the lead's web app calls,
// with its method, path, input (params, query, body) and output. The hub registers its routes
// from these entries, so the response schemas in /docs are these; the app's client derives its
// call signatures from them, so the two cannot drift.
//
// Conventions:
// - Instants are UTC milliseconds; durations are milliseconds ("…Ms") unless named minutes.
// - Dates are a manager's local working days, 'YYYY-MM-DD' (their zone and dayStart).
// - Errors are shared/sync.ts's ErrorBodySchema: {"error":{"code","message"}}. 401 means "sign in"
//   (the session is missing, expired or the account was deactivated); 404 answers both "does not
//   exist" and "not yours to see"; 403 "you may see it but not do this".
// - Every POST/PUT/PATCH/DELETE sends the X-CSRF-Token header that came with the session.
import { z } from 'zod';
import { ROUTES } from './api-paths.ts';
import type { DaySummary } from './days.ts';
import { KpiDefinitionSchema, LOCALES, MISS_REASONS } from './kpi.ts';
import { CrmLinkSchema, DateSchema, ITEM_OUTCOMES } from './plan.ts';
import { BandSchema, StandingSchema } from './leaderboard.ts';
import { PeriodKindSchema, PeriodSchema } from './periods.ts';
import { PolicySchema } from './policy.ts';
import { KpiTargetSchema } from './sync.ts';

export { BandSchema, PeriodKindSchema, PeriodSchema, StandingSchema };
export type { Band, Standing } from './leaderboard.ts';
export type { Period, PeriodKind } from './periods.ts';

// ---------------------------------------------------------------------------------------------
// Building blocks

export const IdSchema = z.string().min(1).max(64);
const Id = IdSchema;
const Instant = z.number().int();
const Ms = z.number().int().min(0);
const Count = z.number().int().min(0);
/** A boolean in a query string: `true`/`false` (or 1/0). */
const QueryFlag = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

/** "Offline" in team now: the agent has not pushed, pulled or sent a heartbeat for this long. */
export const OFFLINE_AFTER_MS = 3 * 60_000;
/** Agents send a heartbeat this often while running (and at once when their state changes). */
export const HEARTBEAT_INTERVAL_MS = 60_000;
/** How long an invite link works. */
export const INVITE_TTL_MS = 7 * 24 * 3600_000;
/** Date ranges a screen or export may ask for at once. */
export const MAX_RANGE_DAYS = 400;

export const ROLES = ['admin', 'lead', 'manager'] as const;
export const RoleSchema = z.enum(ROLES);
export type Role = z.infer<typeof RoleSchema>;

export const ProductivitySchema = z.enum(['productive', 'neutral', 'unproductive']);

/** Someone as the dashboard names them: the display name (falls back to the email). */
export const UserRefSchema = z.object({
  id: Id,
  name: z.string(),
  email: z.string(),
  teamId: Id.nullable(),
});
export type UserRef = z.infer<typeof UserRefSchema>;

export const TeamRefSchema = z.object({ id: Id, name: z.string() });
export type TeamRef = z.infer<typeof TeamRefSchema>;

const Ok = z.object({ ok: z.literal(true) });

const PeriodQuery = {
  period: PeriodKindSchema.default('month'),
  /** Any date inside the period; default: today. */
  date: DateSchema.optional(),
};

// ---------------------------------------------------------------------------------------------
// Accounts and sessions

export const MeSchema = z.object({
  id: Id,
  orgId: Id,
  /** null: not named yet (the screens say "Your organization" in the person's language). */
  orgName: z.string().nullable(),
  email: z.string(),
  name: z.string(),
  role: RoleSchema,
  teamId: Id.nullable(),
  /** Teams this user leads (empty unless a lead). */
  ledTeams: z.array(Id),
  /** The dashboard's language chosen by the user; null or absent: follow the browser. */
  locale: z.enum(LOCALES).nullable().optional(),
});
export type Me = z.infer<typeof MeSchema>;

export const SessionSchema = z.object({
  user: MeSchema,
  /** Send back as X-CSRF-Token on every change. */
  csrfToken: z.string(),
  /** When the session ends by itself (then every call answers 401: sign in again). */
  expiresAt: Instant,
});
export type Session = z.infer<typeof SessionSchema>;

const Email = z.string().trim().min(3).max(254);
const Password = z.string().min(1).max(1000);
/** The shortest password a person may set (the forms say so before the hub does). */
export const MIN_PASSWORD = 10;
const NewPassword = z.string().min(MIN_PASSWORD).max(1000);
const DisplayName = z.string().trim().min(1).max(100);

export const InviteSchema = z.object({
  /** The address to hand the person (the hub has no mail server): `<hub>/invite#<token>`. */
  url: z.string(),
  expiresAt: Instant,
});

export const InviteInfoSchema = z.object({
  email: z.string(),
  name: z.string(),
  /** null: not named yet. */
  orgName: z.string().nullable(),
  role: RoleSchema,
  expiresAt: Instant,
});

// ---------------------------------------------------------------------------------------------
// Teams and people (admin)

export const TeamSchema = TeamRefSchema.extend({
  leads: z.array(UserRefSchema),
  /** Active members (managers and leads whose team this is). */
  memberCount: Count,
  /** The lead published a named leaderboard: managers see names, not only their own band. */
  leaderboardNamed: z.boolean(),
});
export type Team = z.infer<typeof TeamSchema>;

export const AdminUserSchema = UserRefSchema.extend({
  role: RoleSchema,
  teamName: z.string().nullable(),
  ledTeams: z.array(Id),
  active: z.boolean(),
  deactivatedAt: Instant.nullable(),
  /** False until the person set a password (through an invite link). */
  hasPassword: z.boolean(),
  /** An unused invite link exists and expires at this time. */
  inviteExpiresAt: Instant.nullable(),
  createdAt: Instant,
  /** The latest contact of any of their devices. */
  lastSeenAt: Instant.nullable(),
  devices: Count,
});
export type AdminUser = z.infer<typeof AdminUserSchema>;

export const EnrollmentCodeSchema = z.object({
  id: Id,
  user: UserRefSchema,
  /** The code's last four characters, to tell codes apart (the code itself is shown once). */
  hint: z.string(),
  uses: Count,
  usesLeft: Count,
  expiresAt: Instant,
  createdAt: Instant,
  createdBy: UserRefSchema.nullable(),
  state: z.enum(['active', 'expired', 'used_up']),
});
export type EnrollmentCode = z.infer<typeof EnrollmentCodeSchema>;

export const CreatedCodeSchema = z.object({
  id: Id,
  /** Shown once: copy it now. */
  code: z.string(),
  userId: Id,
  uses: Count,
  expiresAt: Instant,
});

export const DeviceSchema = z.object({
  id: Id,
  name: z.string(),
  user: UserRefSchema,
  enrolledAt: Instant,
  revokedAt: Instant.nullable(),
  lastSeenAt: Instant.nullable(),
  agentVersion: z.string().nullable(),
  /** Hub time minus the device's clock, as its agent last measured it. */
  clockOffsetMs: z.number().int().nullable(),
  clockMeasuredAt: Instant.nullable(),
});
export type Device = z.infer<typeof DeviceSchema>;

export const TeamSettingsSchema = z.object({
  team: TeamRefSchema,
  policy: PolicySchema,
  /** The team's own KPI definitions. */
  kpiDefinitions: z.array(KpiDefinitionSchema),
  /** Its own, then the built-in ones it does not redefine. */
  kpis: z.array(KpiDefinitionSchema),
  targets: z.array(KpiTargetSchema),
});

const PreviewSampleSchema = z.object({ app: z.string(), title: z.string().nullable(), domain: z.string().nullable(), ms: Ms });

/** What a draft policy would do to last week's recorded windows, before it is saved. */
export const PolicyPreviewSchema = z.object({
  from: Instant,
  to: Instant,
  spans: Count,
  totalMs: Ms,
  /** Windows the draft's excludedApps would no longer record. */
  excluded: z.object({ spans: Count, ms: Ms, samples: z.array(PreviewSampleSchema) }),
  /** Each of the team's own category rules: what it matches first (earlier rules win). */
  rules: z.array(
    z.object({ index: Count, category: z.string(), productivity: ProductivitySchema, spans: Count, ms: Ms, samples: z.array(PreviewSampleSchema) }),
  ),
  /** Time per category as recorded, and as the draft would classify it. */
  categories: z.array(z.object({ category: z.string(), productivity: ProductivitySchema, recordedMs: Ms, draftMs: Ms })),
  /** Each redaction rule: how many stored titles it changes, with examples. */
  redactions: z.array(z.object({ index: Count, titles: Count, samples: z.array(z.object({ before: z.string(), after: z.string() })) })),
  /** What titles the draft keeps: 'off' drops them all. */
  titleCapture: z.enum(['full', 'redacted', 'off']),
});
export type PolicyPreview = z.infer<typeof PolicyPreviewSchema>;

// ---------------------------------------------------------------------------------------------
// Days

/** A day report's state as the lead sees it. `none`: not filed and not (yet) due. */
export const REPORT_STATES = ['none', 'missing', 'submitted', 'returned', 'approved'] as const;
export const ReportStateSchema = z.enum(REPORT_STATES);
export type ReportState = z.infer<typeof ReportStateSchema>;

export const DayReportFlagsSchema = z.object({
  state: ReportStateSchema,
  reportId: Id.nullable(),
  /** First filed after the working day had ended. */
  late: z.boolean(),
  /** Filed again after the lead returned it (waiting for review again). */
  resubmitted: z.boolean(),
});

export const IdleTotalsSchema = z.object({ keptMs: Ms, breakMs: Ms, discardedMs: Ms, pendingMs: Ms });

/** One manager-day as the week view, the grid and the exports show it (from the ingest-time rollup). */
export const DayRowSchema = z.object({
  date: DateSchema,
  /** A working day by the team's schedule. */
  scheduled: z.boolean(),
  workedMs: Ms,
  breakMs: Ms,
  idle: IdleTotalsSchema,
  pausedMs: Ms,
  gapMs: Ms,
  privateMs: Ms,
  firstActivity: Instant.nullable(),
  lastActivity: Instant.nullable(),
  /** How late the first activity came against the schedule's start; null when on time or not worked. */
  lateStartMs: Ms.nullable(),
  plan: z.object({ filed: z.boolean(), items: Count }),
  report: DayReportFlagsSchema,
  kpis: z.object({ total: Count, hit: Count, missed: Count }),
});
export type DayRow = z.infer<typeof DayRowSchema>;

const TimelineEntrySchema = z.object({
  kind: z.enum(['work', 'break', 'idle', 'discarded', 'paused', 'gap', 'private', 'activity']),
  start: Instant,
  end: Instant,
  label: z.string().optional(),
  category: z.string().optional(),
  productivity: ProductivitySchema.optional(),
});

/** shared/days.ts's DaySummary, as the hub computes it with the same fold. */
export const DaySummarySchema = z.object({
  date: DateSchema,
  zone: z.string(),
  dayStart: z.string(),
  from: Instant,
  to: Instant,
  workedMs: Ms,
  breakMs: Ms,
  idle: IdleTotalsSchema,
  pausedMs: Ms,
  gapMs: Ms,
  privateMs: Ms,
  firstActivity: Instant.nullable(),
  lastActivity: Instant.nullable(),
  /**
   * Each app with its time by category (the team's category rules, as the agent applied them to
   * each window: one browser is CRM and entertainment) and its top domains. Window titles are
   * never here: they are in ManagerDay's `titles`, where the policy and private mode allow them.
   */
  byApp: z.array(
    z.object({
      app: z.string(),
      ms: Ms,
      productivity: ProductivitySchema,
      categories: z.array(z.object({ category: z.string(), productivity: ProductivitySchema, ms: Ms })),
      top: z.array(z.object({ kind: z.enum(['domain', 'title']), text: z.string(), ms: Ms })),
    }),
  ),
  byCategory: z.array(z.object({ category: z.string(), productivity: ProductivitySchema, ms: Ms })),
  byProductivity: z.object({ productive: Ms, neutral: Ms, unproductive: Ms }),
  byLabel: z.array(z.object({ label: z.string(), ms: Ms })),
  timeline: z.array(TimelineEntrySchema),
});
// Fails to compile if DaySummary gains a field the schema does not carry.
type Assert<T extends true> = T;
export type _SummaryCovered = Assert<[DaySummary] extends [z.infer<typeof DaySummarySchema>] ? true : false>;

export const MissReasonSchema = z.enum(MISS_REASONS);

export const DayKpiSchema = z.object({
  key: z.string(),
  names: z.object({ uk: z.string(), ru: z.string(), en: z.string() }),
  unit: KpiDefinitionSchema.shape.unit,
  direction: KpiDefinitionSchema.shape.direction,
  /** The lead's target for the day (from the report when filed, else from the settings). */
  target: z.number().nullable(),
  /** The manager's own commitment in the morning plan. */
  commitment: z.number().nullable(),
  /** Self-reported in the day report; null before a report. */
  actual: z.number().nullable(),
  missed: z.boolean(),
  reason: MissReasonSchema.nullable(),
  reasonText: z.string(),
  /** The CRM's figure for the same KPI when a connector provides one; null otherwise. */
  crmActual: z.number().nullable(),
  /** The self-reported and CRM figures disagree by the rule in `crmDiffers` (shared/kpi-rules.ts). */
  crmDiffers: z.boolean(),
});

export const RevisionChangeSchema = z.object({
  section: z.enum(['task', 'unplanned', 'kpi', 'blockers', 'note']),
  /** The task's or unplanned item's id, or the KPI key; empty for blockers and note. */
  key: z.string(),
  /** What a person reads: the task's title, the KPI's key (the app names it), or ''. */
  label: z.string(),
  field: z.enum(['added', 'removed', 'outcome', 'minutes', 'comment', 'title', 'actual', 'target', 'reason', 'reasonText', 'text']),
  before: z.union([z.string(), z.number()]).nullable(),
  after: z.union([z.string(), z.number()]).nullable(),
});

export const ReviewSchema = z.object({
  status: z.enum(['approved', 'returned']),
  comment: z.string(),
  /** 1–5, as Bitrix24 leads score a report; null when not rated. */
  rating: z.number().int().min(1).max(5).nullable(),
  reviewer: UserRefSchema.nullable(),
  at: Instant,
  /** The revision that was on the table when the review was made. */
  revision: Count,
});
export type Review = z.infer<typeof ReviewSchema>;

export const ManagerDaySchema = z.object({
  user: UserRefSchema,
  team: TeamRefSchema.nullable(),
  /** The team's currency (ISO 4217, from its policy): money KPIs are shown in it. */
  currency: z.string().regex(/^[A-Z]{3}$/),
  date: DateSchema,
  scheduled: z.boolean(),
  schedule: z.object({ start: z.string(), end: z.string() }).nullable(),
  lateStartMs: Ms.nullable(),
  summary: DaySummarySchema,
  /** Window titles, only where the team's policy captures them and never on a day with private mode. */
  titles: z.object({
    shown: z.boolean(),
    /** Why not shown. */
    hiddenBecause: z.enum(['policy', 'private_mode']).nullable(),
    top: z.array(z.object({ app: z.string(), title: z.string(), ms: Ms })),
  }),
  plan: z
    .object({ id: Id, revision: Count, submittedAt: Instant, note: z.string(), commitments: z.record(z.string(), z.number()) })
    .nullable(),
  /** Each planned task against what happened to it. */
  tasks: z.array(
    z.object({
      id: z.string(),
      title: z.string(),
      priority: z.number().int(),
      estimateMin: Count,
      carriedFrom: DateSchema.nullable(),
      crm: CrmLinkSchema.nullable(),
      /** Time tracked with this task as the "working on" label. */
      trackedMs: Ms,
      outcome: z.enum(ITEM_OUTCOMES).nullable(),
      reportedMinutes: Count.nullable(),
      comment: z.string(),
    }),
  ),
  unplanned: z.array(z.object({ id: z.string(), title: z.string(), minutes: Count, comment: z.string() })),
  kpis: z.array(DayKpiSchema),
  blockers: z.string(),
  note: z.string(),
  report: z
    .object({
      reportId: Id,
      flags: DayReportFlagsSchema,
      firstSubmittedAt: Instant,
      lastSubmittedAt: Instant,
      /** Oldest first; each with what changed against the one before. */
      revisions: z.array(z.object({ id: Id, revision: Count, submittedAt: Instant, changes: z.array(RevisionChangeSchema) })),
      /** Every review, oldest first. */
      reviews: z.array(ReviewSchema),
    })
    .nullable(),
});
export type ManagerDay = z.infer<typeof ManagerDaySchema>;

export const WeekSchema = z.object({
  user: UserRefSchema,
  from: DateSchema,
  to: DateSchema,
  days: z.array(DayRowSchema),
  totals: z.object({ workedMs: Ms, breakMs: Ms, idle: IdleTotalsSchema, kpisHit: Count, kpisMissed: Count, reportsFiled: Count, plansFiled: Count }),
});

export const GridSchema = z.object({
  from: DateSchema,
  to: DateSchema,
  users: z.array(UserRefSchema.extend({ teamName: z.string().nullable() })),
  /** One row per user, in `users` order, with one entry per date from `from` to `to`. */
  rows: z.array(z.object({ userId: Id, days: z.array(DayRowSchema) })),
});

// ---------------------------------------------------------------------------------------------
// Team now

export const PRESENCE_STATES = ['working', 'break', 'paused', 'clocked_out', 'offline', 'never'] as const;
export const PresenceStateSchema = z.enum(PRESENCE_STATES);
export type PresenceState = z.infer<typeof PresenceStateSchema>;

export const TeamNowMemberSchema = z.object({
  user: UserRefSchema,
  team: TeamRefSchema,
  /** `offline`: no contact for OFFLINE_AFTER_MS; `never`: no device has ever synced. */
  state: PresenceStateSchema,
  /** When the state began (for offline: the last contact). */
  since: Instant.nullable(),
  pauseReason: z.enum(['idle', 'lock', 'suspend']).nullable(),
  /** What they said they are working on (call, meeting, a plan task's title). */
  label: z.string().nullable(),
  lastSeenAt: Instant.nullable(),
  /** The category of the app in front (never its title), while working. */
  current: z.object({ category: z.string(), productivity: ProductivitySchema }).nullable(),
  today: z.object({
    /** Their local working date. */
    date: DateSchema,
    scheduled: z.boolean(),
    /** As of serverTime (the open stretch included); the app may tick it on while state is working. */
    workedMs: Ms,
    breakMs: Ms,
    idlePendingMs: Ms,
    firstActivity: Instant.nullable(),
    lateStartMs: Ms.nullable(),
    /** Worked ms per hour of the working day, from its start (23–25 entries across DST). */
    sparkline: z.array(Ms),
  }),
  /** A scheduled day, already past the schedule's start, and no work yet. */
  notStarted: z.boolean(),
  plan: z.object({ filed: z.boolean(), items: Count }),
  yesterday: z.object({ date: DateSchema, report: DayReportFlagsSchema }),
});
export type TeamNowMember = z.infer<typeof TeamNowMemberSchema>;

export const TeamNowSchema = z.object({
  serverTime: Instant,
  offlineAfterMs: Ms,
  teams: z.array(TeamRefSchema),
  counters: z.object({
    total: Count,
    working: Count,
    onBreak: Count,
    paused: Count,
    offline: Count,
    notStarted: Count,
    noPlan: Count,
    noReportYesterday: Count,
  }),
  members: z.array(TeamNowMemberSchema),
});
export type TeamNow = z.infer<typeof TeamNowSchema>;

// ---------------------------------------------------------------------------------------------
// Reports inbox

export const InboxRowSchema = z.object({
  user: UserRefSchema,
  team: TeamRefSchema,
  date: DateSchema,
  report: DayReportFlagsSchema,
  revision: Count.nullable(),
  submittedAt: Instant.nullable(),
  kpis: z.object({ total: Count, hit: Count, missed: Count }),
  /** Returned at least once before. */
  returnedBefore: z.boolean(),
  /** No missed KPI and never returned: may be approved in bulk. */
  clean: z.boolean(),
  workedMs: Ms,
  /** The latest review's comment and rating, if any. */
  review: z.object({ status: z.enum(['approved', 'returned']), comment: z.string(), rating: z.number().int().nullable() }).nullable(),
});
export type InboxRow = z.infer<typeof InboxRowSchema>;

export const InboxSchema = z.object({
  from: DateSchema,
  to: DateSchema,
  counts: z.object({ submitted: Count, late: Count, missing: Count, returned: Count, approved: Count, resubmitted: Count }),
  /** Newest date first, then team and name. */
  rows: z.array(InboxRowSchema),
});

export const InboxFilterSchema = z.enum(['all', 'to_review', 'submitted', 'late', 'missing', 'returned', 'approved']);

export const ReviewInputSchema = z
  .object({
    status: z.enum(['approved', 'returned']),
    comment: z.string().max(5000).default(''),
    rating: z.number().int().min(1).max(5).nullable().default(null),
  })
  .strict()
  .refine((r) => r.status === 'approved' || r.comment.trim().length > 0, { message: 'A returned report needs a comment saying what to fix.', path: ['comment'] });

export const BulkApproveResultSchema = z.object({
  approved: z.array(Id),
  skipped: z.array(z.object({ reportId: Id, reason: z.enum(['not_clean', 'already_approved', 'not_found']) })),
});

// ---------------------------------------------------------------------------------------------
// KPIs and the leaderboard

export const TeamKpisSchema = z.object({
  team: TeamRefSchema,
  /** The team's own definitions (names in uk/ru/en, unit, direction, day or month). */
  own: z.array(KpiDefinitionSchema),
  /** Own first, then the built-in ones. */
  kpis: z.array(KpiDefinitionSchema),
  /** Team-wide targets. */
  targets: z.array(KpiTargetSchema),
  /** Each member's own targets, overriding the team's by key and period; null: none. */
  members: z.array(z.object({ user: UserRefSchema, targets: z.array(KpiTargetSchema).nullable() })),
});

export const TeamKpisInputSchema = z
  .object({ definitions: z.array(KpiDefinitionSchema).max(100), targets: z.array(KpiTargetSchema).max(200) })
  .strict();
export const UserTargetsInputSchema = z.object({ targets: z.array(KpiTargetSchema).max(200).nullable() }).strict();

export const KpiProgressRowSchema = z.object({
  key: z.string(),
  /** Summed self-reported actuals over the period so far. */
  fact: z.number(),
  /** The period's target (day targets × working days, month targets pro rata); null: none set. */
  target: z.number().nullable(),
  /** Higher is better: what is still to do; lower is better: what is still allowed (negative: over). */
  remaining: z.number().nullable(),
  /** `remaining` per working day left. */
  requiredPace: z.number().nullable(),
  /** Where the fact should be by now on a straight line to the target. */
  expectedByNow: z.number().nullable(),
  /** fact ÷ target (higher is better) or target ÷ fact (lower), 1 = on target. */
  attainment: z.number().nullable(),
  status: z.enum(['ahead', 'on_track', 'behind', 'no_target']),
  /** The CRM's figure for the period when a connector provides one. */
  crmFact: z.number().nullable(),
  /** The self-reported fact and the CRM's disagree by the rule in `crmDiffers` (shared/kpi-rules.ts). */
  crmDiffers: z.boolean(),
});

export const KpiProgressSchema = z.object({
  period: PeriodSchema,
  kpis: z.array(KpiDefinitionSchema),
  /** The team's currency (ISO 4217, from its policy): money KPIs are shown in it. */
  currency: z.string().regex(/^[A-Z]{3}$/),
  /** Per manager, per KPI that has a target or a reported value. */
  users: z.array(z.object({ user: UserRefSchema, rows: z.array(KpiProgressRowSchema) })),
  /** Summed over the managers shown. */
  total: z.array(KpiProgressRowSchema),
});
export type KpiProgress = z.infer<typeof KpiProgressSchema>;

export const KpiMissesSchema = z.object({
  from: DateSchema,
  to: DateSchema,
  total: Count,
  byReason: z.array(z.object({ reason: MissReasonSchema, count: Count })),
  byKpi: z.array(z.object({ key: z.string(), count: Count, byReason: z.record(z.string(), Count) })),
  /** Weeks (Monday) for ranges up to 13 weeks, months beyond. */
  overTime: z.array(z.object({ bucket: DateSchema, byReason: z.record(z.string(), Count) })),
  /** The misses themselves, newest first (at most 200). */
  items: z.array(
    z.object({ user: UserRefSchema, date: DateSchema, key: z.string(), target: z.number().nullable(), actual: z.number(), reason: MissReasonSchema.nullable(), reasonText: z.string() }),
  ),
});

export const LeaderboardSchema = z.object({
  period: PeriodSchema,
  team: TeamRefSchema.nullable(),
  /** The KPI ranked by, or 'all': the mean attainment over the KPIs that have targets. */
  kpi: z.string(),
  named: z.boolean(),
  /** The team's currency (ISO 4217, from its policy): money KPIs are shown in it. */
  currency: z.string().regex(/^[A-Z]{3}$/),
  stats: z.object({ count: Count, average: z.number().nullable(), median: z.number().nullable(), best: z.number().nullable(), worst: z.number().nullable() }),
  rows: z.array(
    z.object({
      rank: z.number().int().min(1),
      user: UserRefSchema,
      /** Attainment (1 = on target) for 'all'; the KPI's own attainment for one KPI. */
      score: z.number().nullable(),
      band: BandSchema.nullable(),
      /** Single KPI: fact and target for the period. */
      fact: z.number().nullable(),
      target: z.number().nullable(),
      /** Score points behind the leader. */
      gapToLeader: z.number().nullable(),
      /** Per KPI still short of its period target: how much is left and the pace per working day. */
      workLeft: z.array(z.object({ key: z.string(), remaining: z.number(), requiredPace: z.number().nullable() })),
      workedMs: Ms,
    }),
  ),
});
export type Leaderboard = z.infer<typeof LeaderboardSchema>;

// ---------------------------------------------------------------------------------------------
// Live events (GET /api/v1/events, Server-Sent Events: `event: <type>`, `data: <json>`)

export const DashboardEventSchema = z.discriminatedUnion('type', [
  /** Sent once on connect. */
  z.object({ type: z.literal('hello'), serverTime: Instant, offlineAfterMs: Ms }),
  /** An agent's state changed (push, heartbeat) */
  z.object({
    type: z.literal('presence'),
    userId: Id,
    teamId: Id.nullable(),
    state: PresenceStateSchema,
    since: Instant.nullable(),
    at: Instant,
  }),
  /** A manager-day's figures changed (records, plan, report): refetch what shows it. */
  z.object({ type: z.literal('day'), userId: Id, teamId: Id.nullable(), dates: z.array(DateSchema), at: Instant }),
  /** A report was filed or reviewed. */
  z.object({ type: z.literal('report'), userId: Id, teamId: Id.nullable(), date: DateSchema, reportId: Id, state: ReportStateSchema, at: Instant }),
  /** A team's policy, KPIs or targets changed. */
  z.object({ type: z.literal('settings'), teamId: Id, at: Instant }),
  /** Users, teams, leads, devices or codes changed. */
  z.object({ type: z.literal('roster'), at: Instant }),
]);
export type DashboardEvent = z.infer<typeof DashboardEventSchema>;

// ---------------------------------------------------------------------------------------------
// Routes

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** A route that answers a file (an export) or an event stream rather than JSON. */
export interface Stream {
  kind: 'file' | 'events';
  contentType: string;
}

export interface RouteDef {
  method: Method;
  /** Fastify style: `/api/v1/users/:userId`. */
  path: string;
  summary: string;
  /** Who may call it, in words (the hub's access rules decide). */
  access: string;
  tag: string;
  params?: z.ZodObject;
  query?: z.ZodObject;
  body?: z.ZodType;
  output: z.ZodType | Stream;
  /** Status of a success; 200 unless said. */
  status?: 200 | 204;
}

const route = <const R extends RouteDef>(r: R): R => r;
/** An organization's name as a person types it (trimmed). */
const OrgName = z.string().trim().min(1).max(100);
const file = (contentType: string): Stream => ({ kind: 'file', contentType });

const UserParams = z.object({ userId: Id });
const TeamParams = z.object({ teamId: Id });
const Range = { from: DateSchema, to: DateSchema };
/** teamId: one team; none: every team the caller may see (a lead's teams, an admin's org). */
const TeamScope = { teamId: Id.optional() };
/** A team, or one user, or (none) every team the caller may see. */
const Scope = { teamId: Id.optional(), userId: Id.optional() };

export const dashboardApi = {
  // --- Sign-in, session, account -------------------------------------------------------------
  login: route({
    ...ROUTES.login, tag: 'auth', access: 'anyone (rate-limited)',
    summary: 'Sign in: sets the session cookie, returns the user and the CSRF token',
    body: z.object({ email: z.string().max(254), password: z.string().max(1000) }).strict(),
    output: SessionSchema,
  }),
  me: route({
    ...ROUTES.me, tag: 'auth', access: 'signed in',
    summary: 'The signed-in user and the session (401 when it has ended)',
    output: SessionSchema,
  }),
  logout: route({
    ...ROUTES.logout, tag: 'auth', access: 'signed in',
    summary: 'Sign out (ends this session)', output: z.null(), status: 204,
  }),
  updateMe: route({
    ...ROUTES.updateMe, tag: 'auth', access: 'signed in',
    summary: 'Change your own display name and the dashboard\'s language (null: follow the browser)',
    body: z.object({ name: DisplayName.optional(), locale: z.enum(LOCALES).nullable().optional() }).strict(),
    output: z.object({ user: MeSchema }),
  }),
  changePassword: route({
    ...ROUTES.changePassword, tag: 'auth', access: 'signed in',
    summary: 'Change your password (ends your other sessions); wrong current password → 400 wrong_password',
    body: z.object({ currentPassword: Password, newPassword: NewPassword }).strict(),
    output: Ok,
  }),
  setup: route({
    ...ROUTES.setup, tag: 'auth', access: 'anyone with the first-run link (rate-limited)',
    summary: 'First run without ZVIT_ADMIN_*: the one-time link from the hub\'s log (`<hub>/setup#<token>`) creates the first admin, names the organization if a name is given, and signs in',
    body: z.object({ token: z.string().max(200), email: z.string().max(254), password: z.string().max(1000), orgName: OrgName.optional() }).strict(),
    output: SessionSchema,
  }),
  inviteInfo: route({
    ...ROUTES.inviteInfo, tag: 'auth', access: 'anyone with the link (rate-limited)',
    summary: 'What an invite link is for (the token travels in the body, never in a URL the hub logs)',
    body: z.object({ token: z.string().min(1).max(200) }).strict(),
    output: InviteInfoSchema,
  }),
  acceptInvite: route({
    ...ROUTES.acceptInvite, tag: 'auth', access: 'anyone with the link (rate-limited)',
    summary: 'Set a password through an invite link (single use) and sign in',
    body: z.object({ token: z.string().min(1).max(200), password: NewPassword, name: DisplayName.optional() }).strict(),
    output: SessionSchema,
  }),

  // --- Team now, a manager's day, the week, the grid -----------------------------------------
  teamNow: route({
    ...ROUTES.teamNow, tag: 'team now', access: 'lead (their teams), admin (the organization)',
    summary: 'Every manager of the teams: state, worked today, app category, plan, yesterday\'s report, late start, sparkline',
    query: z.object(TeamScope),
    output: TeamNowSchema,
  }),
  managerDay: route({
    ...ROUTES.managerDay, tag: 'days', access: 'the user, their lead, admin',
    summary: 'One working day: timeline, apps, plan against fact, KPIs, report revisions and reviews',
    params: z.object({ userId: Id, date: DateSchema }),
    output: ManagerDaySchema,
  }),
  week: route({
    ...ROUTES.week, tag: 'days', access: 'the user, their lead, admin',
    summary: 'The week (Monday to Sunday) holding the date: days × worked, breaks, idle, plan, report, KPIs',
    params: UserParams,
    query: z.object({ date: DateSchema }),
    output: WeekSchema,
  }),
  grid: route({
    ...ROUTES.grid, tag: 'days', access: 'the user (own), their lead, admin',
    summary: `Users × days for a period (at most ${MAX_RANGE_DAYS} days)`,
    query: z.object({ ...Scope, ...Range }),
    output: GridSchema,
  }),

  // --- Reports inbox --------------------------------------------------------------------------
  inbox: route({
    ...ROUTES.inbox, tag: 'reports', access: 'lead (their teams), admin',
    summary: 'Reports per day and team: submitted, late, missing (by the schedule), returned, approved',
    query: z.object({ ...TeamScope, ...Range, filter: InboxFilterSchema.default('all') }),
    output: InboxSchema,
  }),
  review: route({
    ...ROUTES.review, tag: 'reports', access: 'the user\'s lead, admin (never the user)',
    summary: 'Approve (locks it; optional comment and 1–5 rating) or return with a required comment',
    params: z.object({ reportId: Id }),
    body: ReviewInputSchema,
    output: z.object({ review: ReviewSchema }),
  }),
  approveClean: route({
    ...ROUTES.approveClean, tag: 'reports', access: 'the users\' lead, admin',
    summary: 'Approve in bulk those of the given reports that are clean (no missed KPI, never returned)',
    body: z.object({ reportIds: z.array(Id).min(1).max(500), comment: z.string().max(5000).default('') }).strict(),
    output: BulkApproveResultSchema,
  }),

  // --- KPIs and the leaderboard ---------------------------------------------------------------
  teamKpis: route({
    ...ROUTES.teamKpis, tag: 'kpis', access: 'the team\'s lead, admin',
    summary: 'KPI definitions, team targets and each member\'s own targets',
    params: TeamParams,
    output: TeamKpisSchema,
  }),
  setTeamKpis: route({
    ...ROUTES.setTeamKpis, tag: 'kpis', access: 'the team\'s lead, admin',
    summary: 'The team\'s own KPIs and its targets (per day or per month)',
    params: TeamParams,
    body: TeamKpisInputSchema,
    output: Ok,
  }),
  setUserTargets: route({
    ...ROUTES.setUserTargets, tag: 'kpis', access: 'the user\'s lead, admin',
    summary: 'A manager\'s own targets (null: the team\'s apply)',
    params: UserParams,
    body: UserTargetsInputSchema,
    output: Ok,
  }),
  kpiProgress: route({
    ...ROUTES.kpiProgress, tag: 'kpis', access: 'the user (own), their lead, admin',
    summary: 'Plan against fact for a day, week, month or quarter: fact, target, remaining, required pace',
    query: z.object({ ...Scope, ...PeriodQuery }),
    output: KpiProgressSchema,
  }),
  kpiMisses: route({
    ...ROUTES.kpiMisses, tag: 'kpis', access: 'the user (own), their lead, admin',
    summary: 'Missed KPIs grouped by reason, by KPI and over time',
    query: z.object({ ...Scope, ...Range }),
    output: KpiMissesSchema,
  }),
  leaderboard: route({
    ...ROUTES.leaderboard, tag: 'kpis', access: 'lead (their teams), admin',
    summary: 'Ranking with average, median, best, worst, each one\'s gap to the leader and the work left',
    query: z.object({ ...TeamScope, ...PeriodQuery, kpi: z.string().max(48).default('all') }),
    output: LeaderboardSchema,
  }),
  standing: route({
    ...ROUTES.standing, tag: 'kpis', access: 'the user, their lead, admin',
    summary: 'A manager\'s own view of the board: band, team average and best, gaps to top 10/25/50 %',
    params: UserParams,
    query: z.object(PeriodQuery),
    output: StandingSchema,
  }),
  publishLeaderboard: route({
    ...ROUTES.publishLeaderboard, tag: 'kpis', access: 'the team\'s lead, admin',
    summary: 'Show managers the named board (true) or only their own band (false, the default)',
    params: TeamParams,
    body: z.object({ named: z.boolean() }).strict(),
    output: z.object({ team: TeamSchema }),
  }),

  // --- Admin: teams, users, invites -----------------------------------------------------------
  teams: route({
    ...ROUTES.teams, tag: 'admin', access: 'lead (their teams), admin (all)',
    summary: 'Teams with their leads',
    output: z.object({ teams: z.array(TeamSchema) }),
  }),
  renameOrg: route({
    ...ROUTES.renameOrg, tag: 'admin', access: 'admin',
    summary: 'Name the organization (shown beside the product name on every screen)',
    body: z.object({ name: OrgName }).strict(),
    output: z.object({ orgName: z.string() }),
  }),
  createTeam: route({
    ...ROUTES.createTeam, tag: 'admin', access: 'admin',
    summary: 'A new team', body: z.object({ name: z.string().trim().min(1).max(100) }).strict(),
    output: z.object({ team: TeamSchema }),
  }),
  updateTeam: route({
    ...ROUTES.updateTeam, tag: 'admin', access: 'admin',
    summary: 'Rename a team', params: TeamParams, body: z.object({ name: z.string().trim().min(1).max(100) }).strict(),
    output: z.object({ team: TeamSchema }),
  }),
  addLead: route({
    ...ROUTES.addLead, tag: 'admin', access: 'admin',
    summary: 'Make a lead (role lead) one of the team\'s leads', params: TeamParams, body: z.object({ userId: Id }).strict(),
    output: z.object({ team: TeamSchema }),
  }),
  removeLead: route({
    ...ROUTES.removeLead, tag: 'admin', access: 'admin',
    summary: 'Stop a lead leading the team', params: z.object({ teamId: Id, userId: Id }),
    output: z.object({ team: TeamSchema }),
  }),
  users: route({
    ...ROUTES.users, tag: 'admin', access: 'admin (the organization), lead (their teams\' members)',
    summary: 'People, with state of account, invite and devices',
    query: z.object({ teamId: Id.optional(), includeDeactivated: QueryFlag.default(false) }),
    output: z.object({ users: z.array(AdminUserSchema) }),
  }),
  invite: route({
    ...ROUTES.invite, tag: 'admin', access: 'admin',
    summary: 'Add a person and get their invite link (single use, expiring; hand it over yourself)',
    body: z.object({ email: Email, name: DisplayName, role: RoleSchema, teamId: Id.nullable().default(null) }).strict(),
    output: z.object({ user: AdminUserSchema, invite: InviteSchema }),
  }),
  reinvite: route({
    ...ROUTES.reinvite, tag: 'admin', access: 'admin',
    summary: 'A new invite link for someone (the old one stops working)', params: UserParams,
    output: z.object({ user: AdminUserSchema, invite: InviteSchema }),
  }),
  updateUser: route({
    ...ROUTES.updateUser, tag: 'admin', access: 'admin',
    summary: 'Change a person\'s display name, role or team', params: UserParams,
    body: z.object({ name: DisplayName.optional(), role: RoleSchema.optional(), teamId: Id.nullable().optional() }).strict(),
    output: z.object({ user: AdminUserSchema }),
  }),
  deactivate: route({
    ...ROUTES.deactivate, tag: 'admin', access: 'admin',
    summary: 'Deactivate: keeps their data, signs them out, refuses their devices', params: UserParams,
    output: z.object({ user: AdminUserSchema }),
  }),
  reactivate: route({
    ...ROUTES.reactivate, tag: 'admin', access: 'admin',
    summary: 'Let a deactivated person sign in again (their devices need new enrollment codes)', params: UserParams,
    output: z.object({ user: AdminUserSchema }),
  }),

  // --- Admin: enrollment codes and devices ----------------------------------------------------
  enrollmentCodes: route({
    ...ROUTES.enrollmentCodes, tag: 'devices', access: 'admin, lead (their teams\' members)',
    summary: 'Enrollment codes, newest first (the codes themselves are only shown when made)',
    query: z.object({ ...Scope, includeInactive: QueryFlag.default(false) }),
    output: z.object({ codes: z.array(EnrollmentCodeSchema) }),
  }),
  createEnrollmentCode: route({
    ...ROUTES.createEnrollmentCode, tag: 'devices', access: 'the user\'s lead, admin',
    summary: 'Make an enrollment code for a person\'s agent (shown once: copy it)', params: UserParams,
    body: z.object({ uses: z.int().min(1).max(1000).default(1), expiresInHours: z.number().positive().max(90 * 24).default(7 * 24) }).strict(),
    output: CreatedCodeSchema,
  }),
  expireEnrollmentCode: route({
    ...ROUTES.expireEnrollmentCode, tag: 'devices', access: 'the user\'s lead, admin',
    summary: 'Stop a code working now', params: z.object({ codeId: Id }),
    output: z.object({ code: EnrollmentCodeSchema }),
  }),
  devices: route({
    ...ROUTES.devices, tag: 'devices', access: 'the user (own), their lead, admin',
    summary: 'Devices: last seen, agent version, clock offset, revoked',
    query: z.object({ ...Scope, includeRevoked: QueryFlag.default(true) }),
    output: z.object({ devices: z.array(DeviceSchema) }),
  }),
  revokeDevice: route({
    ...ROUTES.revokeDevice, tag: 'devices', access: 'the user\'s lead, admin',
    summary: 'Disconnect a device (its agent must enroll again)', params: z.object({ deviceId: Id }),
    output: Ok,
  }),

  // --- Admin: tracking policy -----------------------------------------------------------------
  teamSettings: route({
    ...ROUTES.teamSettings, tag: 'policy', access: 'the team\'s lead, admin',
    summary: 'The team\'s tracking policy, KPIs and targets', params: TeamParams,
    output: TeamSettingsSchema,
  }),
  setPolicy: route({
    ...ROUTES.setPolicy, tag: 'policy', access: 'admin',
    summary: 'The team\'s tracking policy (idle threshold, titles, excluded apps, categories, schedule, dayStart)',
    params: TeamParams,
    body: z.looseObject({}).meta({ description: 'A PolicyInput: every field of the policy optional' }),
    output: z.object({ policy: PolicySchema }),
  }),
  previewPolicy: route({
    ...ROUTES.previewPolicy, tag: 'policy', access: 'admin',
    summary: 'What a draft policy\'s rules match in the team\'s last 7 days of recorded windows',
    params: TeamParams,
    body: z.object({ policy: z.looseObject({}) }).strict(),
    output: PolicyPreviewSchema,
  }),

  // --- Exports and the live stream ------------------------------------------------------------
  exportCsv: route({
    ...ROUTES.exportCsv, tag: 'exports', access: 'the user (own), their lead, admin',
    summary: 'Users × days (worked, breaks, idle, plan, report, KPIs) as CSV: UTF-8 with BOM, local times',
    query: z.object({ ...Scope, ...Range }),
    output: file('text/csv; charset=utf-8'),
  }),
  exportXlsx: route({
    ...ROUTES.exportXlsx, tag: 'exports', access: 'the user (own), their lead, admin',
    summary: 'The same grid as an Excel workbook',
    query: z.object({ ...Scope, ...Range }),
    output: file('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'),
  }),
  exportCalendar: route({
    ...ROUTES.exportCalendar, tag: 'exports', access: 'the user, their lead, admin',
    summary: 'A manager\'s time blocks (work, breaks, kept idle) as iCalendar',
    params: UserParams,
    query: z.object(Range),
    output: file('text/calendar; charset=utf-8'),
  }),
  events: route({
    ...ROUTES.events, tag: 'live', access: 'signed in (events are filtered by what the caller may see)',
    summary: 'Server-Sent Events: presence, day, report, settings, roster (see DashboardEventSchema)',
    output: { kind: 'events', contentType: 'text/event-stream' },
  }),
} as const satisfies Record<string, RouteDef>;

export type DashboardApi = typeof dashboardApi;
export type RouteName = keyof DashboardApi;

type Schema<R, K extends string> = R extends { [P in K]: infer S extends z.ZodType } ? S : undefined;
type InputOf<S> = S extends z.ZodType ? z.input<S> : undefined;

/** What a client passes: params, query and body as the schemas take them (before defaults). */
export type RouteInput<N extends RouteName> = {
  [K in 'params' | 'query' | 'body' as Schema<DashboardApi[N], K> extends undefined ? never : K]: InputOf<Schema<DashboardApi[N], K>>;
};
/** What a client gets back (JSON routes). */
export type RouteOutput<N extends RouteName> = DashboardApi[N]['output'] extends z.ZodType ? z.output<DashboardApi[N]['output']> : Blob;

export { routePath } from './api-paths.ts';

/** Locales the dashboard speaks (the same as the agent's). */
export const DASHBOARD_LOCALES = LOCALES;
