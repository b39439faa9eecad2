import type { Context } from 'hono';
import type { AppEnv, Bindings } from '../env';
import { unavailable } from '../errors';

type SessionStub = DurableObjectStub<import('../session/ChatSession').ChatSession>;

/** The stub of a session's Durable Object. The session id is the object's name. */
export function sessionObject(env: Bindings, sessionId: string): SessionStub {
  return env.CHAT_SESSION.get(env.CHAT_SESSION.idFromName(sessionId));
}

/** How Durable Object calls report a fault of the platform rather than of our code. */
interface PlatformFault {
  retryable?: boolean;
  overloaded?: boolean;
}

const ATTEMPTS = 3;

/**
 * Calls a session's object. An overloaded object, or a fault the platform calls retryable,
 * becomes a 503 with Retry-After; only an idempotent call is first retried, each time on a
 * fresh stub, since a broken stub stays broken.
 */
export async function withSession<T>(
  env: Bindings,
  sessionId: string,
  idempotent: boolean,
  call: (session: SessionStub) => Promise<T>,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call(sessionObject(env, sessionId));
    } catch (error) {
      const fault = (typeof error === 'object' && error !== null ? error : {}) as PlatformFault;
      if (fault.overloaded) throw unavailable();
      if (!fault.retryable) throw error;
      if (!idempotent || attempt === ATTEMPTS) throw unavailable();
    }
  }
}

/** The success envelope every endpoint answers with. */
export function ok<T>(c: Context<AppEnv>, data: T) {
  return c.json({ data, status: true as const });
}

/** The caller's address as Cloudflare's edge reports it; empty where nothing reports it. */
export function callerIp(c: Context<AppEnv>): string {
  return c.req.header('cf-connecting-ip') ?? '';
}
