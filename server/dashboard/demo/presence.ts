// While a demo hub runs, the demo managers' agents "run" too: each sends the heartbeat a real
// agent sends (its state from its latest work event), so team now shows who is working, on a
// break or done for the day instead of everyone going offline minutes after the start.
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { storeHeartbeat, type Heartbeat } from '../live/presence.ts';

const STATES: Record<string, Heartbeat['state']> = { clock_in: 'working', resume: 'working', unpause: 'working', label: 'working', private: 'working', restart: 'working', clock_jump: 'working', break: 'break', pause: 'paused', clock_out: 'clocked_out' };

/** An agent that last recorded something this long ago is taken as switched off. */
const SWITCHED_OFF_AFTER_MS = 3 * 24 * 3600_000;

/** One heartbeat from every demo agent that is on; returns how many were sent. */
export async function demoHeartbeats(db: Kysely<DB>, now: number): Promise<number> {
  const devices = await db
    .selectFrom('devices')
    .innerJoin('users', 'users.id', 'devices.user_id')
    .select(['devices.id', 'devices.user_id'])
    .where('users.email', 'like', '%@zvit-demo.test')
    .where('devices.revoked_at', 'is', null)
    .execute();
  let sent = 0;
  for (const d of devices) {
    const last = await db.selectFrom('work_events').select(['event', 'at', 'zone', 'data']).where('device_id', '=', d.id).orderBy('id', 'desc').limit(1).executeTakeFirst();
    if (!last || now - Number(last.at) > SWITCHED_OFF_AFTER_MS) continue;
    const state = STATES[last.event] ?? 'working';
    const data = last.data ? (JSON.parse(last.data) as { reason?: Heartbeat['pauseReason'] }) : {};
    const hb: Heartbeat = {
      state,
      since: Number(last.at),
      pauseReason: state === 'paused' ? (data.reason ?? 'idle') : null,
      label: null,
      current: state === 'working' ? { category: 'crm', productivity: 'productive' } : null,
      privateMode: false,
      zone: last.zone,
      agentVersion: 'demo',
      at: now,
    };
    await storeHeartbeat(db, { deviceId: d.id, userId: d.user_id }, hb, now, 0);
    sent++;
  }
  return sent;
}
