// node-postgres sends every query unnamed, so PostgreSQL parses and plans a 60-row insert anew on
// each push; naming the statements lets each connection parse once and reuse the plan. In
// bench/hub.ts that took PostgreSQL ingestion from about 9,500 to about 15,000 spans/s.
// Named statements live as long as the connection and are never freed, so only short texts are
// named, and only so many per connection; the rest run unnamed as before.
import type pg from 'pg';

const MAX_NAMED_PER_CONNECTION = 100;
const MAX_NAMED_SQL_LENGTH = 8000;

type Query = (text: unknown, values?: unknown) => unknown;

export function prepareStatements(pool: pg.Pool): void {
  pool.on('connect', (client) => {
    const names = new Map<string, string>();
    const query = client.query.bind(client) as Query;
    // Kysely calls query(sql, parameters); every other form (config objects, cursors) passes through.
    (client as unknown as { query: Query }).query = (text, values) => {
      if (typeof text !== 'string' || !Array.isArray(values) || values.length === 0 || text.length > MAX_NAMED_SQL_LENGTH) return query(text, values);
      let name = names.get(text);
      if (!name && names.size < MAX_NAMED_PER_CONNECTION) names.set(text, (name = `zvit_${names.size + 1}`));
      return name ? query({ name, text, values }) : query(text, values);
    };
  });
}
