// The hub's tables as Kysely sees them. Instants are UTC milliseconds (bigint in PostgreSQL,
// INTEGER in SQLite; both arrive as JS numbers, see connect.ts). Structured content that is only
// ever read whole (a plan's items, a policy) is JSON text, so both dialects store it the same way.
import type { UpdatesTables } from '../updates/schema.ts';
import type { IntegrationTables } from './integrations-schema.ts';
import type { DashboardTables } from '../dashboard/rollups/schema.ts';

export type Role = 'admin' | 'lead' | 'manager';

export interface OrgsTable {
  id: string;
  name: string;
  created_at: number;
}

export interface TeamsTable {
  id: string;
  org_id: string;
  name: string;
  /** PolicyInput JSON; null means the defaults. */
  policy: string | null;
  /** The team's own KPI definitions, JSON array (the defaults are merged in on read). */
  kpis: string;
  /** Team-wide targets, JSON array of KpiTarget. */
  targets: string;
  /** Change sequence of policy, KPIs and targets (see counters). */
  settings_seq: number;
  created_at: number;
  /** 1: the lead published the named leaderboard to the team's managers. */
  leaderboard_named: number;
}

export interface UsersTable {
  id: string;
  org_id: string;
  email: string;
  role: Role;
  /** The team a manager works in (leads may have one too); null for admins. */
  team_id: string | null;
  /** Argon2id hash as a PHC string, or an older scrypt one (passwords.ts); null until a password is set. */
  password_hash: string | null;
  /** The manager's own targets, JSON array overriding the team's by key; null: none. */
  targets: string | null;
  /** Change sequence of the user's team assignment and targets. */
  settings_seq: number;
  created_at: number;
  /** Display name; '' until set (the email stands in). */
  name: string;
  /** The dashboard's language for this user; null: follow the browser. */
  locale: string | null;
  /** Deactivated: cannot sign in, devices refused, data kept. */
  deactivated_at: number | null;
}

export interface InvitesTable {
  token_hash: string;
  user_id: string;
  created_by: string | null;
  created_at: number;
  expires_at: number;
}

export interface TeamLeadsTable {
  team_id: string;
  user_id: string;
}

export interface SessionsTable {
  token_hash: string;
  user_id: string;
  csrf_token: string;
  created_at: number;
  expires_at: number;
}

export interface SetupTokensTable {
  token_hash: string;
  org_id: string;
  created_at: number;
  expires_at: number;
}

export interface EnrollmentCodesTable {
  code_hash: string;
  user_id: string;
  created_by: string | null;
  uses_left: number;
  expires_at: number;
  created_at: number;
  /** Names the code in lists (code_hash names the secret). */
  id: string | null;
  /** Uses it was made with. */
  uses: number;
  /** Its last four characters. */
  hint: string;
}

export interface DevicesTable {
  id: string;
  user_id: string;
  name: string;
  token_hash: string;
  enrolled_at: number;
  revoked_at: number | null;
  last_seen_at: number | null;
  clock_offset_ms: number | null;
  clock_measured_at: number | null;
  /** The agent's build as it last reported it. */
  agent_version: string | null;
}

interface SyncedRow {
  id: string;
  device_id: string;
  user_id: string;
  received_at: number;
}

export interface WorkEventsTable extends SyncedRow {
  /** The manager's working date, 'YYYY-MM-DD', written by the day rollups (null until then). */
  local_date?: string | null;
  event: string;
  at: number;
  zone: string;
  mono: number;
  data: string | null;
}

export interface ActivitySpansTable extends SyncedRow {
  /** The manager's working date, 'YYYY-MM-DD', written by the day rollups (null until then). */
  local_date?: string | null;
  start: number;
  end: number;
  app: string;
  exe: string | null;
  title: string | null;
  domain: string | null;
  category: string;
  productivity: string;
}

export interface IdleDecisionsTable extends SyncedRow {
  /** The manager's working date, 'YYYY-MM-DD', written by the day rollups (null until then). */
  local_date?: string | null;
  gap_id: string;
  decision: string;
  label: string | null;
  at: number;
  zone: string;
}

/** The current plan of a (user, date): one row each, its highest revision. */
export interface DayPlansTable extends SyncedRow {
  date: string;
  zone: string;
  submitted_at: number;
  revision: number;
  /** The PlanInput fields (items, commitments, note) as JSON. */
  content: string;
}

/** Every revision of a day plan received; day_plans holds the day's current one. */
export interface DayPlanRevisionsTable {
  /** The plan id the agent sent with this revision. */
  plan_id: string;
  revision: number;
  device_id: string;
  user_id: string;
  date: string;
  zone: string;
  submitted_at: number;
  content: string;
  received_at: number;
}

/** The user a report id belongs to (claimed by its first stored revision). */
export interface ReportOwnersTable {
  report_id: string;
  user_id: string;
}

export interface ReportRevisionsTable extends SyncedRow {
  report_id: string;
  date: string;
  revision: number;
  zone: string;
  submitted_at: number;
  /** The ReportInput fields (items, unplanned, kpis, blockers, note) as JSON. */
  content: string;
}

export interface ReportReviewsTable {
  report_id: string;
  user_id: string;
  date: string;
  status: 'approved' | 'returned';
  comment: string;
  reviewed_by: string;
  reviewed_at: number;
  seq: number;
  /** 1–5; null when not rated. */
  rating: number | null;
  /** The report revision that was reviewed. */
  revision: number | null;
}

/** Every review ever made, oldest first per report (report_reviews holds the latest). */
export interface ReportReviewLogTable {
  id: string;
  report_id: string;
  user_id: string;
  date: string;
  status: 'approved' | 'returned';
  comment: string;
  rating: number | null;
  revision: number | null;
  reviewed_by: string;
  reviewed_at: number;
}

export interface CountersTable {
  name: string;
  value: number;
}

export interface SchemaMigrationsTable {
  version: number;
  name: string;
  applied_at: number;
}

export interface DB extends UpdatesTables, IntegrationTables, DashboardTables {
  orgs: OrgsTable;
  teams: TeamsTable;
  users: UsersTable;
  team_leads: TeamLeadsTable;
  sessions: SessionsTable;
  setup_tokens: SetupTokensTable;
  enrollment_codes: EnrollmentCodesTable;
  devices: DevicesTable;
  work_events: WorkEventsTable;
  activity_spans: ActivitySpansTable;
  idle_decisions: IdleDecisionsTable;
  day_plans: DayPlansTable;
  day_plan_revisions: DayPlanRevisionsTable;
  report_owners: ReportOwnersTable;
  report_revisions: ReportRevisionsTable;
  report_reviews: ReportReviewsTable;
  report_review_log: ReportReviewLogTable;
  invites: InvitesTable;
  counters: CountersTable;
  schema_migrations: SchemaMigrationsTable;
}
