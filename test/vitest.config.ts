import { defineConfig } from 'vitest/config';

// Run from the repository root (npm test does): paths below are relative to it.
// Integration tests use the machine's real PostgreSQL and Redis: the global setup migrates a
// template database, and each test file clones its own from it and uses its own queue prefix,
// so files still run in parallel.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Hang detectors, not speed checks (speed is for `npm run bench:*`): the integration and e2e
    // tests start processes, browsers and databases, which on a two-core box shared with other
    // work take several times as long as on a quiet one. Waits inside tests have their own
    // deadlines naming what they waited for (test/support/patience.ts).
    testTimeout: 180_000,
    hookTimeout: 180_000,
    globalSetup: ['test/support/service-global-setup.ts'],
  },
});
