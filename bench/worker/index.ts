import app from '../../src/index';
import type { Bindings } from '../../src/env';
import { countingEnv, type Tally } from './counting';
import { benchRoutes } from './routes';

export { ClientInbox } from '../../src/inbox/ClientInbox';
export { BenchChatSession } from './session';

/**
 * The bench build's Worker: the production app as it is, the /bench/* routes beside it, and
 * on request (`x-bench-tally: 1`) the count of D1 statements and object calls a request made.
 */
export default {
  async fetch(request, env, ctx) {
    if (new URL(request.url).pathname.startsWith('/bench/')) {
      return benchRoutes.fetch(request, env, ctx);
    }
    if (request.headers.get('x-bench-tally') !== '1') return app.fetch(request, env, ctx);

    const tally: Tally = { d1Queries: 0, objectCalls: 0 };
    const response = await app.fetch(request, countingEnv(env, tally), ctx);
    const tallied = new Response(response.body, response);
    tallied.headers.set('x-bench-d1-queries', String(tally.d1Queries));
    tallied.headers.set('x-bench-object-calls', String(tally.objectCalls));
    return tallied;
  },
} satisfies ExportedHandler<Bindings>;
