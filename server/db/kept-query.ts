// Queries whose SQL is built once. Kysely builds and compiles a query anew on every call, which
// for the few statements every push runs (the device's token lookup, the span window read, the
// user's zone, the answer's latest change) cost the hub more CPU than the database spent running
// them. A kept query is written in Kysely as usual, with named slots where the call's values go;
// it is compiled the first time (per dialect) and later calls bind their values to the kept text.
import { CompiledQuery, type Compilable, type Kysely } from 'kysely';
import type { DB } from './schema.ts';

/** Where a call's value goes. A slot is typed `never`, so Kysely takes it for any value. */
class Slot {
  readonly name: string;
  constructor(name: string) {
    this.name = name;
  }
}

type Slots<P extends string> = { readonly [K in P]: never };

interface Kept {
  sql: string;
  /** Per parameter: the slot whose value goes there, or a constant the query holds (a limit). */
  parameters: readonly unknown[];
}

/**
 * A query compiled once per dialect adapter; `build` gets the database and the slots, and must
 * put each slot in as a value (where, set, limit…), never in the SQL text. Returns the rows.
 */
export function keptQuery<P extends string, Row>(build: (db: Kysely<DB>, slots: Slots<P>) => Compilable<Row>): (db: Kysely<DB>, values: { readonly [K in P]: unknown }) => Promise<Row[]> {
  const kept = new WeakMap<object, Kept>();
  return async (db, values) => {
    const adapter = db.getExecutor().adapter;
    let query = kept.get(adapter);
    if (!query) {
      const used = new Set<string>();
      const slots = new Proxy({} as Slots<P>, {
        get: (_target, name) => {
          used.add(String(name));
          return new Slot(String(name));
        },
      });
      const compiled = build(db, slots).compile();
      const bound = new Set(compiled.parameters.filter((p): p is Slot => p instanceof Slot).map((p) => p.name));
      for (const name of used) if (!bound.has(name)) throw new Error(`keptQuery: slot ${name} is not a parameter of ${compiled.sql}`);
      query = { sql: compiled.sql, parameters: compiled.parameters };
      kept.set(adapter, query);
    }
    const parameters = query.parameters.map((p) => (p instanceof Slot ? values[p.name as P] : p));
    return (await db.executeQuery<Row>(CompiledQuery.raw(query.sql, parameters))).rows;
  };
}
