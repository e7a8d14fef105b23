// What the lead's dashboard adds to the accounts and reviews (a migration of
// server/db/migrations.ts, kept beside the code that uses it): display names and a locale,
// deactivation, invite links (stored hashed), every review with its rating (the report_reviews
// row stays the latest one, which is what the agent pulls), a team's published leaderboard,
// enrollment codes that can be listed and expired, and the agent's version per device.
import { sql, type Kysely } from 'kysely';
import { uuidv7 } from '../../shared/uuid.ts';
import type { Migration } from '../db/migrations.ts';

const ms = 'bigint';

export const dashboardMigration = (version: number): Migration => ({
  version,
  name: 'dashboard accounts',
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  async up(db: Kysely<any>) {
    await db.schema.alterTable('users').addColumn('name', 'text', (c) => c.notNull().defaultTo('')).execute();
    await db.schema.alterTable('users').addColumn('locale', 'text').execute();
    await db.schema.alterTable('users').addColumn('deactivated_at', ms).execute();

    await db.schema
      .createTable('invites')
      .addColumn('token_hash', 'text', (c) => c.primaryKey())
      .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
      .addColumn('created_by', 'text', (c) => c.references('users.id'))
      .addColumn('created_at', ms, (c) => c.notNull())
      .addColumn('expires_at', ms, (c) => c.notNull())
      .execute();
    await db.schema.createIndex('invites_user').on('invites').column('user_id').execute();

    await db.schema.alterTable('teams').addColumn('leaderboard_named', 'integer', (c) => c.notNull().defaultTo(0)).execute();

    await db.schema.alterTable('report_reviews').addColumn('rating', 'integer').execute();
    await db.schema.alterTable('report_reviews').addColumn('revision', 'integer').execute();
    await db.schema
      .createTable('report_review_log')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('report_id', 'text', (c) => c.notNull())
      .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
      .addColumn('date', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('comment', 'text', (c) => c.notNull())
      .addColumn('rating', 'integer')
      .addColumn('revision', 'integer')
      .addColumn('reviewed_by', 'text', (c) => c.notNull().references('users.id'))
      .addColumn('reviewed_at', ms, (c) => c.notNull())
      .execute();
    await db.schema.createIndex('report_review_log_report').on('report_review_log').columns(['report_id', 'reviewed_at']).execute();
    // Reviews made before this migration become the first entries of the log.
    await sql`insert into report_review_log (id, report_id, user_id, date, status, comment, rating, revision, reviewed_by, reviewed_at)
      select report_id, report_id, user_id, date, status, comment, null, null, reviewed_by, reviewed_at from report_reviews`.execute(db);

    // Codes get an id to be named by (their hash is the secret's), their initial uses and a hint.
    await db.schema.alterTable('enrollment_codes').addColumn('id', 'text').execute();
    await db.schema.alterTable('enrollment_codes').addColumn('uses', 'integer', (c) => c.notNull().defaultTo(1)).execute();
    await db.schema.alterTable('enrollment_codes').addColumn('hint', 'text', (c) => c.notNull().defaultTo('')).execute();
    const codes = await db.selectFrom('enrollment_codes').select(['code_hash', 'uses_left', 'created_at']).execute();
    for (const c of codes as { code_hash: string; uses_left: number; created_at: number }[]) {
      await db.updateTable('enrollment_codes').set({ id: uuidv7(Number(c.created_at)), uses: Math.max(1, Number(c.uses_left)) }).where('code_hash', '=', c.code_hash).execute();
    }
    await db.schema.createIndex('enrollment_codes_id').on('enrollment_codes').column('id').unique().execute();

    await db.schema.alterTable('devices').addColumn('agent_version', 'text').execute();
  },
});
