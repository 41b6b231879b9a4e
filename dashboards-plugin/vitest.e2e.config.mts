import { defineConfig } from 'vitest/config';

// End-to-end: real Chromium (playwright-core + Debian's chromium) against the harness and a real node.
export default defineConfig({
  test: {
    include: ['e2e/**/*.e2e.test.ts'],
    environment: 'node',
    testTimeout: 300_000,
    hookTimeout: 600_000,
    // One browser, one node, one dataset: the steps build on each other.
    sequence: { concurrent: false },
    fileParallelism: false,
  },
});
