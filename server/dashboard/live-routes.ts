// The live routes: the agents' heartbeat and event stream, and the dashboard's event stream.
import { OFFLINE_AFTER_MS } from '../../shared/dashboard-api.ts';
import { ErrorBodySchema, HeartbeatRequestSchema, HeartbeatResponseSchema } from '../../shared/sync.ts';
import type { HubApp, HubContext } from '../context.ts';
import { recordClockOffset, requireDevice } from '../devices.ts';
import { rateLimitError } from '../routes/rate-limit.ts';
import { deviceKey } from '../routes/sync.ts';
import { latestChangeFor } from './live/changes.ts';
import { storeHeartbeat } from './live/presence.ts';
import type { Live } from './live/streams.ts';
import { signedInRoute } from './route.ts';

const errors = { 400: ErrorBodySchema, 401: ErrorBodySchema, 429: ErrorBodySchema };

export function registerLive(app: HubApp, ctx: HubContext, live: Live): void {
  const perDevice = { rateLimit: { max: ctx.limits.syncPerMinute, timeWindow: 60_000, keyGenerator: deviceKey, errorResponseBuilder: rateLimitError } };
  // Open streams would hold the shutdown: they end first.
  app.addHook('preClose', async () => live.close());

  app.post(
    '/api/v1/sync/heartbeat',
    {
      config: perDevice,
      schema: {
        tags: ['sync'],
        summary: 'The agent\'s state now (working, break, paused, clocked out), so "team now" is right between pushes',
        security: [{ device: [] }],
        body: HeartbeatRequestSchema,
        response: { 200: HeartbeatResponseSchema, ...errors },
      },
    },
    async (request) => {
      const device = await requireDevice(ctx.db, request);
      const now = ctx.now();
      const hb = request.body;
      if (hb.clockOffsetMs !== undefined) await recordClockOffset(ctx.db, device, hb.clockOffsetMs, now);
      await storeHeartbeat(ctx.db, device, hb, now, hb.clockOffsetMs ?? device.clockOffsetMs ?? 0);
      const since = hb.since === null ? null : hb.since + (hb.clockOffsetMs ?? device.clockOffsetMs ?? 0);
      live.publish({ orgId: device.orgId, teamId: device.teamId, userId: device.userId, event: { type: 'presence', userId: device.userId, teamId: device.teamId, state: hb.state, since, at: now } });
      return { serverTime: now, latestChange: await latestChangeFor(ctx.db, device.userId) };
    },
  );

  app.get(
    '/api/v1/sync/events',
    {
      config: perDevice,
      schema: {
        tags: ['sync'],
        summary: 'Server-Sent Events for the agent: `event: change` with {latestChange} when something for its user changed (pull then)',
        security: [{ device: [] }],
        response: errors,
      },
    },
    async (request, reply) => {
      const device = await requireDevice(ctx.db, request);
      reply.hijack();
      await live.agent(reply.raw, device.userId);
    },
  );

  signedInRoute(app, ctx, 'events', async ({ actor, reply }) => {
    reply.hijack();
    await live.dashboard(reply.raw, actor, { type: 'hello', serverTime: ctx.now(), offlineAfterMs: OFFLINE_AFTER_MS });
    return undefined as never;
  });
}
