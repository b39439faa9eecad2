import { sign, verify } from 'hono/jwt';

/**
 * Tokens are HS256 JWTs signed with the deployment's AUTH_SECRET. The audience keeps the two
 * kinds apart, so a shopper's `_auth` can never pass as an agent's access token.
 */
export const CUSTOMER_AUDIENCE = 'aftershop:customer';
export const CLIENT_USER_AUDIENCE = 'aftershop:client-user';

/** Shorter secrets are refused: an HMAC key is only as strong as its length. */
export const MIN_SECRET_LENGTH = 32;

export interface CustomerClaims {
  sub: string;
  aud: typeof CUSTOMER_AUDIENCE;
  exp: number;
  iat: number;
  /** When present, the token opens sessions on this channel only. */
  bcid?: string;
}

export interface ClientUserClaims {
  sub: string;
  aud: typeof CLIENT_USER_AUDIENCE;
  exp: number;
  iat: number;
  clientId: string;
}

// Importing an HMAC key is costly next to verifying with it; a Worker keeps one per secret.
const keys = new Map<string, Promise<CryptoKey>>();

function keyFor(secret: string): Promise<CryptoKey> {
  let key = keys.get(secret);
  if (!key) {
    const raw = new TextEncoder().encode(secret);
    const algorithm = { name: 'HMAC', hash: 'SHA-256' };
    key = crypto.subtle.importKey('raw', raw, algorithm, false, ['sign', 'verify']);
    keys.set(secret, key);
  }
  return key;
}

/**
 * Verifies signature, algorithm (HS256 only, whatever the header claims), expiry (required)
 * and audience. Returns the payload, or null for any token that fails, so that callers
 * cannot tell one failure from another.
 */
export async function verifyToken(
  token: string,
  secret: string,
  audience: string,
): Promise<Record<string, unknown> | null> {
  try {
    const payload = await verify(token, await keyFor(secret), { alg: 'HS256', aud: audience });
    return typeof payload.exp === 'number' ? payload : null;
  } catch {
    return null;
  }
}

export interface CustomerTokenOptions {
  bcid?: string;
  ttlSeconds: number;
}

export async function signCustomerToken(
  customerId: string,
  secret: string,
  { bcid, ttlSeconds }: CustomerTokenOptions,
): Promise<string> {
  const iat = Math.floor(Date.now() / 1000);
  const claims: CustomerClaims = {
    sub: customerId,
    aud: CUSTOMER_AUDIENCE,
    iat,
    exp: iat + ttlSeconds,
  };
  if (bcid) claims.bcid = bcid;
  return sign({ ...claims }, await keyFor(secret), 'HS256');
}

export async function signClientUserToken(
  clientUserId: string,
  clientId: string,
  secret: string,
  ttlSeconds: number,
): Promise<string> {
  const iat = Math.floor(Date.now() / 1000);
  const claims: ClientUserClaims = {
    sub: clientUserId,
    aud: CLIENT_USER_AUDIENCE,
    iat,
    exp: iat + ttlSeconds,
    clientId,
  };
  return sign({ ...claims }, await keyFor(secret), 'HS256');
}
