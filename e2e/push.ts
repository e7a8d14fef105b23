// Pushes records to a hub as the agent's sync loop does: a push the hub turns away because it is
// busy (429 with Retry-After, which a hub answers while its event loop runs late, as on a loaded
// test machine) is sent again after the wait it asked for.
import { HubError, type HubClient } from '../main/sync/hub-client.ts';
import type { SyncRecord } from '../shared/sync.ts';

export async function pushAsAgent(client: HubClient, records: readonly SyncRecord[]): ReturnType<HubClient['push']> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await client.push(records);
    } catch (e) {
      if (!(e instanceof HubError) || e.status !== 429 || attempt >= 30) throw e;
      await new Promise((r) => setTimeout(r, (e.retryAfter ?? 1) * 1000));
    }
  }
}
