// A lead's verdict on a day report: approved (which locks it) or returned with a comment (the
// input's schema is shared/dashboard-api.ts's ReviewInputSchema).
import type { Kysely } from 'kysely';
import { nextSeq } from './changes.ts';
import type { DB } from './db/schema.ts';
import { HubError } from './errors.ts';
import { emitEvent } from './webhooks/events.ts';
import { uuidv7 } from '../shared/uuid.ts';

/** The report's owner, for the access check before a review. */
export async function reportOwner(db: Kysely<DB>, reportId: string): Promise<{ user_id: string; date: string } | undefined> {
  return db.selectFrom('report_revisions').select(['user_id', 'date']).where('report_id', '=', reportId).orderBy('revision', 'desc').executeTakeFirst();
}

export async function reviewReport(
  db: Kysely<DB>,
  review: { reportId: string; userId: string; date: string; reviewerId: string; status: 'approved' | 'returned'; comment: string; rating?: number | null; revision?: number | null },
  now = Date.now(),
): Promise<{ seq: number }> {
  return db.transaction().execute(async (tx) => {
    const current = await tx.selectFrom('report_reviews').select('status').where('report_id', '=', review.reportId).executeTakeFirst();
    if (current?.status === 'approved') throw new HubError(409, 'conflict', 'This report is already approved and locked.');
    const seq = await nextSeq(tx);
    const row = { user_id: review.userId, date: review.date, status: review.status, comment: review.comment, reviewed_by: review.reviewerId, reviewed_at: now, seq, rating: review.rating ?? null, revision: review.revision ?? null };
    await tx
      .insertInto('report_reviews')
      .values({ report_id: review.reportId, ...row })
      .onConflict((oc) => oc.column('report_id').doUpdateSet(row))
      .execute();
    // report_reviews keeps the latest verdict (what the agent pulls); the log keeps every one.
    await tx
      .insertInto('report_review_log')
      .values({ id: uuidv7(now), report_id: review.reportId, user_id: review.userId, date: review.date, status: review.status, comment: review.comment, rating: row.rating, revision: row.revision, reviewed_by: review.reviewerId, reviewed_at: now })
      .execute();
    const org = await tx.selectFrom('users').select('org_id').where('id', '=', review.userId).executeTakeFirstOrThrow();
    await emitEvent(tx, org.org_id, 'report.reviewed', { reportId: review.reportId }, now);
    return { seq };
  });
}
