import type { Context } from 'hono';
import { createSession, findSession, type Channel } from './db';
import type { AppEnv } from './env';
import { rateLimited } from './errors';
import type { Shopper } from './identity';
import { callerIp } from './routes/shared';
import type { SessionOwner } from './session/message';

/** The rate-limiting bindings count per period; wrangler.toml sets both periods to 60 s. */
const NEW_SESSION_PERIOD_SECONDS = 60;

/**
 * Creates the shopper's session on the channel, which the caller found it has none on.
 * Creating one is limited per caller IP and per shopper, so that a script cannot fill the
 * index with sessions. A shopper whose concurrent first call already created the session is
 * given it, limit or not.
 */
export async function createSessionWithinLimits(
  c: Context<AppEnv>,
  channel: Channel,
  shopper: Shopper,
): Promise<SessionOwner> {
  const db = c.env.DB;
  const ip = callerIp(c);
  const checks = [c.env.NEW_SESSIONS_PER_SHOPPER.limit({ key: `${shopper.type}:${shopper.id}` })];
  // Cloudflare's edge always reports the caller's IP; only local tools may leave it out.
  if (ip) checks.push(c.env.NEW_SESSIONS_PER_IP.limit({ key: ip }));
  const outcomes = await Promise.all(checks);

  if (outcomes.every((outcome) => outcome.success)) return createSession(db, channel, shopper);
  const raced = await findSession(db, channel.bcid, shopper);
  if (raced) return raced;
  throw rateLimited('Too many new chat sessions; try again later.', NEW_SESSION_PERIOD_SECONDS);
}
