// The admin's JSON API for releases (the CLI's remote mode and the dashboard use it): list with
// per-release device counts, upload files, publish, and steer the rollout.
import type { Readable } from 'node:stream';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { canAdminister } from '../access.ts';
import { requireSession } from '../auth/sessions.ts';
import type { HubApp, HubContext } from '../context.ts';
import { forbidden } from '../errors.ts';
import { listReleases, publishRelease, setRollout, type RolloutChange, type UpdatesContext } from './releases.ts';

/** Installers are large; uploads stream to disk, so this bounds disk use, not memory. */
export const MAX_UPLOAD_BYTES = 2 * 1024 ** 3;

const Percent = z.number().min(0).max(100);
const Teams = z.array(z.string().trim().min(1).max(100)).max(200);

const ChangeSchema = z
  .object({ percent: Percent.optional(), teams: Teams.optional(), pause: z.literal(true).optional(), halt: z.literal(true).optional(), complete: z.literal(true).optional() })
  .strict()
  .refine((v) => Object.keys(v).length === 1, 'give exactly one of percent, teams, pause, halt, complete');

export function registerReleaseRoutes(app: HubApp, ctx: HubContext, updates: UpdatesContext): void {
  const admin = async (request: Parameters<typeof requireSession>[1]) => {
    const { actor } = await requireSession(ctx, request);
    if (!canAdminister(actor, actor.orgId)) throw forbidden('Only an admin may manage releases.');
    return actor;
  };

  app.get('/api/v1/releases', { schema: { tags: ['updates'], summary: 'Releases with their rollout and device counts', querystring: z.object({ channel: z.string().max(64).optional() }) } }, async (request) => {
    const actor = await admin(request);
    return { releases: await listReleases(updates, actor.orgId, request.query.channel) };
  });

  app.post('/api/v1/releases/uploads', { schema: { tags: ['updates'], summary: 'Start an upload of release files (kept for a day until published)' } }, async (request) => {
    const actor = await admin(request);
    return { uploadId: await updates.store.newUpload(actor.orgId, ctx.now()) };
  });

  // Its own scope: the raw-body parser and the large body limit apply to this route only.
  void app.register(async (plain) => {
    const scope = plain.withTypeProvider<ZodTypeProvider>();
    scope.addContentTypeParser('application/octet-stream', (_request, payload, done) => done(null, payload));
    scope.put(
      '/api/v1/releases/uploads/:uploadId/files/:name',
      {
        bodyLimit: MAX_UPLOAD_BYTES,
        schema: { tags: ['updates'], summary: 'Upload one file (Content-Type: application/octet-stream); answers its size and sha512', params: z.object({ uploadId: z.string().max(64), name: z.string().max(256) }) },
      },
      async (request) => {
        const actor = await admin(request);
        const staged = await updates.store.stage(request.params.uploadId, actor.orgId, request.params.name, request.body as Readable);
        request.log.info({ upload: request.params.uploadId, file: staged.name, size: staged.size, by: actor.userId }, 'release file uploaded');
        return staged;
      },
    );
  });

  app.post(
    '/api/v1/releases',
    {
      schema: {
        tags: ['updates'],
        summary: 'Publish the uploaded files as a release: every file is checked against the sha512 in the manifests',
        body: z
          .object({
            uploadId: z.string().max(64),
            channel: z.string().max(64),
            manifests: z.record(z.string().max(64), z.string().max(256 * 1024)),
            percent: Percent.optional(),
            teams: Teams.optional(),
          })
          .strict(),
      },
    },
    async (request) => {
      const actor = await admin(request);
      const release = await publishRelease(updates, { orgId: actor.orgId, actorId: actor.userId, ...request.body });
      request.log.info({ channel: release.channel, version: release.version, percent: release.percent, by: actor.userId }, 'release published');
      return release;
    },
  );

  app.post(
    '/api/v1/releases/:channel/:version',
    { schema: { tags: ['updates'], summary: 'Change a rollout: percent, teams, pause, halt or complete', params: z.object({ channel: z.string().max(64), version: z.string().max(64) }), body: ChangeSchema } },
    async (request) => {
      const actor = await admin(request);
      const release = await setRollout(updates, actor.orgId, request.params.channel, request.params.version, request.body as RolloutChange);
      request.log.info({ channel: release.channel, version: release.version, change: request.body, by: actor.userId }, 'rollout changed');
      return release;
    },
  );
}
