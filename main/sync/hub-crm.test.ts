// The agent keeps what the hub hands down from the CRM, across restarts and offline.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PullResponseSchema } from '../../shared/sync.ts';
import { LocalStore } from '../store/local-store.ts';
import { HubCrm } from './hub-crm.ts';

const NOW = Date.UTC(2026, 2, 2, 15, 0, 0);

describe('HubCrm', () => {
  it('keeps tasks and actuals from the pull across a restart; an older hub\'s pull (no crm) changes nothing', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'zvit-crm-agent-')), 'zvit.db');
    const base = { cursor: '5', policy: null, schedule: null, kpis: null, targets: null, reviews: [], serverTime: NOW };
    let store = LocalStore.open(file, () => NOW);
    let crm = new HubCrm(store);
    expect(crm.apply(PullResponseSchema.parse(base), '2026-03-02')).toBe(false);
    const pull = PullResponseSchema.parse({
      ...base,
      crm: {
        tasks: [{ system: 'bitrix24', kind: 'task', id: '12', title: 'Call back', url: null, deadline: null }],
        actuals: [
          { date: '2026-03-02', key: 'calls_total', value: 31, source: 'bitrix24', updatedAt: NOW },
          { date: '2026-01-02', key: 'calls_total', value: 9, source: 'bitrix24', updatedAt: NOW },
        ],
      },
    });
    expect(crm.apply(pull, '2026-03-02')).toBe(true);
    store.close();
    store = LocalStore.open(file, () => NOW);
    crm = new HubCrm(store);
    expect(crm.tasks.map((t) => t.title)).toEqual(['Call back']);
    expect(crm.actualsFor('2026-03-02')).toEqual({ calls_total: 31 });
    expect(crm.actualsFor('2026-01-02')).toEqual({}); // older than 40 days: dropped
    // tasks: null means unchanged; actuals merge by day and key.
    crm.apply(PullResponseSchema.parse({ ...base, crm: { tasks: null, actuals: [{ date: '2026-03-02', key: 'meetings', value: 2, source: 'api', updatedAt: NOW }] } }), '2026-03-02');
    expect(crm.tasks).toHaveLength(1);
    expect(crm.actualsFor('2026-03-02')).toEqual({ calls_total: 31, meetings: 2 });
    store.close();
  });
});
