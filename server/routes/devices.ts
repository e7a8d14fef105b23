// A user's devices, as older clients list them (the dashboard's device routes are in
// dashboard/devices.ts).
import { z } from 'zod';
import { requireUser } from '../access.ts';
import { requireSession } from '../auth/sessions.ts';
import type { HubApp, HubContext } from '../context.ts';

const UserParams = z.object({ userId: z.string().max(64) });

export function registerDevices(app: HubApp, ctx: HubContext): void {
  const { db } = ctx;

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
}
