// The tables behind everything that leaves the hub: the job queue, per-account pacing, CRM
// connectors and what they wrote, KPI actuals from other systems, API tokens and outgoing
// webhooks. The migration that creates them is below; migrations.ts lists it in its place.
import { sql, type Kysely } from 'kysely';

const ms = 'bigint';

export type JobState = 'queued' | 'running' | 'done' | 'dead';

export interface JobsTable {
  id: string;
  org_id: string | null;
  kind: string;
  /** The account whose pacing and lease apply: `crm:<orgId>`, `webhook:<endpointId>`, `local:<orgId>`. */
  account: string;
  /** At most one job per key: enqueueing an existing key replaces its payload (coalescing). */
  dedupe_key: string | null;
  /** Jobs of one group run one at a time, oldest first (a manager's work-day events). */
  group_key: string | null;
  payload: string;
  state: JobState;
  attempts: number;
  max_attempts: number;
  run_at: number;
  lease_owner: string | null;
  lease_until: number | null;
  /** Bumped by every coalescing enqueue: a worker that ran an older version leaves the job queued. */
  version: number;
  /** For a person: what went wrong last, in the hub's English, with the details. */
  last_error: string | null;
  /** The same as a code of shared/integrations.ts JOB_ERROR_CODES, for a screen to word (migration 16; null before). */
  last_error_code: string | null;
  /** The remote system's own answer to the last failed attempt (truncated). */
  last_answer: string | null;
  result: string | null;
  created_at: number;
  updated_at: number;
  done_at: number | null;
}

export interface JobAccountsTable {
  account: string;
  lease_owner: string | null;
  lease_until: number | null;
  /** Leaky bucket shared by every hub instance: requests per second drained, and the size. */
  rate: number | null;
  burst: number | null;
  level: number;
  level_at: number;
  /** No request before this instant (503/429/Retry-After). */
  blocked_until: number;
  requests: number;
}

export interface CrmConnectorsTable {
  org_id: string;
  kind: 'bitrix24' | 'amocrm';
  auth: 'webhook' | 'oauth' | 'token';
  enabled: number;
  /** The portal or account address (not secret): https://company.bitrix24.ua, https://x.kommo.com */
  address: string;
  /** Credentials and tokens, encrypted with ZVIT_SECRET_KEY (crm/secrets.ts). */
  secrets: string;
  /** Bumped on every token refresh; a refresh runs under refresh_owner until refresh_until. */
  token_version: number;
  refresh_owner: string | null;
  refresh_until: number | null;
  /** ConnectorOptions JSON (shared/integrations.ts). */
  options: string;
  /** Random part of the Bitrix24 application's install and event URLs. */
  hook_token: string | null;
  member_id: string | null;
  status: string;
  status_message: string | null;
  status_at: number | null;
  test_result: string | null;
  created_at: number;
  updated_at: number;
}

export interface CrmUsersTable {
  org_id: string;
  user_id: string;
  crm_user_id: string | null;
  crm_name: string | null;
  source: 'email' | 'admin';
  /** Language of what the CRM receives for this manager (the report); null: the connector's. */
  locale: string | null;
  updated_at: number;
}

export interface CrmWritesTable {
  org_id: string;
  /** What we wrote, by our own key (`elapsed:<user>:<date>:<item>`, `report:<reportId>`). */
  key: string;
  crm_id: string;
  /** What it holds now (seconds, revision), to tell whether a correction is needed. */
  value: string | null;
  updated_at: number;
}

export interface CrmTaskListsTable {
  user_id: string;
  org_id: string;
  /** CrmTask[] JSON (shared/integrations.ts). */
  items: string;
  seq: number;
  fetched_at: number;
}

export interface KpiActualsTable {
  user_id: string;
  date: string;
  key: string;
  /** bitrix24, amocrm, api, csv */
  source: string;
  org_id: string;
  value: number;
  /** Which token or file put it (for the admin). */
  source_label: string | null;
  seq: number;
  updated_at: number;
}

export interface ApiTokensTable {
  id: string;
  org_id: string;
  name: string;
  scopes: string;
  token_hash: string;
  created_by: string | null;
  created_at: number;
  last_used_at: number | null;
  revoked_at: number | null;
}

export interface WebhookEndpointsTable {
  id: string;
  org_id: string;
  url: string;
  description: string;
  events: string;
  /** Encrypted JSON list of {secret, createdAt, expiresAt}: several sign during a rotation. */
  secrets: string;
  enabled: number;
  disabled_reason: string | null;
  disabled_at: number | null;
  created_at: number;
  updated_at: number;
}

export interface WebhookDeliveriesTable {
  /** The webhook-id header: the same for every attempt. */
  id: string;
  endpoint_id: string;
  org_id: string;
  event_type: string;
  /** The exact bytes sent (signed as they are). */
  body: string;
  state: 'pending' | 'delivered' | 'dead';
  attempts: number;
  last_status: number | null;
  last_error: string | null;
  /** A code of JOB_ERROR_CODES beside `last_error` (migration 16; null before). */
  last_error_code: string | null;
  last_attempt_at: number | null;
  delivered_at: number | null;
  created_at: number;
}

export interface WebhookAttemptsTable {
  delivery_id: string;
  attempt: number;
  at: number;
  status: number | null;
  error: string | null;
  duration_ms: number;
}

export interface OrgIntegrationSettingsTable {
  org_id: string;
  /** Hosts and CIDR ranges outgoing webhooks may reach although private (comma-separated). */
  webhook_allow: string;
  updated_at: number;
}

export interface IntegrationTables {
  jobs: JobsTable;
  job_accounts: JobAccountsTable;
  crm_connectors: CrmConnectorsTable;
  crm_users: CrmUsersTable;
  crm_writes: CrmWritesTable;
  crm_task_lists: CrmTaskListsTable;
  kpi_actuals: KpiActualsTable;
  api_tokens: ApiTokensTable;
  webhook_endpoints: WebhookEndpointsTable;
  webhook_deliveries: WebhookDeliveriesTable;
  webhook_attempts: WebhookAttemptsTable;
  org_integration_settings: OrgIntegrationSettingsTable;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function createIntegrationTables(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('jobs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.references('orgs.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('account', 'text', (c) => c.notNull())
    .addColumn('dedupe_key', 'text', (c) => c.unique())
    .addColumn('group_key', 'text')
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull().check(sql`state in ('queued', 'running', 'done', 'dead')`))
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('max_attempts', 'integer', (c) => c.notNull())
    .addColumn('run_at', ms, (c) => c.notNull())
    .addColumn('lease_owner', 'text')
    .addColumn('lease_until', ms)
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('last_error', 'text')
    .addColumn('last_answer', 'text')
    .addColumn('result', 'text')
    .addColumn('created_at', ms, (c) => c.notNull())
    .addColumn('updated_at', ms, (c) => c.notNull())
    .addColumn('done_at', ms)
    .execute();
  // The claim reads due jobs of one account by time; the runner finds accounts with due work.
  await db.schema.createIndex('jobs_due').on('jobs').columns(['state', 'account', 'run_at']).execute();
  await db.schema.createIndex('jobs_group').on('jobs').columns(['group_key', 'id']).execute();
  await db.schema.createIndex('jobs_org').on('jobs').columns(['org_id', 'state', 'updated_at']).execute();

  await db.schema
    .createTable('job_accounts')
    .addColumn('account', 'text', (c) => c.primaryKey())
    .addColumn('lease_owner', 'text')
    .addColumn('lease_until', ms)
    .addColumn('rate', 'double precision')
    .addColumn('burst', 'double precision')
    .addColumn('level', 'double precision', (c) => c.notNull())
    .addColumn('level_at', ms, (c) => c.notNull())
    .addColumn('blocked_until', ms, (c) => c.notNull())
    .addColumn('requests', ms, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('crm_connectors')
    .addColumn('org_id', 'text', (c) => c.primaryKey().references('orgs.id'))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('bitrix24', 'amocrm')`))
    .addColumn('auth', 'text', (c) => c.notNull().check(sql`auth in ('webhook', 'oauth', 'token')`))
    .addColumn('enabled', 'integer', (c) => c.notNull())
    .addColumn('address', 'text', (c) => c.notNull())
    .addColumn('secrets', 'text', (c) => c.notNull())
    .addColumn('token_version', 'integer', (c) => c.notNull())
    .addColumn('refresh_owner', 'text')
    .addColumn('refresh_until', ms)
    .addColumn('options', 'text', (c) => c.notNull())
    .addColumn('hook_token', 'text', (c) => c.unique())
    .addColumn('member_id', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('status_message', 'text')
    .addColumn('status_at', ms)
    .addColumn('test_result', 'text')
    .addColumn('created_at', ms, (c) => c.notNull())
    .addColumn('updated_at', ms, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('crm_users')
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('user_id', 'text', (c) => c.primaryKey().references('users.id'))
    .addColumn('crm_user_id', 'text')
    .addColumn('crm_name', 'text')
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('locale', 'text')
    .addColumn('updated_at', ms, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('crm_writes')
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('crm_id', 'text', (c) => c.notNull())
    .addColumn('value', 'text')
    .addColumn('updated_at', ms, (c) => c.notNull())
    .addPrimaryKeyConstraint('crm_writes_pk', ['org_id', 'key'])
    .execute();

  await db.schema
    .createTable('crm_task_lists')
    .addColumn('user_id', 'text', (c) => c.primaryKey().references('users.id'))
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('items', 'text', (c) => c.notNull())
    .addColumn('seq', ms, (c) => c.notNull())
    .addColumn('fetched_at', ms, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('kpi_actuals')
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('value', 'double precision', (c) => c.notNull())
    .addColumn('source_label', 'text')
    .addColumn('seq', ms, (c) => c.notNull())
    .addColumn('updated_at', ms, (c) => c.notNull())
    .addPrimaryKeyConstraint('kpi_actuals_pk', ['user_id', 'date', 'key', 'source'])
    .execute();
  await db.schema.createIndex('kpi_actuals_user_seq').on('kpi_actuals').columns(['user_id', 'seq']).execute();

  await db.schema
    .createTable('api_tokens')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('scopes', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_by', 'text', (c) => c.references('users.id'))
    .addColumn('created_at', ms, (c) => c.notNull())
    .addColumn('last_used_at', ms)
    .addColumn('revoked_at', ms)
    .execute();

  await db.schema
    .createTable('webhook_endpoints')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('events', 'text', (c) => c.notNull())
    .addColumn('secrets', 'text', (c) => c.notNull())
    .addColumn('enabled', 'integer', (c) => c.notNull())
    .addColumn('disabled_reason', 'text')
    .addColumn('disabled_at', ms)
    .addColumn('created_at', ms, (c) => c.notNull())
    .addColumn('updated_at', ms, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('webhook_endpoints_org').on('webhook_endpoints').column('org_id').execute();

  await db.schema
    .createTable('webhook_deliveries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('endpoint_id', 'text', (c) => c.notNull().references('webhook_endpoints.id'))
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('event_type', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('last_status', 'integer')
    .addColumn('last_error', 'text')
    .addColumn('last_attempt_at', ms)
    .addColumn('delivered_at', ms)
    .addColumn('created_at', ms, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('webhook_deliveries_endpoint').on('webhook_deliveries').columns(['endpoint_id', 'created_at']).execute();

  await db.schema
    .createTable('webhook_attempts')
    .addColumn('delivery_id', 'text', (c) => c.notNull().references('webhook_deliveries.id'))
    .addColumn('attempt', 'integer', (c) => c.notNull())
    .addColumn('at', ms, (c) => c.notNull())
    .addColumn('status', 'integer')
    .addColumn('error', 'text')
    .addColumn('duration_ms', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('webhook_attempts_pk', ['delivery_id', 'attempt'])
    .execute();

  await db.schema
    .createTable('org_integration_settings')
    .addColumn('org_id', 'text', (c) => c.primaryKey().references('orgs.id'))
    .addColumn('webhook_allow', 'text', (c) => c.notNull())
    .addColumn('updated_at', ms, (c) => c.notNull())
    .execute();
}
