// `npm run dev`: prepares the local state, then serves the Worker on http://127.0.0.1:8787.
// Extra arguments go to `wrangler dev` (for example `npm run dev -- --port 9000`).
import { type SpawnSyncOptions, spawn, spawnSync } from 'node:child_process';
import { localSecrets, offline } from './local';

const wrangler = (args: string[], options: SpawnSyncOptions = {}) =>
  spawnSync('npx', ['wrangler', ...args], { stdio: 'inherit', env: offline, ...options });

function step(args: string[]): void {
  const result = wrangler(args, { stdio: ['ignore', 'inherit', 'inherit'] });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

localSecrets();
step(['d1', 'migrations', 'apply', 'DB', '--local']);
step(['d1', 'execute', 'DB', '--local', '--file', 'scripts/seed-local.sql']);

const dev = spawn(
  'npx',
  ['wrangler', 'dev', '--ip', '127.0.0.1', '--port', '8787', ...process.argv.slice(2)],
  { stdio: 'inherit', env: offline },
);
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => dev.kill(signal));
dev.on('exit', (code) => process.exit(code ?? 0));
