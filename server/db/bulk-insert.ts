// Multi-row inserts whose SQL is built once per shape. Kysely builds and compiles a query anew on
// every call; for a push's 60-row span insert that cost more CPU than SQLite spent storing the
// rows (about 0.4 ms of the hub's ~3 ms per push). The text depends only on the table, the columns
// and the number of rows, so it is compiled by Kysely the first time and kept; later batches bind
// their values to it (and SQLite's statement cache and PostgreSQL's named statements, connect.ts
// and pg-prepared.ts, reuse the prepared statement).
import { CompiledQuery, type Kysely } from 'kysely';
import type { DB } from './schema.ts';

type Table = 'activity_spans' | 'work_events' | 'idle_decisions' | 'report_revisions';

/** Compiled texts per dialect adapter (the SQL differs per dialect), then per shape. */
const texts = new WeakMap<object, Map<string, string>>();
const MAX_SHAPES = 2000;

/**
 * INSERT … ON CONFLICT (id) DO NOTHING RETURNING id for rows of one shape (the same keys in the
 * same order, none undefined, as one toRow function makes them); the ids inserted.
 */
export async function insertNewIds<T extends Table>(db: Kysely<DB>, table: T, rows: readonly DB[T][]): Promise<string[]> {
  if (!rows.length) return [];
  const columns = Object.keys(rows[0]!);
  const parameters: unknown[] = new Array(rows.length * columns.length);
  let i = 0;
  let uniform = true;
  for (const row of rows) {
    const values = row as unknown as Record<string, unknown>;
    for (const column of columns) {
      const value = values[column];
      // Kysely leaves an undefined value out (the column's default); the kept text cannot.
      if (value === undefined) uniform = false;
      parameters[i++] = value;
    }
    if (Object.keys(values).length !== columns.length) uniform = false;
  }
  const build = () =>
    db
      .insertInto(table)
      .values(rows as never)
      .onConflict((oc) => oc.column('id').doNothing())
      .returning('id')
      .compile();
  let compiled: CompiledQuery;
  if (!uniform) {
    compiled = build();
  } else {
    const adapter = db.getExecutor().adapter;
    let byShape = texts.get(adapter);
    if (!byShape) texts.set(adapter, (byShape = new Map()));
    const shape = `${table}\u0000${columns.join(',')}\u0000${rows.length}`;
    const text = byShape.get(shape);
    if (text === undefined) {
      compiled = build();
      // The kept text binds values row by row in column order; Kysely's must agree, or it is not kept.
      if (sameValues(compiled.parameters, parameters)) {
        if (byShape.size >= MAX_SHAPES) byShape.clear();
        byShape.set(shape, compiled.sql);
      }
    } else {
      compiled = CompiledQuery.raw(text, parameters);
    }
  }
  const result = await db.executeQuery<{ id: string }>(compiled);
  return result.rows.map((r) => r.id);
}

function sameValues(a: readonly unknown[], b: readonly unknown[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}
