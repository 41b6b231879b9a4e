import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.{ts,tsx}'],
    environment: 'jsdom',
    // OUI's CSS is not needed to test behaviour.
    css: false,
    setupFiles: ['test/setup.ts'],
  },
});
