// A day plan changed during the day reaches a real hub as one plan: every revision carries the
// plan's own id, and the hub keeps the highest revision under it.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../shared/clock.ts';
import { defaultPolicy } from '../shared/policy.ts';
import type { SyncRecordOf } from '../shared/sync.ts';
import { uuidv7 } from '../shared/uuid.ts';
import { Agent } from '../main/agent/agent.ts';
import { Planning } from '../main/agent/planning.ts';
import { LocalStore } from '../main/store/local-store.ts';
import { Outbox } from '../main/sync/outbox.ts';
import { FileSecretStore } from '../main/sync/secret-store.ts';
import { SyncLoop } from '../main/sync/sync-loop.ts';
import { anchoredInstant } from './anchored-time.ts';
import { fakeSources } from './fake-sources.ts';
import { startHubProcess, type HubProcess } from './hub-process.ts';
import { tempDir } from './tmp.ts';

const dir = tempDir('zvit-plan-sync-');
let hub: HubProcess;
let managerId: string;

beforeAll(async () => {
  hub = await startHubProcess(path.join(dir, 'hub'));
  managerId = await hub.addManager('iryna@example.com');
}, 60_000);
afterAll(() => hub?.stop());

describe('a day plan revised during the day', () => {
  it('is one plan on the hub, at its latest revision, sent revision by revision or several at once', async () => {
    const dataDir = path.join(dir, 'agent');
    fs.mkdirSync(dataDir, { recursive: true });
    const clock = new FakeClock(anchoredInstant('09:00', 'Europe/Kyiv'), 'Europe/Kyiv');
    const store = LocalStore.open(path.join(dataDir, 'zvit.db'), () => clock.now());
    const agent = new Agent({ store, clock, sources: fakeSources(() => clock.now()).sources, policy: defaultPolicy() });
    const planning = new Planning(agent, store, clock, () => defaultPolicy());
    const outbox = new Outbox(store);
    const loop = new SyncLoop({ store, outbox, clock, secrets: new FileSecretStore(path.join(dataDir, 'device-token')), settleMs: 60_000, log: () => {} });
    loop.start();
    try {
      await loop.enroll(hub.url, await hub.code('iryna@example.com'));
      const date = planning.today();
      const task = (title: string) => ({ id: uuidv7(), title, crm: null, priority: 2 as const, estimateMin: 30, carriedFrom: null });
      const items = [task('Подзвонити «Ромашці»')];
      const save = () => {
        clock.advance(60_000);
        return planning.savePlan({ date, items: [...items], commitments: {}, note: '' });
      };
      const hubPlans = async () => (await hub.records(managerId)).filter((r): r is SyncRecordOf<'day_plan'> => r.kind === 'day_plan');

      const first = save();
      await loop.syncNow();
      items.push(task('Надіслати КП «Будмайстру»'));
      save();
      await loop.syncNow();
      expect((await hubPlans()).map((p) => [p.id, p.revision, p.items.length])).toEqual([[first.plan!.id, 2, 2]]);

      // Offline edits: two revisions wait together and go in one sync.
      items.push(task('Оновити угоду в CRM'));
      save();
      items.shift();
      const last = save();
      expect(last.plan!.revision).toBe(4);
      const synced = await loop.syncNow();
      expect(synced.waiting).toBe(0);
      expect(outbox.deadLetters()).toEqual([]);
      const plans = await hubPlans();
      expect(plans.map((p) => [p.id, p.revision, p.items.map((i) => i.title)])).toEqual([
        [first.plan!.id, 4, ['Надіслати КП «Будмайстру»', 'Оновити угоду в CRM']],
      ]);
    } finally {
      await loop.stop();
      store.close();
    }
  }, 60_000);
});
