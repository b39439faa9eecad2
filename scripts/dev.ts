// `npm run dev`: prepares the local state, then serves the Worker on http://127.0.0.1:8787.
// Extra arguments go to `wrangler dev` (for example `npm run dev -- --persist-to /tmp/chat`).
import { prepareLocalState, serve } from './local';

prepareLocalState();
const dev = serve({ port: 8787, extraArgs: process.argv.slice(2) });

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => dev.pid && process.kill(-dev.pid, signal));
}
dev.on('exit', (code) => process.exit(code ?? 0));
