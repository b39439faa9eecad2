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
            // The inbox's alarms run only when a test drives them (runDurableObjectAlarm), so
            // what D1 holds before and after each sync is what the test arranged.
            INBOX_SYNC_DELAY_SECONDS: '3600',
            TEST_MIGRATIONS: migrations,
            // Roomy enough for the tests that send in bulk, long enough to be exact under load.
            CUSTOMER_MESSAGE_LIMIT: '150',
            CUSTOMER_MESSAGE_WINDOW_SECONDS: '120',
            // .dev.vars turns the demo on for `npm run dev`; the tests choose for themselves.
            DEMO: 'off',
            // Short, so that the test of an unauthenticated socket does not wait the default.
            LIVE_AUTH_TIMEOUT_MS: '1000',
          },
        },
      }),
    ],
    test: {
      // test/node and test/browser run in Node: vitest.node.config.mts, vitest.browser.config.mts.
      include: ['test/*.test.ts'],
      setupFiles: ['./test/setup.ts'],
      // Generous, so that a loaded CI machine is not mistaken for a failure.
      testTimeout: 60_000,
      // The Worker's one log line per request would bury the test report.
      onConsoleLog: (log) => !log.startsWith('{"requestId"'),
    },
  };
});
