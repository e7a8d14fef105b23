// The latest change an agent should pull for its user: settings (team policy, KPIs, targets, the
// user's own targets) and reviews of their reports, as a pull cursor (changes.ts's sequence).
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { settingsFor } from '../../settings.ts';

export async function latestChangeFor(db: Kysely<DB>, userId: string): Promise<string> {
  const settings = await settingsFor(db, userId);
  const review = await db.selectFrom('report_reviews').select((eb) => eb.fn.max('seq').as('seq')).where('user_id', '=', userId).executeTakeFirst();
  const seq = Math.max(Number(settings.seq), review?.seq === null || review?.seq === undefined ? 0 : Number(review.seq));
  return String(seq);
}
