import { defineConfig } from 'vitest/config';

// Run from the repository root (npm test does): paths below are relative to it.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 20_000,
  },
});
