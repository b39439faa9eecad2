import { describe, expect, it } from 'vitest';
import {
  agentToken,
  BCID,
  customerAuth,
  EXAMPLE_CHANNEL,
  openSession,
  post,
  readPage,
  sendAsAgent,
  sendAsShopper,
  visitorId,
} from './helpers';
import type { Message } from '../src/session/message';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

async function sessionWith(count: number) {
  const visitor = { customerIdentifier: visitorId() };
  const { sessionId } = await openSession(visitor);
  const sent: Message[] = [];
  for (let i = 1; i <= count; i++) sent.push(await sendAsShopper(visitor, sessionId, `m${i}`));
  return { visitor, sessionId, ids: sent.map((m) => m.chatRoomMessageId) };
}

const values = (reply: { body: { data: Message[] } }) => reply.body.data.map((m) => m.value);

describe('customer send_message', () => {
  it('stores the message of the original example and returns it in the documented shape', async () => {
    const auth = await customerAuth('3TnctrAsdF-fVhLYyBUN');
    const { sessionId } = await openSession({ _auth: auth });
    const before = Date.now() / 1000;

    const reply = await post<Message>(
      '/message/customer/send_message',
      {
        deviceIdentifier: '2342asdfasdf3452345',
        deviceName: 'postman',
        bcid: BCID,
        _auth: auth,
        sessionId,
        value: 'this is a text',
        sendAt: 1,
        type: 'text',
        fromDevice: 'Macbook pro',
      },
      { 'cf-connecting-ip': '203.0.113.7' },
    );

    expect(reply.status).toBe(200);
    expect(reply.body.status).toBe(true);
    const message = reply.body.data;
    expect(Object.keys(message).sort()).toEqual([
      'bcid',
      'chatRoomMessageId',
      'clientId',
      'createdAt',
      'createdBy',
      'customerIdentifier',
      'customerIdentifierType',
      'freezed',
      'fromDevice',
      'fromIp',
      'handlerIdentifier',
      'handlerIdentifierType',
      'revoked',
      'sendAt',
      'sendBy',
      'sessionId',
      'type',
      'value',
    ]);
    expect(message).toEqual({
      bcid: BCID,
      chatRoomMessageId: expect.stringMatching(UUID),
      clientId: EXAMPLE_CHANNEL.clientId,
      createdAt: expect.any(Number),
      createdBy: '3TnctrAsdF-fVhLYyBUN',
      customerIdentifier: '3TnctrAsdF-fVhLYyBUN',
      customerIdentifierType: 'customer',
      freezed: false,
      fromDevice: 'Macbook pro',
      fromIp: '203.0.113.7',
      handlerIdentifier: '',
      handlerIdentifierType: 'recipient',
      revoked: false,
      sendAt: 1,
      sendBy: 'customer',
      sessionId,
      type: 'text',
      value: 'this is a text',
    });
    expect(message.createdAt).toBeGreaterThanOrEqual(Math.floor(before));
  });

  it('marks a visitor message with customerIdentifierType "visitor"', async () => {
    const visitor = { customerIdentifier: visitorId() };
    const { sessionId } = await openSession(visitor);
    const message = await sendAsShopper(visitor, sessionId, 'hello');
    expect(message).toMatchObject({
      createdBy: visitor.customerIdentifier,
      customerIdentifier: visitor.customerIdentifier,
      customerIdentifierType: 'visitor',
      sendBy: 'customer',
    });
  });

  it('stores image and video messages with their URLs', async () => {
    const visitor = { customerIdentifier: visitorId() };
    const { sessionId } = await openSession(visitor);
    for (const type of ['image', 'video'] as const) {
      const value = `https://videourl.com/${type}.bin`;
      const reply = await post<Message>('/message/customer/send_message', {
        bcid: BCID,
        sessionId,
        ...visitor,
        type,
        value,
        sendAt: 2.5,
        fromDevice: 'iPhone',
      });
      expect(reply.status).toBe(200);
      expect(reply.body.data).toMatchObject({ type, value, sendAt: 2.5 });
    }
  });
});

describe('client send_message', () => {
  it('stores the reply of the original example with sendBy "handler"', async () => {
    const visitor = { customerIdentifier: visitorId() };
    const { sessionId } = await openSession(visitor);

    const reply = await post<Message>(
      '/message/client/send_message',
      { sessionId, sendAt: 3, value: 'this is a reply!!! hahaha', type: 'text', bcid: BCID },
      {
        authorization: `Bearer ${await agentToken('fatSs5w_-pluAiGT3Wnu')}`,
        'user-agent': 'Chrome browser 2019 version 112.123',
      },
    );

    expect(reply.status).toBe(200);
    expect(reply.body.data).toEqual({
      bcid: BCID,
      chatRoomMessageId: expect.stringMatching(UUID),
      clientId: EXAMPLE_CHANNEL.clientId,
      createdAt: expect.any(Number),
      createdBy: 'fatSs5w_-pluAiGT3Wnu',
      customerIdentifier: '',
      customerIdentifierType: 'recipient',
      freezed: false,
      fromDevice: 'Chrome browser 2019 version 112.123',
      fromIp: '',
      handlerIdentifier: 'fatSs5w_-pluAiGT3Wnu',
      handlerIdentifierType: 'clientUser',
      revoked: false,
      sendAt: 3,
      sendBy: 'handler',
      sessionId,
      type: 'text',
      value: 'this is a reply!!! hahaha',
    });
  });

  it('keeps fromDevice when the agent sends one', async () => {
    const { sessionId } = await openSession({ customerIdentifier: visitorId() });
    const reply = await post<Message>(
      '/message/client/send_message',
      { sessionId, bcid: BCID, type: 'text', value: 'hi', sendAt: 3, fromDevice: 'console' },
      { authorization: `Bearer ${await agentToken('agent-1')}`, 'user-agent': 'ignored' },
    );
    expect(reply.body.data.fromDevice).toBe('console');
  });

  it('lets any agent of the client reply, on any of its channels', async () => {
    const { sessionId } = await openSession({ customerIdentifier: visitorId() });
    const first = await sendAsAgent(await agentToken('agent-a'), sessionId, 'one');
    const second = await sendAsAgent(await agentToken('agent-b'), sessionId, 'two');
    expect([first.createdBy, second.createdBy]).toEqual(['agent-a', 'agent-b']);
  });
});

describe('get_messages', () => {
  it('returns the latest page, oldest first, without a cursor', async () => {
    const { visitor, sessionId } = await sessionWith(12);
    for (const nextOrPrevious of ['next', 'previous'] as const) {
      const reply = await readPage(visitor, sessionId, { nextOrPrevious });
      expect(reply.status).toBe(200);
      expect(values(reply)).toEqual([
        'm3',
        'm4',
        'm5',
        'm6',
        'm7',
        'm8',
        'm9',
        'm10',
        'm11',
        'm12',
      ]);
    }
  });

  it('pages backwards across page boundaries to the first message, then returns []', async () => {
    const { visitor, sessionId } = await sessionWith(7);
    const pages: string[][] = [];
    let cursor: string | undefined;
    for (;;) {
      const query = {
        nextOrPrevious: 'previous' as const,
        size: 3,
        ...(cursor ? { chatRoomMessageId: cursor } : {}),
      };
      const page = (await readPage(visitor, sessionId, query)).body.data;
      pages.push(page.map((m) => m.value));
      if (page.length === 0) break;
      cursor = page[0]?.chatRoomMessageId;
    }
    expect(pages).toEqual([['m5', 'm6', 'm7'], ['m2', 'm3', 'm4'], ['m1'], []]);
  });

  it('pages forwards from a cursor, reading every newer message exactly once', async () => {
    const { visitor, sessionId, ids } = await sessionWith(8);
    const seen: string[] = [];
    let cursor = ids[0];
    for (;;) {
      const query = { nextOrPrevious: 'next' as const, size: 3, chatRoomMessageId: cursor ?? '' };
      const page = (await readPage(visitor, sessionId, query)).body.data;
      if (page.length === 0) break;
      seen.push(...page.map((m) => m.value));
      cursor = page.at(-1)?.chatRoomMessageId;
    }
    expect(seen).toEqual(['m2', 'm3', 'm4', 'm5', 'm6', 'm7', 'm8']);
  });

  it('answers the original "size 1, next" example with the one newer message', async () => {
    const { visitor, sessionId, ids } = await sessionWith(3);
    const reply = await readPage(visitor, sessionId, {
      nextOrPrevious: 'next',
      size: 1,
      chatRoomMessageId: ids[1] ?? '',
    });
    expect(values(reply)).toEqual(['m3']);
  });

  it('returns an empty page after the newest message', async () => {
    const { visitor, sessionId, ids } = await sessionWith(2);
    const reply = await readPage(visitor, sessionId, {
      nextOrPrevious: 'next',
      chatRoomMessageId: ids[1] ?? '',
    });
    expect(reply.status).toBe(200);
    expect(reply.body.data).toEqual([]);
  });

  it('refuses a cursor that is not a message of the session with a 404', async () => {
    const mine = await sessionWith(1);
    const theirs = await sessionWith(1);
    for (const cursor of [crypto.randomUUID(), theirs.ids[0] ?? '']) {
      const reply = await readPage(mine.visitor, mine.sessionId, {
        nextOrPrevious: 'next',
        chatRoomMessageId: cursor,
      });
      expect(reply.status).toBe(404);
      expect(reply.body.error.code).toBe('not_found');
    }
  });

  it("shows the customer the agents' replies in the same log", async () => {
    const visitor = { customerIdentifier: visitorId() };
    const { sessionId } = await openSession(visitor);
    await sendAsShopper(visitor, sessionId, 'question');
    await sendAsAgent(await agentToken('agent-1'), sessionId, 'answer');
    const reply = await readPage(visitor, sessionId, { nextOrPrevious: 'next' });
    expect(reply.body.data.map((m) => [m.sendBy, m.value])).toEqual([
      ['customer', 'question'],
      ['handler', 'answer'],
    ]);
  });
});

describe('ordering', () => {
  it('orders by the log, not by sendAt, with createdAt never decreasing', async () => {
    const visitor = { customerIdentifier: visitorId() };
    const { sessionId } = await openSession(visitor);
    for (const sendAt of [50, 10, 30]) {
      await post('/message/customer/send_message', {
        bcid: BCID,
        sessionId,
        ...visitor,
        type: 'text',
        value: `at ${sendAt}`,
        sendAt,
      });
    }
    const page = (await readPage(visitor, sessionId, { nextOrPrevious: 'next' })).body.data;
    expect(page.map((m) => m.value)).toEqual(['at 50', 'at 10', 'at 30']);
    const created = page.map((m) => m.createdAt);
    expect(created).toEqual([...created].sort((a, b) => a - b));
  });

  it('keeps all of 200 concurrent sends, once each, in one total order', async () => {
    const visitor = { customerIdentifier: visitorId() };
    const { sessionId } = await openSession(visitor);
    const token = await agentToken('agent-busy');

    const replies = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        i % 2 === 0
          ? post<Message>('/message/customer/send_message', {
              bcid: BCID,
              sessionId,
              ...visitor,
              type: 'text',
              value: `c${i}`,
              sendAt: i,
            })
          : post<Message>(
              '/message/client/send_message',
              { bcid: BCID, sessionId, type: 'text', value: `h${i}`, sendAt: i },
              { authorization: `Bearer ${token}` },
            ),
      ),
    );
    expect(replies.every((r) => r.status === 200)).toBe(true);
    const acknowledged = replies.map((r) => r.body.data.chatRoomMessageId);

    const log: Message[] = [];
    let cursor: string | undefined;
    for (;;) {
      const query = {
        nextOrPrevious: 'previous' as const,
        size: 100,
        ...(cursor ? { chatRoomMessageId: cursor } : {}),
      };
      const page = (await readPage(visitor, sessionId, query)).body.data;
      if (page.length === 0) break;
      log.unshift(...page);
      cursor = page[0]?.chatRoomMessageId;
    }

    const ids = log.map((m) => m.chatRoomMessageId);
    expect(ids).toHaveLength(200);
    expect(new Set(ids).size).toBe(200);
    expect([...ids].sort()).toEqual([...acknowledged].sort());
    const created = log.map((m) => m.createdAt);
    for (let i = 1; i < created.length; i++) {
      expect(created[i]).toBeGreaterThan(created[i - 1] ?? 0);
    }
  });
});
