// The one contract between the agent core and everything that drives it: the local HTTP API
// (browser UI, CLI), the Electron IPC bridge and test fakes all implement or call exactly this.
// Input is validated at the boundary with these schemas, never deeper inside (STYLE.md §3).
import { z } from 'zod';
import type { DaySummary } from './days.ts';
import { DraftInputSchema, DraftKeySchema, type Draft } from './drafts.ts';
import { LOCALES, type KpiDefinition } from './kpi.ts';
import type { ActivitySpan, PauseReason, Productivity, Segment } from './model.ts';
import { DateSchema, PlanInputSchema, ReportInputSchema, type DayPlan, type DayReport, type PlanItem, type ReportContent, type ReportProblem } from './plan.ts';
import type { WorkStatus } from './worktime.ts';
import type { AGENT_METHODS } from './desktop.ts';
import type { CrmTask } from './integrations.ts';
import type { Standing } from './leaderboard.ts';

export interface PendingIdle {
  gapId: string;
  start: number;
  end: number;
  ms: number;
  /** True while the manager is still away (the gap is still growing). */
  open: boolean;
}

/** Something the agent cannot record here, as a code the UI and CLI put in words. */
export interface TrackingIssue {
  /** Which recording is affected: the apps in front, or the time away from the keyboard. */
  source: 'window' | 'idle';
  /**
   * wayland: the session is Wayland, whose windows X11 cannot see; no_display: no desktop
   * session; desktop_app: this platform needs the desktop app for it; failed: the source failed
   * (`detail` says how, in the system's words).
   */
  code: 'wayland' | 'no_display' | 'desktop_app' | 'failed';
  detail: string | null;
}

/** The issue in English, for logs and the problems list. */
export function describeTrackingIssue({ source, code, detail }: TrackingIssue): string {
  const what = source === 'window' ? 'window tracking' : 'idle detection';
  switch (code) {
    case 'wayland':
      return `${what} unavailable on Wayland`;
    case 'no_display':
      return `${what} needs an X11 desktop session (DISPLAY is not set)`;
    case 'desktop_app':
      return `${what} needs the desktop app on this platform`;
    case 'failed':
      return `${what} ${detail ? `failed: ${detail}` : 'failed'}`;
  }
}

export interface SyncStatus {
  enrolled: boolean;
  hubUrl: string | null;
  user: string | null;
  /** Records written but not yet acknowledged by the hub. */
  waiting: number;
  /** Records the hub refused, kept with its reason (see `refusedRecords`). */
  refused: number;
  lastSuccessAt: number | null;
  lastError: string | null;
  lastErrorCode: string | null;
  nextAttemptAt: number | null;
  /** Hub time minus this device's time, as last measured (ms). */
  clockOffsetMs: number | null;
  /** Where the device token is (or, before enrolling, will be) kept, for the privacy view. */
  tokenStore: TokenStore;
}

/**
 * Where the device token is kept: nowhere (not enrolled), a file only the user's account can
 * read (the headless agent), encrypted by the OS keychain (the desktop app), only obscured (the
 * desktop app on a Linux without a keyring), or memory (tests).
 */
export interface TokenStore {
  kind: 'none' | 'file' | 'os-keychain' | 'obscured' | 'memory';
  location: string | null;
}

/** Clock differences beyond this are shown to the manager. */
export const CLOCK_SKEW_WARNING_MS = 2 * 60 * 1000;

export interface RefusedRecord {
  id: number;
  kind: string;
  recordId: string;
  code: string;
  message: string;
  at: number;
  record: unknown;
}

export interface AgentStatus {
  state: WorkStatus;
  since: number | null;
  pauseReason: PauseReason | null;
  label: string | null;
  private: { on: boolean; countsAsWork: boolean };
  now: number;
  zone: string;
  today: { date: string; workedMs: number; breakMs: number; idlePendingMs: number };
  pendingIdle: PendingIdle[];
  current: { app: string; title: string | null; category: string; productivity: Productivity; since: number } | null;
  /** `problems` says the issues in English (for logs); `issues` are what the UI and CLI show. */
  tracking: { windows: string | null; idle: string | null; problems: string[]; issues: TrackingIssue[] };
  policy: { idleThresholdSec: number; titles: 'full' | 'redacted' | 'off'; error: string | null };
  /** Things the agent wants the manager to know (a damaged database set aside); `data` by kind. */
  notices: { id: number; at: number; kind: string; message: string; data: unknown }[];
  dataFile: string;
  deviceId: string;
  sync: SyncStatus;
}

/** Something the manager should be asked now, in the order to ask it. */
export type Prompt =
  /** `returned`: the lead sent the filed report back; `comment` is what they wrote. */
  | { kind: 'report'; date: string; overdue: boolean; returned: boolean; comment: string | null }
  | { kind: 'plan'; date: string; snoozesLeft: number }
  | { kind: 'idle'; gapId: string; start: number; end: number; open: boolean };

export interface PlanView {
  date: string;
  plan: DayPlan | null;
  /** Unfinished items of the last earlier plan, offered for this day. */
  carryOver: PlanItem[];
  kpis: KpiDefinition[];
  /** The lead's daily targets by KPI key. */
  targets: Record<string, number>;
  /** The organization's currency (ISO 4217), for money KPIs. */
  currency: string;
  /** The manager's open tasks and deals in the company's CRM, to pick from (link id: crmLinkId). */
  crmTasks?: CrmTask[];
}

export interface ReportView {
  date: string;
  plan: DayPlan | null;
  report: DayReport | null;
  /** What a new revision starts from: the last revision, or outcomes and minutes from tracked time. */
  prefill: ReportContent;
  /** Tracked minutes per plan item (time labelled with the task, idle kept for it). */
  trackedMinutes: Record<string, number>;
  kpis: KpiDefinition[];
  targets: Record<string, number>;
  /** The CRM's (or another system's) figure per KPI key for the day, shown beside the field. */
  crmActuals?: Record<string, number>;
  /** False once the lead approved it. */
  editable: boolean;
  /** The organization's currency (ISO 4217), for money KPIs. */
  currency: string;
}

/** The manager's standing on the team's board (My day), as the hub last ranked it. */
export interface StandingView {
  /** False when the hub does not rank (not enrolled, or an older hub): show nothing. */
  available: boolean;
  /** Null while there is nothing to rank yet. */
  standing: Standing | null;
  /** The team's KPI definitions, to name the KPI ranked by. */
  kpis: KpiDefinition[];
  /** The organization's currency (ISO 4217), for money KPIs in the work left. */
  currency: string;
}

export interface Settings {
  language: (typeof LOCALES)[number];
  schedule: { start: string; end: string; days: number[] };
}

export interface RawRecords {
  date: string;
  segments: Segment[];
  spans: ActivitySpan[];
  decisions: { gapId: string; decision: string; label?: string; at: number }[];
  titles: 'full' | 'redacted' | 'off';
  tokenStore: TokenStore;
}

export interface ExportResult {
  format: 'json' | 'csv' | 'xlsx';
  contentType: string;
  /** A name to save it under: zvit-<from>_<to>.<format>. */
  fileName: string;
  /** xlsx is binary, carried as base64. */
  encoding: 'utf8' | 'base64';
  body: string;
}

const Empty = z.object({}).strict();
const Label = z.string().max(200);

function method<I extends z.ZodType, O>(input: I) {
  return { input, output: undefined as unknown as O };
}

export const agentApi = {
  status: method<typeof Empty, AgentStatus>(Empty),
  clockIn: method<typeof Empty, AgentStatus>(Empty),
  startBreak: method<typeof Empty, AgentStatus>(Empty),
  resume: method<typeof Empty, AgentStatus>(Empty),
  clockOut: method<typeof Empty, AgentStatus>(Empty),
  setLabel: method<z.ZodObject<{ label: z.ZodNullable<typeof Label> }>, AgentStatus>(z.object({ label: Label.nullable() }).strict()),
  setPrivate: (() => {
    const input = z.object({ on: z.boolean(), countsAsWork: z.boolean().optional() }).strict();
    return method<typeof input, AgentStatus>(input);
  })(),
  resolveIdle: (() => {
    const input = z
      .object({ decision: z.enum(['keep', 'break', 'discard']), label: Label.nullable().optional(), gapId: z.uuid().optional() })
      .strict();
    return method<typeof input, AgentStatus>(input);
  })(),
  systemEvent: (() => {
    const input = z.object({ kind: z.enum(['lock', 'unlock', 'suspend', 'resume']) }).strict();
    return method<typeof input, AgentStatus>(input);
  })(),
  dismissNotice: (() => {
    const input = z.object({ id: z.int().positive() }).strict();
    return method<typeof input, AgentStatus>(input);
  })(),
  day: (() => {
    const input = z.object({ date: DateSchema.optional() }).strict();
    return method<typeof input, DaySummary>(input);
  })(),
  prompts: method<typeof Empty, Prompt[]>(Empty),
  standing: method<typeof Empty, StandingView>(Empty),
  snoozePlan: method<typeof Empty, Prompt[]>(Empty),
  getPlan: (() => {
    const input = z.object({ date: DateSchema.optional() }).strict();
    return method<typeof input, PlanView>(input);
  })(),
  savePlan: method<typeof PlanInputSchema, PlanView>(PlanInputSchema),
  getReport: (() => {
    const input = z.object({ date: DateSchema.optional() }).strict();
    return method<typeof input, ReportView>(input);
  })(),
  /** Refused with code 'report_incomplete' and `details: ReportProblem[]` until every rule is met. */
  submitReport: method<typeof ReportInputSchema, ReportView>(ReportInputSchema),
  getSettings: method<typeof Empty, Settings>(Empty),
  saveSettings: (() => {
    const time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:MM');
    const input = z
      .object({
        language: z.enum(LOCALES).optional(),
        schedule: z.object({ start: time, end: time, days: z.array(z.int().min(1).max(7)).max(7) }).strict().optional(),
      })
      .strict();
    return method<typeof input, Settings>(input);
  })(),
  /** Keeps what a form holds as typed; filing the form clears it. */
  saveDraft: method<typeof DraftInputSchema, { savedAt: number }>(DraftInputSchema),
  getDraft: method<typeof DraftKeySchema, Draft | null>(DraftKeySchema),
  discardDraft: method<typeof DraftKeySchema, { discarded: boolean }>(DraftKeySchema),
  rawRecords: (() => {
    const input = z.object({ date: DateSchema.optional() }).strict();
    return method<typeof input, RawRecords>(input);
  })(),
  enroll: (() => {
    const input = z.object({ hubUrl: z.string().trim().min(1).max(2000), code: z.string().trim().min(1).max(64) }).strict();
    return method<typeof input, SyncStatus>(input);
  })(),
  syncNow: method<typeof Empty, SyncStatus>(Empty),
  refusedRecords: method<typeof Empty, RefusedRecord[]>(Empty),
  retryRefused: (() => {
    const input = z.object({ id: z.int().positive() }).strict();
    return method<typeof input, SyncStatus>(input);
  })(),
  /** Without from/to: the current week (Monday to today). language: the words of CSV and XLSX (default: the UI's). */
  export: (() => {
    const input = z
      .object({ from: DateSchema.optional(), to: DateSchema.optional(), format: z.enum(['json', 'csv', 'xlsx']), language: z.enum(LOCALES).optional() })
      .strict()
      .refine((v) => !v.from || !v.to || v.from <= v.to, { message: 'from must not be after to', path: ['to'] });
    return method<typeof input, ExportResult>(input);
  })(),
} as const;

export type AgentApi = typeof agentApi;
export type AgentMethod = keyof AgentApi;
export type ApiInput<M extends AgentMethod> = z.input<AgentApi[M]['input']>;
export type ApiOutput<M extends AgentMethod> = AgentApi[M]['output'];

/** What every transport (HTTP, IPC, in-process) implements. */
export type AgentHandlers = { [M in AgentMethod]: (input: z.output<AgentApi[M]['input']>) => Promise<ApiOutput<M>> };

/** A caller of the contract, whatever the transport. */
export type AgentClient = <M extends AgentMethod>(method: M, input: ApiInput<M>) => Promise<ApiOutput<M>>;

/** The error shape every transport returns: a stable code for programs, a message for people. */
export interface ApiErrorBody {
  code: string;
  message: string;
  /** Machine-readable specifics, e.g. the ReportProblem list of 'report_incomplete'. */
  details?: unknown;
}

export class ApiError extends Error {
  readonly code: string;
  readonly status: number;
  readonly details: unknown;
  constructor(code: string, message: string, status = 400, details?: unknown) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.status = status;
    this.details = details;
  }
}

export type { ReportProblem };

export function isAgentMethod(name: string): name is AgentMethod {
  return Object.hasOwn(agentApi, name);
}

// The preload's list of method names (desktop.ts, zod-free) must be exactly these.
type MissingFromDesktop = Exclude<AgentMethod, (typeof AGENT_METHODS)[number]>;
export const _desktopMethodsComplete: [MissingFromDesktop] extends [never] ? true : MissingFromDesktop = true;
