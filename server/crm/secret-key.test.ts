// A hub started without ZVIT_SECRET_KEY cannot keep credentials: saving a connector says so with
// its own code (the dashboard words it), and nothing is stored.
import { afterEach, expect, it } from 'vitest';
import { seedWorld, signIn, startHub, type TestHub } from '../testing/harness.ts';

let t: TestHub | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

it('refuses to save CRM credentials without ZVIT_SECRET_KEY, with a code of its own, and stores nothing', async () => {
  t = await startHub({ jobs: { autostart: false } });
  const world = await seedWorld(t.hub);
  const admin = await signIn(t.hub, world.admin.email);
  const saved = await admin.send('PUT', '/api/v1/crm', { kind: 'bitrix24', credentials: { auth: 'webhook', webhookUrl: 'https://company.bitrix24.ua/rest/1/abcdef123456/' }, options: {} });
  expect(saved.statusCode).toBe(409);
  expect(saved.json()).toMatchObject({ error: { code: 'secret_key_missing', message: expect.stringContaining('npx zvit hub secret-key') } });
  const shown = await admin.get('/api/v1/crm');
  expect(shown.statusCode).toBe(200);
  expect((shown.json() as { connector: unknown }).connector ?? null).toBeNull();
});
