// `npm run dev`: prepares the local state, then serves the Worker on http://127.0.0.1:8787.
// Extra arguments go to `wrangler dev`: `--port 9000` replaces the port, and `--persist-to <dir>`
// keeps the database there too.
import { prepareLocalState, serve } from './local';

const args = process.argv.slice(2);
const option = (name: string) => {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
};
const without = (names: string[]) =>
  args.filter((arg, i) => !names.includes(arg) && !names.includes(args[i - 1] ?? ''));

const persistTo = option('--persist-to');
prepareLocalState(persistTo);
const dev = serve({
  port: Number(option('--port') ?? 8787),
  ...(persistTo ? { persistTo } : {}),
  extraArgs: without(['--port', '--persist-to']),
});

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => dev.pid && process.kill(-dev.pid, signal));
}
dev.on('exit', (code) => process.exit(code ?? 0));
