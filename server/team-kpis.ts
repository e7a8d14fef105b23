// A team's KPI definitions as reports are judged against them: its own, then the defaults.
import type { Kysely } from 'kysely';
import { KpiDefinitionSchema, mergeKpis, type KpiDefinition } from '../shared/kpi.ts';
import type { DB } from './db/schema.ts';

export async function teamKpis(db: Kysely<DB>, teamId: string | null): Promise<KpiDefinition[]> {
  if (!teamId) return mergeKpis([]);
  const team = await db.selectFrom('teams').select('kpis').where('id', '=', teamId).executeTakeFirst();
  const own = KpiDefinitionSchema.array().safeParse(JSON.parse(team?.kpis ?? '[]'));
  return mergeKpis(own.success ? own.data : []);
}
