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
