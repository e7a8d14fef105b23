// The agent's API: enroll once with a code, then push batches and pull settings with the token.
import {
  EnrollRequestSchema,
  EnrollResponseSchema,
  ErrorBodySchema,
  MAX_BATCH_RECORDS,
  PullQuerySchema,
  PullResponseSchema,
  PushRequestSchema,
  PushResponseSchema,
  SyncRecordSchema,
} from '../../shared/sync.ts';
import { z } from 'zod';
import type { HubApp, HubContext } from '../context.ts';
import { deviceIdOf, enroll, recordClockOffset, requireDevice } from '../devices.ts';
import { HubError } from '../errors.ts';
import { pull } from '../sync/pull.ts';
import { checkPush } from '../sync/push.ts';
import { Overloaded, PushQueue, RETRY_AFTER_S, type PushQueueStats } from '../sync/push-queue.ts';
import { perAddress, perCaller } from '../http/rate-limit.ts';
import { latestChangeFor } from '../dashboard/live/changes.ts';

// The push body is validated record by record in the handler (one bad record must not sink the
// batch), so the route's schema accepts any entries; for /docs the entries still show the
// record shapes, generated from the same zod schemas.
const { $schema: _drop, ...recordJsonSchema } = z.toJSONSchema(SyncRecordSchema, { io: 'input', unrepresentable: 'any' });
const PushBodySchema = PushRequestSchema.extend({
  records: z.array(z.unknown().meta({ ...recordJsonSchema, description: 'A SyncRecord; each is checked on its own' })).meta({ description: `At most ${MAX_BATCH_RECORDS} records` }),
});

const errors = { 400: ErrorBodySchema, 401: ErrorBodySchema, 413: ErrorBodySchema, 429: ErrorBodySchema };

/** Registers the agent's routes; the push queue's counters, for tests and benchmarks. */
export function registerSync(app: HubApp, ctx: HubContext): PushQueueStats {
  const queue = new PushQueue(ctx.db, ctx.dialect, ctx.limits.pushQueue);
  // Each enrolled device has its own budget however many share an address (an office behind one
  // NAT); requests that do not authenticate share one budget per address.
  const perDevice = perCaller((request) => deviceIdOf(ctx.db, request), { authenticated: ctx.limits.syncPerMinute, anonymous: ctx.limits.unauthenticatedPerMinute });

  app.post(
    '/api/v1/enroll',
    {
      config: perAddress(ctx.limits.authPerMinute),
      schema: {
        tags: ['sync'],
        summary: 'Exchange an enrollment code for a device token',
        body: EnrollRequestSchema,
        response: { 200: EnrollResponseSchema, 400: ErrorBodySchema, 409: ErrorBodySchema, 429: ErrorBodySchema },
      },
    },
    async (request) => {
      const result = await enroll(ctx.db, request.body, ctx.now());
      request.log.info({ deviceId: result.deviceId, userId: result.userId }, 'device enrolled');
      return { ...result, serverTime: ctx.now() };
    },
  );

  app.post(
    '/api/v1/sync/push',
    {
      // Past the hub's capacity a push is refused first, before its body is read and before the
      // device is looked up (see push-queue.ts); then the device's own budget.
      onRequest: [
        async (_request, reply) => {
          const admitted = queue.admit();
          if (admitted === null) {
            void reply.header('retry-after', String(RETRY_AFTER_S));
            throw new Overloaded();
          }
          reply.raw.once('close', () => queue.release(admitted));
        },
        perDevice.onRequest,
      ],
      // Each record is checked on its own (NUL included), so one bad record does not sink the batch.
      config: { ...perDevice.config, nulCheckedByHandler: true },
      schema: {
        tags: ['sync'],
        summary: 'Upload a batch of records (idempotent by record id)',
        description: `At most ${MAX_BATCH_RECORDS} records and 1 MB (gzip accepted). Each record is validated on its own; see results.`,
        security: [{ device: [] }],
        body: PushBodySchema,
        response: { 200: PushResponseSchema, ...errors },
      },
    },
    async (request, reply) => {
      const device = await requireDevice(ctx.db, request);
      const { records } = request.body;
      if (records.length > MAX_BATCH_RECORDS) {
        throw new HubError(413, 'batch_too_large', `A batch holds at most ${MAX_BATCH_RECORDS} records; this one has ${records.length}. Split it.`);
      }
      const now = ctx.now();
      if (request.body.clockOffsetMs !== undefined) await recordClockOffset(ctx.db, device, request.body.clockOffsetMs, now);
      let results;
      try {
        const stored = await queue.submit(checkPush(device, records, now));
        results = stored.results;
        if (stored.jobs) ctx.wakeJobs?.();
        if (stored.rolled && ctx.live) ctx.live.dayChanged(device, stored.rolled);
      } catch (error) {
        if (error instanceof Overloaded) void reply.header('retry-after', String(RETRY_AFTER_S));
        throw error;
      }
      const rejected = results.filter((r) => r.status === 'rejected').length;
      request.log.info({ deviceId: device.deviceId, records: records.length, rejected }, 'push');
      return { results, serverTime: now, latestChange: await latestChangeFor(ctx.db, device.userId) };
    },
  );

  app.get(
    '/api/v1/sync/pull',
    {
      ...perDevice,
      schema: {
        tags: ['sync'],
        summary: 'Download policy, schedule, KPIs, targets and report reviews changed since the cursor',
        security: [{ device: [] }],
        querystring: PullQuerySchema,
        response: { 200: PullResponseSchema, ...errors },
      },
    },
    async (request) => {
      const device = await requireDevice(ctx.db, request);
      return pull(ctx.db, device, request.query.cursor, ctx.now());
    },
  );
  return queue.stats;
}
