import { nanoid } from 'nanoid';
import { CLIENT_USER_AUDIENCE, CUSTOMER_AUDIENCE, MIN_SECRET_LENGTH, verifyToken } from './auth';
import { ApiError, invalidRequest, unauthorized } from './errors';
import type { Bindings } from './env';
import { uuid, visitorIdentifier } from './schemas';

/** A shopper: a logged-in customer (from `_auth`) or an anonymous visitor. */
export interface Shopper {
  type: 'customer' | 'visitor';
  id: string;
}

/** A staff member of a client, from an agent access token. */
export interface ClientUser {
  clientUserId: string;
  clientId: string;
}

/** Who calls a session's Durable Object: the object checks it against the session's owner. */
export type Caller = ({ side: 'customer' } & Shopper) | ({ side: 'handler' } & ClientUser);

interface ShopperFields {
  bcid: string;
  _auth?: string | undefined;
  customerIdentifier?: string | undefined;
}

/** The signing secret. A deployment without one refuses requests instead of using a default. */
export function authSecret(env: Bindings): string {
  const secret = env.AUTH_SECRET;
  if (!secret || secret.length < MIN_SECRET_LENGTH) {
    console.error(JSON.stringify({ level: 'error', message: 'AUTH_SECRET is missing or short' }));
    throw new ApiError(500, 'internal', 'The service is not configured.');
  }
  return secret;
}

/**
 * Reads the shopper from a request body. `_auth`, when present, decides alone, as the
 * contract says; a bad one is a 401, never a fall back to visitor. Without either field,
 * `init_message_session` may mint a visitor id (`mintVisitor`); other endpoints refuse.
 */
export async function readShopper(
  env: Bindings,
  body: ShopperFields,
  mintVisitor = false,
): Promise<Shopper & { minted?: boolean }> {
  if (body._auth) return verifyCustomer(env, body._auth, body.bcid);

  if (body.customerIdentifier) {
    const parsed = visitorIdentifier.safeParse(body.customerIdentifier);
    if (!parsed.success) {
      const message = parsed.error.issues[0]?.message ?? 'Invalid.';
      throw invalidRequest('The request is invalid.', [{ path: 'customerIdentifier', message }]);
    }
    return { type: 'visitor', id: parsed.data };
  }

  if (mintVisitor) return { type: 'visitor', id: nanoid(), minted: true };
  throw unauthorized('Send `_auth` for a customer or `customerIdentifier` for a visitor.');
}

async function verifyCustomer(env: Bindings, token: string, bcid: string): Promise<Shopper> {
  const claims = await verifyToken(token, authSecret(env), CUSTOMER_AUDIENCE);
  const sub = claims?.sub;
  if (typeof sub !== 'string' || sub.length === 0 || sub.length > 128) {
    throw unauthorized('The `_auth` token is invalid or expired.');
  }
  if (claims?.bcid !== undefined && claims.bcid !== bcid) {
    throw unauthorized('The `_auth` token is not valid for this bcid.');
  }
  return { type: 'customer', id: sub };
}

/** Reads the agent from `Authorization: Bearer <access token>`. */
export async function readClientUser(
  env: Bindings,
  header: string | undefined,
): Promise<ClientUser> {
  const token = header?.match(/^Bearer\s+(\S+)$/i)?.[1];
  if (!token) throw unauthorized('Send an access token as `Authorization: Bearer <token>`.');

  const claims = await verifyToken(token, authSecret(env), CLIENT_USER_AUDIENCE);
  const sub = claims?.sub;
  const clientId = uuid.safeParse(claims?.clientId);
  if (typeof sub !== 'string' || sub.length === 0 || sub.length > 128 || !clientId.success) {
    throw unauthorized('The access token is invalid or expired.');
  }
  return { clientUserId: sub, clientId: clientId.data };
}
