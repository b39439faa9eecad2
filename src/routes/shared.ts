import type { Context } from 'hono';
import type { AppEnv, Bindings } from '../env';

/** The stub of a session's Durable Object. The session id is the object's name. */
export function sessionObject(env: Bindings, sessionId: string) {
  return env.CHAT_SESSION.get(env.CHAT_SESSION.idFromName(sessionId));
}

/** The success envelope every endpoint answers with. */
export function ok<T>(c: Context<AppEnv>, data: T) {
  return c.json({ data, status: true as const });
}

/** The caller's address as Cloudflare's edge reports it; empty where nothing reports it. */
export function callerIp(c: Context<AppEnv>): string {
  return c.req.header('cf-connecting-ip') ?? '';
}
