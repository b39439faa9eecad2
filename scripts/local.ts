// Local set-up shared by `npm run dev` and `npm run token`: a .dev.vars with secrets of this
// machine's own, and the environment that keeps wrangler off the network.
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

export const DEV_VARS = '.dev.vars';

export const offline = {
  ...process.env,
  CLOUDFLARE_CF_FETCH_ENABLED: 'false',
  WRANGLER_SEND_METRICS: 'false',
};

/** Reads .dev.vars, writing it first with fresh random secrets when it does not exist. */
export function localSecrets(): Record<string, string> {
  if (!existsSync(DEV_VARS)) {
    const secret = () => randomBytes(32).toString('base64url');
    const lines = [
      '# Local secrets for `wrangler dev`, made by scripts/local.ts. Never deploy these.',
      `AUTH_SECRET=${secret()}`,
      `ADMIN_SECRET=${secret()}`,
      '',
    ];
    writeFileSync(DEV_VARS, lines.join('\n'), { mode: 0o600 });
  }

  const vars: Record<string, string> = {};
  for (const line of readFileSync(DEV_VARS, 'utf8').split('\n')) {
    const match = line.match(/^\s*([A-Z_][A-Z0-9_]*)\s*=\s*(.*?)\s*$/);
    if (match?.[1] && match[2] !== undefined) vars[match[1]] = match[2].replace(/^"(.*)"$/, '$1');
  }
  return vars;
}
