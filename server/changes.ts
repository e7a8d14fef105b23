// The change sequence behind pull cursors. Every write an agent must hear about (team settings,
// a manager's targets, a report review) takes the next number inside its own transaction.
// Incrementing one row serialises those writers on its row lock until they commit, so numbers
// become visible in order and a cursor never skips a change that commits late.
import type { Kysely } from 'kysely';
import type { DB } from './db/schema.ts';

export async function nextSeq(tx: Kysely<DB>): Promise<number> {
  const row = await tx
    .updateTable('counters')
    .set((eb) => ({ value: eb('value', '+', 1) }))
    .where('name', '=', 'changes')
    .returning('value')
    .executeTakeFirstOrThrow();
  return Number(row.value);
}

export async function currentSeq(db: Kysely<DB>): Promise<number> {
  const row = await db.selectFrom('counters').select('value').where('name', '=', 'changes').executeTakeFirstOrThrow();
  return Number(row.value);
}
