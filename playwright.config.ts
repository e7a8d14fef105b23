// End-to-end tests in Debian's Chromium (no browser download: Chromium is the system one): the
// agent's built UI (browser mode) against a real headless agent that tracks real X11 windows under
// a private Xvfb per test, and the lead's dashboard against a real hub process.
import { defineConfig } from '@playwright/test';

export default defineConfig({
  testDir: 'e2e',
  testMatch: '*.spec.ts',
  globalSetup: './e2e/global-setup.ts',
  outputDir: 'test-results',
  // The flow waits out one real idle threshold (30 s, the policy's minimum).
  timeout: 120_000,
  expect: { timeout: 10_000 },
  fullyParallel: true,
  // Each test has its own X server, agent and data dir, so the languages run side by side.
  workers: 3,
  retries: 0,
  reporter: [['list']],
  projects: [
    { name: 'agent', testIgnore: 'dashboard*.spec.ts' },
    { name: 'dashboard', testMatch: 'dashboard*.spec.ts' },
  ],
  use: {
    browserName: 'chromium',
    headless: true,
    viewport: { width: 1280, height: 900 },
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
    },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
});
