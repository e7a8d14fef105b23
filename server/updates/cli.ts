// `zvit hub release …`: publish electron-builder's output folder and steer its rollout. On the
// hub's own server it works on the database and the installer folder directly (like the other
// `zvit hub` commands); with --hub URL it goes through the admin API, signing in with
// ZVIT_HUB_EMAIL and ZVIT_HUB_PASSWORD (the release workflow does this).
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_ORG, findOrgId } from '../accounts.ts';
import { openDatabase, type DatabaseOptions } from '../db/connect.ts';
import { migrate } from '../db/migrate.ts';
import { HubError } from '../errors.ts';
import { MANIFEST_NAME, parseManifest } from './manifest.ts';
import { listReleases, publishRelease, setRollout, type ReleaseSummary, type RolloutChange, type UpdatesContext } from './releases.ts';
import { sha512Of, UpdateStore } from './store.ts';
import { updatesDirFor } from './index.ts';

export const RELEASE_USAGE = `  release publish DIR --channel C [--percent P] [--teams T1,T2]
                                       publish electron-builder's output folder (every file is
                                       checked against the sha512 in latest*.yml); without
                                       --percent or --teams every device gets it
  release set VERSION --channel C (--percent P | --teams T1,T2 | --pause | --halt | --complete)
                                       steer a rollout: widen it, name teams, stop offering it
                                       to new devices, halt it (devices go back to the previous
                                       release), or give it to everyone
  release list [--channel C]           releases with devices that checked, downloaded, run it
      [--hub URL]                      through a hub's API instead of its database (signs in
                                       with ZVIT_HUB_EMAIL and ZVIT_HUB_PASSWORD)
      [--org O]                        (on the hub's server) the organization, default ${DEFAULT_ORG}`;

export class ReleaseUsageError extends Error {}

interface Target {
  publish(input: { channel: string; dir: string; files: string[]; manifests: Record<string, string>; percent?: number; teams?: string[] }): Promise<ReleaseSummary & { warnings: string[] }>;
  set(channel: string, version: string, change: RolloutChange): Promise<ReleaseSummary>;
  list(channel?: string): Promise<ReleaseSummary[]>;
  close(): Promise<void>;
}

export async function releaseMain(argv: string[], databaseOptions: (values: Record<string, unknown>) => DatabaseOptions, out: (line: string) => void = (l) => process.stdout.write(`${l}\n`)): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        channel: { type: 'string' },
        percent: { type: 'string' },
        teams: { type: 'string' },
        pause: { type: 'boolean' },
        halt: { type: 'boolean' },
        complete: { type: 'boolean' },
        hub: { type: 'string' },
        org: { type: 'string' },
        'data-dir': { type: 'string' },
      },
    });
  } catch (error) {
    throw new ReleaseUsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  const [sub, arg, ...extra] = positionals;
  if (extra.length) throw new ReleaseUsageError(`Unexpected: ${extra.join(' ')}`);
  const percent = values.percent === undefined ? undefined : Number(values.percent);
  if (percent !== undefined && !(Number.isFinite(percent) && percent >= 0 && percent <= 100)) throw new ReleaseUsageError('--percent takes a number from 0 to 100');
  const teams = values.teams === undefined ? undefined : values.teams.split(',').map((t) => t.trim()).filter(Boolean);
  if (teams !== undefined && teams.length === 0) throw new ReleaseUsageError('--teams takes team names separated by commas');

  if (sub === 'list') {
    const target = await open(values, databaseOptions);
    try {
      const releases = await target.list(values.channel);
      if (!releases.length) out('No releases published yet.');
      for (const r of releases) out(describe(r));
    } finally {
      await target.close();
    }
    return 0;
  }
  if (!values.channel) throw new ReleaseUsageError(`release ${sub ?? ''} needs --channel (such as stable)`);
  if (sub === 'publish') {
    if (!arg) throw new ReleaseUsageError('release publish needs the folder electron-builder wrote (such as dist/installers)');
    if (values.pause || values.halt || values.complete) throw new ReleaseUsageError('publish takes --percent and --teams; pause, halt and complete are for release set');
    const local = await readReleaseFolder(path.resolve(arg));
    for (const warning of local.warnings) out(`Note: ${warning}`);
    const target = await open(values, databaseOptions);
    try {
      const release = await target.publish({ channel: values.channel, dir: local.dir, files: local.files, manifests: local.manifests, ...(percent !== undefined ? { percent } : {}), ...(teams ? { teams } : {}) });
      for (const warning of release.warnings) out(`Note: ${warning}`);
      out(`Published ${describe(release)}`);
    } finally {
      await target.close();
    }
    return 0;
  }
  if (sub === 'set') {
    if (!arg) throw new ReleaseUsageError('release set needs the version, such as 1.4.2');
    const changes: RolloutChange[] = [
      ...(percent !== undefined ? [{ percent }] : []),
      ...(teams ? [{ teams }] : []),
      ...(values.pause ? [{ pause: true as const }] : []),
      ...(values.halt ? [{ halt: true as const }] : []),
      ...(values.complete ? [{ complete: true as const }] : []),
    ];
    if (changes.length !== 1) throw new ReleaseUsageError('release set takes exactly one of --percent, --teams, --pause, --halt, --complete');
    const target = await open(values, databaseOptions);
    try {
      out(describe(await target.set(values.channel, arg, changes[0]!)));
    } finally {
      await target.close();
    }
    return 0;
  }
  throw new ReleaseUsageError(`Unknown command: hub release ${sub ?? ''}`);
}

export function describe(r: ReleaseSummary): string {
  const who =
    r.state === 'complete'
      ? 'every device'
      : [`${r.percent}% of devices`, ...(r.teams.length ? [`team${r.teams.length > 1 ? 's' : ''} ${r.teams.map((t) => t.name).join(', ')}`] : [])].join(' and ');
  const state = { rolling: `rolling out to ${who}`, paused: `paused (only devices that had it; was ${who})`, halted: 'halted (devices are offered the previous release)', complete: 'complete (every device)' }[r.state];
  const d = r.devices;
  return `${r.version} on ${r.channel} [${r.platforms.join(', ')}]: ${state}; devices: ${d.checked} checked, ${d.downloaded} downloaded, ${d.running} run it${d.failed ? `, ${d.failed} failed` : ''}`;
}

/** The manifests in DIR and the files they name (with blockmaps), each checked here first. */
export async function readReleaseFolder(dir: string): Promise<{ dir: string; manifests: Record<string, string>; files: string[]; warnings: string[] }> {
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new ReleaseUsageError(`${dir} is not a folder`);
  const manifests: Record<string, string> = {};
  for (const name of fs.readdirSync(dir)) if (MANIFEST_NAME.test(name)) manifests[name] = fs.readFileSync(path.join(dir, name), 'utf8');
  if (!Object.keys(manifests).length) throw new ReleaseUsageError(`${dir} holds no latest.yml, latest-mac.yml or latest-linux.yml; is it electron-builder's output folder?`);
  const files = new Set<string>();
  const warnings: string[] = [];
  for (const [name, text] of Object.entries(manifests)) {
    const manifest = parseManifest(name, text);
    warnings.push(...manifest.warnings);
    for (const file of manifest.files) {
      if (!fs.existsSync(path.join(dir, file.name))) throw new HubError(400, 'invalid_request', `${file.name}, named in ${name}, is not in ${dir}.`);
      // The hub checks again on its side; checking here first sends nothing that would be refused.
      const local = await sha512Of(path.join(dir, file.name));
      if (local.sha512 !== file.sha512 || (file.size !== null && file.size !== local.size)) {
        throw new HubError(400, 'checksum_mismatch', `${file.name} does not match the sha512 in ${name}: it was changed after electron-builder wrote the manifest (signed or edited afterwards?). Nothing was published.`);
      }
      files.add(file.name);
      if (fs.existsSync(path.join(dir, `${file.name}.blockmap`))) files.add(`${file.name}.blockmap`);
    }
  }
  return { dir, manifests, files: [...files], warnings };
}

async function open(values: Record<string, unknown>, databaseOptions: (values: Record<string, unknown>) => DatabaseOptions): Promise<Target> {
  const hub = (values.hub as string | undefined) ?? process.env.ZVIT_HUB_URL;
  return hub ? remote(hub) : local(values, databaseOptions);
}

async function local(values: Record<string, unknown>, databaseOptions: (values: Record<string, unknown>) => DatabaseOptions): Promise<Target> {
  const options = databaseOptions(values);
  const database = await openDatabase(options);
  try {
    await migrate(database.db, database.dialect);
  } catch (error) {
    await database.close();
    throw error;
  }
  const orgName = (values.org as string | undefined) ?? DEFAULT_ORG;
  const orgId = await findOrgId(database.db, orgName);
  const org = orgId ? { id: orgId } : undefined;
  if (!org) {
    await database.close();
    throw new HubError(404, 'not_found', `No organization "${orgName}" on this hub (--org).`);
  }
  const ctx: UpdatesContext = { db: database.db, now: Date.now, store: new UpdateStore(updatesDirFor(options.dataDir)) };
  return {
    async publish(input) {
      const uploadId = await ctx.store.newUpload(org.id, ctx.now());
      for (const name of input.files) await ctx.store.stage(uploadId, org.id, name, fs.createReadStream(path.join(input.dir, name)));
      try {
        return await publishRelease(ctx, { orgId: org.id, actorId: null, channel: input.channel, uploadId, manifests: input.manifests, ...(input.percent !== undefined ? { percent: input.percent } : {}), ...(input.teams ? { teams: input.teams } : {}) });
      } catch (error) {
        await ctx.store.discard(uploadId);
        throw error;
      }
    },
    set: (channel, version, change) => setRollout(ctx, org.id, channel, version, change),
    list: (channel) => listReleases(ctx, org.id, channel),
    close: () => database.close(),
  };
}

async function remote(hubUrl: string): Promise<Target> {
  const base = hubUrl.replace(/\/+$/, '');
  const email = process.env.ZVIT_HUB_EMAIL;
  const password = process.env.ZVIT_HUB_PASSWORD;
  if (!email || !password) throw new ReleaseUsageError('--hub needs ZVIT_HUB_EMAIL and ZVIT_HUB_PASSWORD (an admin of that hub) in the environment');
  const login = await request(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
  const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const csrf = ((await login.json()) as { csrfToken: string }).csrfToken;
  const auth = { cookie, 'x-csrf-token': csrf };
  const json = async <T>(method: string, url: string, body?: unknown): Promise<T> => {
    const res = await request(`${base}${url}`, { method, headers: { ...auth, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) }, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
    return (await res.json()) as T;
  };
  return {
    async publish(input) {
      const { uploadId } = await json<{ uploadId: string }>('POST', '/api/v1/releases/uploads');
      for (const name of input.files) {
        const file = path.join(input.dir, name);
        const local = await sha512Of(file);
        const res = await request(`${base}/api/v1/releases/uploads/${uploadId}/files/${encodeURIComponent(name)}`, {
          method: 'PUT',
          headers: { ...auth, 'content-type': 'application/octet-stream', 'content-length': String(local.size) },
          body: fs.createReadStream(file) as unknown as ReadableStream,
          duplex: 'half',
        } as RequestInit);
        const staged = (await res.json()) as { sha512: string };
        if (staged.sha512 !== local.sha512) throw new HubError(400, 'checksum_mismatch', `${name} arrived damaged at the hub (its sha512 differs); nothing was published.`);
      }
      return json('POST', '/api/v1/releases', { uploadId, channel: input.channel, manifests: input.manifests, ...(input.percent !== undefined ? { percent: input.percent } : {}), ...(input.teams ? { teams: input.teams } : {}) });
    },
    set: (channel, version, change) => json('POST', `/api/v1/releases/${encodeURIComponent(channel)}/${encodeURIComponent(version)}`, change),
    list: async (channel) => (await json<{ releases: ReleaseSummary[] }>('GET', `/api/v1/releases${channel ? `?channel=${encodeURIComponent(channel)}` : ''}`)).releases,
    close: async () => {},
  };
}

async function request(url: string, init: RequestInit): Promise<Response> {
  let res: Response;
  try {
    res = await fetch(url, init);
  } catch (error) {
    throw new Error(`Could not reach ${url}: ${(error as { cause?: Error }).cause?.message ?? (error as Error).message}`, { cause: error });
  }
  if (res.ok) return res;
  const body = (await res.json().catch(() => null)) as { error?: { code?: string; message?: string } } | null;
  throw new Error(body?.error?.message ? `${body.error.message} (${body.error.code})` : `${url} answered HTTP ${res.status}`);
}
