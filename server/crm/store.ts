// What the connectors keep in the hub's database: the ids of what they wrote into the CRM (so a
// correction updates that record and a replay finds it), KPI actuals per manager and day by
// source, and each manager's open CRM tasks for the morning plan. Actuals and task lists take a
// change number, so the manager's agent gets them with its next pull.
import type { Kysely } from 'kysely';
import type { CrmActual, CrmTask } from '../../shared/integrations.ts';
import { nextSeq } from '../changes.ts';
import type { DB } from '../db/schema.ts';

export async function getWrite(db: Kysely<DB>, orgId: string, key: string): Promise<{ crmId: string; value: string | null } | null> {
  const row = await db.selectFrom('crm_writes').select(['crm_id', 'value']).where('org_id', '=', orgId).where('key', '=', key).executeTakeFirst();
  return row ? { crmId: row.crm_id, value: row.value } : null;
}

export async function putWrite(db: Kysely<DB>, orgId: string, key: string, crmId: string, value: string | null, now: number): Promise<void> {
  await db
    .insertInto('crm_writes')
    .values({ org_id: orgId, key, crm_id: crmId, value, updated_at: now })
    .onConflict((oc) => oc.columns(['org_id', 'key']).doUpdateSet({ crm_id: crmId, value, updated_at: now }))
    .execute();
}

const DAY_MS = 86_400_000;
/**
 * After a manager's day is approved no revision of it is accepted (report_locked), so nothing
 * will correct what was written for it: its rows are kept 30 days more, longer than finished
 * jobs stay in the admin's log (14 days), so an admin's replay of one still finds its record.
 */
export const KEEP_WRITES_LOCKED_MS = 30 * DAY_MS;
/**
 * A day nobody approved can still be corrected by its manager at any time; its rows are kept 400
 * days (the longest range the dashboard reads). A correction later than that is sent as a new
 * message or time entry instead of editing the old one.
 */
export const KEEP_WRITES_MS = 400 * DAY_MS;

const ELAPSED_KEY = /^elapsed:(.+):(\d{4}-\d{2}-\d{2}):[^:]+$/;
const REPORT_KEY = /^report:(.+)$/;

/**
 * Forgets the CRM ids of what was written for days that can no longer change, keeping every row
 * idempotency still needs: one a job may read (its job is queued, running or a dead letter an
 * admin may retry: the job's dedupe key is the row's key), and one whose day is still open to a
 * correction. Works in pages by the primary key; returns how many rows went.
 */
export async function pruneWrites(db: Kysely<DB>, now: number, page = 500): Promise<number> {
  let deleted = 0;
  let after: { org: string; key: string } | null = null;
  for (;;) {
    const from = after;
    let q = db.selectFrom('crm_writes').select(['org_id', 'key', 'updated_at']).where('updated_at', '<', now - KEEP_WRITES_LOCKED_MS);
    if (from) q = q.where((eb) => eb.or([eb('org_id', '>', from.org), eb.and([eb('org_id', '=', from.org), eb('key', '>', from.key)])]));
    const rows = await q.orderBy('org_id').orderBy('key').limit(page).execute();
    if (!rows.length) return deleted;
    after = { org: rows.at(-1)!.org_id, key: rows.at(-1)!.key };

    const keys = rows.map((r) => r.key);
    const pending = new Set((await db.selectFrom('jobs').select('dedupe_key').where('dedupe_key', 'in', keys).where('state', 'in', ['queued', 'running', 'dead']).execute()).map((j) => j.dedupe_key));
    // The day each row belongs to: a report's (user, date), or the one in a task-time key.
    const reportIds = keys.flatMap((k) => REPORT_KEY.exec(k)?.[1] ?? []);
    const reports = reportIds.length ? await db.selectFrom('report_revisions').select(['report_id', 'user_id', 'date']).distinct().where('report_id', 'in', reportIds).execute() : [];
    const dayOfReport = new Map(reports.map((r) => [r.report_id, `${r.user_id}|${r.date}`]));
    const dayOf = (key: string): string | null => {
      const elapsed = ELAPSED_KEY.exec(key);
      if (elapsed) return `${elapsed[1]}|${elapsed[2]}`;
      const report = REPORT_KEY.exec(key);
      return report ? dayOfReport.get(report[1]!) ?? null : null;
    };
    const days = [...new Set(keys.map(dayOf).filter((d): d is string => d !== null))];
    const users = [...new Set(days.map((d) => d.split('|')[0]!))];
    const approved = users.length
      ? await db.selectFrom('report_reviews').select(['user_id', 'date']).where('status', '=', 'approved').where('user_id', 'in', users).where('date', 'in', [...new Set(days.map((d) => d.split('|')[1]!))]).execute()
      : [];
    const locked = new Set(approved.map((a) => `${a.user_id}|${a.date}`));

    const gone = rows.filter((r) => {
      if (pending.has(r.key)) return false;
      const day = dayOf(r.key);
      return (day !== null && locked.has(day)) || Number(r.updated_at) < now - KEEP_WRITES_MS;
    });
    for (const r of gone) {
      // Unless a job wrote it again meanwhile.
      const result = await db.deleteFrom('crm_writes').where('org_id', '=', r.org_id).where('key', '=', r.key).where('updated_at', '=', r.updated_at).executeTakeFirst();
      deleted += Number(result.numDeletedRows);
    }
  }
}

export async function deleteWrite(db: Kysely<DB>, orgId: string, key: string): Promise<void> {
  await db.deleteFrom('crm_writes').where('org_id', '=', orgId).where('key', '=', key).execute();
}

/**
 * Stores actuals from one source; only values that changed take a change number. Returns how
 * many changed.
 */
export async function putActuals(
  db: Kysely<DB>,
  rows: readonly { orgId: string; userId: string; date: string; key: string; value: number }[],
  source: CrmActual['source'],
  label: string | null,
  now: number,
): Promise<number> {
  if (!rows.length) return 0;
  return db.transaction().execute(async (tx) => {
    let changed = 0;
    let taken: number | null = null;
    for (const r of rows) {
      const old = await tx.selectFrom('kpi_actuals').select('value').where('user_id', '=', r.userId).where('date', '=', r.date).where('key', '=', r.key).where('source', '=', source).executeTakeFirst();
      if (old && Number(old.value) === r.value) continue;
      taken ??= await nextSeq(tx);
      const seq: number = taken;
      const values = { user_id: r.userId, date: r.date, key: r.key, source, org_id: r.orgId, value: r.value, source_label: label, seq, updated_at: now };
      await tx
        .insertInto('kpi_actuals')
        .values(values)
        .onConflict((oc) => oc.columns(['user_id', 'date', 'key', 'source']).doUpdateSet({ value: r.value, source_label: label, seq, updated_at: now }))
        .execute();
      changed++;
    }
    return changed;
  });
}

/** The newest figure per date and KPI (sources differ: the latest update wins). */
export async function actualsFor(db: Kysely<DB>, userId: string, filter: { since?: number; from?: string; to?: string }): Promise<CrmActual[]> {
  let q = db.selectFrom('kpi_actuals').select(['date', 'key', 'value', 'source', 'updated_at']).where('user_id', '=', userId);
  if (filter.since !== undefined) q = q.where('seq', '>', filter.since);
  if (filter.from) q = q.where('date', '>=', filter.from);
  if (filter.to) q = q.where('date', '<=', filter.to);
  const rows = await q.orderBy('updated_at').execute();
  const latest = new Map<string, CrmActual>();
  for (const r of rows) latest.set(`${r.date}|${r.key}`, { date: r.date, key: r.key, value: Number(r.value), source: r.source as CrmActual['source'], updatedAt: Number(r.updated_at) });
  return [...latest.values()];
}

export async function putTaskList(db: Kysely<DB>, orgId: string, userId: string, items: readonly CrmTask[], now: number): Promise<boolean> {
  const json = JSON.stringify(items);
  const old = await db.selectFrom('crm_task_lists').select('items').where('user_id', '=', userId).executeTakeFirst();
  if (old?.items === json) {
    await db.updateTable('crm_task_lists').set({ fetched_at: now }).where('user_id', '=', userId).execute();
    return false;
  }
  await db.transaction().execute(async (tx) => {
    const seq = await nextSeq(tx);
    await tx
      .insertInto('crm_task_lists')
      .values({ user_id: userId, org_id: orgId, items: json, seq, fetched_at: now })
      .onConflict((oc) => oc.column('user_id').doUpdateSet({ items: json, seq, fetched_at: now }))
      .execute();
  });
  return true;
}

export async function taskListSince(db: Kysely<DB>, userId: string, since: number): Promise<CrmTask[] | null> {
  const row = await db.selectFrom('crm_task_lists').select(['items', 'seq']).where('user_id', '=', userId).executeTakeFirst();
  if (!row || Number(row.seq) <= since) return null;
  return JSON.parse(row.items) as CrmTask[];
}
