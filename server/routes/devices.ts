// Enrollment codes and devices from the dashboard: made and revoked by the user's lead or an admin.
import { z } from 'zod';
import { requireUser } from '../access.ts';
import { requireSession } from '../auth/sessions.ts';
import type { HubApp, HubContext } from '../context.ts';
import { createEnrollmentCode, DEFAULT_CODE_TTL_MS, revokeDevice } from '../devices.ts';
import { notFound } from '../errors.ts';

const UserParams = z.object({ userId: z.string().max(64) });

export function registerDevices(app: HubApp, ctx: HubContext): void {
  const { db } = ctx;

  app.post(
    '/api/v1/users/:userId/enrollment-codes',
    {
      schema: {
        tags: ['devices'],
        summary: 'Make an enrollment code for a user (shown once)',
        params: UserParams,
        body: z.object({ uses: z.int().min(1).max(1000).default(1), expiresInHours: z.number().positive().max(90 * 24).default(DEFAULT_CODE_TTL_MS / 3_600_000) }).strict(),
      },
    },
    async (request) => {
      const { actor } = await requireSession(ctx, request);
      const user = await requireUser(db, actor, request.params.userId, 'manage');
      const code = await createEnrollmentCode(db, { userId: user.id, createdBy: actor.userId, uses: request.body.uses, ttlMs: request.body.expiresInHours * 3_600_000 }, ctx.now());
      request.log.info({ userId: user.id, by: actor.userId, uses: code.uses }, 'enrollment code created');
      return code;
    },
  );

  app.get('/api/v1/users/:userId/devices', { schema: { tags: ['devices'], params: UserParams } }, async (request) => {
    const { actor } = await requireSession(ctx, request);
    const user = await requireUser(db, actor, request.params.userId, 'read');
    const rows = await db
      .selectFrom('devices')
      .select(['id', 'name', 'enrolled_at', 'revoked_at', 'last_seen_at', 'clock_offset_ms', 'clock_measured_at'])
      .where('user_id', '=', user.id)
      .orderBy('enrolled_at')
      .execute();
    return {
      devices: rows.map((d) => ({
        id: d.id,
        name: d.name,
        enrolledAt: d.enrolled_at,
        revokedAt: d.revoked_at,
        lastSeenAt: d.last_seen_at,
        /** Hub time minus the device's time, as its agent last measured it; null before any. */
        clockOffsetMs: d.clock_offset_ms === null ? null : Number(d.clock_offset_ms),
        clockMeasuredAt: d.clock_measured_at,
      })),
    };
  });

  app.post('/api/v1/devices/:deviceId/revoke', { schema: { tags: ['devices'], params: z.object({ deviceId: z.string().max(64) }) } }, async (request) => {
    const { actor } = await requireSession(ctx, request);
    const device = await db.selectFrom('devices').select(['id', 'user_id']).where('id', '=', request.params.deviceId).executeTakeFirst();
    if (!device) throw notFound('The device');
    await requireUser(db, actor, device.user_id, 'manage', 'The device');
    await revokeDevice(db, device.id, ctx.now());
    request.log.info({ deviceId: device.id, by: actor.userId }, 'device revoked');
    return { ok: true };
  });
}
