import { type Context, Hono } from 'hono';
import { findChannel } from '../db';
import { ApiError, notFound } from '../errors';
import type { AppEnv } from '../env';
import { query } from '../middleware';
import { connectQuery, inboxQuery } from '../schemas';
import { sessionObject } from './shared';

/**
 * The WebSocket endpoints. The Worker checks the query and hands the upgrade to the object
 * that serves it; credentials never travel in the URL, which ends up in logs: each socket
 * sends them in its first frame, and the object checks them as an HTTP request's.
 */
export const liveRoutes = new Hono<AppEnv>()
  .get('/customer/connect', query(connectQuery), (c) => connectSession(c, 'customer'))
  .get('/client/connect', query(connectQuery), (c) => connectSession(c, 'handler'))
  .get('/client/inbox', query(inboxQuery), async (c) => {
    requireUpgrade(c);
    const input = c.req.valid('query');

    const channel = await findChannel(c.env.DB, input.bcid);
    if (!channel) throw notFound('No channel has this bcid.');

    const target = internalUrl({ clientId: channel.clientId, after: input.after });
    const inbox = c.env.CLIENT_INBOX.get(c.env.CLIENT_INBOX.idFromName(channel.clientId));
    return inbox.fetch(new Request(target, c.req.raw));
  });

type ConnectContext = Context<AppEnv, string, { out: { query: typeof connectQuery._output } }>;

function connectSession(c: ConnectContext, side: 'customer' | 'handler') {
  requireUpgrade(c);
  const input = c.req.valid('query');

  const target = internalUrl({ side, bcid: input.bcid, after: input.after });
  return sessionObject(c.env, input.sessionId).fetch(new Request(target, c.req.raw));
}

function requireUpgrade(c: Context<AppEnv>): void {
  if (c.req.header('upgrade')?.toLowerCase() !== 'websocket') {
    throw new ApiError(426, 'invalid_request', 'Connect with a WebSocket upgrade.');
  }
}

/** The URL the object reads what the socket asked for from; only checked values go in. */
function internalUrl(params: Record<string, string | undefined>): URL {
  const url = new URL('https://live.internal/connect');
  for (const [name, value] of Object.entries(params)) {
    if (value !== undefined) url.searchParams.set(name, value);
  }
  return url;
}
