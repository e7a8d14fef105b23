// Guessing one account's password from many addresses: the per-address limit never trips, so
// failures are counted per account too, with a wait that doubles after each further failure.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { PASSWORD, seedWorld, startHub, type TestHub, type World } from '../testing/harness.ts';

let t: TestHub;
let w: World;
beforeAll(async () => {
  t = await startHub({ limits: { syncPerMinute: 10_000, authPerMinute: 3, loginFailuresBeforeBackoff: 5, loginBackoffMs: 30_000, loginBackoffMaxMs: 600_000 } });
  w = await seedWorld(t.hub);
});
afterAll(async () => t?.close());

let address = 0;
/** Each attempt from a new address, as a botnet would. */
const login = (email: string, password: string) =>
  t.hub.app.inject({ method: 'POST', url: '/api/v1/auth/login', remoteAddress: `198.51.100.${++address}`, payload: { email, password } });

it('backs off one account after repeated failures, whatever the address, and a success clears it', async () => {
  for (let i = 0; i < 5; i++) expect((await login(w.m1.email, `guess ${i}`)).statusCode).toBe(401);
  // The sixth try waits, even with the right password, and says how long.
  const blocked = await login(w.m1.email.toUpperCase(), PASSWORD);
  expect(blocked.statusCode).toBe(429);
  expect(blocked.json().error.code).toBe('rate_limited');
  expect(blocked.headers['retry-after']).toBe('30');
  // Other accounts are not affected.
  expect((await login(w.m2.email, PASSWORD)).statusCode).toBe(200);

  t.clock.now += 30_000;
  // One more failure after the wait doubles it.
  expect((await login(w.m1.email, 'guess 6')).statusCode).toBe(401);
  expect((await login(w.m1.email, PASSWORD)).headers['retry-after']).toBe('60');
  t.clock.now += 60_000;
  expect((await login(w.m1.email, PASSWORD)).statusCode).toBe(200);
  // The count starts over after a success.
  for (let i = 0; i < 4; i++) expect((await login(w.m1.email, `again ${i}`)).statusCode).toBe(401);
  expect((await login(w.m1.email, PASSWORD)).statusCode).toBe(200);
});

it('counts an unknown email like a known one, so the answer does not tell which exist', async () => {
  for (let i = 0; i < 5; i++) expect((await login('nobody@a.test', `guess ${i}`)).statusCode).toBe(401);
  expect((await login('nobody@a.test', 'guess 5')).statusCode).toBe(429);
});

it('still limits each address', async () => {
  const from = (password: string) => t.hub.app.inject({ method: 'POST', url: '/api/v1/auth/login', remoteAddress: '203.0.113.9', payload: { email: w.lead1.email, password } });
  expect((await from('x1')).statusCode).toBe(401);
  expect((await from('x2')).statusCode).toBe(401);
  expect((await from('x3')).statusCode).toBe(401);
  expect((await from(PASSWORD)).statusCode).toBe(429);
});
