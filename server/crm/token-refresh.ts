// One token refresh at a time for a connector, across every hub instance. A refresh token may
// work only once (amoCRM always; Bitrix24 issues a new one each time), so two holders must never
// both spend it. The lock is taken in the connector's row only while the tokens are still the
// ones just read (their version unchanged): a caller that lost the race reads again and finds the
// refreshed token instead of refreshing with a spent one. The new pair is stored before it is used.
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { loadConnector, openSecrets, sealSecrets, type Secrets } from './connectors.ts';
import type { SecretBox } from './secrets.ts';

/** Longer than a refresh request may take (20 s), so a slow refresh is never overlapped. */
const LOCK_MS = 60_000;

export interface RefreshDeps {
  db: Kysely<DB>;
  box: SecretBox;
  orgId: string;
  owner: string;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
}

export interface RefreshHooks {
  /** Trades the current refresh token for a new pair (the CRM's own request). */
  exchange(current: Secrets): Promise<Partial<Secrets>>;
  /** The connector is gone. */
  gone(): Error;
  /** Another instance holds the lock for too long. */
  busy(): Error;
  /** The CRM refused: record it for the admin before the error goes on. */
  refused(error: unknown): Promise<void>;
}

export async function refreshTokens(deps: RefreshDeps, stale: string, hooks: RefreshHooks): Promise<Secrets> {
  const { db, box, orgId } = deps;
  const deadline = deps.now() + LOCK_MS * 2;
  for (;;) {
    const row = await loadConnector(db, orgId);
    if (!row) throw hooks.gone();
    const current = openSecrets(box, row);
    if (current.accessToken && current.accessToken !== stale) return current; // refreshed meanwhile
    const now = deps.now();
    const locked = await db
      .updateTable('crm_connectors')
      .set({ refresh_owner: deps.owner, refresh_until: now + LOCK_MS })
      .where('org_id', '=', orgId)
      .where('token_version', '=', row.token_version)
      .where((eb) => eb.or([eb('refresh_owner', 'is', null), eb('refresh_until', '<', now)]))
      .executeTakeFirst();
    if (Number(locked.numUpdatedRows) === 1) {
      try {
        const next: Secrets = { ...current, ...(await hooks.exchange(current)) };
        await db
          .updateTable('crm_connectors')
          .set((eb) => ({ secrets: sealSecrets(box, orgId, next), token_version: eb('token_version', '+', 1), refresh_owner: null, refresh_until: null, updated_at: deps.now() }))
          .where('org_id', '=', orgId)
          .execute();
        return next;
      } catch (error) {
        await db.updateTable('crm_connectors').set({ refresh_owner: null, refresh_until: null }).where('org_id', '=', orgId).where('refresh_owner', '=', deps.owner).execute();
        await hooks.refused(error);
        throw error;
      }
    }
    if (deps.now() > deadline) throw hooks.busy();
    await deps.sleep(200);
  }
}
