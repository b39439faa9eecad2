import { env, runDurableObjectAlarm } from 'cloudflare:test';
import { exports } from 'cloudflare:workers';
import { expect } from 'vitest';
import { signClientUserToken, signCustomerToken } from '../src/auth';
import type { Message } from '../src/session/message';

/** The channel of the original document's examples. */
export const EXAMPLE_CHANNEL = {
  bcid: '2877383e-5551-4708-862b-a0827d294d73',
  clientId: '076e3378-a3f4-441e-a998-4a89ee894d83',
};
/** A second storefront of the same client. */
export const SISTER_CHANNEL = {
  bcid: '5b0e6a5e-3f7d-4d55-9d1c-2f7b1c1b8a01',
  clientId: EXAMPLE_CHANNEL.clientId,
};
/** A storefront of another client. */
export const OTHER_CHANNEL = {
  bcid: '9d3c1f0a-7e2b-4c8d-a6f5-3b2e1d0c9f8e',
  clientId: 'c1d2e3f4-a5b6-4c7d-8e9f-0a1b2c3d4e5f',
};

export const BCID = EXAMPLE_CHANNEL.bcid;

export function secret(): string {
  if (!env.AUTH_SECRET) throw new Error('the test configuration sets AUTH_SECRET');
  return env.AUTH_SECRET;
}

export function customerAuth(customerId: string, options: { bcid?: string; ttl?: number } = {}) {
  const tokenOptions = options.bcid
    ? { bcid: options.bcid, ttlSeconds: options.ttl ?? 600 }
    : {
        ttlSeconds: options.ttl ?? 600,
      };
  return signCustomerToken(customerId, secret(), tokenOptions);
}

export function agentToken(clientUserId: string, clientId = EXAMPLE_CHANNEL.clientId, ttl = 600) {
  return signClientUserToken(clientUserId, clientId, secret(), ttl);
}

export interface Reply<T = unknown> {
  status: number;
  headers: Headers;
  body: { status: boolean; data: T; error: { code: string; message: string; issues?: unknown } };
}

/** POSTs a JSON body to the Worker, as a storefront would. */
export async function post<T = unknown>(
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<Reply<T>> {
  const response = await exports.default.fetch(`https://chat.example${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, headers: response.headers, body: await response.json() };
}

/** A visitor id of the contract's format, unique per call. */
export function visitorId(): string {
  return `visitor_${crypto.randomUUID().replaceAll('-', '')}`;
}

export interface Opened {
  sessionId: string;
  messages: Message[];
  customerIdentifier?: string;
}

/** Opens (or reopens) a shopper's session and expects success. */
export async function openSession(identity: Record<string, string>, bcid = BCID) {
  const reply = await post<Opened>('/message/customer/init_message_session', { bcid, ...identity });
  expect(reply.status).toBe(200);
  return reply.body.data;
}

/** A fresh visitor's session, and the body fields that address it as that visitor. */
export async function visitorSession() {
  const visitor = { customerIdentifier: visitorId() };
  const { sessionId } = await openSession(visitor);
  return { visitor, sessionId, base: { bcid: BCID, sessionId, ...visitor } };
}

export function textMessage(value: string, sendAt = 1) {
  return { type: 'text', value, sendAt, fromDevice: 'vitest' };
}

export async function sendAsShopper(
  identity: Record<string, string>,
  sessionId: string,
  value: string,
  bcid = BCID,
) {
  const reply = await post<Message>('/message/customer/send_message', {
    bcid,
    sessionId,
    ...identity,
    ...textMessage(value),
  });
  expect(reply.status).toBe(200);
  return reply.body.data;
}

export async function sendAsAgent(token: string, sessionId: string, value: string, bcid = BCID) {
  const reply = await post<Message>(
    '/message/client/send_message',
    { bcid, sessionId, ...textMessage(value) },
    { authorization: `Bearer ${token}` },
  );
  expect(reply.status).toBe(200);
  return reply.body.data;
}

export async function readPage(
  identity: Record<string, string>,
  sessionId: string,
  query: { nextOrPrevious: 'next' | 'previous'; size?: number; chatRoomMessageId?: string },
  bcid = BCID,
) {
  return post<Message[]>('/message/customer/get_messages', {
    bcid,
    sessionId,
    ...identity,
    ...query,
  });
}

/** POSTs as an agent, with its access token. */
export async function agentPost<T = unknown>(path: string, token: string, body: object) {
  return post<T>(
    `/message/client/${path}`,
    { bcid: BCID, ...body },
    {
      authorization: `Bearer ${token}`,
    },
  );
}

export interface InboxEntry {
  sessionId: string;
  bcid: string;
  clientId: string;
  customerIdentifier: string;
  customerIdentifierType: string;
  createdAt: number;
  lastMessageAt: number | null;
  lastMessage: Message | null;
  unreadCount: number;
  freezed: boolean;
}

export interface InboxPage {
  sessions: InboxEntry[];
  nextCursor: string | null;
}

/** One page of the agent's inbox; expects success. */
export async function listSessions(token: string, query: Record<string, unknown> = {}) {
  const reply = await post<InboxPage>('/message/client/list_sessions', query, {
    authorization: `Bearer ${token}`,
  });
  expect(reply.status).toBe(200);
  return reply.body.data;
}

export function sessionStub(sessionId: string) {
  return env.CHAT_SESSION.get(env.CHAT_SESSION.idFromName(sessionId));
}

/** Runs the session's pending alarm now, as the platform would when it comes due. */
export function syncInbox(sessionId: string): Promise<boolean> {
  return runDurableObjectAlarm(sessionStub(sessionId));
}

/** Registers a storefront of a client of its own, so a test's inbox holds only its sessions. */
export async function freshChannel(clientId: string = crypto.randomUUID()) {
  const channel = { bcid: crypto.randomUUID(), clientId };
  await env.DB.prepare('INSERT INTO channels (bcid, client_id, created_at) VALUES (?, ?, 0)')
    .bind(channel.bcid, channel.clientId)
    .run();
  return channel;
}
