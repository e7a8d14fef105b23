// The update feed's tables (migration 5 of server/db/migrations.ts, kept beside the code that
// uses them). A release is one version on one channel of one organization; its installers live
// on disk (store.ts) and are listed in release_files with the sha512 electron-builder wrote.
import type { Kysely } from 'kysely';
import type { Migration } from '../db/migrations.ts';

const ms = 'bigint';

export const updatesMigration = (version: number): Migration => ({
  version,
  name: 'updates',
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('releases')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
      .addColumn('channel', 'text', (c) => c.notNull())
      .addColumn('version', 'text', (c) => c.notNull())
      // rolling | paused | halted | complete
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('percent', 'double precision', (c) => c.notNull())
      // JSON array of team ids that get it whatever the percentage
      .addColumn('teams', 'text', (c) => c.notNull())
      // JSON object: manifest file name (latest.yml, latest-mac.yml, ...) -> its parsed content
      .addColumn('manifests', 'text', (c) => c.notNull())
      .addColumn('published_by', 'text', (c) => c.references('users.id'))
      .addColumn('published_at', ms, (c) => c.notNull())
      .addColumn('updated_at', ms, (c) => c.notNull())
      .addUniqueConstraint('releases_version', ['org_id', 'channel', 'version'])
      .execute();
    await db.schema
      .createTable('release_files')
      .addColumn('release_id', 'text', (c) => c.notNull().references('releases.id'))
      .addColumn('org_id', 'text', (c) => c.notNull())
      .addColumn('channel', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('sha512', 'text', (c) => c.notNull())
      .addColumn('size', ms, (c) => c.notNull())
      // installer | blockmap | other (counts "downloaded" only for installers)
      .addColumn('role', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('release_files_pk', ['release_id', 'name'])
      // One name means one file on a channel: differential downloads find the old release's
      // blockmap by name, and the feed serves files by name.
      .addUniqueConstraint('release_files_name', ['org_id', 'channel', 'name'])
      .execute();
    await db.schema
      .createTable('update_events')
      .addColumn('release_id', 'text', (c) => c.notNull().references('releases.id'))
      .addColumn('device_id', 'text', (c) => c.notNull().references('devices.id'))
      // offered | downloaded | failed
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('first_at', ms, (c) => c.notNull())
      .addColumn('last_at', ms, (c) => c.notNull())
      .addColumn('detail', 'text')
      .addPrimaryKeyConstraint('update_events_pk', ['release_id', 'device_id', 'kind'])
      .execute();
    await db.schema
      .createTable('device_versions')
      .addColumn('device_id', 'text', (c) => c.primaryKey().references('devices.id'))
      .addColumn('version', 'text', (c) => c.notNull())
      .addColumn('reported_at', ms, (c) => c.notNull())
      .execute();
    await db.schema.createIndex('device_versions_version').on('device_versions').column('version').execute();
  },
});
