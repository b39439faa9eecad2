import { defineConfig } from 'vitest/config';

// The tests that need Node rather than workerd: the OpenAPI validator (which compiles schemas
// with `new Function`, refused inside workerd) and the deploy check, which reads files.
export default defineConfig({
  test: { include: ['test/node/**/*.test.ts'], environment: 'node' },
});
