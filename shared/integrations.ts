// Everything that leaves the hub, as one contract: CRM connector settings, the job queue's dead
// letters, outgoing webhooks, API tokens and KPI actuals from other systems. The hub registers its
// admin routes from `integrationsApi` (same conventions as shared/dashboard-api.ts: errors are
// {"error":{"code","message"}}, changes send X-CSRF-Token), and the dashboard's admin screens
// call them through the same entries. Secrets go in and never come out: a saved credential reads
// back as `{set: true}` and a hint.
import { z } from 'zod';
import { LOCALES } from './locale.ts';
import { DateSchema } from './plan.ts';
import type { RouteDef } from './dashboard-api.ts';

const Id = z.string().min(1).max(64);
const Instant = z.number().int();
const Ok = z.object({ ok: z.literal(true) });

export const LocaleSchema = z.enum(LOCALES);

// ---------------------------------------------------------------------------------------------
// CRM connector settings

export const CRM_KINDS = ['bitrix24', 'amocrm'] as const;
export const CrmKindSchema = z.enum(CRM_KINDS);
export type CrmKind = z.infer<typeof CrmKindSchema>;

/** An https address without a path: the portal or the account (`https://company.bitrix24.ua`). */
const Origin = z
  .url({ protocol: /^https$/, error: 'an https:// address' })
  .max(300)
  .transform((u) => new URL(u).origin);

/** What a manager's KPI key is filled from in Bitrix24 (the built-in ones need no mapping). */
export const B24KpiSourceSchema = z.discriminatedUnion('source', [
  /** Deals moved to a won stage that day (STAGE_SEMANTIC_ID = S), optionally in one pipeline. */
  z.object({ source: z.literal('deals_won'), kpi: z.string().min(1).max(48), categoryId: z.int().min(0).nullable().default(null) }).strict(),
  /** Commercial proposals (quotes) created that day. */
  z.object({ source: z.literal('quotes_created'), kpi: z.string().min(1).max(48) }).strict(),
  /** Activities of a type completed that day (1 meeting, 2 call, 3 task, 4 email, 6 provider). */
  z.object({ source: z.literal('activities'), kpi: z.string().min(1).max(48), typeId: z.int().min(1).max(99) }).strict(),
]);
export type B24KpiSource = z.infer<typeof B24KpiSourceSchema>;

export const ConnectorOptionsSchema = z
  .object({
    /** Mirror clock-in, breaks and clock-out to the CRM's work day (Bitrix24 timeman). */
    sendWorkday: z.boolean().default(true),
    /** Time on plan items linked to CRM tasks (Bitrix24 task.elapseditem). */
    sendTaskTime: z.boolean().default(true),
    /** The end-of-day report: a chat message to the lead, a smart-process item, a note (amoCRM), or nothing. */
    report: z
      .discriminatedUnion('to', [
        z.object({ to: z.literal('none') }).strict(),
        /** Bitrix24: a message to the manager's lead (or to a chat, `chatId`, e.g. "chat12"). */
        z.object({ to: z.literal('message'), chatId: z.string().max(40).nullable().default(null) }).strict(),
        /** Bitrix24: an item of the smart process with this entityTypeId. */
        z.object({ to: z.literal('smart_process'), entityTypeId: z.int().min(128).max(100000) }).strict(),
        /** amoCRM: a note on this entity (the card that collects the reports). */
        z.object({ to: z.literal('note'), entityType: z.enum(['leads', 'contacts', 'companies']), entityId: z.int().min(1) }).strict(),
      ])
      .default({ to: 'message', chatId: null }),
    /** Pull KPI actuals from the CRM (calls, meetings, and the mapped ones). */
    pullKpis: z.boolean().default(true),
    kpiSources: z.array(B24KpiSourceSchema).max(20).default([]),
    /** Pull each manager's open tasks and deals for the morning plan, this often (minutes; 0: off). */
    tasksEveryMinutes: z.int().min(0).max(24 * 60).default(60),
    /** Bitrix24 plan: its documented rate (2 req/s, bursts of 50; Enterprise 5 req/s, 250). */
    plan: z.enum(['standard', 'enterprise']).default('standard'),
    /** Language of what the CRM receives when a manager has none set. */
    defaultLocale: LocaleSchema.default('uk'),
    /** Events later than this after they happened go with TIME and REPORT (Bitrix24), not live. */
    liveWithinMinutes: z.int().min(1).max(120).default(5),
  })
  .strict();
export type ConnectorOptions = z.infer<typeof ConnectorOptionsSchema>;

/** Credentials as an admin enters them; each kind and auth has its own fields. */
export const ConnectorCredentialsSchema = z.discriminatedUnion('auth', [
  /** Bitrix24 incoming webhook: `https://<portal>/rest/<userId>/<secret>/`. */
  z.object({ auth: z.literal('webhook'), webhookUrl: z.string().min(10).max(500) }).strict(),
  /** Bitrix24 local application (server, API only) or amoCRM integration: OAuth. */
  z
    .object({
      auth: z.literal('oauth'),
      clientId: z.string().min(1).max(200),
      clientSecret: z.string().min(1).max(500),
      /** amoCRM: the integration's one-time authorization code (valid 20 minutes) and its redirect URI. */
      code: z.string().min(1).max(2000).optional(),
      redirectUri: z.url().max(2000).optional(),
    })
    .strict(),
  /** amoCRM/Kommo long-lived token of a private integration. */
  z.object({ auth: z.literal('token'), token: z.string().min(10).max(4000) }).strict(),
]);
export type ConnectorCredentials = z.infer<typeof ConnectorCredentialsSchema>;

export const ConnectorInputSchema = z
  .object({
    kind: CrmKindSchema,
    /** Bitrix24 OAuth and amoCRM: the portal or account address. A webhook URL carries its own. */
    address: Origin.optional(),
    /** Omit to keep the saved credentials (changing only options). */
    credentials: ConnectorCredentialsSchema.optional(),
    enabled: z.boolean().default(true),
    options: ConnectorOptionsSchema.default(ConnectorOptionsSchema.parse({})),
  })
  .strict();
export type ConnectorInput = z.input<typeof ConnectorInputSchema>;

export const ConnectorStatusSchema = z.enum(['not_tested', 'ok', 'error', 'auth_failed', 'awaiting_install', 'disconnected']);

export const CapabilitySchema = z.object({
  /** What a person reads: "work day", "task time", "chat messages", "call statistics" … */
  name: z.string(),
  ok: z.boolean(),
  /** The CRM's answer when not ok. */
  detail: z.string(),
});

export const CONNECTION_TEST_CODES = ['ok', 'partial', 'auth_refused', 'unreachable', 'cannot_open'] as const;

export const ConnectionTestSchema = z.object({
  ok: z.boolean(),
  at: Instant,
  /** Who the credentials act as, as the CRM names them. */
  actingAs: z.string().nullable(),
  capabilities: z.array(CapabilitySchema),
  /** The hub's English summary; `code` says the same for a screen to word, `detail` is the other side's own answer. */
  message: z.string(),
  /**
   * ok; partial (connected, some capabilities refused); auth_refused (the CRM refused the
   * credentials); unreachable (no usable answer); cannot_open (the hub could not use the saved
   * settings, e.g. no ZVIT_SECRET_KEY). Absent in tests saved before codes existed.
   */
  code: z.enum(CONNECTION_TEST_CODES).optional(),
  /** The CRM's (or the network's) own answer when the test failed as a whole; data, not translated. */
  detail: z.string().nullable().optional(),
});
export type ConnectionTest = z.infer<typeof ConnectionTestSchema>;

export const ConnectorSchema = z.object({
  kind: CrmKindSchema,
  auth: z.enum(['webhook', 'oauth', 'token']),
  address: z.string(),
  enabled: z.boolean(),
  options: ConnectorOptionsSchema,
  /** Never the secret itself: whether one is saved, and a hint an admin recognises it by. */
  credentials: z.object({ set: z.boolean(), hint: z.string() }),
  status: ConnectorStatusSchema,
  statusMessage: z.string().nullable(),
  statusAt: Instant.nullable(),
  lastTest: ConnectionTestSchema.nullable(),
  /** Bitrix24 local application: the addresses to paste into its card (handler and install paths). */
  appUrls: z.object({ handler: z.string(), install: z.string() }).nullable(),
  /** Jobs waiting, and dead letters waiting for the admin. */
  queue: z.object({ waiting: z.int(), dead: z.int() }),
  updatedAt: Instant,
});
export type Connector = z.infer<typeof ConnectorSchema>;

export const CrmUserLinkSchema = z.object({
  userId: Id,
  email: z.string(),
  name: z.string(),
  /** The CRM's user id, or null when not matched. */
  crmUserId: z.string().nullable(),
  crmName: z.string().nullable(),
  source: z.enum(['email', 'admin']).nullable(),
  locale: LocaleSchema.nullable(),
});
export type CrmUserLink = z.infer<typeof CrmUserLinkSchema>;

export const CrmUserLinkInputSchema = z
  .object({ crmUserId: z.string().min(1).max(40).nullable(), locale: LocaleSchema.nullable().optional() })
  .strict();

// ---------------------------------------------------------------------------------------------
// Jobs

export const JobStateSchema = z.enum(['queued', 'running', 'done', 'dead']);

/**
 * Why a job or a webhook delivery failed, one code per kind of failure the hub tells apart, for a
 * screen to say in the admin's language; `lastError` is the hub's English note with the details.
 * crm_unreachable: no (usable) answer from the CRM, or its server failed; crm_rate_limited: it
 * asked to slow down; crm_auth_failed: it refused the saved credentials; crm_rejected: it refused
 * the request itself (its answer says why); crm_user_unlinked: a person the job needs is not
 * linked to a CRM user; crm_day_open: an earlier Bitrix24 work day is still open; crm_off: no CRM
 * of this kind is connected and on; address_refused: the address leads to a private network not
 * allowed; receiver_unreachable, receiver_timeout, receiver_status, receiver_redirect,
 * receiver_gone (410): how a webhook receiver failed; receiver_off: its endpoint is off or
 * removed; hub_secret_key: the hub cannot read the saved secrets (ZVIT_SECRET_KEY missing or
 * another); hub_data_missing: what the job was about is no longer on the hub; job_crashed: the
 * hub itself failed running it.
 */
export const JOB_ERROR_CODES = [
  'crm_unreachable',
  'crm_rate_limited',
  'crm_auth_failed',
  'crm_rejected',
  'crm_user_unlinked',
  'crm_day_open',
  'crm_off',
  'address_refused',
  'receiver_unreachable',
  'receiver_timeout',
  'receiver_status',
  'receiver_redirect',
  'receiver_gone',
  'receiver_off',
  'hub_secret_key',
  'hub_data_missing',
  'job_crashed',
] as const;
export const JobErrorCodeSchema = z.enum(JOB_ERROR_CODES);
export type JobErrorCode = z.infer<typeof JobErrorCodeSchema>;

/** A stored code as the contract knows it: null for rows from before codes, or a code this build does not know. */
export function jobErrorCode(stored: string | null): JobErrorCode | null {
  const parsed = JobErrorCodeSchema.safeParse(stored);
  return parsed.success ? parsed.data : null;
}

export const JobSchema = z.object({
  id: Id,
  kind: z.string(),
  /** What a person reads: "Work day of olena@… (clock-out 18:02)". */
  title: z.string(),
  state: JobStateSchema,
  attempts: z.int(),
  maxAttempts: z.int(),
  runAt: Instant,
  /** The hub's English note on the last failure (a technical detail beside `lastErrorCode`). */
  lastError: z.string().nullable(),
  /** What kind of failure it was, for the screen to word; null before the first failure, and for failures stored before codes. */
  lastErrorCode: JobErrorCodeSchema.nullable().default(null),
  /** The CRM's (or endpoint's) own answer to the last attempt. */
  lastAnswer: z.string().nullable(),
  /** Finished without sending, on purpose, and why (a late break Bitrix24 cannot backdate). */
  skipped: z.string().nullable().default(null),
  createdAt: Instant,
  updatedAt: Instant,
});
export type Job = z.infer<typeof JobSchema>;

export const JobListQuerySchema = z.object({
  state: JobStateSchema.optional(),
  /** Jobs changed before this instant (the next page): pass the last one's updatedAt. */
  before: z.coerce.number().int().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export const RetryInputSchema = z
  .object({ ids: z.array(Id).min(1).max(1000).optional(), allDead: z.boolean().optional() })
  .strict()
  .refine((r) => (r.ids ? 1 : 0) + (r.allDead ? 1 : 0) === 1, { message: 'give ids, or allDead: true' });

// ---------------------------------------------------------------------------------------------
// CRM tasks and actuals handed to the agent

export const CrmTaskSchema = z.object({
  system: CrmKindSchema,
  kind: z.enum(['task', 'deal', 'lead']),
  id: z.string(),
  title: z.string(),
  url: z.string().nullable(),
  /** UTC ms, or null without a deadline. */
  deadline: Instant.nullable(),
});
export type CrmTask = z.infer<typeof CrmTaskSchema>;

/**
 * The id a plan item's `crm` link carries for a CRM task or deal: `task:123`, `deal:45`, `lead:7`
 * (the picker on the plan screen builds it from a CrmTask), so the hub knows which kind it is.
 */
export function crmLinkId(task: Pick<CrmTask, 'kind' | 'id'>): string {
  return `${task.kind}:${task.id}`;
}

export function parseCrmLinkId(id: string): { kind: CrmTask['kind']; id: string } | null {
  const m = /^(task|deal|lead):(\d{1,18})$/.exec(id);
  return m ? { kind: m[1] as CrmTask['kind'], id: m[2]! } : null;
}

export const KPI_SOURCES = ['bitrix24', 'amocrm', 'api', 'csv'] as const;

export const CrmActualSchema = z.object({
  date: DateSchema,
  key: z.string(),
  value: z.number(),
  source: z.enum(KPI_SOURCES),
  updatedAt: Instant,
});
export type CrmActual = z.infer<typeof CrmActualSchema>;

// ---------------------------------------------------------------------------------------------
// KPI actuals from other systems, and API tokens

export const ApiScopeSchema = z.enum(['kpi:write']);

export const ApiTokenSchema = z.object({
  id: Id,
  name: z.string(),
  scopes: z.array(ApiScopeSchema),
  createdAt: Instant,
  lastUsedAt: Instant.nullable(),
  revokedAt: Instant.nullable(),
});

export const ApiTokenInputSchema = z.object({ name: z.string().trim().min(1).max(100), scopes: z.array(ApiScopeSchema).min(1) }).strict();

export const ActualInputSchema = z
  .object({
    /** The manager by email or hub user id. */
    user: z.string().min(1).max(254),
    date: DateSchema,
    key: z.string().regex(/^[a-z][a-z0-9_]{0,47}$/, 'a KPI key'),
    value: z.number().min(0).max(1e12),
  })
  .strict();
export type ActualInput = z.infer<typeof ActualInputSchema>;

/** Rows are judged one by one (a bad row is refused alone), so the envelope takes any entries. */
export const ActualsInputSchema = z
  .object({ actuals: z.array(z.unknown().meta({ description: 'An ActualInput: {user (email or id), date, key, value}' })).min(1).max(10_000) })
  .strict();

/**
 * Why a row was refused, for a screen to say in its own words: no_user {user}, no_kpi {kpi, user},
 * invalid_fields {fields: the columns (CSV) or fields (JSON) that are wrong, comma-separated}.
 */
export const ACTUAL_REFUSALS = ['no_user', 'no_kpi', 'invalid_fields'] as const;
export const ActualRefusalSchema = z.enum(ACTUAL_REFUSALS);

export const ActualsResultSchema = z.object({
  stored: z.int(),
  /** Rows refused, with the line (CSV, from 2) or index (JSON, from 0) and why (`message` is English; `code` and `vars` are for translating it). */
  refused: z.array(z.object({ row: z.int(), message: z.string(), code: ActualRefusalSchema, vars: z.record(z.string(), z.string()) })),
});
/** The hub's error codes for a CSV file refused as a whole. */
export const CSV_FILE_ERRORS = ['csv_columns', 'batch_too_large'] as const;

// ---------------------------------------------------------------------------------------------
// Outgoing webhooks

export const WEBHOOK_EVENTS = ['report.submitted', 'report.reviewed', 'plan.submitted', 'day.closed', 'kpi.missed'] as const;
export const WebhookEventTypeSchema = z.enum(WEBHOOK_EVENTS);
export type WebhookEventType = z.infer<typeof WebhookEventTypeSchema>;

export const WebhookEndpointSchema = z.object({
  id: Id,
  url: z.string(),
  description: z.string(),
  events: z.array(WebhookEventTypeSchema),
  enabled: z.boolean(),
  /** Why it stopped: the receiver answered 410 Gone, or an admin disabled it. */
  disabledReason: z.string().nullable(),
  disabledAt: Instant.nullable(),
  /** Signing secrets in force (a rotation keeps the old one for a while), as hints only. */
  secrets: z.array(z.object({ hint: z.string(), createdAt: Instant, expiresAt: Instant.nullable() })),
  createdAt: Instant,
});
export type WebhookEndpoint = z.infer<typeof WebhookEndpointSchema>;

export const WebhookEndpointInputSchema = z
  .object({
    url: z.url({ protocol: /^https?$/ }).max(2000),
    events: z.array(WebhookEventTypeSchema).min(1),
    description: z.string().max(500).default(''),
  })
  .strict();

export const WebhookEndpointPatchSchema = z
  .object({
    url: z.url({ protocol: /^https?$/ }).max(2000).optional(),
    events: z.array(WebhookEventTypeSchema).min(1).optional(),
    description: z.string().max(500).optional(),
    enabled: z.boolean().optional(),
  })
  .strict();

export const WebhookSecretSchema = z.object({
  /** `whsec_` + base64: shown once, when made. */
  secret: z.string(),
});

export const WebhookDeliverySchema = z.object({
  id: z.string(),
  eventType: z.string(),
  state: z.enum(['pending', 'delivered', 'dead']),
  attempts: z.int(),
  lastStatus: z.int().nullable(),
  /** The hub's English note on the last failed attempt; `lastErrorCode` says what kind it was. */
  lastError: z.string().nullable(),
  lastErrorCode: JobErrorCodeSchema.nullable().default(null),
  lastAttemptAt: Instant.nullable(),
  deliveredAt: Instant.nullable(),
  createdAt: Instant,
  body: z.string(),
  log: z.array(z.object({ attempt: z.int(), at: Instant, status: z.int().nullable(), error: z.string().nullable(), durationMs: z.int() })),
});

export const IntegrationSettingsSchema = z.object({
  /** Hosts and CIDR ranges webhooks may reach although private, set by an admin. */
  webhookAllow: z.array(z.string()),
  /** Set by the hub's operator (ZVIT_WEBHOOK_ALLOW), read-only here. */
  webhookAllowFromEnvironment: z.array(z.string()),
});

export const IntegrationSettingsInputSchema = z.object({ webhookAllow: z.array(z.string().trim().min(1).max(100)).max(100) }).strict();

// ---------------------------------------------------------------------------------------------
// Webhook event bodies (Standard Webhooks: {type, timestamp, data})

const UserRef = z.object({ id: Id, email: z.string() });
const KpiLine = z.object({ key: z.string(), target: z.number().nullable(), actual: z.number(), crmActual: z.number().nullable(), reason: z.string().nullable(), reasonText: z.string() });

export const WebhookEventDataSchemas = {
  'report.submitted': z.object({
    user: UserRef,
    date: DateSchema,
    reportId: Id,
    revision: z.int(),
    submittedAt: Instant,
    items: z.array(z.object({ itemId: z.string(), title: z.string(), outcome: z.string(), minutes: z.int(), comment: z.string(), crm: z.object({ system: z.string(), id: z.string() }).nullable() })),
    unplanned: z.array(z.object({ title: z.string(), minutes: z.int(), comment: z.string() })),
    kpis: z.array(KpiLine),
    blockers: z.string(),
    note: z.string(),
  }),
  'report.reviewed': z.object({ user: UserRef, date: DateSchema, reportId: Id, status: z.enum(['approved', 'returned']), comment: z.string(), reviewedBy: UserRef, reviewedAt: Instant }),
  'plan.submitted': z.object({
    user: UserRef,
    date: DateSchema,
    revision: z.int(),
    submittedAt: Instant,
    items: z.array(z.object({ id: z.string(), title: z.string(), priority: z.int(), estimateMin: z.int(), crm: z.object({ system: z.string(), id: z.string() }).nullable() })),
    commitments: z.record(z.string(), z.number()),
  }),
  'day.closed': z.object({
    user: UserRef,
    date: DateSchema,
    zone: z.string(),
    clockedInAt: Instant.nullable(),
    clockedOutAt: Instant,
    workedMs: z.int(),
    breakMs: z.int(),
    idleMs: z.int(),
  }),
  'kpi.missed': z.object({ user: UserRef, date: DateSchema, reportId: Id, kpis: z.array(KpiLine) }),
} as const satisfies Record<WebhookEventType, z.ZodType>;

export const webhookEventSchema = <T extends WebhookEventType>(type: T) =>
  z.object({ type: z.literal(type), timestamp: z.string().meta({ description: 'ISO 8601, when the event happened' }), data: WebhookEventDataSchemas[type] });

// ---------------------------------------------------------------------------------------------
// Routes (admin, session + CSRF unless said)

const route = <const R extends RouteDef>(r: R): R => r;
const EndpointParams = z.object({ endpointId: Id });
const admin = 'admin';

export const integrationsApi = {
  connector: route({
    method: 'GET', path: '/api/v1/crm', tag: 'crm', access: admin,
    summary: 'The organization\'s CRM connector (credentials never included), or null',
    output: z.object({ connector: ConnectorSchema.nullable() }),
  }),
  saveConnector: route({
    method: 'PUT', path: '/api/v1/crm', tag: 'crm', access: admin,
    summary: 'Connect a CRM or change its settings; credentials are encrypted at rest and never read back',
    body: ConnectorInputSchema,
    output: z.object({ connector: ConnectorSchema }),
  }),
  deleteConnector: route({
    method: 'DELETE', path: '/api/v1/crm', tag: 'crm', access: admin,
    summary: 'Disconnect the CRM: forgets the credentials; waiting jobs stay for a later connector', output: Ok,
  }),
  testConnector: route({
    method: 'POST', path: '/api/v1/crm/test', tag: 'crm', access: admin,
    summary: 'Call the CRM with the saved credentials and report what they may do',
    output: ConnectionTestSchema,
  }),
  crmUsers: route({
    method: 'GET', path: '/api/v1/crm/users', tag: 'crm', access: admin,
    summary: 'Hub users and the CRM users they are linked to',
    output: z.object({ users: z.array(CrmUserLinkSchema), crmUsers: z.array(z.object({ id: z.string(), name: z.string(), email: z.string().nullable() })) }),
  }),
  matchCrmUsers: route({
    method: 'POST', path: '/api/v1/crm/users/match', tag: 'crm', access: admin,
    summary: 'Link hub users to CRM users with the same email (links an admin set stay)',
    output: z.object({ users: z.array(CrmUserLinkSchema), matched: z.int(), unmatched: z.array(z.string()) }),
  }),
  setCrmUser: route({
    method: 'PUT', path: '/api/v1/crm/users/:userId', tag: 'crm', access: admin,
    summary: 'Link a hub user to a CRM user by hand (null: unlink), and the language the CRM gets their report in',
    params: z.object({ userId: Id }),
    body: CrmUserLinkInputSchema,
    output: z.object({ user: CrmUserLinkSchema }),
  }),
  jobs: route({
    method: 'GET', path: '/api/v1/jobs', tag: 'jobs', access: admin,
    summary: 'The organization\'s jobs (CRM and webhooks), newest change first; state=dead lists the dead letters',
    query: JobListQuerySchema,
    output: z.object({ jobs: z.array(JobSchema), counts: z.record(JobStateSchema, z.int()) }),
  }),
  retryJobs: route({
    method: 'POST', path: '/api/v1/jobs/retry', tag: 'jobs', access: admin,
    summary: 'Run dead letters again now (attempts start over)',
    body: RetryInputSchema,
    output: z.object({ retried: z.int() }),
  }),
  webhooks: route({
    method: 'GET', path: '/api/v1/webhooks', tag: 'webhooks', access: admin,
    summary: 'Outgoing webhook endpoints',
    output: z.object({ endpoints: z.array(WebhookEndpointSchema) }),
  }),
  addWebhook: route({
    method: 'POST', path: '/api/v1/webhooks', tag: 'webhooks', access: admin,
    summary: 'Add an endpoint; the answer holds its whsec_ signing secret (shown once)',
    body: WebhookEndpointInputSchema,
    output: z.object({ endpoint: WebhookEndpointSchema, secret: z.string() }),
  }),
  updateWebhook: route({
    method: 'PATCH', path: '/api/v1/webhooks/:endpointId', tag: 'webhooks', access: admin,
    summary: 'Change an endpoint\'s address, events or description, or enable it again after a 410',
    params: EndpointParams, body: WebhookEndpointPatchSchema,
    output: z.object({ endpoint: WebhookEndpointSchema }),
  }),
  deleteWebhook: route({
    method: 'DELETE', path: '/api/v1/webhooks/:endpointId', tag: 'webhooks', access: admin,
    summary: 'Remove an endpoint (its waiting deliveries are dropped)', params: EndpointParams, output: Ok,
  }),
  rotateWebhookSecret: route({
    method: 'POST', path: '/api/v1/webhooks/:endpointId/rotate', tag: 'webhooks', access: admin,
    summary: 'A new signing secret; the old one keeps signing beside it for 24 hours',
    params: EndpointParams,
    output: WebhookSecretSchema,
  }),
  testWebhook: route({
    method: 'POST', path: '/api/v1/webhooks/:endpointId/test', tag: 'webhooks', access: admin,
    summary: 'Queue a test event (type "webhook.test") to the endpoint now',
    params: EndpointParams,
    output: z.object({ deliveryId: z.string() }),
  }),
  webhookDeliveries: route({
    method: 'GET', path: '/api/v1/webhooks/:endpointId/deliveries', tag: 'webhooks', access: admin,
    summary: 'The endpoint\'s delivery log, newest first, with every attempt',
    params: EndpointParams,
    query: z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) }),
    output: z.object({ deliveries: z.array(WebhookDeliverySchema) }),
  }),
  integrationSettings: route({
    method: 'GET', path: '/api/v1/integrations/settings', tag: 'webhooks', access: admin,
    summary: 'Private hosts and ranges webhooks may reach', output: IntegrationSettingsSchema,
  }),
  setIntegrationSettings: route({
    method: 'PUT', path: '/api/v1/integrations/settings', tag: 'webhooks', access: admin,
    summary: 'Allow webhooks to reach these private hosts or CIDR ranges (on-premises receivers)',
    body: IntegrationSettingsInputSchema, output: IntegrationSettingsSchema,
  }),
  apiTokens: route({
    method: 'GET', path: '/api/v1/api-tokens', tag: 'api tokens', access: admin,
    summary: 'API tokens for other systems (never the tokens themselves)',
    output: z.object({ tokens: z.array(ApiTokenSchema) }),
  }),
  createApiToken: route({
    method: 'POST', path: '/api/v1/api-tokens', tag: 'api tokens', access: admin,
    summary: 'A token for another system (a PBX, 1C, a script); shown once',
    body: ApiTokenInputSchema,
    output: z.object({ token: ApiTokenSchema, secret: z.string() }),
  }),
  revokeApiToken: route({
    method: 'POST', path: '/api/v1/api-tokens/:tokenId/revoke', tag: 'api tokens', access: admin,
    summary: 'Stop a token working now', params: z.object({ tokenId: Id }),
    output: z.object({ token: ApiTokenSchema }),
  }),
  putActuals: route({
    method: 'POST', path: '/api/v1/kpi-actuals', tag: 'kpi actuals', access: 'API token with kpi:write (Authorization: Bearer zvt_…), or an admin',
    summary: 'Put KPI actuals per manager and day from another system (each row judged alone)',
    body: ActualsInputSchema,
    output: ActualsResultSchema,
  }),
  importActualsCsv: route({
    method: 'POST', path: '/api/v1/kpi-actuals/csv', tag: 'kpi actuals', access: 'an admin, or an API token with kpi:write',
    summary: 'The same from a CSV file (Content-Type: text/csv; columns email,date,kpi,value; UTF-8, comma or semicolon)',
    body: z.string().meta({ description: 'CSV text' }),
    output: ActualsResultSchema,
  }),
} as const satisfies Record<string, RouteDef>;

export type IntegrationsApi = typeof integrationsApi;
