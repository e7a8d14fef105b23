import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Most files wait on other processes (hubs, agents, X11, Chromium, PostgreSQL), not on the
    // CPU: two at a time even on a 2-core machine (vitest's default there is one).
    maxWorkers: 2,
    projects: [
      {
        test: {
          name: 'node',
          include: ['{main,shared,server,test,renderer,ui,dashboard}/**/*.test.ts'],
          testTimeout: 20_000,
          hookTimeout: 30_000,
          // expect.poll waits for other processes (a hub, a browser, the agent's loop); on a
          // busy 2-core machine a second is not always enough. A poll that passes returns at once.
          expect: { poll: { timeout: 10_000 } },
        },
      },
      {
        // Time-dependent code is pure and lives in shared/ (and ui/'s formats); run it again under a zone far from
        // the ones the tests name, so nothing leans on the process's own TZ.
        test: {
          name: 'tz-auckland',
          include: ['{shared,ui}/**/*.test.ts'],
          env: { TZ: 'Pacific/Auckland' },
        },
      },
      {
        // The hub's suite again on PostgreSQL (issue 5, §7): each test file works in a schema of
        // its own, made and dropped by server/testing/harness.ts. No skipping: an unreachable
        // PostgreSQL fails these tests, and .ci/run checks it is up first.
        test: {
          name: 'postgres',
          include: ['server/**/*.test.ts'],
          env: { ZVIT_TEST_PG_URL: process.env.ZVIT_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test' },
          testTimeout: 20_000,
          hookTimeout: 30_000,
        },
      },
    ],
  },
});
