// Local set-up shared by `npm run dev` and `npm run token`: a .dev.vars with secrets of this
// machine's own, and the environment that keeps wrangler off the network.
import { randomBytes } from 'node:crypto';
import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';

export const DEV_VARS = '.dev.vars';

export const offline = {
  ...process.env,
  CLOUDFLARE_CF_FETCH_ENABLED: 'false',
  WRANGLER_SEND_METRICS: 'false',
};

/** Marks the secrets made here, so that the deploy check knows one wherever it turns up. */
export const LOCAL_SECRET_PREFIX = 'local-dev-';

/** The line that lets `wrangler dev` serve the demo (src/routes/demo.ts). */
const DEMO_LINE = 'DEMO=on';

/**
 * Reads .dev.vars, writing it first with fresh random secrets when it does not exist, and
 * adding the demo's switch to one written before the demo existed.
 */
export function localSecrets(): Record<string, string> {
  if (!existsSync(DEV_VARS)) {
    const secret = () => LOCAL_SECRET_PREFIX + randomBytes(32).toString('base64url');
    const lines = [
      '# Local secrets for `wrangler dev`, made by scripts/local.ts. Never deploy these.',
      `AUTH_SECRET=${secret()}`,
      `ADMIN_SECRET=${secret()}`,
      DEMO_LINE,
      '',
    ];
    writeFileSync(DEV_VARS, lines.join('\n'), { mode: 0o600 });
  }

  let vars = readVars(readFileSync(DEV_VARS, 'utf8'));
  if (vars.DEMO === undefined) {
    appendFileSync(DEV_VARS, `\n${DEMO_LINE}\n`);
    vars = { ...vars, DEMO: 'on' };
  }
  return vars;
}

/** The variables of a .dev.vars or .env file. */
export function readVars(text: string): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const match = line.match(/^\s*([A-Z_][A-Z0-9_]*)\s*=\s*(.*?)\s*$/);
    if (match?.[1] && match[2] !== undefined) vars[match[1]] = match[2].replace(/^"(.*)"$/, '$1');
  }
  return vars;
}
