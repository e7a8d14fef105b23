import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../../shared/clock.ts';
import { defaultPolicy } from '../../shared/policy.ts';
import { fakeSources } from '../../test/fake-sources.ts';
import { tempDir } from '../../test/tmp.ts';
import { Agent } from '../agent/agent.ts';
import { createHandlers } from '../agent/handlers.ts';
import { Planning } from '../agent/planning.ts';
import { LocalStore } from '../store/local-store.ts';
import { startApiServer, type ApiServer } from './server.ts';

const dir = tempDir();
const token = 'test-token-0123456789';
let server: ApiServer;
let store: LocalStore;

beforeAll(async () => {
  const clock = new FakeClock('2026-03-02T07:00:00Z', 'Europe/Kyiv');
  store = LocalStore.open(path.join(dir, 'zvit.db'), () => clock.now());
  const agent = new Agent({ store, clock, sources: fakeSources(() => clock.now()).sources, policy: defaultPolicy() });
  const planning = new Planning(agent, store, clock, () => defaultPolicy());
  fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>Zvit</title>');
  fs.writeFileSync(path.join(dir, 'secret.txt'), 'not for the page');
  fs.mkdirSync(path.join(dir, 'ui', 'assets'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'ui', 'index.html'), '<!doctype html><title>Zvit UI</title>');
  fs.writeFileSync(path.join(dir, 'ui', 'assets', 'app-abcdef12.js'), 'console.log(1)');
  server = await startApiServer({
    handlers: createHandlers({ agent, planning, store, clock, dayStart: () => '04:00' }),
    token,
    staticDir: path.join(dir, 'ui'),
    subscribe: (listener) => agent.subscribe(listener),
  });
});
afterAll(async () => {
  await server.close();
  store.close();
});

async function call(method: string, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${server.origin}/api/${method}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as { result?: Record<string, unknown>; error?: { code: string; message: string } } };
}

describe('local API', () => {
  it('answers a call of the contract with its result', async () => {
    const res = await call('clockIn', {});
    expect(res.status).toBe(200);
    expect(res.body.result?.state).toBe('working');
  });

  it('refuses a request without the token, or with a wrong one', async () => {
    expect((await call('status', {}, { authorization: '' })).status).toBe(401);
    const wrong = await call('status', {}, { authorization: `Bearer ${token.slice(0, -1)}x` });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error?.code).toBe('unauthorized');
  });

  it('refuses a request from a page of another origin, even with the token', async () => {
    const res = await call('status', {}, { origin: 'http://evil.example' });
    expect(res.status).toBe(403);
    expect(res.body.error?.code).toBe('forbidden_origin');
    expect((await call('status', {}, { origin: server.origin })).status).toBe(200);
  });

  it('refuses a request for another host name (DNS rebinding)', async () => {
    const http = await import('node:http');
    const status = await new Promise<number>((resolve, reject) => {
      const req = http.request(
        { host: '127.0.0.1', port: server.port, path: '/api/status', method: 'POST', headers: { host: `rebind.example:${server.port}`, authorization: `Bearer ${token}` } },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      req.end('{}');
    });
    expect(status).toBe(403);
  });

  it('gives bad input a 4xx with a code and a message, and stays up', async () => {
    const notJson = await call('status', '{not json');
    expect([notJson.status, notJson.body.error?.code]).toEqual([400, 'invalid_json']);
    const wrongType = await call('setLabel', { label: 42 });
    expect([wrongType.status, wrongType.body.error?.code]).toEqual([400, 'invalid_input']);
    expect(wrongType.body.error?.message).toMatch(/label/);
    const unknownField = await call('status', { sneaky: true });
    expect(unknownField.status).toBe(400);
    const unknown = await call('format', {});
    expect([unknown.status, unknown.body.error?.code]).toEqual([404, 'unknown_method']);
    const badDate = await call('day', { date: '2026-02-30' });
    expect([badDate.status, badDate.body.error?.code]).toEqual([400, 'invalid_input']);
    const conflict = await call('resume', {});
    expect([conflict.status, conflict.body.error?.code]).toEqual([409, 'invalid_transition']);
    const huge = await call('setLabel', { label: 'x'.repeat(100_000) });
    expect(huge.status).toBe(413);
    expect((await call('status', {})).status).toBe(200);
  });

  it('serves the UI without the token, with a strict CSP, and nothing outside its folder', async () => {
    const page = await fetch(`${server.origin}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Zvit UI');
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
    const asset = await fetch(`${server.origin}/assets/app-abcdef12.js`);
    expect(asset.headers.get('content-type')).toMatch(/javascript/);
    expect(asset.headers.get('cache-control')).toMatch(/immutable/);
    expect((await fetch(`${server.origin}/my-day`)).status).toBe(200); // a client-side route
    for (const escape of ['/../secret.txt', '/%2e%2e/secret.txt', '/..%2fsecret.txt']) {
      const res = await fetch(`${server.origin}${escape}`);
      expect(await res.text()).not.toContain('not for the page');
    }
  });

  it('streams a change event when the state changes, only with the token', async () => {
    expect((await fetch(`${server.origin}/api/events`)).status).toBe(401);
    const controller = new AbortController();
    const res = await fetch(`${server.origin}/api/events`, { headers: { authorization: `Bearer ${token}` }, signal: controller.signal });
    expect(res.headers.get('content-type')).toBe('text/event-stream');
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    const read = async (until: (t: string) => boolean) => {
      while (!until(text)) text += decoder.decode((await reader.read()).value);
    };
    await read((t) => t.includes('event: change'));
    const first = text.length;
    await call('setLabel', { label: 'call' });
    await read((t) => t.slice(first).includes('event: change'));
    controller.abort();
  });
});
