// The latest change an agent should pull for its user, as the pull's cursor text: the same
// sequence the pull reads (settings, targets, reviews, CRM tasks and actuals; sync/pull.ts).
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { latestChangeFor as latestSeq } from '../../sync/pull.ts';

export async function latestChangeFor(db: Kysely<DB>, userId: string): Promise<string> {
  return String(await latestSeq(db, userId));
}
