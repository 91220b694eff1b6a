import { defineConfig } from 'vitest/config';

// Run from the repository root (npm test does): paths below are relative to it.
// Integration tests use the machine's real PostgreSQL and Redis: the global setup migrates a
// template database, and each test file clones its own from it and uses its own queue prefix,
// so files still run in parallel.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 60_000,
    globalSetup: ['test/support/service-global-setup.ts'],
  },
});
