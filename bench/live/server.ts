// Starts `wrangler dev` for the benchmark on its own port and its own local state, so that it
// neither meets a developer's `npm run dev` nor leaves data in theirs.
import { mkdirSync, openSync } from 'node:fs';
import { localSecrets, prepareLocalState, serve, untilServing } from '../../scripts/local';

export const PORT = 8792;
export const ORIGIN = `http://127.0.0.1:${PORT}`;
const STATE = '.wrangler/bench-live';
export const LOG = `${STATE}/wrangler.log`;

/** The quota on a shopper's messages would refuse the benchmark's sends: it is lifted. */
const NO_QUOTA = ['--var', 'CUSTOMER_MESSAGE_LIMIT:1000000000'];

export interface Server {
  secret: string;
  /** Stops wrangler dev and its workerd, and resolves once they are gone. */
  stop(): Promise<void>;
}

export async function startServer(): Promise<Server> {
  const secret = localSecrets().AUTH_SECRET;
  if (!secret) throw new Error('no AUTH_SECRET in .dev.vars');
  prepareLocalState(STATE);

  // Its output goes to a log; its process group lets one signal stop workerd too.
  mkdirSync(STATE, { recursive: true });
  const child = serve({
    port: PORT,
    persistTo: STATE,
    extraArgs: NO_QUOTA,
    stdio: openSync(LOG, 'w'),
  });
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

  try {
    await untilServing(ORIGIN);
  } catch (error) {
    await stop();
    throw new Error(`wrangler dev did not start: see ${LOG}`, { cause: error });
  }
  return { secret, stop };
}
