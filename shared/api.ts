// The one contract between the agent core and everything that drives it: the local HTTP API
// (browser UI, CLI), the Electron IPC bridge and test fakes all implement or call exactly this.
// Input is validated at the boundary with these schemas, never deeper inside (STYLE.md §3).
import { z } from 'zod';
import type { DaySummary } from './days.ts';
import type { PauseReason, Productivity } from './model.ts';
import type { WorkStatus } from './worktime.ts';

export interface PendingIdle {
  gapId: string;
  start: number;
  end: number;
  ms: number;
  /** True while the manager is still away (the gap is still growing). */
  open: boolean;
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
  tracking: { windows: string | null; idle: string | null; problems: string[] };
  policy: { idleThresholdSec: number; titles: 'full' | 'redacted' | 'off'; error: string | null };
  notices: { id: number; at: number; kind: string; message: string }[];
  dataFile: string;
  deviceId: string;
}

export interface ExportResult {
  format: 'json' | 'csv';
  contentType: string;
  body: string;
}

const DateSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD');
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
  export: (() => {
    const input = z
      .object({ from: DateSchema, to: DateSchema, format: z.enum(['json', 'csv']) })
      .strict()
      .refine((v) => v.from <= v.to, { message: 'from must not be after to', path: ['to'] });
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
}

export class ApiError extends Error {
  readonly code: string;
  readonly status: number;
  constructor(code: string, message: string, status = 400) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.status = status;
  }
}

export function isAgentMethod(name: string): name is AgentMethod {
  return Object.hasOwn(agentApi, name);
}
