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
  /** How long a sender may recall a message, in seconds; 120 when unset. */
  RECALL_WINDOW_SECONDS?: string;
  /** How long a session's changes gather before the inbox in D1 gets them, in seconds. */
  INBOX_SYNC_DELAY_SECONDS?: string;
}

export interface AppEnv {
  Bindings: Bindings;
  Variables: { requestId: string };
}
