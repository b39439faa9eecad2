import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-pool-workers';
import { defineConfig } from 'vitest/config';

// No test reaches the network: miniflare's `Request.cf` download and wrangler's telemetry stay off.
process.env.CLOUDFLARE_CF_FETCH_ENABLED = 'false';
process.env.WRANGLER_SEND_METRICS = 'false';

// Tests run inside workerd with the real wrangler.toml: real Durable Object storage and a
// real local D1, migrated by test/setup.ts exactly as `wrangler d1 migrations apply` would.
export default defineConfig(async () => {
  const migrations = await readD1Migrations('migrations');
  return {
    plugins: [
      cloudflareTest({
        wrangler: { configPath: './wrangler.toml' },
        miniflare: {
          bindings: {
            AUTH_SECRET: 'test-secret-for-workerd-tests-only-0123456789',
            ADMIN_SECRET: 'test-admin-secret-for-workerd-tests-only-0123',
            TEST_MIGRATIONS: migrations,
            // Short, so that the test of an unauthenticated socket does not wait the default.
            LIVE_AUTH_TIMEOUT_MS: '1000',
          },
        },
      }),
    ],
    test: {
      setupFiles: ['./test/setup.ts'],
      // The Worker's one log line per request would bury the test report.
      onConsoleLog: (log) => !log.startsWith('{"requestId"'),
    },
  };
});
