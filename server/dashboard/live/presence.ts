// A heartbeat stored: the device's state now, its last contact and its agent's version.
import type { Kysely } from 'kysely';
import type { HeartbeatRequestSchema } from '../../../shared/sync.ts';
import type { z } from 'zod';
import type { DB } from '../../db/schema.ts';

export type Heartbeat = z.output<typeof HeartbeatRequestSchema>;

/** Stores the heartbeat; true when the device's state or its start changed. */
export async function storeHeartbeat(db: Kysely<DB>, device: { deviceId: string; userId: string }, hb: Heartbeat, now: number, clockOffsetMs: number): Promise<boolean> {
  // The device's clock stamped `since`; the hub's is the one every screen compares with.
  const since = hb.since === null ? null : hb.since + clockOffsetMs;
  const row = {
    user_id: device.userId,
    state: hb.state,
    since,
    pause_reason: hb.state === 'paused' ? hb.pauseReason : null,
    label: hb.label,
    category: hb.current?.category ?? null,
    productivity: hb.current?.productivity ?? null,
    private_mode: hb.privateMode ? 1 : 0,
    zone: hb.zone,
    agent_version: hb.agentVersion,
    at: now,
  };
  return db.transaction().execute(async (tx) => {
    const before = await tx.selectFrom('presence').select(['state', 'since']).where('device_id', '=', device.deviceId).executeTakeFirst();
    await tx
      .insertInto('presence')
      .values({ device_id: device.deviceId, ...row })
      .onConflict((oc) => oc.column('device_id').doUpdateSet(row))
      .execute();
    await tx.updateTable('devices').set({ last_seen_at: now, agent_version: hb.agentVersion }).where('id', '=', device.deviceId).execute();
    return !before || before.state !== hb.state || Number(before.since) !== since;
  });
}
