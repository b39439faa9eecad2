// Local set-up shared by the scripts: a .dev.vars with secrets of this machine's own, the local
// D1 migrated and seeded, and wrangler started with the environment that keeps it off the network.
import { spawn, spawnSync } from 'node:child_process';
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

const WRANGLER = 'node_modules/.bin/wrangler';

function run(args: string[]): void {
  const result = spawnSync(WRANGLER, args, {
    stdio: ['ignore', 'inherit', 'inherit'],
    env: offline,
  });
  if (result.status !== 0) throw new Error(`wrangler ${args.join(' ')} failed (${result.status})`);
}

/** Migrates the local D1 (in `persistTo`, or wrangler's default state) and seeds the channel. */
export function prepareLocalState(persistTo?: string): void {
  const where = persistTo ? ['--persist-to', persistTo] : [];
  localSecrets();
  run(['d1', 'migrations', 'apply', 'DB', '--local', ...where]);
  run(['d1', 'execute', 'DB', '--local', '--file', 'scripts/seed-local.sql', ...where]);
}

export interface ServeOptions {
  port: number;
  persistTo?: string;
  extraArgs?: string[];
  /** Where wrangler's own output goes: 'inherit' shows it, a file descriptor keeps it. */
  stdio?: 'inherit' | 'ignore' | number;
}

/**
 * Starts `wrangler dev` in a process group of its own, so that the whole group (wrangler and
 * its workerd) can be stopped, or killed outright, with one signal to `-pid`.
 */
export function serve({ port, persistTo, extraArgs = [], stdio = 'inherit' }: ServeOptions) {
  const where = persistTo ? ['--persist-to', persistTo] : [];
  const args = ['dev', '--ip', '127.0.0.1', '--port', String(port), ...where, ...extraArgs];
  return spawn(WRANGLER, args, { stdio: ['ignore', stdio, stdio], env: offline, detached: true });
}

/** Resolves once the server at `origin` answers HTTP at all, or rejects after `seconds`. */
export async function untilServing(origin: string, seconds = 60): Promise<void> {
  const deadline = Date.now() + seconds * 1000;
  while (Date.now() < deadline) {
    try {
      await fetch(`${origin}/`);
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  throw new Error(`${origin} did not start within ${seconds} s`);
}
