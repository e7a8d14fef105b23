// What an agent downloads: its team's policy, schedule, KPI definitions and targets when they
// changed after the cursor, and the reviews of its user's reports made after it.
import type { Kysely } from 'kysely';
import type { PullResponse } from '../../shared/sync.ts';
import { currentSeq } from '../changes.ts';
import type { DB } from '../db/schema.ts';
import type { DeviceAuth } from '../devices.ts';
import { settingsFor } from '../settings.ts';
import { actualsFor, taskListSince } from '../crm/store.ts';

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
  };
}
