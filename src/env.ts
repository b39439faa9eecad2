/**
 * The Worker's bindings: the ones wrangler.toml declares (generated into
 * worker-configuration.d.ts by `npm run types`) and the secrets, which a deployment sets with
 * `wrangler secret put` and `wrangler dev` reads from .dev.vars.
 */
export interface Bindings extends Env {
  /** Signs and verifies customer `_auth` tokens and agent access tokens (HS256). */
  AUTH_SECRET?: string;
  /** Guards the operator's endpoints under /admin. Unset, they refuse every request. */
  ADMIN_SECRET?: string;
  /** How long a WebSocket may take to authenticate, in milliseconds; 5000 when unset. */
  LIVE_AUTH_TIMEOUT_MS?: string;
}

export interface AppEnv {
  Bindings: Bindings;
  Variables: { requestId: string };
}
