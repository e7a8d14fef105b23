import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Standing } from '../../shared/leaderboard.ts';
import { tempDir } from '../../test/tmp.ts';
import { LocalStore } from '../store/local-store.ts';
import { HubStanding } from './hub-standing.ts';

const dir = tempDir('zvit-standing-');

const standing: Standing = {
  period: { kind: 'month', from: '2026-03-01', to: '2026-03-31', workdays: 22, workdaysElapsed: 10, workdaysLeft: 12, asOf: '2026-03-13' },
  kpi: 'all',
  count: 8,
  score: 0.82,
  band: 'top50',
  team: { average: 0.77, best: 1.12 },
  gaps: { top10: 0.3, top25: 0.1, top50: 0 },
  workLeft: [{ key: 'calls_total', names: { uk: 'Дзвінки', ru: 'Звонки', en: 'Calls' }, unit: 'count', remaining: 240, requiredPace: 20 }],
  board: null,
};

describe('HubStanding', () => {
  it('keeps what the hub ranked across restarts; a hub that does not rank leaves it as it was', () => {
    const file = path.join(dir, 's.db');
    const store = LocalStore.open(file, () => Date.now());
    const kept = new HubStanding(store);
    expect(kept.available).toBe(false);
    expect(kept.apply({})).toBe(false);
    expect(kept.available).toBe(false);
    expect(kept.apply({ standing: null })).toBe(true);
    expect([kept.available, kept.current]).toEqual([true, null]);
    expect(kept.apply({ standing })).toBe(true);
    expect(kept.apply({ standing })).toBe(false);
    expect(kept.apply({})).toBe(false);
    store.close();

    const again = new HubStanding(LocalStore.open(file, () => Date.now()));
    expect(again.available).toBe(true);
    expect(again.current).toEqual(standing);
  });
});
