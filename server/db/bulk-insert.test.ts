// Multi-row inserts with the SQL kept per shape, on a real database (SQLite, or PostgreSQL in the
// `postgres` project): each batch stores its own values, ids already there are left alone and
// not returned, and rows of another shape get their own text.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enrollAgent, seedWorld, startHub, type Agent, type TestHub, type World } from '../testing/harness.ts';
import { spanRow } from '../testing/records.ts';
import { insertNewIds } from './bulk-insert.ts';

let t: TestHub;
let w: World;
let agent: Agent;

beforeAll(async () => {
  t = await startHub();
  w = await seedWorld(t.hub);
  agent = await enrollAgent(t.hub, w.m1.id);
});
afterAll(async () => t?.close());

const row = (start: number, title: string | null) => spanRow(agent.deviceId, w.m1.id, start, title);

const stored = (ids: string[]) =>
  t.hub.database.db.selectFrom('activity_spans').select(['id', 'start', 'title']).where('id', 'in', ids).orderBy('start').execute();

describe('insertNewIds', () => {
  it('stores each batch of one shape with its own values, and returns only the ids it inserted', async () => {
    const db = t.hub.database.db;
    const first = [row(1_000_000, 'a'), row(1_002_000, null), row(1_004_000, 'c')];
    expect(await insertNewIds(db, 'activity_spans', first)).toEqual(first.map((r) => r.id));
    // Same shape: the kept text; one id is already stored and keeps its values.
    const second = [row(2_000_000, 'd'), { ...first[1]!, title: 'changed' }, row(2_004_000, null)];
    expect((await insertNewIds(db, 'activity_spans', second)).sort()).toEqual([second[0]!.id, second[2]!.id].sort());
    const all = [...first, second[0]!, second[2]!];
    expect(await stored(all.map((r) => r.id))).toEqual(all.map((r) => ({ id: r.id, start: r.start, title: r.title })));
  });

  it('another number of rows, or a row that leaves a value undefined, still stores what it was given', async () => {
    const db = t.hub.database.db;
    const one = [row(3_000_000, 'one')];
    expect(await insertNewIds(db, 'activity_spans', one)).toEqual([one[0]!.id]);
    const partial = [row(4_000_000, 'x'), { ...row(4_002_000, 'y'), title: undefined as unknown as null }];
    expect(await insertNewIds(db, 'activity_spans', partial)).toEqual(partial.map((r) => r.id));
    expect((await stored(partial.map((r) => r.id))).map((r) => r.title)).toEqual(['x', null]);
    expect(await insertNewIds(db, 'activity_spans', [])).toEqual([]);
  });
});
