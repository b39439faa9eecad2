import type { Bindings } from '../env';
import { ApiError, type ErrorBody, unauthorized } from '../errors';
import { type Caller, readClientUser, readShopper } from '../identity';
import { type Credentials, refuse } from './protocol';

/**
 * How a socket gets in: it is accepted unauthenticated, with a deadline in its attachment,
 * and proves who it is with its first frame. Every attachment has a `phase`; until the
 * socket is `live` it also has a `deadline`.
 */
export interface Unproven {
  phase: 'pending' | 'authenticating';
  /** Epoch milliseconds by which the socket must have authenticated. */
  deadline: number;
}

/**
 * Accepts an upgrade through the Hibernation API, unauthenticated: the socket proves who it is
 * with its first frame, before its deadline. `waiting` is what the socket asked for, kept in
 * its attachment; `tags` let the object find its sockets by side.
 *
 * The deadline is a timer, not an alarm: a pending timer keeps the object in memory only until
 * it fires, and an object is not hibernated sooner than ten seconds after its last event
 * anyway, so a timer of a few seconds costs nothing. It needs no storage and leaves the
 * object's one alarm to other uses. An object evicted before it fires disconnects its sockets
 * with it, and `attached` closes overdue sockets on every later broadcast as well.
 */
export function acceptUnproven<T extends Unproven>(
  ctx: DurableObjectState,
  waiting: Omit<T, 'phase' | 'deadline'>,
  timeoutMs: number,
  tags?: string[],
): Response {
  const [client, server] = Object.values(new WebSocketPair()) as [WebSocket, WebSocket];
  ctx.acceptWebSocket(server, tags);
  server.serializeAttachment({ ...waiting, phase: 'pending', deadline: Date.now() + timeoutMs });
  // The margin keeps the timer from firing a hair before the deadline it enforces.
  setTimeout(() => [...attached(ctx)], timeoutMs + 20);
  return new Response(null, { status: 101, webSocket: client });
}

/** What every authenticated socket's attachment carries. */
export interface Proven {
  phase: 'live';
  /** When the token it authenticated with expires, epoch milliseconds; null for a visitor. */
  expires: number | null;
}

export const EXPIRED = { code: 'unauthorized', message: 'The token has expired: reconnect.' };

export function isCurrent(state: Proven, now = Date.now()): boolean {
  return state.expires === null || state.expires > now;
}

/**
 * The object's authenticated sockets with their attachments, optionally those of one tag.
 * Sockets past their deadline, and those whose token has expired, are closed on the way:
 * nothing reaches a socket that could not make the same request over HTTP.
 */
export function* attached<T extends Proven>(
  ctx: DurableObjectState,
  tag?: string,
): Generator<[WebSocket, T]> {
  const now = Date.now();
  for (const ws of ctx.getWebSockets(tag)) {
    const state = ws.deserializeAttachment() as T | Unproven | null;
    if (!state) continue;
    if (state.phase === 'live') {
      if (isCurrent(state, now)) yield [ws, state as T];
      else refuse(ws, EXPIRED);
    } else if (state.deadline <= now) {
      refuse(ws, { code: 'unauthorized', message: 'The socket did not authenticate in time.' });
    }
  }
}

/**
 * The caller the credentials prove, for a socket of either side, checked exactly as an HTTP
 * request's would be. Throws the same ApiError an HTTP request would get.
 */
export async function identify(
  env: Bindings,
  side: Caller['side'],
  bcid: string,
  credentials: Credentials,
): Promise<Caller> {
  if (side === 'customer') {
    const shopper = await readShopper(env, { bcid, ...credentials });
    return { side, type: shopper.type, id: shopper.id };
  }

  if (!credentials.token) throw unauthorized('Send the access token as `data.token`.');
  const agent = await readClientUser(env, `Bearer ${credentials.token}`);
  return { side, ...agent };
}

/**
 * When the credentials stop being valid, epoch milliseconds; null for a visitor's id. Read
 * only after `identify` has verified the token, whose `exp` it then trusts.
 */
export function expiryOf(side: Caller['side'], credentials: Credentials): number | null {
  const token = side === 'customer' ? credentials._auth : credentials.token;
  const payload = token?.split('.')[1];
  if (!payload) return null;

  const base64 = payload.replaceAll('-', '+').replaceAll('_', '/');
  const claims = JSON.parse(atob(base64)) as { exp?: unknown };
  return typeof claims.exp === 'number' ? claims.exp * 1000 : null;
}

/** The error body to tell a socket, for whatever authentication threw. */
export function refusalOf(error: unknown): ErrorBody {
  if (error instanceof ApiError) return error.toBody();
  const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
  const line = { level: 'error', message: 'socket authentication failed', detail };
  console.error(JSON.stringify(line));
  return { code: 'internal', message: 'Something went wrong on our side.' };
}
