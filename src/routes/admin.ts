import { Hono } from 'hono';
import { createMiddleware } from 'hono/factory';
import { findChannel, insertChannel } from '../db';
import { conflict, forbidden, unauthorized } from '../errors';
import type { AppEnv } from '../env';
import { MIN_SECRET_LENGTH } from '../auth';
import { body } from '../middleware';
import { registerChannelBody } from '../schemas';
import { ok } from './shared';

/** Compares in constant time, so the response time says nothing about the secret. */
async function sameSecret(given: string, expected: string): Promise<boolean> {
  const encoder = new TextEncoder();
  const [a, b] = await Promise.all([
    crypto.subtle.digest('SHA-256', encoder.encode(given)),
    crypto.subtle.digest('SHA-256', encoder.encode(expected)),
  ]);
  return crypto.subtle.timingSafeEqual(a, b);
}

/** The operator's endpoints take `Authorization: Bearer <ADMIN_SECRET>`. */
const operatorOnly = createMiddleware<AppEnv>(async (c, next) => {
  const secret = c.env.ADMIN_SECRET;
  if (!secret || secret.length < MIN_SECRET_LENGTH) {
    throw forbidden('The admin endpoints are disabled: ADMIN_SECRET is not set.');
  }
  const given = c.req.header('authorization')?.match(/^Bearer\s+(\S+)$/i)?.[1];
  if (!given || !(await sameSecret(given, secret))) {
    throw unauthorized('Send the admin secret as `Authorization: Bearer <secret>`.');
  }
  await next();
});

export const adminRoutes = new Hono<AppEnv>()
  .use(operatorOnly)
  .post('/channels', body(registerChannelBody), async (c) => {
    const input = c.req.valid('json');
    const existing = await findChannel(c.env.DB, input.bcid);
    if (existing && existing.clientId !== input.clientId) {
      throw conflict('This bcid belongs to another client.');
    }
    return ok(c, existing ?? (await insertChannel(c.env.DB, input)));
  });
