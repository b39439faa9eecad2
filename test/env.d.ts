import type { D1Migration } from 'cloudflare:test';

// Bindings that the test configuration (vitest.config.mts) adds to the Worker's own.
declare global {
  namespace Cloudflare {
    interface Env {
      AUTH_SECRET?: string | undefined;
      ADMIN_SECRET?: string | undefined;
      TEST_MIGRATIONS: D1Migration[];
    }
  }
}
