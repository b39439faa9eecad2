// Starts `wrangler dev` for the benchmark on its own port and its own local state, so that it
// neither meets a developer's `npm run dev` nor leaves data in theirs.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, openSync } from 'node:fs';
import { localSecrets, offline } from '../../scripts/local';

export const PORT = 8792;
export const ORIGIN = `http://127.0.0.1:${PORT}`;
const STATE = '.wrangler/bench-live';
export const LOG = `${STATE}/wrangler.log`;

export interface Server {
  secret: string;
  /** Stops wrangler dev and its workerd, and resolves once they are gone. */
  stop(): Promise<void>;
}

function prepare(args: string[]): void {
  const local = ['--local', '--persist-to', STATE];
  const result = spawnSync('npx', ['wrangler', ...args, ...local], { stdio: 'ignore', env: offline });
  if (result.status !== 0) throw new Error(`wrangler ${args.join(' ')} failed`);
}

async function answers(): Promise<boolean> {
  try {
    await fetch(`${ORIGIN}/`);
    return true;
  } catch {
    return false;
  }
}

export async function startServer(): Promise<Server> {
  const secret = localSecrets().AUTH_SECRET;
  if (!secret) throw new Error('no AUTH_SECRET in .dev.vars');
  prepare(['d1', 'migrations', 'apply', 'DB']);
  prepare(['d1', 'execute', 'DB', '--file', 'scripts/seed-local.sql']);

  const args = ['wrangler', 'dev', '--ip', '127.0.0.1', '--port', String(PORT), '--persist-to', STATE];
  // Its own process group, so that stopping it stops workerd too. Its output goes to a log.
  mkdirSync(STATE, { recursive: true });
  const log = openSync(LOG, 'w');
  const stdio = ['ignore', log, log] as const;
  const child: ChildProcess = spawn('npx', args, { stdio: [...stdio], env: offline, detached: true });
  const signal = (name: NodeJS.Signals) => {
    if (child.pid !== undefined && child.exitCode === null) process.kill(-child.pid, name);
  };
  process.on('exit', () => signal('SIGKILL'));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    signal('SIGTERM');
    const late = setTimeout(() => signal('SIGKILL'), 5_000);
    await exited;
    clearTimeout(late);
  };

  const started = Date.now();
  while (!(await answers())) {
    if (child.exitCode !== null || Date.now() - started > 60_000) {
      await stop();
      throw new Error(`wrangler dev did not start: see ${LOG}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return { secret, stop };
}
