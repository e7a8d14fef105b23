// Puts a generated history into a hub's database, once: the organization's two teams, their
// leads and targets, the managers and their enrolled agents, every record through the hub's own
// ingest (checked, stored and rolled up into day rollups as a push is, many pushes to a
// transaction; or, in bulk, the spans inserted directly and the rest in one push per manager),
// and the leads' reviews of the reports.
import type { Kysely } from 'kysely';
import type { SyncRecord, SyncRecordOf } from '../../../shared/sync.ts';
import { addLead, createUser, DEFAULT_ORG, ensureOrg, ensureTeam, findUserByEmail } from '../../accounts.ts';
import { hashPassword } from '../../auth/passwords.ts';
import type { Dialect } from '../../db/connect.ts';
import type { DB } from '../../db/schema.ts';
import { createEnrollmentCode, enroll, type DeviceAuth } from '../../devices.ts';
import { reviewReport } from '../../reviews.ts';
import { settingsFor, setTeamKpis, setUserTargets } from '../../settings.ts';
import { insertNewIds } from '../../db/bulk-insert.ts';
import { checkPush, lockUsersOf, storePush } from '../../sync/push.ts';
import { chunks } from '../../sync/records/batch.ts';
import { toRow as spanRow } from '../../sync/records/activity-span.ts';
import { dateIn } from '../rollups/roll.ts';
import { generateHistory, LEADS, randomSource, TEAM_TARGETS, TEAMS, type History, type HistoryOptions, type ManagerSeed } from './history.ts';

/** Every demo account signs in with this password (it is a demo: printed, never secret). */
export const DEMO_PASSWORD = 'zvit-demo-2026';
export const DEMO_ADMIN_EMAIL = 'admin@zvit-demo.test';

export interface DemoAccount {
  role: 'admin' | 'lead' | 'manager';
  name: string;
  email: string;
  password: string;
  team: string | null;
}

export interface SeedResult {
  /** False when the database already held the demo (nothing was added). */
  seeded: boolean;
  accounts: DemoAccount[];
  /** What was stored, and how long each part took. */
  stats: { managers: number; records: number; spans: number; reviews: number; generateMs: number; storeMs: number };
}

export interface SeedOptions extends HistoryOptions {
  /** Make the demo admin (when the hub has no admin from ZVIT_ADMIN_EMAIL). */
  demoAdmin: boolean;
  /** Records per push (as an agent's batch) and per transaction (as the push queue's group commit). */
  pushRecords?: number;
  transactionRecords?: number;
  /**
   * Bulk: each manager's spans are written straight into the table with multi-row inserts (the
   * rows and working dates ingest would write, without its per-push checks), and the rest of
   * their records (events, decisions, plans, reports) stored by the hub's ingest in one push, in
   * one transaction per manager; that push rolls all the manager's days up with the hub's own
   * roll code. For big histories: 9 million spans pushed one batch at a time take hours.
   */
  bulk?: boolean;
  log?: (message: string) => void;
}

/** The accounts a demo of `managers` managers has (the same on every start). */
export function demoAccounts(history: Pick<History, 'managerCount' | 'who'>, demoAdmin: boolean): DemoAccount[] {
  const accounts: DemoAccount[] = [];
  if (demoAdmin) accounts.push({ role: 'admin', name: 'Адміністратор', email: DEMO_ADMIN_EMAIL, password: DEMO_PASSWORD, team: null });
  for (const lead of LEADS) accounts.push({ role: 'lead', name: lead.name, email: lead.email, password: DEMO_PASSWORD, team: TEAMS[lead.team] });
  for (let i = 0; i < history.managerCount; i++) {
    const m = history.who(i);
    accounts.push({ role: 'manager', name: m.name, email: m.email, password: DEMO_PASSWORD, team: TEAMS[m.team]! });
  }
  return accounts;
}

/** Whether this database already holds the demo (its first lead exists). */
export async function hasDemo(db: Kysely<DB>): Promise<boolean> {
  return (await findUserByEmail(db, LEADS[0].email)) !== undefined;
}

/** The demo's accounts as stored (for a start on a database seeded before). */
export async function storedDemoAccounts(db: Kysely<DB>): Promise<DemoAccount[]> {
  const rows = await db
    .selectFrom('users')
    .leftJoin('teams', 'teams.id', 'users.team_id')
    .select(['users.email', 'users.name', 'users.role', 'teams.name as team'])
    .where('users.email', 'like', '%@zvit-demo.test')
    .orderBy('users.created_at')
    .orderBy('users.id')
    .execute();
  const order = { admin: 0, lead: 1, manager: 2 } as const;
  return rows
    .map((r) => ({ role: r.role as DemoAccount['role'], name: r.name, email: r.email, password: DEMO_PASSWORD, team: r.team ?? null }))
    .sort((a, b) => order[a.role] - order[b.role]);
}

/** A pushed batch as the agent's outbox cuts it: at most `max` records, a plan's id once. */
function batches(records: readonly SyncRecord[], max: number): SyncRecord[][] {
  const out: SyncRecord[][] = [];
  let batch: SyncRecord[] = [];
  let plans = new Set<string>();
  for (const r of records) {
    if (batch.length >= max || (r.kind === 'day_plan' && plans.has(r.id))) {
      out.push(batch);
      batch = [];
      plans = new Set();
    }
    if (r.kind === 'day_plan') plans.add(r.id);
    batch.push(r);
  }
  if (batch.length) out.push(batch);
  return out;
}

/**
 * One manager's records in one transaction: spans by multi-row inserts with the working date
 * ingest gives them (the zone of the agent's events, the team's day start), then everything else
 * as one push through the hub's ingest, which stores it and rolls up every day it touches (all of
 * them: the push holds each day's clock-in and clock-out). Returns the spans written and how long
 * the inserts and the push took.
 */
async function storeBulk(db: Kysely<DB>, dialect: Dialect, device: DeviceAuth, records: readonly SyncRecord[], now: number): Promise<{ spans: number; spansMs: number; pushMs: number }> {
  const spans: SyncRecordOf<'activity_span'>[] = [];
  const rest: SyncRecord[] = [];
  let zone: string | null = null;
  for (const r of records) {
    if (r.kind === 'activity_span') spans.push(r);
    else rest.push(r);
    if (r.kind === 'work_event') zone = r.zone;
  }
  const started = performance.now();
  let spansMs = 0;
  await db.transaction().execute(async (tx) => {
    await lockUsersOf(tx, dialect, [device.deviceId]);
    const dayStart = (await settingsFor(tx, device.userId)).policy.dayStart;
    for (const chunk of chunks(spans)) {
      const rows = chunk.map((r) => ({ ...spanRow(r, device, now), local_date: zone === null ? null : dateIn({ zone, dayStart }, r.start) }));
      const inserted = await insertNewIds(tx, 'activity_spans', rows);
      if (inserted.length !== rows.length) throw new Error('a demo span was stored already');
    }
    spansMs = performance.now() - started;
    for (const batch of batches(rest, Number.MAX_SAFE_INTEGER)) {
      const { results } = await storePush(tx, checkPush(device, batch, now));
      const refused = results.find((r) => r.status !== 'stored');
      if (refused) throw new Error(`the hub refused a demo record: ${JSON.stringify(refused)}`);
    }
  });
  return { spans: spans.length, spansMs, pushMs: performance.now() - started - spansMs };
}

/**
 * Seeds the demo unless the database has it already. Returns the accounts to print either way.
 */
export async function seedDemo(db: Kysely<DB>, dialect: Dialect, options: SeedOptions): Promise<SeedResult> {
  const log = options.log ?? (() => {});
  if (await hasDemo(db)) {
    return { seeded: false, accounts: await storedDemoAccounts(db), stats: { managers: 0, records: 0, spans: 0, reviews: 0, generateMs: 0, storeMs: 0 } };
  }
  const started = performance.now();
  const history = await generateHistory(options);
  const generateMs = performance.now() - started;
  log(`recorded the template days of ${Math.min(history.managerCount, 12)} habits in ${Math.round(generateMs)} ms`);

  const storeStarted = performance.now();
  const now = options.now;
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const orgId = await ensureOrg(db, DEFAULT_ORG, now);
  const teamIds: string[] = [];
  for (const [i, name] of TEAMS.entries()) {
    const id = await ensureTeam(db, orgId, name, now);
    teamIds.push(id);
    await setTeamKpis(db, id, { definitions: [], targets: TEAM_TARGETS[i]! });
  }
  if (options.demoAdmin && !(await findUserByEmail(db, DEMO_ADMIN_EMAIL))) {
    await createUser(db, { orgId, email: DEMO_ADMIN_EMAIL, role: 'admin', teamId: null, passwordHash, name: 'Адміністратор' }, now);
  }
  const leadIds: string[] = [];
  for (const lead of LEADS) {
    const user = await createUser(db, { orgId, email: lead.email, role: 'lead', teamId: teamIds[lead.team]!, passwordHash, name: lead.name }, now);
    await addLead(db, teamIds[lead.team]!, user.id);
    leadIds.push(user.id);
  }

  const pushRecords = options.pushRecords ?? 2000;
  const transactionRecords = options.transactionRecords ?? 20_000;
  let records = 0;
  let spans = 0;
  let reviews = 0;
  const users: { id: string; device: DeviceAuth; team: number; reports: ManagerSeed['reports'] }[] = [];
  // The records, each manager's in the order their agent sent them, pushes grouped into
  // transactions as the hub's push queue groups them.
  let group: { device: DeviceAuth; records: SyncRecord[] }[] = [];
  let groupSize = 0;
  const commit = async () => {
    if (!group.length) return;
    const pushes = group.map((p) => checkPush(p.device, p.records, now));
    await db.transaction().execute(async (tx) => {
      await lockUsersOf(tx, dialect, pushes.map((p) => p.device.deviceId));
      for (const push of pushes) {
        const { results } = await storePush(tx, push);
        const refused = results.find((r) => r.status !== 'stored');
        if (refused) throw new Error(`the hub refused a demo record: ${JSON.stringify(refused)}`);
      }
    });
    group = [];
    groupSize = 0;
  };
  let generating = 0;
  try {
    for (let i = 0; i < history.managerCount; i++) {
      const made = performance.now();
      const m = await history.manager(i);
      generating += performance.now() - made;
      const user = await createUser(db, { orgId, email: m.email, role: 'manager', teamId: teamIds[m.team]!, passwordHash, name: m.name }, now);
      const { code } = await createEnrollmentCode(db, { userId: user.id, createdBy: leadIds[m.team]! }, now);
      await enroll(db, { code, deviceId: m.deviceId, name: `ПК ${m.name}` }, now);
      const device: DeviceAuth = { deviceId: m.deviceId, userId: user.id, orgId, teamId: teamIds[m.team]!, lastSeenAt: null, clockOffsetMs: null };
      users.push({ id: user.id, device, team: m.team, reports: m.reports });
      if (options.bulk) {
        const stored = await storeBulk(db, dialect, device, m.records, now);
        records += m.records.length;
        spans += stored.spans;
        log(`manager ${i + 1}/${history.managerCount}: ${m.records.length} records (spans written in ${Math.round(stored.spansMs)} ms, the rest stored and the days rolled in ${Math.round(stored.pushMs)} ms)`);
        continue;
      }
      for (const batch of batches(m.records, pushRecords)) {
        group.push({ device, records: batch });
        groupSize += batch.length;
        records += batch.length;
        spans += batch.filter((r) => r.kind === 'activity_span').length;
        if (groupSize >= transactionRecords) await commit();
      }
      await commit();
      log(`manager ${i + 1}/${history.managerCount}: ${m.records.length} records`);
    }
  } finally {
    history.close();
  }
  // A newcomer with lower targets than the team's, set by the lead.
  if (users.length) {
    await setUserTargets(db, users.at(-1)!.id, [
      { key: 'calls_total', period: 'day', value: 30 },
      { key: 'meetings', period: 'day', value: 1 },
    ]);
  }
  log(`stored ${records} records (${spans} spans) in ${Math.round(performance.now() - storeStarted - generating)} ms (and ${Math.round(generating)} ms making them)`);

  // The leads' reviews: older reports approved with a rating, the last few days still waiting;
  // one report returned with a comment.
  const random = randomSource((options.seed ?? 1) + 7);
  const recent = new Set(history.dates.slice(-3));
  const returned = (users[3] ?? users[0])?.reports.filter((r) => r.date < history.today).at(-1)?.reportId;
  for (const u of users) {
    const reviewer = leadIds[u.team]!;
    for (const rep of u.reports) {
      const returnIt = rep.reportId === returned;
      if (recent.has(rep.date) && !returnIt) continue;
      const at = rep.submittedAt + 3600_000 + Math.floor(random() * 20 * 3600_000);
      if (returnIt) {
        await reviewReport(db, { reportId: rep.reportId, userId: u.id, date: rep.date, reviewerId: reviewer, status: 'returned', comment: 'Не вказано причину по зустрічах і немає суми КП. Доповни, будь ласка.', revision: rep.revision }, Math.min(now, at));
      } else {
        const rating = rep.missed ? 3 + Math.floor(random() * 2) : 4 + Math.floor(random() * 2);
        await reviewReport(db, { reportId: rep.reportId, userId: u.id, date: rep.date, reviewerId: reviewer, status: 'approved', comment: rep.missed ? 'Бачу причини, завтра надолужимо.' : '', rating, revision: rep.revision }, Math.min(now, at));
      }
      reviews++;
    }
  }
  const storeMs = performance.now() - storeStarted;
  log(`reviewed ${reviews} reports; stored everything in ${Math.round(storeMs)} ms`);
  return {
    seeded: true,
    accounts: demoAccounts(history, options.demoAdmin),
    stats: { managers: history.managerCount, records, spans, reviews, generateMs: generateMs + generating, storeMs: storeMs - generating },
  };
}
