// Exports: the grid as CSV and XLSX, a manager's time blocks as iCalendar; the same people as the
// grid screen (scope.ts), in the caller's language.
import type { Kysely } from 'kysely';
import type { Actor } from '../access.ts';
import type { HubApp, HubContext } from '../context.ts';
import type { DB } from '../db/schema.ts';
import { checkRange, namedUser } from './days.ts';
import { calendarIcs, gridCsv, gridXlsx, type ExportLocale, type GridUser } from './exports/grid.ts';
import { dayRows, userZones } from './rollups/read.ts';
import { loadSummaries } from './rollups/stored-summary.ts';
import { signedInRoute } from './route.ts';
import { scopeUsers } from './scope.ts';

async function localeOf(db: Kysely<DB>, actor: Actor): Promise<ExportLocale> {
  const row = await db.selectFrom('users').select('locale').where('id', '=', actor.userId).executeTakeFirst();
  return row?.locale === 'ru' || row?.locale === 'en' ? row.locale : 'uk';
}

async function gridFor(ctx: HubContext, actor: Actor, q: { teamId?: string | undefined; userId?: string | undefined; from: string; to: string }) {
  checkRange(q.from, q.to);
  const users = await scopeUsers(ctx.db, actor, { teamId: q.teamId, userId: q.userId });
  const rows = await dayRows(ctx.db, users, q.from, q.to, ctx.now());
  const zones = await userZones(ctx.db, users.map((u) => u.id));
  return users.map((u) => ({ user: { id: u.id, name: u.name, email: u.email, teamName: u.teamName, zone: zones.get(u.id) ?? 'UTC' } satisfies GridUser, days: rows.get(u.id) ?? [] }));
}

const attachment = (name: string) => `attachment; filename="${name}"`;

export function registerExports(app: HubApp, ctx: HubContext): void {
  signedInRoute(app, ctx, 'exportCsv', async ({ actor, query, reply }) => {
    const csv = gridCsv(await gridFor(ctx, actor, query), await localeOf(ctx.db, actor));
    void reply.type('text/csv; charset=utf-8').header('content-disposition', attachment(`zvit-${query.from}-${query.to}.csv`));
    return csv as never;
  });

  signedInRoute(app, ctx, 'exportXlsx', async ({ actor, query, reply }) => {
    const xlsx = await gridXlsx(await gridFor(ctx, actor, query), await localeOf(ctx.db, actor), `${query.from} – ${query.to}`);
    void reply.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').header('content-disposition', attachment(`zvit-${query.from}-${query.to}.xlsx`));
    return xlsx as never;
  });

  signedInRoute(app, ctx, 'exportCalendar', async ({ actor, params, query, reply }) => {
    checkRange(query.from, query.to);
    const { ref } = await namedUser(ctx.db, actor, params.userId);
    const summaries = await loadSummaries(ctx.db, ref.id, query.from, query.to);
    const ics = calendarIcs(ref.name, ref.id, [...summaries.values()], await localeOf(ctx.db, actor));
    void reply.type('text/calendar; charset=utf-8').header('content-disposition', attachment(`zvit-${query.from}-${query.to}.ics`));
    return ics as never;
  });
}
