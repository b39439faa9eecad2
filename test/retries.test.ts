import { env, runInDurableObject } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import type { Message } from '../src/session/message';
import { overQuota } from '../src/session/guards';
import {
  agentToken,
  BCID,
  post,
  readPage,
  sendAsShopper,
  textMessage,
  visitorSession,
} from './helpers';

const SEND = '/message/customer/send_message';

describe('idempotent sends', () => {
  it('returns the first message for a retry with the same clientMessageId', async () => {
    const { visitor, sessionId, base } = await visitorSession();
    const body = { ...base, ...textMessage('only once'), clientMessageId: 'retry-me-1' };

    const first = await post<Message>(SEND, body);
    const retry = await post<Message>(SEND, { ...body, sendAt: 99 });

    expect([first.status, retry.status]).toEqual([200, 200]);
    expect(retry.body.data).toEqual(first.body.data);
    const log = await readPage(visitor, sessionId, { nextOrPrevious: 'next' });
    expect(log.body.data.map((m) => m.chatRoomMessageId)).toEqual([
      first.body.data.chatRoomMessageId,
    ]);
  });

  it('stores one message when racing attempts carry the same id', async () => {
    const { visitor, sessionId, base } = await visitorSession();
    const body = { ...base, ...textMessage('raced'), clientMessageId: 'raced-attempt' };
    const replies = await Promise.all(Array.from({ length: 10 }, () => post<Message>(SEND, body)));

    const ids = new Set(replies.map((r) => r.body.data.chatRoomMessageId));
    expect(ids.size).toBe(1);
    const log = await readPage(visitor, sessionId, { nextOrPrevious: 'next' });
    expect(log.body.data).toHaveLength(1);
  });

  it("keeps different ids apart, and one sender's id apart from another's", async () => {
    const { visitor, sessionId, base } = await visitorSession();
    const a = await post<Message>(SEND, { ...base, ...textMessage('a'), clientMessageId: 'id-a' });
    const b = await post<Message>(SEND, { ...base, ...textMessage('b'), clientMessageId: 'id-b' });
    const reply = await post<Message>(
      '/message/client/send_message',
      { bcid: BCID, sessionId, ...textMessage('agent'), clientMessageId: 'id-a' },
      { authorization: `Bearer ${await agentToken('agent-idempotent')}` },
    );

    expect(reply.body.data.sendBy).toBe('handler');
    const ids = [a, b, reply].map((r) => r.body.data.chatRoomMessageId);
    expect(new Set(ids).size).toBe(3);
    const log = await readPage(visitor, sessionId, { nextOrPrevious: 'next' });
    expect(log.body.data.map((m) => m.value)).toEqual(['a', 'b', 'agent']);
  });

  it('makes agent replies idempotent too', async () => {
    const { visitor, sessionId } = await visitorSession();
    const token = await agentToken('agent-retry');
    const body = { bcid: BCID, sessionId, ...textMessage('reply'), clientMessageId: 'reply-1' };
    const headers = { authorization: `Bearer ${token}` };
    const first = await post<Message>('/message/client/send_message', body, headers);
    const again = await post<Message>('/message/client/send_message', body, headers);
    expect(again.body.data.chatRoomMessageId).toBe(first.body.data.chatRoomMessageId);
    expect((await readPage(visitor, sessionId, { nextOrPrevious: 'next' })).body.data).toHaveLength(
      1,
    );
  });

  for (const clientMessageId of ['', 'has space', 'x'.repeat(65), 42]) {
    it(`refuses the clientMessageId ${JSON.stringify(clientMessageId).slice(0, 12)}`, async () => {
      const { base } = await visitorSession();
      const reply = await post(SEND, { ...base, ...textMessage('x'), clientMessageId });
      expect(reply.status).toBe(400);
      const paths = (reply.body.error.issues as { path: string }[]).map((issue) => issue.path);
      expect(new Set(paths)).toEqual(new Set(['clientMessageId']));
    });
  }
});

describe("the shopper side's message quota", () => {
  it('refuses the message past the quota with 429 and Retry-After, exactly at the limit', async () => {
    const { visitor, sessionId, base } = await visitorSession();
    const limit = Number(env.CUSTOMER_MESSAGE_LIMIT);
    const window = Number(env.CUSTOMER_MESSAGE_WINDOW_SECONDS);

    const replies = await Promise.all(
      Array.from({ length: limit }, (_, i) => post(SEND, { ...base, ...textMessage(`m${i}`) })),
    );
    expect(replies.every((r) => r.status === 200)).toBe(true);

    const refused = await post(SEND, { ...base, ...textMessage('one too many') });
    expect(refused.status).toBe(429);
    expect(refused.body.error.code).toBe('rate_limited');
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(window);

    // Agents are not capped, and the refused message was not stored.
    await post(
      '/message/client/send_message',
      { bcid: BCID, sessionId, ...textMessage('agent') },
      {
        authorization: `Bearer ${await agentToken('agent-after-quota')}`,
      },
    );
    const latest = await readPage(visitor, sessionId, { nextOrPrevious: 'previous', size: 2 });
    expect(latest.body.data.map((m) => m.value)).toEqual([
      expect.stringMatching(/^m\d+$/),
      'agent',
    ]);
  });

  it("counts only the shopper's messages inside the window", async () => {
    const { visitor, sessionId } = await visitorSession();
    await sendAsShopper(visitor, sessionId, 'one');
    await sendAsShopper(visitor, sessionId, 'two');

    const stub = env.CHAT_SESSION.get(env.CHAT_SESSION.idFromName(sessionId));
    const verdicts = await runInDurableObject(stub, (_, state) => {
      const sql = state.storage.sql;
      const times = sql
        .exec<{ created_at: number }>('SELECT created_at FROM messages ORDER BY seq')
        .toArray()
        .map((row) => row.created_at);
      const [first = 0, second = 0] = times;
      const quota = { messages: 2, windowSeconds: 10 };
      return {
        full: overQuota(sql, quota, second),
        firstExpired: overQuota(sql, quota, first + 10e6),
        roomier: overQuota(sql, { messages: 3, windowSeconds: 10 }, second),
        retryAfter: (first + 10e6 - second) / 1e6,
      };
    });

    expect(verdicts.full?.refused).toMatchObject({ status: 429, retryAfter: verdicts.retryAfter });
    expect(verdicts.firstExpired).toBeNull();
    expect(verdicts.roomier).toBeNull();
  });
});
