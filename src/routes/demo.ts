import { Hono } from 'hono';
import { createMiddleware } from 'hono/factory';
import { signClientUserToken } from '../auth';
import { findChannel } from '../db';
import { notFound } from '../errors';
import type { AppEnv, Bindings } from '../env';
import { authSecret } from '../identity';
import { body } from '../middleware';
import { demoPage } from '../pages/demo';
import { demoTokenBody } from '../schemas';
import { PAGE_POLICY } from './reference';
import { ok } from './shared';

/** The storefront `npm run dev` registers, which the demo page chats on. */
const DEMO_BCID = '2877383e-5551-4708-862b-a0827d294d73';
const DEMO_AGENT = 'demo-agent';
const TOKEN_TTL_SECONDS = 60 * 60;

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * The demo mints agent tokens for anyone who asks, so it answers only where `npm run dev` put
 * DEMO=on into .dev.vars and only to requests for a loopback address: a deployment that got the
 * variable by mistake still refuses, since no request reaches it under such a host name.
 */
export function demoEnabled(env: Bindings, url: string): boolean {
  return env.DEMO === 'on' && LOOPBACK.has(new URL(url).hostname);
}

const localOnly = createMiddleware<AppEnv>(async (c, next) => {
  if (!demoEnabled(c.env, c.req.url)) throw notFound('The demo is served by `npm run dev` only.');
  await next();
});

export const demoRoutes = new Hono<AppEnv>()
  .use(localOnly)
  .get('/', (c) => {
    c.header('content-security-policy', PAGE_POLICY);
    return c.html(demoPage(DEMO_BCID));
  })

  .post('/tokens', body(demoTokenBody), async (c) => {
    const { bcid } = c.req.valid('json');
    const channel = await findChannel(c.env.DB, bcid);
    if (!channel) throw notFound('No channel has this bcid.');

    const { clientId } = channel;
    const accessToken = await signClientUserToken(
      DEMO_AGENT,
      clientId,
      authSecret(c.env),
      TOKEN_TTL_SECONDS,
    );
    const expiresAt = Math.floor(Date.now() / 1000) + TOKEN_TTL_SECONDS;
    return ok(c, { accessToken, clientId, clientUserId: DEMO_AGENT, expiresAt });
  });
