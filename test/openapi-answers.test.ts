import { exports } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { buildDocument, type Json } from '../src/openapi/document';
import type { Message } from '../src/session/message';
import {
  agentToken,
  BCID,
  customerAuth,
  freshChannel,
  openSession,
  sendAsAgent,
  sendAsShopper,
  visitorId,
} from './helpers';

// The routes' real refusals and headers, held to what the document says of each endpoint.

const document = buildDocument();

function operationOf(operationId: string): Json {
  for (const item of Object.values(document.paths)) {
    for (const operation of Object.values(item)) {
      if (operation.operationId === operationId) return operation;
    }
  }
  throw new Error(`no operation ${operationId}`);
}

/** The `error` bodies the document shows for one status of one endpoint. */
function documentedErrors(operationId: string, status: number): Json[] {
  const responses = operationOf(operationId).responses as Record<string, Json>;
  const response = responses[String(status)];
  if (!response) return [];
  const media = (response.content as Record<string, Json>)['application/json'] ?? {};
  const named = Object.values((media.examples ?? {}) as Record<string, { value: Json }>);
  const bodies = media.example === undefined ? named.map(({ value }) => value) : [media.example];
  return bodies.map((body) => (body as { error: Json }).error);
}

const headersOf = (operationId: string, status: string) =>
  ((operationOf(operationId).responses as Record<string, Json>)[status]?.headers ?? {}) as Record<
    string,
    Json
  >;

/** Expects the answer to be one of the refusals the document lists for the endpoint. */
async function expectDocumented(operationId: string, response: Response): Promise<Json> {
  const body = (await response.json()) as { status: boolean; error: Json };
  expect(body.status).toBe(false);
  const documented = documentedErrors(operationId, response.status).map(({ code, message }) => ({
    code,
    message,
  }));
  const { code, message } = body.error;
  expect(documented, `${operationId} ${response.status}`).toContainEqual({ code, message });

  const retry = headersOf(operationId, String(response.status))['Retry-After'] !== undefined;
  expect(response.headers.has('retry-after')).toBe(retry);
  expect(response.headers.get('x-request-id')).toBeTruthy();
  return body.error;
}

function call(path: string, body: unknown, headers: Record<string, string> = {}) {
  return exports.default.fetch(`https://chat.example${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
}

const bearer = async (agent = 'agent-9') => ({
  authorization: `Bearer ${await agentToken(agent)}`,
});

function connect(path: string, query: Record<string, string>, upgrade = true) {
  const url = `https://chat.example${path}?${new URLSearchParams(query)}`;
  return exports.default.fetch(url, { headers: upgrade ? { upgrade: 'websocket' } : {} });
}

async function conversation() {
  const visitor = { customerIdentifier: visitorId() };
  const { sessionId } = await openSession(visitor);
  const question = await sendAsShopper(visitor, sessionId, 'Is it in stock?');
  const reply = await sendAsAgent(await agentToken('agent-9'), sessionId, 'It is.');
  return { visitor, sessionId, question, reply };
}

const ref = (sessionId: string, message: Message) => ({
  bcid: BCID,
  sessionId,
  chatRoomMessageId: message.chatRoomMessageId,
});

describe('the refusals of the shopper endpoints', () => {
  it('are the ones the document lists', async () => {
    const { visitor, sessionId, reply } = await conversation();

    await expectDocumented(
      'initMessageSession',
      await call('/message/customer/init_message_session', { bcid: crypto.randomUUID() }),
    );
    await expectDocumented(
      'sendCustomerMessage',
      await call('/message/customer/send_message', {
        bcid: BCID,
        sessionId,
        type: 'text',
        value: 'Anyone?',
        sendAt: 1,
      }),
    );
    await expectDocumented(
      'getMessages',
      await call('/message/customer/get_messages', {
        bcid: BCID,
        ...visitor,
        sessionId,
        nextOrPrevious: 'next',
        chatRoomMessageId: crypto.randomUUID(),
      }),
    );
    await expectDocumented(
      'markReadAsCustomer',
      await call('/message/customer/mark_read', {
        ...ref(sessionId, reply),
        customerIdentifier: visitorId(),
      }),
    );
    await expectDocumented(
      'revokeCustomerMessage',
      await call('/message/customer/revoke_message', { ...ref(sessionId, reply), ...visitor }),
    );
  });

  it("refuse a frozen session's sends as documented", async () => {
    const { visitor, sessionId } = await conversation();
    const frozen = await call(
      '/message/client/freeze_session',
      { bcid: BCID, sessionId, freezed: true },
      await bearer(),
    );
    expect(frozen.status).toBe(200);

    const send = { bcid: BCID, ...visitor, sessionId, type: 'text', value: 'Hello?', sendAt: 2 };
    const refused = await call('/message/customer/send_message', send);
    expect(refused.status).toBe(423);
    await expectDocumented('sendCustomerMessage', refused);
  });

  it('refuse the claims the document lists', async () => {
    const customer = `customer-${crypto.randomUUID()}`;
    const _auth = await customerAuth(customer);
    const body = { bcid: BCID, _auth, customerIdentifier: visitorId() };
    const none = await call('/message/customer/claim_session', body);
    expect(none.status).toBe(404);
    await expectDocumented('claimSession', none);

    await openSession({ _auth });
    const visitor = { customerIdentifier: visitorId() };
    await openSession(visitor);
    const taken = await call('/message/customer/claim_session', { bcid: BCID, _auth, ...visitor });
    expect(taken.status).toBe(409);
    await expectDocumented('claimSession', taken);
  });
});

describe('the refusals of the agent endpoints', () => {
  it('are the ones the document lists', async () => {
    const { sessionId, question } = await conversation();
    const agent = await bearer();

    await expectDocumented(
      'sendAgentMessage',
      await call('/message/client/send_message', {
        bcid: BCID,
        sessionId,
        type: 'text',
        value: 'Hello.',
        sendAt: 3,
      }),
    );
    const cursor = await call('/message/client/list_sessions', { cursor: 'not-ours' }, agent);
    const error = await expectDocumented('listSessions', cursor);
    expect(error.issues).toEqual([
      { path: 'cursor', message: 'Not a cursor this endpoint returned.' },
    ]);
    await expectDocumented(
      'listSessions',
      await call('/message/client/list_sessions', {}, { authorization: 'Bearer nonsense' }),
    );
    await expectDocumented(
      'revokeAgentMessage',
      await call('/message/client/revoke_message', ref(sessionId, question), agent),
    );
    await expectDocumented(
      'freezeMessage',
      await call(
        '/message/client/freeze_message',
        { ...ref(sessionId, question), chatRoomMessageId: crypto.randomUUID(), freezed: true },
        agent,
      ),
    );
    const stranger = { authorization: `Bearer ${await agentToken('x', crypto.randomUUID())}` };
    await expectDocumented(
      'freezeSession',
      await call(
        '/message/client/freeze_session',
        { bcid: BCID, sessionId, freezed: true },
        stranger,
      ),
    );
    await expectDocumented(
      'markReadAsAgent',
      await call(
        '/message/client/mark_read',
        { bcid: BCID, sessionId, chatRoomMessageId: crypto.randomUUID() },
        agent,
      ),
    );
  });
});

describe('the read state headers of get_messages', () => {
  it('are sent by each side as documented, a mark not yet set left out', async () => {
    const { visitor, sessionId, question } = await conversation();
    const agent = await bearer();
    const page = { bcid: BCID, sessionId, nextOrPrevious: 'previous' };

    const before = await call('/message/client/get_messages', page, agent);
    expect(before.status).toBe(200);
    expect(before.headers.get('x-unread-count')).toBe('1');
    expect(before.headers.has('x-read-message-id')).toBe(false);

    const marked = await call('/message/client/mark_read', ref(sessionId, question), agent);
    expect(marked.status).toBe(200);
    const customer = await call('/message/customer/get_messages', { ...page, ...visitor });
    const documented = headersOf('getMessages', '200');
    for (const [name, header] of Object.entries(documented)) {
      if (header.required === true) expect(customer.headers.has(name), name).toBe(true);
    }
    expect(customer.headers.get('x-handler-read-message-id')).toBe(question.chatRoomMessageId);
    expect(customer.headers.has('x-read-message-id')).toBe(false);

    const after = await call('/message/client/get_messages', page, agent);
    expect(Object.keys(headersOf('getMessagesAsAgent', '200'))).toContain('X-Read-Message-Id');
    expect(after.headers.get('x-read-message-id')).toBe(question.chatRoomMessageId);
    expect(after.headers.get('x-unread-count')).toBe('0');
  });
});

describe('the WebSocket endpoints', () => {
  it('refuse a plain request and a bad query as documented', async () => {
    const { sessionId } = await conversation();
    const plain = await connect('/message/customer/connect', { bcid: BCID, sessionId }, false);
    expect(plain.status).toBe(426);
    await expectDocumented('connectAsCustomer', plain);

    const bad = await connect('/message/client/connect', { bcid: BCID, sessionId: 'short' });
    const error = await expectDocumented('connectAsAgent', bad);
    expect(error.issues).toEqual([{ path: 'sessionId', message: 'At least 21 characters.' }]);

    const unknown = await connect('/message/client/inbox', { bcid: crypto.randomUUID() });
    expect(unknown.status).toBe(404);
    await expectDocumented('connectInbox', unknown);
  });

  it('answer an upgrade with 101 and the request id', async () => {
    const channel = await freshChannel();
    const upgraded = await connect('/message/client/inbox', { bcid: channel.bcid });
    expect(upgraded.status).toBe(101);
    expect(Object.keys(operationOf('connectInbox').responses as Json)).toContain('101');
    expect(upgraded.headers.get('x-request-id')).toBeTruthy();
    upgraded.webSocket?.accept();
    upgraded.webSocket?.close(1000, 'done');
  });
});
