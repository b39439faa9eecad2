import { defineConfig } from 'vitest/config';

// `npm run test:browser`: the demo in headless Chromium against a dev server of its own.
export default defineConfig({
  test: {
    include: ['test/browser/**/*.test.ts'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 180_000,
  },
});
