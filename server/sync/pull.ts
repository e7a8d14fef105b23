// What an agent downloads: its team's policy, schedule, KPI definitions and targets when they
// changed after the cursor, and the reviews of its user's reports made after it.
import type { Kysely } from 'kysely';
import type { PullResponse } from '../../shared/sync.ts';
import { currentSeq } from '../changes.ts';
import type { DB } from '../db/schema.ts';
import type { DeviceAuth } from '../devices.ts';
import { settingsFor } from '../settings.ts';
import { actualsFor, taskListSince } from '../crm/store.ts';
import { standingOf } from '../dashboard/kpis.ts';
import { keptQuery } from '../db/kept-query.ts';

export async function pull(db: Kysely<DB>, device: DeviceAuth, cursor: string | undefined, now: number): Promise<PullResponse> {
  // The counter is read first: anything numbered up to it has committed (changes.ts), and
  // anything after it is sent next time, so nothing falls between two pulls.
  const seq = await currentSeq(db);
  const since = cursor === undefined ? -1 : Number(cursor);
  const settings = await settingsFor(db, device.userId);
  const changed = settings.seq > since;
  const reviews = await db
    .selectFrom('report_reviews')
    .select(['report_id', 'date', 'status', 'comment', 'reviewed_at'])
    .where('user_id', '=', device.userId)
    .where('seq', '>', since)
    .orderBy('seq')
    .execute();
  const crmTasks = await taskListSince(db, device.userId, since);
  // A first pull brings the recent weeks only; later ones what changed since the cursor.
  const crmActuals = await actualsFor(db, device.userId, cursor === undefined ? { from: new Date(now - 40 * 86_400_000).toISOString().slice(0, 10) } : { since });
  return {
    ...(crmTasks || crmActuals.length ? { crm: { tasks: crmTasks, actuals: crmActuals } } : {}),
    cursor: String(seq),
    policy: changed ? settings.policy : null,
    schedule: changed ? settings.policy.schedule : null,
    kpis: changed ? settings.kpis : null,
    targets: changed ? settings.targets : null,
    reviews: reviews.map((r) => ({ reportId: r.report_id, date: r.date, status: r.status, comment: r.comment, reviewedAt: r.reviewed_at })),
    serverTime: now,
    // This month's board from the manager's side; recomputed each pull (its figures move with
    // every report of the team, which takes no change number).
    standing: await standingOf(db, device.userId, 'month', undefined, now),
  };
}

// One statement (every push answer carries this): five round trips cost PostgreSQL more than the
// reads. Built once (kept-query.ts): Kysely's build of it cost more CPU than running it.
const latestChangeQuery = keptQuery((db, p: { user: never }) =>
  db
    .selectFrom('users')
    .where('users.id', '=', p.user)
    .select((eb) => [
      'users.settings_seq',
      eb.selectFrom('teams').select('teams.settings_seq').whereRef('teams.id', '=', 'users.team_id').as('team'),
      eb.selectFrom('report_reviews').select((e) => e.fn.max('seq').as('seq')).where('report_reviews.user_id', '=', p.user).as('review'),
      eb.selectFrom('crm_task_lists').select('crm_task_lists.seq').where('crm_task_lists.user_id', '=', p.user).as('tasks'),
      eb.selectFrom('kpi_actuals').select((e) => e.fn.max('seq').as('seq')).where('kpi_actuals.user_id', '=', p.user).as('actuals'),
    ]),
);

/**
 * The newest change number among what the user's pull would bring (settings and targets, reviews,
 * CRM tasks and actuals): an agent whose cursor is below it has something waiting and pulls now.
 */
export async function latestChangeFor(db: Kysely<DB>, userId: string): Promise<number> {
  const [row] = await latestChangeQuery(db, { user: userId });
  if (!row) throw new Error(`no user ${userId}`);
  return Math.max(Number(row.settings_seq), Number(row.team ?? 0), Number(row.review ?? 0), Number(row.tasks ?? 0), Number(row.actuals ?? 0));
}
