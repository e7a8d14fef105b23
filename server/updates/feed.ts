// electron-updater's generic feed, per device: GET /updates/<channel>/latest.yml (and -mac,
// -linux) answers with the release the hub decided this device gets; the installers and their
// .blockmap files come from the same folder, with HTTP Range. Every call needs the device token.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AGENT_VERSION_HEADER, AgentVersionSchema } from '../../shared/sync.ts';
import type { HubApp, HubContext } from '../context.ts';
import { requireDevice } from '../devices.ts';
import { HubError } from '../errors.ts';
import { rateLimitError } from '../http/rate-limit.ts';
import { MANIFEST_NAME } from './manifest.ts';
import { parseRange, sendFile } from './range.ts';
import { findFile, offerFor, recordEvent, releaseByVersion, type UpdatesContext } from './releases.ts';
import { checkChannel, checkFileName } from './store.ts';

function reportedVersion(request: FastifyRequest): string | null {
  const raw = request.headers[AGENT_VERSION_HEADER];
  const parsed = AgentVersionSchema.safeParse(typeof raw === 'string' ? raw.trim() : undefined);
  return parsed.success ? parsed.data : null;
}

/**
 * Keeps each device's reported version. The last value written per token is remembered in this
 * process, so the steady state (the same version on every push) costs no query.
 */
export class VersionRecorder {
  private readonly written = new Map<string, string>();
  private readonly ctx: UpdatesContext;
  constructor(ctx: UpdatesContext) {
    this.ctx = ctx;
  }

  async fromToken(token: string, version: string): Promise<void> {
    const tokenHash = createHash('sha256').update(token).digest('hex');
    if (this.written.get(tokenHash) === version) return;
    const now = this.ctx.now();
    await this.ctx.db
      .insertInto('device_versions')
      .columns(['device_id', 'version', 'reported_at'])
      .expression((eb) => eb.selectFrom('devices').select(['id', eb.val(version).as('version'), eb.val(now).as('reported_at')]).where('token_hash', '=', tokenHash).where('revoked_at', 'is', null))
      .onConflict((oc) => oc.column('device_id').doUpdateSet({ version: (eb) => eb.ref('excluded.version'), reported_at: (eb) => eb.ref('excluded.reported_at') }))
      .execute();
    this.remember(tokenHash, version);
  }

  async forDevice(deviceId: string, version: string): Promise<void> {
    const now = this.ctx.now();
    await this.ctx.db
      .insertInto('device_versions')
      .values({ device_id: deviceId, version, reported_at: now })
      .onConflict((oc) => oc.column('device_id').doUpdateSet({ version, reported_at: now }))
      .execute();
  }

  private remember(key: string, version: string): void {
    // A bounded map: the oldest entry goes once there are more devices than this.
    this.written.delete(key);
    this.written.set(key, version);
    if (this.written.size > 100_000) this.written.delete(this.written.keys().next().value!);
  }
}

const FeedParams = z.object({ channel: z.string().max(64), file: z.string().max(256) });

/** Each device its own budget, however many share an office's address. */
function perDevice(request: FastifyRequest): string {
  const auth = request.headers.authorization;
  return auth ? `u:${createHash('sha256').update(auth).digest('base64url').slice(0, 22)}` : `ip:${request.ip}`;
}

export function registerFeed(app: HubApp, ctx: HubContext, updates: UpdatesContext): void {
  const versions = new VersionRecorder(updates);

  // The agent sends its version with every sync call; count it without slowing the call down.
  app.addHook('onResponse', async (request, reply) => {
    if (reply.statusCode >= 300 || !request.url.startsWith('/api/v1/sync/')) return;
    const version = reportedVersion(request);
    const auth = request.headers.authorization;
    if (!version || !auth?.startsWith('Bearer ')) return;
    try {
      await versions.fromToken(auth.slice(7).trim(), version);
    } catch (error) {
      request.log.warn({ err: error }, 'could not record the agent version');
    }
  });

  app.get(
    '/updates/:channel/:file',
    {
      // A differential download is a few requests of up to 1,000 ranges each; 120 a minute is
      // far above what one device asks, and stops one from hammering the hub.
      config: { rateLimit: { max: 120, timeWindow: 60_000, keyGenerator: perDevice, errorResponseBuilder: rateLimitError } },
      schema: {
        tags: ['updates'],
        summary: 'electron-updater generic feed: this device\'s manifest (latest.yml, latest-mac.yml, latest-linux.yml), installers and blockmaps (Range supported)',
        security: [{ device: [] }],
        params: FeedParams,
      },
    },
    async (request, reply) => {
      const device = await requireDevice(ctx.db, request);
      const channel = checkChannel(request.params.channel);
      const name = request.params.file;
      const version = reportedVersion(request);
      if (version) await versions.forDevice(device.deviceId, version);

      if (MANIFEST_NAME.test(name)) {
        const offer = await offerFor(updates, device, channel, name, version);
        if (!offer) throw new HubError(404, 'not_found', `Nothing is published for this device on ${channel} (${name}).`);
        return reply.header('cache-control', 'no-store').type('text/yaml; charset=utf-8').send(offer.text);
      }
      const file = await findFile(ctx.db, device.orgId, channel, checkFileName(name));
      if (!file) throw new HubError(404, 'not_found', `No file ${name} on ${channel}.`);
      const path = updates.store.filePath(device.orgId, channel, file.name);
      const size = Number(file.size);
      const stat = await fs.promises.stat(path).catch(() => null);
      if (!stat || stat.size !== size) {
        request.log.error({ path, expected: size, found: stat?.size ?? null }, 'update file missing or changed on disk');
        throw new HubError(404, 'not_found', `${name} is missing on the hub; the admin has been told in the log.`);
      }
      if (file.role === 'installer') await recordEvent(ctx.db, file.release_id, device.deviceId, 'downloaded', ctx.now());
      const ranges = parseRange(request.headers.range, size);
      reply.hijack();
      try {
        await sendFile(reply.raw, path, size, ranges, { 'cache-control': 'private, no-cache', etag: `"${file.release_id}-${file.name}"` }, request.method === 'HEAD');
      } catch (error) {
        request.log.info({ err: error, file: name }, 'update download cut short');
        reply.raw.destroy();
      }
    },
  );

  app.post(
    '/updates/:channel/report',
    {
      config: { rateLimit: { max: 30, timeWindow: 60_000, keyGenerator: perDevice, errorResponseBuilder: rateLimitError } },
      schema: {
        tags: ['updates'],
        summary: 'The agent reports an update it could not download or install (counted per release)',
        security: [{ device: [] }],
        params: z.object({ channel: z.string().max(64) }),
        body: z.object({ version: AgentVersionSchema, error: z.string().max(2000) }).strict(),
      },
    },
    async (request) => {
      const device = await requireDevice(ctx.db, request);
      const release = await releaseByVersion(ctx.db, device.orgId, checkChannel(request.params.channel), request.body.version);
      if (!release) throw new HubError(404, 'not_found', `No release ${request.body.version} on ${request.params.channel}.`);
      await recordEvent(ctx.db, release.id, device.deviceId, 'failed', ctx.now(), request.body.error);
      request.log.warn({ deviceId: device.deviceId, version: request.body.version, error: request.body.error }, 'an agent could not update');
      return { ok: true };
    },
  );
}

