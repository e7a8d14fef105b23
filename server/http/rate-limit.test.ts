// The sync budget belongs to the authenticated device: rewriting the Authorization header (an
// extra space) does not buy a fresh budget, and made-up tokens share one budget per address.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { enrollAgent, seedWorld, startHub, type Agent, type TestHub, type World } from '../testing/harness.ts';

let t: TestHub;
let w: World;
let a: Agent;
let b: Agent;
beforeAll(async () => {
  t = await startHub({ limits: { syncPerMinute: 4, authPerMinute: 10_000, unauthenticatedPerMinute: 3 } });
  w = await seedWorld(t.hub);
  a = await enrollAgent(t.hub, w.m1.id);
  b = await enrollAgent(t.hub, w.m2.id);
});
afterAll(async () => t?.close());

const pull = (authorization: string, remoteAddress = '192.0.2.10') => t.hub.app.inject({ method: 'GET', url: '/api/v1/sync/pull', headers: { authorization }, remoteAddress });

it('counts one device however its Authorization header is spelled', async () => {
  const spellings = [`Bearer ${a.token}`, `Bearer  ${a.token}`, `Bearer   ${a.token}`, `bearer ${a.token}`];
  for (const auth of spellings) expect((await pull(auth)).statusCode).toBe(200);
  const over = await pull(`Bearer    ${a.token} `);
  expect(over.statusCode).toBe(429);
  expect(over.json().error.code).toBe('rate_limited');
  expect(Number(over.headers['retry-after'])).toBeGreaterThan(0);
  // Another device at the same address (an office behind one NAT) has its own budget.
  expect((await pull(`Bearer ${b.token}`)).statusCode).toBe(200);
});

it('gives requests without a valid token one budget per address', async () => {
  for (let i = 0; i < 3; i++) expect((await pull(`Bearer zvd_made_up_${i}`, '192.0.2.20')).statusCode).toBe(401);
  const over = await pull('Bearer zvd_made_up_other', '192.0.2.20');
  expect(over.statusCode).toBe(429);
  // Another address is not affected, nor is a real device at this one.
  expect((await pull('Bearer zvd_made_up_x', '192.0.2.21')).statusCode).toBe(401);
  expect((await pull(`Bearer ${b.token}`, '192.0.2.20')).statusCode).toBe(200);
});
