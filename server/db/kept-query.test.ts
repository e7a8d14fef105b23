// Queries built once, on a real database (SQLite, or PostgreSQL in the `postgres` project): every
// call binds its own values (the first call's are not kept), constants the query holds (a limit)
// stay, one slot used twice gets the value in both places, and a slot that did not become a
// parameter is refused rather than sent as text.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enrollAgent, seedWorld, startHub, type Agent, type TestHub, type World } from '../testing/harness.ts';
import { spanRow } from '../testing/records.ts';
import { insertNewIds } from './bulk-insert.ts';
import { keptQuery } from './kept-query.ts';

let t: TestHub;
let w: World;
let a1: Agent;
let a2: Agent;

beforeAll(async () => {
  t = await startHub();
  w = await seedWorld(t.hub);
  a1 = await enrollAgent(t.hub, w.m1.id);
  a2 = await enrollAgent(t.hub, w.m2.id);
  const span = (agent: Agent, userId: string, start: number, title: string) => spanRow(agent.deviceId, userId, start, title);

  await insertNewIds(t.hub.database.db, 'activity_spans', [span(a1, w.m1.id, 1000, 'a'), span(a1, w.m1.id, 3000, 'b'), span(a1, w.m1.id, 5000, 'c')]);
  await insertNewIds(t.hub.database.db, 'activity_spans', [span(a2, w.m2.id, 3000, 'x')]);
});
afterAll(async () => t?.close());

// The device's spans from `from` on, the latest first, two at most; `device` is used twice.
const latest = keptQuery((db, p: { device: never; from: never }) =>
  db
    .selectFrom('activity_spans')
    .select('title')
    .where('device_id', '=', p.device)
    .where('start', '>=', p.from)
    .where('user_id', 'in', (eb) => eb.selectFrom('devices').select('user_id').where('id', '=', p.device))
    .orderBy('start', 'desc')
    .limit(2),
);

describe('keptQuery', () => {
  it('binds each call its own values and keeps the constants', async () => {
    const db = t.hub.database.db;
    expect(await latest(db, { device: a1.deviceId, from: 0 })).toEqual([{ title: 'c' }, { title: 'b' }]);
    expect(await latest(db, { device: a1.deviceId, from: 4000 })).toEqual([{ title: 'c' }]);
    expect(await latest(db, { device: a2.deviceId, from: 0 })).toEqual([{ title: 'x' }]);
    expect(await latest(db, { device: 'none', from: 0 })).toEqual([]);
  });

  it('runs in a transaction as on the database', async () => {
    const titles = await t.hub.database.db.transaction().execute((tx) => latest(tx, { device: a2.deviceId, from: 0 }));
    expect(titles).toEqual([{ title: 'x' }]);
  });

  it('refuses a slot that did not become a parameter', async () => {
    const wrong = keptQuery((db, p: { table: never }) => {
      void p.table; // read, but the query is built without it
      return db.selectFrom('users').select('id');
    });
    await expect(wrong(t.hub.database.db, { table: 'users' })).rejects.toThrow(/slot table is not a parameter/);
  });
});
