import { applyD1Migrations, env } from 'cloudflare:test';
import { EXAMPLE_CHANNEL, OTHER_CHANNEL, SISTER_CHANNEL } from './helpers';

await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);

const register = env.DB.prepare(
  'INSERT OR IGNORE INTO channels (bcid, client_id, created_at) VALUES (?, ?, 0)',
);
await env.DB.batch(
  [EXAMPLE_CHANNEL, SISTER_CHANNEL, OTHER_CHANNEL].map((channel) =>
    register.bind(channel.bcid, channel.clientId),
  ),
);
