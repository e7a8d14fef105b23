// Releases: publishing one from an upload (every file checked against its manifest's sha512),
// steering its rollout, the offer a device gets, and the figures an admin watches.
import fs from 'node:fs';
import type { Kysely } from 'kysely';
import semver from 'semver';
import { uuidv7 } from '../../shared/uuid.ts';
import type { DB } from '../db/schema.ts';
import { HubError, notFound } from '../errors.ts';
import { parseManifest, renderManifest, type Manifest, type ParsedManifest } from './manifest.ts';
import { chooseRelease, type RolloutRelease } from './rollout.ts';
import type { FileRole, ReleaseState, UpdateEventKind } from './schema.ts';
import { checkChannel, type UpdateStore } from './store.ts';

export interface UpdatesContext {
  db: Kysely<DB>;
  now(): number;
  store: UpdateStore;
}

export interface ReleaseSummary {
  id: string;
  channel: string;
  version: string;
  state: ReleaseState;
  percent: number;
  /** Team ids and names that get it whatever the percentage. */
  teams: { id: string; name: string }[];
  platforms: string[];
  publishedAt: number;
  updatedAt: number;
  /** Devices told about it, that fetched its installer, that reported a failed download, that run it. */
  devices: { checked: number; downloaded: number; failed: number; running: number };
  files: { name: string; size: number; sha512: string }[];
}

export type RolloutChange = { percent: number } | { teams: string[] } | { pause: true } | { halt: true } | { complete: true };

export interface PublishInput {
  orgId: string;
  actorId: string | null;
  channel: string;
  uploadId: string;
  /** Manifest file name → its text. */
  manifests: Record<string, string>;
  percent?: number;
  /** Team names or ids. */
  teams?: string[];
}

function checkPercent(percent: number): number {
  if (!(Number.isFinite(percent) && percent >= 0 && percent <= 100)) throw new HubError(400, 'invalid_request', 'The percentage is a number from 0 to 100.');
  return percent;
}

async function resolveTeams(db: Kysely<DB>, orgId: string, teams: readonly string[]): Promise<string[]> {
  const rows = await db.selectFrom('teams').select(['id', 'name']).where('org_id', '=', orgId).execute();
  return [
    ...new Set(
      teams.map((wanted) => {
        const row = rows.find((r) => r.id === wanted) ?? rows.find((r) => r.name.toLowerCase() === wanted.trim().toLowerCase());
        if (!row) throw new HubError(400, 'invalid_request', `No team "${wanted}" in this organization.`);
        return row.id;
      }),
    ),
  ];
}

/** Blockmaps feed differential downloads; installers count as "downloaded" when fetched. */
function roleOf(name: string): FileRole {
  if (name.endsWith('.blockmap')) return 'blockmap';
  return /\.(exe|dmg|zip|AppImage|deb|rpm|pkg|msi|snap|pacman)$/i.test(name) ? 'installer' : 'other';
}

export async function publishRelease(ctx: UpdatesContext, input: PublishInput): Promise<ReleaseSummary & { warnings: string[] }> {
  const { db, store } = ctx;
  const channel = checkChannel(input.channel);
  const names = Object.keys(input.manifests);
  if (names.length === 0) throw new HubError(400, 'invalid_request', 'A release needs at least one manifest: latest.yml, latest-mac.yml or latest-linux.yml.');
  const manifests: ParsedManifest[] = names.map((name) => parseManifest(name, input.manifests[name]!));
  const version = manifests[0]!.version;
  const other = manifests.find((m) => m.version !== version);
  if (other) throw new HubError(400, 'invalid_request', `${manifests[0]!.name} is version ${version} but ${other.name} is ${other.version}; publish one version at a time.`);
  const teams = await resolveTeams(db, input.orgId, input.teams ?? []);
  // Without a percentage, a release listed for teams goes to those teams only; one with neither
  // goes to every device (it can still be paused or halted).
  const percent = checkPercent(input.percent ?? (teams.length ? 0 : 100));

  const existing = await db.selectFrom('releases').select('id').where('org_id', '=', input.orgId).where('channel', '=', channel).where('version', '=', version).executeTakeFirst();
  if (existing) throw new HubError(409, 'conflict', `Version ${version} is already published on ${channel}. Publish a higher version (a release cannot be replaced).`);

  const staged = await store.staged(input.uploadId, input.orgId);
  const wanted = new Map<string, FileRole>();
  for (const manifest of manifests) {
    for (const file of manifest.files) {
      const got = staged.get(file.name);
      if (!got) throw new HubError(400, 'invalid_request', `${file.name}, named in ${manifest.name}, was not uploaded.`);
      if (got.sha512 !== file.sha512 || (file.size !== null && got.size !== file.size)) {
        throw new HubError(
          400,
          'checksum_mismatch',
          `${file.name} does not match the sha512 in ${manifest.name}: the file was changed after electron-builder wrote the manifest (signed or edited afterwards?), or the upload is damaged. Nothing was published.`,
        );
      }
      wanted.set(file.name, roleOf(file.name));
      if (staged.has(`${file.name}.blockmap`)) wanted.set(`${file.name}.blockmap`, 'blockmap');
    }
  }
  const taken = await db
    .selectFrom('release_files')
    .select('name')
    .where('org_id', '=', input.orgId)
    .where('channel', '=', channel)
    .where('name', 'in', [...wanted.keys()])
    .execute();
  if (taken.length) throw new HubError(409, 'conflict', `${taken[0]!.name} is already a file of another release on ${channel}; file names must carry the version.`);

  const now = ctx.now();
  const id = uuidv7(now);
  const placed = await store.place(input.uploadId, input.orgId, channel, [...wanted.keys()]);
  try {
    await db.transaction().execute(async (tx) => {
      await tx
        .insertInto('releases')
        .values({
          id,
          org_id: input.orgId,
          channel,
          version,
          state: 'rolling',
          percent,
          teams: JSON.stringify(teams),
          manifests: JSON.stringify(Object.fromEntries(manifests.map((m) => [m.name, m.content]))),
          published_by: input.actorId,
          published_at: now,
          updated_at: now,
        })
        .execute();
      await tx
        .insertInto('release_files')
        .values(
          [...wanted].map(([name, role]) => {
            const file = staged.get(name)!;
            return { release_id: id, org_id: input.orgId, channel, name, sha512: file.sha512, size: file.size, role };
          }),
        )
        .execute();
    });
  } catch (error) {
    // The insert failed (two publishes of one version racing): remove what was placed, unless
    // the release that won names the same file.
    const kept = new Set(
      (await db.selectFrom('release_files').select('name').where('org_id', '=', input.orgId).where('channel', '=', channel).where('name', 'in', [...wanted.keys()]).execute()).map((r) => r.name),
    );
    await Promise.all([...wanted.keys()].map((name, i) => (kept.has(name) ? undefined : fs.promises.rm(placed[i]!, { force: true }))));
    const won = await db.selectFrom('releases').select('id').where('org_id', '=', input.orgId).where('channel', '=', channel).where('version', '=', version).executeTakeFirst();
    if (won) throw new HubError(409, 'conflict', `Version ${version} was just published on ${channel} by someone else.`);
    throw error;
  }
  await store.discard(input.uploadId);
  const [summary] = await summaries(ctx, input.orgId, { id });
  return { ...summary!, warnings: manifests.flatMap((m) => m.warnings) };
}

export async function setRollout(ctx: UpdatesContext, orgId: string, channel: string, version: string, change: RolloutChange): Promise<ReleaseSummary> {
  const { db } = ctx;
  const clean = semver.clean(version);
  const release = clean
    ? await db.selectFrom('releases').select(['id', 'state']).where('org_id', '=', orgId).where('channel', '=', checkChannel(channel)).where('version', '=', clean).executeTakeFirst()
    : undefined;
  if (!release) throw notFound(`Version ${version} on ${channel}`);
  const now = ctx.now();
  let update: { state?: ReleaseState; percent?: number; teams?: string };
  if ('percent' in change) update = { state: 'rolling', percent: checkPercent(change.percent) };
  else if ('teams' in change) update = { teams: JSON.stringify(await resolveTeams(db, orgId, change.teams)) };
  else if ('pause' in change) {
    if (release.state === 'halted') throw new HubError(409, 'conflict', `${version} is halted; to offer it again, set a percentage.`);
    update = { state: 'paused' };
  } else if ('halt' in change) update = { state: 'halted' };
  else update = { state: 'complete', percent: 100 };
  await db
    .updateTable('releases')
    .set({ ...update, updated_at: now })
    .where('id', '=', release.id)
    .execute();
  const [summary] = await summaries(ctx, orgId, { id: release.id });
  return summary!;
}

export function listReleases(ctx: UpdatesContext, orgId: string, channel?: string): Promise<ReleaseSummary[]> {
  return summaries(ctx, orgId, channel ? { channel: checkChannel(channel) } : {});
}

async function summaries(ctx: UpdatesContext, orgId: string, filter: { id?: string; channel?: string }): Promise<ReleaseSummary[]> {
  const { db } = ctx;
  let query = db.selectFrom('releases').selectAll().where('org_id', '=', orgId);
  if (filter.id) query = query.where('id', '=', filter.id);
  if (filter.channel) query = query.where('channel', '=', filter.channel);
  const rows = (await query.execute()).sort((a, b) => a.channel.localeCompare(b.channel) || semver.rcompare(a.version, b.version));
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const [events, running, files, teams] = await Promise.all([
    db.selectFrom('update_events').select(['release_id', 'kind']).select((eb) => eb.fn.countAll<number>().as('n')).where('release_id', 'in', ids).groupBy(['release_id', 'kind']).execute(),
    db
      .selectFrom('device_versions')
      .innerJoin('devices', 'devices.id', 'device_versions.device_id')
      .innerJoin('users', 'users.id', 'devices.user_id')
      .select('device_versions.version')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('users.org_id', '=', orgId)
      .where('devices.revoked_at', 'is', null)
      .groupBy('device_versions.version')
      .execute(),
    db.selectFrom('release_files').select(['release_id', 'name', 'size', 'sha512']).where('release_id', 'in', ids).orderBy('name').execute(),
    db.selectFrom('teams').select(['id', 'name']).where('org_id', '=', orgId).execute(),
  ]);
  const count = (id: string, kind: UpdateEventKind) => Number(events.find((e) => e.release_id === id && e.kind === kind)?.n ?? 0);
  return rows.map((r) => ({
    id: r.id,
    channel: r.channel,
    version: r.version,
    state: r.state,
    percent: Number(r.percent),
    teams: (JSON.parse(r.teams) as string[]).map((id) => ({ id, name: teams.find((t) => t.id === id)?.name ?? id })),
    platforms: Object.keys(JSON.parse(r.manifests) as object).sort(),
    publishedAt: Number(r.published_at),
    updatedAt: Number(r.updated_at),
    devices: {
      checked: count(r.id, 'offered'),
      downloaded: count(r.id, 'downloaded'),
      failed: count(r.id, 'failed'),
      running: Number(running.find((v) => v.version === r.version)?.n ?? 0),
    },
    files: files.filter((f) => f.release_id === r.id).map((f) => ({ name: f.name, size: Number(f.size), sha512: f.sha512 })),
  }));
}

export interface FeedDevice {
  deviceId: string;
  orgId: string;
  teamId: string | null;
}

/** The manifest this device is offered on a channel, rendered for it, or null when none is. */
export async function offerFor(ctx: UpdatesContext, device: FeedDevice, channel: string, manifestName: string, currentVersion: string | null): Promise<{ text: string; releaseId: string } | null> {
  const { db } = ctx;
  const rows = await db.selectFrom('releases').select(['id', 'version', 'state', 'percent', 'teams', 'manifests']).where('org_id', '=', device.orgId).where('channel', '=', channel).execute();
  const withManifest = rows
    .map((r) => ({ ...r, manifest: (JSON.parse(r.manifests) as Record<string, Manifest>)[manifestName] }))
    .filter((r): r is typeof r & { manifest: Manifest } => r.manifest !== undefined);
  if (withManifest.length === 0) return null;
  const mine = await db.selectFrom('update_events').select('release_id').where('device_id', '=', device.deviceId).where('kind', 'in', ['offered', 'downloaded']).execute();
  const releases: RolloutRelease[] = withManifest.map((r) => ({ id: r.id, version: r.version, state: r.state, percent: Number(r.percent), teams: JSON.parse(r.teams) as string[] }));
  const offer = chooseRelease(releases, { deviceId: device.deviceId, teamId: device.teamId, currentVersion, alreadyIn: new Set(mine.map((m) => m.release_id)) });
  if (!offer) return null;
  const chosen = withManifest.find((r) => r.id === offer.release.id)!;
  // Told about its own version, a device is not "checking" a release it could take.
  if (currentVersion === null || !semver.eq(currentVersion, chosen.version)) await recordEvent(db, chosen.id, device.deviceId, 'offered', ctx.now());
  return { text: renderManifest(chosen.manifest, { rollback: offer.rollback }), releaseId: chosen.id };
}

export async function recordEvent(db: Kysely<DB>, releaseId: string, deviceId: string, kind: UpdateEventKind, now: number, detail: string | null = null): Promise<void> {
  await db
    .insertInto('update_events')
    .values({ release_id: releaseId, device_id: deviceId, kind, first_at: now, last_at: now, detail })
    .onConflict((oc) => oc.columns(['release_id', 'device_id', 'kind']).doUpdateSet({ last_at: now, detail }))
    .execute();
}

export async function findFile(db: Kysely<DB>, orgId: string, channel: string, name: string) {
  return db.selectFrom('release_files').select(['release_id', 'name', 'size', 'role']).where('org_id', '=', orgId).where('channel', '=', channel).where('name', '=', name).executeTakeFirst();
}

export async function releaseByVersion(db: Kysely<DB>, orgId: string, channel: string, version: string) {
  return db.selectFrom('releases').select(['id']).where('org_id', '=', orgId).where('channel', '=', channel).where('version', '=', version).executeTakeFirst();
}
