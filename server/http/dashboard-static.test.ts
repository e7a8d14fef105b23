// The hub serves the built dashboard at `/` with index.html for the app's own addresses, under a
// strict CSP, and still answers unknown API paths with a JSON 404.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHub, type TestHub } from '../testing/harness.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zvit-dashboard-dist-'));
let t: TestHub;

beforeAll(async () => {
  fs.mkdirSync(path.join(dir, 'assets'));
  fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><script type="module" src="/assets/app-1a2b.js"></script><div id="root"></div>');
  fs.writeFileSync(path.join(dir, 'assets', 'app-1a2b.js'), 'console.log(1)');
  t = await startHub({ dashboardDir: dir });
});
afterAll(async () => {
  await t.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('the dashboard\'s files', () => {
  it('serves index.html at / and at the app\'s own addresses, with a CSP that allows no inline script or framing', async () => {
    for (const url of ['/', '/team', '/users/0190f1b2/day/2026-03-02?x=1']) {
      const res = await t.hub.app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.body).toContain('<div id="root">');
      const csp = String(res.headers['content-security-policy']);
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
      expect(csp).toContain("frame-ancestors 'none'");
      expect(res.headers['x-frame-options']).toBe('DENY');
    }
  });

  it('serves the assets, long-cached', async () => {
    const res = await t.hub.app.inject({ method: 'GET', url: '/assets/app-1a2b.js' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/javascript/);
    expect(res.headers['cache-control']).toContain('immutable');
  });

  it('answers unknown API paths and missing files with a JSON 404', async () => {
    for (const url of ['/api/v1/nothing', '/assets/missing.js']) {
      const res = await t.hub.app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(404);
      expect(res.json().error.code).toBe('not_found');
    }
    expect((await t.hub.app.inject({ method: 'POST', url: '/team' })).statusCode).toBe(404);
  });
});

it('without a built dashboard, / says how to build it', async () => {
  const bare = await startHub({ dashboardDir: path.join(dir, 'nowhere') });
  try {
    const res = await bare.hub.app.inject({ method: 'GET', url: '/' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('npm run build:dashboard');
  } finally {
    await bare.close();
  }
});
