// KPI actuals from other systems, per manager and day: rows judged one by one (an unknown
// manager or KPI refuses that row, not the file), stored beside the self-reported figures under
// their source, so the agent and the dashboard show them next to what the manager reported.
import type { Kysely } from 'kysely';
import { ActualInputSchema, type ActualInput, type ActualsResultSchema } from '../../shared/integrations.ts';
import type { z } from 'zod';
import { mergeKpis, KpiDefinitionSchema } from '../../shared/kpi.ts';
import type { DB } from '../db/schema.ts';
import { putActuals } from '../crm/store.ts';

export type ImportResult = z.infer<typeof ActualsResultSchema>;

/** A CSV file names the fields by its own columns (email, kpi); JSON rows by the fields. */
const CSV_COLUMN: Record<string, string> = { user: 'email', key: 'kpi' };

export async function importActuals(db: Kysely<DB>, orgId: string, rows: readonly { row: number; input: unknown }[], source: 'api' | 'csv', label: string | null, now: number): Promise<ImportResult> {
  const refused: ImportResult['refused'] = [];
  const users = await db.selectFrom('users').select(['id', 'email', 'team_id']).where('org_id', '=', orgId).execute();
  const byKey = new Map<string, (typeof users)[number]>();
  for (const u of users) {
    byKey.set(u.id, u);
    byKey.set(u.email, u);
  }
  const teams = await db.selectFrom('teams').select(['id', 'kpis']).where('org_id', '=', orgId).execute();
  const known = new Map(teams.map((t) => [t.id, new Set(mergeKpis(KpiDefinitionSchema.array().catch([]).parse(JSON.parse(t.kpis))).map((d) => d.key))]));
  const defaults = new Set(mergeKpis([]).map((d) => d.key));
  const good: { orgId: string; userId: string; date: string; key: string; value: number }[] = [];
  for (const { row, input } of rows) {
    const parsed = ActualInputSchema.safeParse(input);
    if (!parsed.success) {
      const fields = [...new Set(parsed.error.issues.map((i) => String(i.path[0] ?? 'row')))].map((f) => (source === 'csv' ? (CSV_COLUMN[f] ?? f) : f));
      refused.push({ row, message: parsed.error.issues.map((i) => `${i.path.join('.') || 'row'}: ${i.message}`).join('; '), code: 'invalid_fields', vars: { fields: fields.join(', ') } });
      continue;
    }
    const a: ActualInput = parsed.data;
    const user = byKey.get(a.user.trim().toLowerCase()) ?? byKey.get(a.user.trim());
    if (!user) {
      refused.push({ row, message: `No user ${a.user} in this organization.`, code: 'no_user', vars: { user: a.user } });
      continue;
    }
    const keys = user.team_id ? (known.get(user.team_id) ?? defaults) : defaults;
    if (!keys.has(a.key)) {
      refused.push({ row, message: `The KPI ${a.key} is not defined for ${user.email}'s team.`, code: 'no_kpi', vars: { kpi: a.key, user: user.email } });
      continue;
    }
    good.push({ orgId, userId: user.id, date: a.date, key: a.key, value: a.value });
  }
  await putActuals(db, good, source, label, now);
  return { stored: good.length, refused };
}

/** CSV with a header line naming email (or user), date, kpi (or key) and value; comma or semicolon. */
export function parseCsv(text: string): { rows: { row: number; input: unknown }[]; problem: string | null } {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const header = lines[0] ?? '';
  const sep = header.includes(';') && !header.includes(',') ? ';' : ',';
  const split = (line: string) => {
    const out: string[] = [];
    let cur = '';
    let quoted = false;
    for (let i = 0; i < line.length; i++) {
      const ch = line[i]!;
      if (quoted) {
        if (ch === '"' && line[i + 1] === '"') {
          cur += '"';
          i++;
        } else if (ch === '"') quoted = false;
        else cur += ch;
      } else if (ch === '"') quoted = true;
      else if (ch === sep) {
        out.push(cur);
        cur = '';
      } else cur += ch;
    }
    out.push(cur);
    return out.map((c) => c.trim());
  };
  const names = split(header).map((h) => h.toLowerCase());
  const col = (...options: string[]) => names.findIndex((n) => options.includes(n));
  const [iu, id, ik, iv] = [col('email', 'user'), col('date'), col('kpi', 'key'), col('value', 'actual')];
  if (iu < 0 || id < 0 || ik < 0 || iv < 0) return { rows: [], problem: 'The first line must name the columns email, date, kpi and value.' };
  const rows: { row: number; input: unknown }[] = [];
  lines.slice(1).forEach((line, i) => {
    if (!line.trim()) return;
    const cells = split(line);
    const raw = (cells[iv] ?? '').replace(/\s/g, '').replace(',', '.');
    rows.push({ row: i + 2, input: { user: cells[iu] ?? '', date: cells[id] ?? '', key: cells[ik] ?? '', value: raw === '' ? NaN : Number(raw) } });
  });
  return { rows, problem: null };
}
