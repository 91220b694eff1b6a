import { defineConfig } from 'vitest/config';

// Run from the repository root (npm test does): paths below are relative to it.
// Two projects:
// - unit: the engine, the rules, the CLI's pure parts — no PostgreSQL, no Redis, no browser, no
//   global set-up. Files share one module graph (isolate: false), so the rules and the knowledge
//   load once per worker instead of once per file. A unit test must not keep state between files
//   (no module-level mutation, no stubbed globals).
//   `npm run test:unit` runs it alone.
// - integration: the api, the worker, the CLI processes and the review UI against the machine's
//   real PostgreSQL and Redis (and Chromium). The global setup migrates a template database;
//   each test file clones its own from it and uses its own queue prefix, so files still run in
//   parallel. `npm run test:integration` runs it alone.
// Timeouts are hang detectors, not speed checks (speed is for `npm run bench:*`): the integration
// and e2e tests start processes, browsers and databases, which on a two-core box shared with
// other work take several times as long as on a quiet one. Waits inside tests have their own
// deadlines naming what they waited for (test/support/patience.ts).
export default defineConfig({
  test: {
    testTimeout: 180_000,
    hookTimeout: 180_000,
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['test/unit/**/*.test.ts', 'test/golden/**/*.test.ts'], isolate: false },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts', 'test/e2e/**/*.test.ts'],
          globalSetup: ['test/support/service-global-setup.ts'],
        },
      },
    ],
  },
});
