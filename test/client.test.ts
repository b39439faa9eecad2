import { env } from 'cloudflare:test';
import { exports } from 'cloudflare:workers';
import { hc } from 'hono/client';
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { z } from 'zod';
import type { AppType } from '../src/index';
import {
  channel,
  claimedSession,
  customerReadState,
  failure,
  frozenSession,
  handlerReadState,
  inboxPage,
  message,
  messagePage,
  openedSession,
  success,
} from '../src/openapi/responses';
import type { Message } from '../src/session/message';
import {
  agentToken,
  BCID,
  customerAuth,
  EXAMPLE_CHANNEL,
  freshChannel,
  syncInbox,
  visitorId,
} from './helpers';

/** The typed client, its fetch bound to the Worker under test. */
const client = hc<AppType>('https://chat.example', {
  fetch: (input: RequestInfo | URL, init?: RequestInit) => exports.default.fetch(input, init),
});

/** Parses an answer with its documented schema and expects nothing to be lost or added. */
function conforms<T extends z.ZodType>(schema: T, value: unknown): z.infer<T> {
  const parsed = schema.parse(value);
  expect(parsed).toEqual(value);
  return parsed;
}

describe('the typed client', () => {
  it('holds a conversation through every chat endpoint, in their documented shapes', async () => {
    const customerIdentifier = visitorId();
    const opened = await client.message.customer.init_message_session.$post({
      json: { bcid: BCID, customerIdentifier },
    });
    expect(opened.status).toBe(200);
    const { data: session } = conforms(success(openedSession), await opened.json());
    expect(session).toMatchObject({ unreadCount: 0, readMessageId: null });
    expect(session.handlerReadMessageId).toBeNull();
    const identity = { bcid: BCID, customerIdentifier, sessionId: session.sessionId };

    const sent = await client.message.customer.send_message.$post({
      json: { ...identity, type: 'text', value: 'Where is my parcel?', sendAt: 1 },
    });
    const question = await sent.json();
    conforms(success(message), question);
    expectTypeOf(question.data.sendBy).toEqualTypeOf<Message['sendBy']>();

    const answer = { type: 'text', value: 'On its way.', sendAt: 2 } as const;
    const reply = await client.message.client.send_message.$post(
      { json: { bcid: BCID, sessionId: session.sessionId, ...answer } },
      { headers: { authorization: `Bearer ${await agentToken('agent-7')}` } },
    );
    expect(conforms(success(message), await reply.json()).data.sendBy).toBe('handler');

    const cursor = question.data.chatRoomMessageId;
    const page = await client.message.customer.get_messages.$post({
      json: { ...identity, nextOrPrevious: 'next', chatRoomMessageId: cursor },
    });
    const { data: newer } = conforms(success(messagePage), await page.json());
    expect(newer.map((m) => [m.sendBy, m.value])).toEqual([['handler', 'On its way.']]);
  });

  it("runs the agents' workspace, in its documented shapes", async () => {
    const { bcid } = await freshChannel(EXAMPLE_CHANNEL.clientId);
    const customerIdentifier = visitorId();
    const opened = await client.message.customer.init_message_session.$post({
      json: { bcid, customerIdentifier },
    });
    const { sessionId } = conforms(success(openedSession), await opened.json()).data;
    const shopper = { bcid, customerIdentifier, sessionId };
    const agent = { headers: { authorization: `Bearer ${await agentToken('agent-8')}` } };

    const sent = await client.message.customer.send_message.$post({
      json: { ...shopper, type: 'text', value: 'Wrong size.', sendAt: 1, clientMessageId: 'w-1' },
    });
    const question = conforms(success(message), await sent.json()).data;
    const retried = await client.message.customer.send_message.$post({
      json: { ...shopper, type: 'text', value: 'Wrong size.', sendAt: 1, clientMessageId: 'w-1' },
    });
    expect(conforms(success(message), await retried.json()).data).toEqual(question);

    await syncInbox(sessionId);
    const inbox = await client.message.client.list_sessions.$post(
      { json: { bcid, unread: true, size: 5 } },
      agent,
    );
    const listed = await inbox.json();
    conforms(success(inboxPage), listed);
    expectTypeOf(listed.data).toEqualTypeOf<z.infer<typeof inboxPage>>();
    expect(listed.data.nextCursor).toBeNull();
    expect(listed.data.sessions).toEqual([
      expect.objectContaining({ sessionId, unreadCount: 1, lastMessage: question }),
    ]);

    const read = await client.message.client.get_messages.$post(
      { json: { bcid, sessionId, nextOrPrevious: 'previous' } },
      agent,
    );
    expect(conforms(success(messagePage), await read.json()).data).toEqual([question]);
    expect(read.headers.get('x-unread-count')).toBe('1');

    const ref = { bcid, sessionId, chatRoomMessageId: question.chatRoomMessageId };
    const agentMark = await client.message.client.mark_read.$post({ json: ref }, agent);
    const agentRead = await agentMark.json();
    conforms(success(handlerReadState), agentRead);
    expectTypeOf(agentRead.data).toEqualTypeOf<z.infer<typeof handlerReadState>>();
    expect(agentRead.data).toEqual({
      sessionId,
      unreadCount: 0,
      readMessageId: question.chatRoomMessageId,
      customerReadMessageId: null,
    });

    const frozen = await client.message.client.freeze_message.$post(
      { json: { ...ref, freezed: true } },
      agent,
    );
    expect(conforms(success(message), await frozen.json()).data).toMatchObject({
      freezed: true,
      value: 'Wrong size.',
    });

    const replied = await client.message.client.send_message.$post(
      { json: { bcid, sessionId, type: 'text', value: 'Sorry, wrong reply.', sendAt: 2 } },
      agent,
    );
    const reply = conforms(success(message), await replied.json()).data;
    const recall = { bcid, sessionId, chatRoomMessageId: reply.chatRoomMessageId };
    const recalled = await client.message.client.revoke_message.$post({ json: recall }, agent);
    expect(conforms(success(message), await recalled.json()).data).toMatchObject({
      revoked: true,
      value: '',
    });

    const customerMark = await client.message.customer.mark_read.$post({
      json: { ...shopper, chatRoomMessageId: reply.chatRoomMessageId },
    });
    const customerRead = await customerMark.json();
    conforms(success(customerReadState), customerRead);
    expectTypeOf(customerRead.data).toEqualTypeOf<z.infer<typeof customerReadState>>();
    expect(customerRead.data).toEqual({
      sessionId,
      unreadCount: 0,
      readMessageId: reply.chatRoomMessageId,
      handlerReadMessageId: question.chatRoomMessageId,
    });

    const own = await client.message.customer.revoke_message.$post({
      json: { ...shopper, ...ref },
    });
    expect(conforms(success(message), await own.json()).data).toMatchObject({
      revoked: true,
      freezed: true,
      value: '',
    });

    const closed = await client.message.client.freeze_session.$post(
      { json: { bcid, sessionId, freezed: true } },
      agent,
    );
    const freeze = await closed.json();
    expect(conforms(success(frozenSession), freeze).data).toEqual({ sessionId, freezed: true });
    expectTypeOf(freeze.data).toEqualTypeOf<z.infer<typeof frozenSession>>();

    const customerId = `customer-${crypto.randomUUID()}`;
    const claim = await client.message.customer.claim_session.$post({
      json: { bcid, customerIdentifier, _auth: await customerAuth(customerId) },
    });
    expect(conforms(success(claimedSession), await claim.json()).data).toEqual({
      sessionId,
      customerIdentifier: customerId,
      customerIdentifierType: 'customer',
    });
  });

  it('registers a channel as the operator', async () => {
    const registration = { bcid: crypto.randomUUID(), clientId: EXAMPLE_CHANNEL.clientId };
    const response = await client.admin.channels.$post(
      { json: registration },
      { headers: { authorization: `Bearer ${env.ADMIN_SECRET ?? ''}` } },
    );
    expect(conforms(success(channel), await response.json()).data).toEqual(registration);
  });

  it('gets failures in the documented envelope', async () => {
    const response = await client.message.customer.get_messages.$post({
      json: { bcid: BCID, customerIdentifier: visitorId(), sessionId: 'x', nextOrPrevious: 'next' },
    });
    expect(response.status).toBe(400);
    const body = conforms(failure, await response.json());
    expect(body.error.issues?.map((issue) => issue.path)).toEqual(['sessionId']);
  });

  it('reads the OpenAPI document', async () => {
    const response = await client['openapi.json'].$get();
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  });

  it('checks request bodies against the route schemas at compile time', () => {
    const send = client.message.customer.send_message.$post;
    type Body = Parameters<typeof send>[0]['json'];
    expectTypeOf<Body['type']>().toEqualTypeOf<'text' | 'image' | 'video'>();
    expectTypeOf<Body>().toHaveProperty('sendAt').toEqualTypeOf<number>();
    // @ts-expect-error: nextOrPrevious is required and is `next` or `previous`
    const wrong: Parameters<typeof client.message.customer.get_messages.$post>[0]['json'] = {
      bcid: BCID,
      sessionId: 'x'.repeat(21),
    };
    expect(wrong.bcid).toBe(BCID);
  });
});
