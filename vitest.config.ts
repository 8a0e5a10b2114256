import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    // Process tests (test/fleet, test/e2e) start node dist/server.js: build it when stale; the
    // five-language eld database is built before any test file needs it.
    globalSetup: [
      'test/support/build-eld-subset.global-setup.ts',
      'test/fleet/ensure-built.global-setup.ts',
    ],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    // Two cores: more workers than that only adds contention for the database and the browser.
    maxWorkers: 2,
    // The JSON report lets .ci/run print one plain "N passed, N failed" line.
    reporters: ['default', ['json', { outputFile: 'test-results/vitest.json' }]],
  },
});
