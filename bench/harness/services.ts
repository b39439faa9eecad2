// The two local Workers a bench run measures: the service's bench build and the floor. Each
// runs under `wrangler dev` with state of its own under bench/.state, fresh for every run.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const ROOT = new URL('../..', import.meta.url).pathname;
const BENCH = join(ROOT, 'bench');
const STATE = join(BENCH, '.state');
const WRANGLER = join(ROOT, 'node_modules', '.bin', 'wrangler');

const offline = {
  ...process.env,
  CLOUDFLARE_CF_FETCH_ENABLED: 'false',
  WRANGLER_SEND_METRICS: 'false',
};

export interface Service {
  name: string;
  config: string;
  port: number;
  persist: string;
}

export const SERVICE: Service = {
  name: 'service',
  config: join(BENCH, 'wrangler.bench.toml'),
  port: 8793,
  persist: join(STATE, 'service'),
};

export const FLOOR: Service = {
  name: 'floor',
  config: join(BENCH, 'floor', 'wrangler.toml'),
  port: 8794,
  persist: join(STATE, 'floor'),
};

export interface Secrets {
  AUTH_SECRET: string;
  ADMIN_SECRET: string;
}

/**
 * Starts from empty local state, with secrets made for this run alone. wrangler reads them
 * from the .dev.vars beside the bench's config; git ignores that file.
 */
export function freshState(): Secrets {
  rmSync(STATE, { recursive: true, force: true });
  mkdirSync(STATE, { recursive: true });

  const secret = () => randomBytes(32).toString('base64url');
  const secrets = { AUTH_SECRET: secret(), ADMIN_SECRET: secret() };
  const lines = ['# Made by `npm run bench` for its local run; never deploy these.'];
  for (const [name, value] of Object.entries(secrets)) lines.push(`${name}=${value}`);
  writeFileSync(join(BENCH, '.dev.vars'), `${lines.join('\n')}\n`, { mode: 0o600 });
  return secrets;
}

function wranglerStep(args: string[]): void {
  const result = spawnSync(WRANGLER, args, { cwd: ROOT, env: offline, encoding: 'utf8' });
  if (result.status !== 0) {
    throw new Error(`wrangler ${args.join(' ')} failed:\n${result.stdout}\n${result.stderr}`);
  }
}

/** Applies the D1 migrations to the service's local state and registers the example channel. */
export function migrate(): void {
  const target = ['--local', '-c', SERVICE.config, '--persist-to', SERVICE.persist];
  wranglerStep(['d1', 'migrations', 'apply', 'DB', ...target]);
  const seed = join(ROOT, 'scripts', 'seed-local.sql');
  wranglerStep(['d1', 'execute', 'DB', ...target, '--file', seed]);
}

export interface Running {
  service: Service;
  child: ChildProcess;
}

/** Starts `wrangler dev` for a Worker and waits until it answers. */
export async function start(service: Service): Promise<Running> {
  const log = openSync(join(STATE, `${service.name}.log`), 'a');
  const args = ['dev', '-c', service.config, '--persist-to', service.persist, '--ip', '127.0.0.1'];
  args.push('--port', String(service.port), '--show-interactive-dev-session=false');
  // Request lines printed by wrangler would cost CPU that the measured Workers share.
  args.push('--log-level', 'warn');
  // Port 0: the system picks a free port for the inspector, which no other Worker can race for.
  args.push('--inspector-port', '0');
  // Its own process group, so that stopping it stops the workerd processes it started too.
  const options = { cwd: ROOT, env: offline, detached: true };
  const child = spawn(WRANGLER, args, { ...options, stdio: ['ignore', log, log] });

  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`${service.name} exited; see bench/.state/${service.name}.log`);
    }
    try {
      await fetch(`http://127.0.0.1:${service.port}/`);
      return { service, child };
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  stop({ service, child });
  throw new Error(`${service.name} did not answer on port ${service.port} within 90 s`);
}

/** Stops a Worker started by `start`: wrangler and the workerd processes it runs. */
export function stop(running: Running): Promise<void> {
  const { child } = running;
  if (child.exitCode !== null || child.pid === undefined) return Promise.resolve();
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  process.kill(-child.pid, 'SIGTERM');
  return exited;
}

function childrenOf(pid: number): number[] {
  const children: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const fields = statFields(Number(entry));
    if (fields && Number(fields[1]) === pid) children.push(Number(entry));
  }
  return children;
}

/** The fields of /proc/<pid>/stat after the command name, from the state on; null once gone. */
function statFields(pid: number): string[] | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return null;
  }
}

function processTree(running: Running): number[] {
  const tree: number[] = [];
  const pending = running.child.pid === undefined ? [] : [running.child.pid];
  for (let pid = pending.pop(); pid !== undefined; pid = pending.pop()) {
    tree.push(pid);
    pending.push(...childrenOf(pid));
  }
  return tree;
}

/** Linux reports process times in ticks of 1/100 s, whatever the kernel's own tick. */
const TICKS_PER_SECOND = 100;

export interface CpuTime {
  /** The runtime: the workerd that runs the Worker and the one wrangler puts in front of it. */
  workerd: number;
  /** wrangler's own processes, which a deployment does not have. */
  wrangler: number;
}

/**
 * CPU seconds spent so far by one Worker's processes. Taken around a run, it gives the CPU a
 * request costs, which the machine's other load disturbs less than it disturbs requests/s.
 */
export function cpuSeconds(running: Running): CpuTime {
  const time = { workerd: 0, wrangler: 0 };
  for (const pid of processTree(running)) {
    const fields = statFields(pid);
    if (!fields) continue;
    // utime and stime, the 14th and 15th fields of the stat line.
    const seconds = (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
    if (isWorkerd(pid)) time.workerd += seconds;
    else time.wrangler += seconds;
  }
  return time;
}

function isWorkerd(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'workerd';
  } catch {
    return false;
  }
}

/**
 * The resident memory, in bytes, of the workerd process that runs the Worker and its objects
 * (the one with an inspector; wrangler puts a second, proxying workerd in front of it).
 */
export function workerMemory(running: Running): number | null {
  for (const pid of processTree(running)) {
    try {
      const command = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (!command.includes('workerd') || !command.includes('--inspector-addr')) continue;
      const rss = readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+) kB/);
      return rss?.[1] ? Number(rss[1]) * 1024 : null;
    } catch {
      continue;
    }
  }
  return null;
}

export function versions(): Record<string, string> {
  const version = (name: string) =>
    (
      JSON.parse(readFileSync(join(ROOT, 'node_modules', name, 'package.json'), 'utf8')) as {
        version: string;
      }
    ).version;
  return {
    node: process.version.slice(1),
    wrangler: version('wrangler'),
    workerd: version('workerd'),
    miniflare: version('miniflare'),
    autocannon: version('autocannon'),
  };
}
