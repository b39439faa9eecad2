import { env } from 'cloudflare:test';
import { exports } from 'cloudflare:workers';
import { hc } from 'hono/client';
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { z } from 'zod';
import type { AppType } from '../src/index';
import {
  channel,
  failure,
  message,
  messagePage,
  openedSession,
  success,
} from '../src/openapi/responses';
import type { Message } from '../src/session/message';
import { agentToken, BCID, EXAMPLE_CHANNEL, visitorId } from './helpers';

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
