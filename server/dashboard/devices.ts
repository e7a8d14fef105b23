// Enrollment codes (made, listed, expired) and devices (last seen, agent version, clock offset,
// revoked) for the dashboard. A person's lead or an admin acts on them; codes themselves are
// shown only when made, and lists name them by their last four characters.
import type { EnrollmentCode } from '../../shared/dashboard-api.ts';
import type { HubApp, HubContext } from '../context.ts';
import { createEnrollmentCode, revokeDevice } from '../devices.ts';
import { forbidden, notFound } from '../errors.ts';
import { signedInRoute } from './route.ts';
import { requireUser, scopeUsers, userRefs } from './scope.ts';

export function registerDeviceAdmin(app: HubApp, ctx: HubContext): void {
  const { db } = ctx;

  signedInRoute(app, ctx, 'createEnrollmentCode', async ({ actor, params, body, raw }) => {
    const user = await requireUser(db, actor, params.userId, 'manage');
    const row = await db.selectFrom('users').select('deactivated_at').where('id', '=', user.id).executeTakeFirstOrThrow();
    if (row.deactivated_at !== null) throw forbidden('This person is deactivated; reactivate them first.');
    const code = await createEnrollmentCode(db, { userId: user.id, createdBy: actor.userId, uses: body.uses, ttlMs: body.expiresInHours * 3_600_000 }, ctx.now());
    raw.log.info({ userId: user.id, by: actor.userId, uses: code.uses }, 'enrollment code created');
    return code;
  });

  signedInRoute(app, ctx, 'enrollmentCodes', async ({ actor, query }) => {
    if (actor.role === 'manager') throw forbidden('Enrollment codes are made by your lead.');
    const users = await scopeUsers(db, actor, query, { everyone: true, includeDeactivated: true });
    return { codes: await codesOf(users.map((u) => u.id), query.includeInactive) };
  });

  async function codesOf(userIds: string[], includeInactive: boolean, codeId?: string): Promise<EnrollmentCode[]> {
    if (!userIds.length) return [];
    const now = ctx.now();
    let q = db.selectFrom('enrollment_codes').selectAll().where('user_id', 'in', userIds).where('id', 'is not', null).orderBy('created_at', 'desc');
    if (codeId !== undefined) q = q.where('id', '=', codeId);
    if (!includeInactive) q = q.where('expires_at', '>', now).where('uses_left', '>', 0);
    const rows = await q.execute();
    const refs = await userRefs(db, [...rows.map((r) => r.user_id), ...rows.flatMap((r) => (r.created_by ? [r.created_by] : []))]);
    return rows.map((r) => ({
      id: r.id!,
      user: refs.get(r.user_id)!,
      hint: r.hint,
      uses: r.uses,
      usesLeft: r.uses_left,
      expiresAt: r.expires_at,
      createdAt: r.created_at,
      createdBy: r.created_by ? (refs.get(r.created_by) ?? null) : null,
      state: r.uses_left <= 0 ? 'used_up' : r.expires_at <= now ? 'expired' : 'active',
    }));
  }

  signedInRoute(app, ctx, 'expireEnrollmentCode', async ({ actor, params, raw }) => {
    const code = await db.selectFrom('enrollment_codes').select(['id', 'user_id', 'expires_at']).where('id', '=', params.codeId).executeTakeFirst();
    if (!code) throw notFound('The enrollment code');
    await requireUser(db, actor, code.user_id, 'manage').catch((e: unknown) => {
      throw e instanceof Error && 'status' in e && e.status === 404 ? notFound('The enrollment code') : e;
    });
    const now = ctx.now();
    if (code.expires_at > now) await db.updateTable('enrollment_codes').set({ expires_at: now }).where('id', '=', params.codeId).execute();
    raw.log.info({ codeId: params.codeId, by: actor.userId }, 'enrollment code expired');
    return { code: (await codesOf([code.user_id], true, params.codeId))[0]! };
  });

  signedInRoute(app, ctx, 'devices', async ({ actor, query }) => {
    const users = await scopeUsers(db, actor, query, { everyone: true, includeDeactivated: true });
    if (!users.length) return { devices: [] };
    const byId = new Map(users.map((u) => [u.id, u]));
    let q = db
      .selectFrom('devices')
      .select(['id', 'user_id', 'name', 'enrolled_at', 'revoked_at', 'last_seen_at', 'agent_version', 'clock_offset_ms', 'clock_measured_at'])
      .where('user_id', 'in', [...byId.keys()])
      .orderBy('enrolled_at', 'desc');
    if (!query.includeRevoked) q = q.where('revoked_at', 'is', null);
    const rows = await q.execute();
    return {
      devices: rows.map((d) => {
        const { role: _role, teamName: _teamName, ...user } = byId.get(d.user_id)!;
        return {
          id: d.id,
          name: d.name,
          user,
          enrolledAt: d.enrolled_at,
          revokedAt: d.revoked_at,
          lastSeenAt: d.last_seen_at,
          agentVersion: d.agent_version,
          clockOffsetMs: d.clock_offset_ms === null ? null : Number(d.clock_offset_ms),
          clockMeasuredAt: d.clock_measured_at,
        };
      }),
    };
  });

  signedInRoute(app, ctx, 'revokeDevice', async ({ actor, params, raw }) => {
    const device = await db.selectFrom('devices').select(['id', 'user_id']).where('id', '=', params.deviceId).executeTakeFirst();
    if (!device) throw notFound('The device');
    await requireUser(db, actor, device.user_id, 'read').catch((e: unknown) => {
      throw e instanceof Error && 'status' in e && e.status === 404 ? notFound('The device') : e;
    });
    await requireUser(db, actor, device.user_id, 'manage');
    await revokeDevice(db, device.id, ctx.now());
    raw.log.info({ deviceId: device.id, by: actor.userId }, 'device revoked');
    return { ok: true as const };
  });
}
