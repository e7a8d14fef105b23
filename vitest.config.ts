import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'node',
          include: ['{main,shared,server,test}/**/*.test.ts'],
          testTimeout: 20_000,
          hookTimeout: 30_000,
        },
      },
      {
        // Time-dependent code is pure and lives in shared/; run it again under a zone far from
        // the ones the tests name, so nothing leans on the process's own TZ.
        test: {
          name: 'tz-auckland',
          include: ['shared/**/*.test.ts'],
          env: { TZ: 'Pacific/Auckland' },
        },
      },
    ],
  },
});
