/**
 * The secrets, which a deployment sets with `wrangler secret put` and `wrangler dev` reads from
 * .dev.vars. They are optional here because a deployment may lack them: the code refuses to
 * serve rather than assume a default.
 */
interface Secrets {
  /** Signs and verifies customer `_auth` tokens and agent access tokens (HS256). */
  AUTH_SECRET?: string | undefined;
  /** Guards the operator's endpoints under /admin. Unset, they refuse every request. */
  ADMIN_SECRET?: string | undefined;
  /**
   * `on` only in .dev.vars, where `npm run dev` serves the demo under /demo. Not a secret, but
   * like the secrets it is kept out of wrangler.toml, so that no deployment ever carries it.
   */
  DEMO?: string | undefined;
}

/**
 * The Worker's bindings: those wrangler.toml declares (generated into worker-configuration.d.ts
 * by `npm run types`) and the secrets.
 */
export type Bindings = Omit<Env, keyof Secrets> & Secrets;

export interface AppEnv {
  Bindings: Bindings;
  Variables: { requestId: string };
}
