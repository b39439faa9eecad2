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

// A `--persist-to <dir>` for wrangler dev keeps the database there too; a `--port` replaces 8787.
const args = process.argv.slice(2);
const persistAt = args.indexOf('--persist-to');
const persist = persistAt >= 0 ? args.slice(persistAt, persistAt + 2) : [];

localSecrets();
step(['d1', 'migrations', 'apply', 'DB', '--local', ...persist]);
step(['d1', 'execute', 'DB', '--local', '--file', 'scripts/seed-local.sql', ...persist]);

const port = args.includes('--port') ? [] : ['--port', '8787'];
const dev = spawn('npx', ['wrangler', 'dev', '--ip', '127.0.0.1', ...port, ...args], {
  stdio: 'inherit',
  env: offline,
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => dev.kill(signal));
dev.on('exit', (code) => process.exit(code ?? 0));
