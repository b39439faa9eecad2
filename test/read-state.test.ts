import { describe, expect, it } from 'vitest';
import type { Message } from '../src/session/message';
import {
  agentPost,
  agentToken,
  BCID,
  customerAuth,
  openSession,
  post,
  readPage,
  sendAsAgent,
  sendAsShopper,
  visitorId,
} from './helpers';

async function conversation() {
  const visitor = { customerIdentifier: visitorId() };
  const { sessionId } = await openSession(visitor);
  const token = await agentToken('agent-1');
  return { visitor, sessionId, token };
}

function markAsShopper(identity: Record<string, string>, sessionId: string, message: Message) {
  return post('/message/customer/mark_read', {
    bcid: BCID,
    sessionId,
    ...identity,
    chatRoomMessageId: message.chatRoomMessageId,
  });
}

describe('client get_messages', () => {
  it('pages an agent through the session as the customer pages, oldest first', async () => {
    const { visitor, sessionId, token } = await conversation();
    const sent = [];
    for (const value of ['one', 'two', 'three']) {
      sent.push(await sendAsShopper(visitor, sessionId, value));
    }

    const latest = await agentPost<Message[]>('get_messages', token, {
      sessionId,
      nextOrPrevious: 'previous',
      size: 2,
    });
    expect(latest.status).toBe(200);
    expect(latest.body.data).toEqual(sent.slice(1));

    const before = await agentPost<Message[]>('get_messages', token, {
      sessionId,
      nextOrPrevious: 'previous',
      chatRoomMessageId: sent[1]?.chatRoomMessageId,
    });
    expect(before.body.data).toEqual(sent.slice(0, 1));

    const after = await agentPost<Message[]>('get_messages', token, {
      sessionId,
      nextOrPrevious: 'next',
      chatRoomMessageId: sent[2]?.chatRoomMessageId,
    });
    expect(after.body.data).toEqual([]);
  });

  it("answers another client's agent and a stranger's cursor with 404", async () => {
    const { visitor, sessionId } = await conversation();
    await sendAsShopper(visitor, sessionId, 'private');
    const foreign = await agentToken('agent-x', crypto.randomUUID());

    const reply = await agentPost('get_messages', foreign, { sessionId, nextOrPrevious: 'next' });
    expect(reply.status).toBe(404);
    expect(reply.body.error).toEqual({ code: 'not_found', message: 'No such session.' });

    const ownAgent = await agentToken('agent-1');
    const cursor = { chatRoomMessageId: crypto.randomUUID(), nextOrPrevious: 'next' };
    const stray = await agentPost('get_messages', ownAgent, { sessionId, ...cursor });
    expect(stray.status).toBe(404);
    expect(stray.body.error.message).toBe('No such message.');
  });

  it('refuses an agent without a token and a request without nextOrPrevious', async () => {
    const { sessionId, token } = await conversation();
    const anonymous = await post('/message/client/get_messages', {
      bcid: BCID,
      sessionId,
      nextOrPrevious: 'next',
    });
    expect(anonymous.status).toBe(401);

    const incomplete = await agentPost('get_messages', token, { sessionId });
    expect(incomplete.status).toBe(400);
    expect(incomplete.body.error.issues).toEqual([
      { path: 'nextOrPrevious', message: expect.any(String) },
    ]);
  });
});

describe('read state', () => {
  it('tells the customer, on opening, how many agent messages are unread and what agents read', async () => {
    const { visitor, sessionId, token } = await conversation();
    const question = await sendAsShopper(visitor, sessionId, 'anyone there?');
    await sendAsAgent(token, sessionId, 'yes');
    await sendAsAgent(token, sessionId, 'how can I help?');
    const mark = { sessionId, chatRoomMessageId: question.chatRoomMessageId };
    const marked = await agentPost('mark_read', token, mark);
    expect(marked.status).toBe(200);
    expect(marked.body.data).toEqual({
      sessionId,
      unreadCount: 0,
      readMessageId: question.chatRoomMessageId,
      customerReadMessageId: null,
    });

    const opened = await openSession(visitor);
    expect(opened).toMatchObject({
      sessionId,
      unreadCount: 2,
      readMessageId: null,
      handlerReadMessageId: question.chatRoomMessageId,
    });
  });

  it('moves a read mark only forward and counts only what lies after it', async () => {
    const { visitor, sessionId, token } = await conversation();
    const first = await sendAsAgent(token, sessionId, 'one');
    const second = await sendAsAgent(token, sessionId, 'two');
    await sendAsAgent(token, sessionId, 'three');

    const forward = await markAsShopper(visitor, sessionId, second);
    expect(forward.status).toBe(200);
    expect(forward.body.data).toEqual({
      sessionId,
      unreadCount: 1,
      readMessageId: second.chatRoomMessageId,
      handlerReadMessageId: null,
    });

    const back = await markAsShopper(visitor, sessionId, first);
    expect(back.status).toBe(200);
    expect(back.body.data).toMatchObject({
      unreadCount: 1,
      readMessageId: second.chatRoomMessageId,
    });
  });

  it('puts the read state of get_messages in headers, keeping data the page itself', async () => {
    const { visitor, sessionId, token } = await conversation();
    const mine = await sendAsShopper(visitor, sessionId, 'hello');
    const reply = await sendAsAgent(token, sessionId, 'hi');
    await agentPost('mark_read', token, { sessionId, chatRoomMessageId: mine.chatRoomMessageId });

    const page = await readPage(visitor, sessionId, { nextOrPrevious: 'next' });
    expect(page.body.data).toEqual([mine, reply]);
    expect(page.headers.get('x-unread-count')).toBe('1');
    expect(page.headers.get('x-read-message-id')).toBeNull();
    expect(page.headers.get('x-handler-read-message-id')).toBe(mine.chatRoomMessageId);

    await markAsShopper(visitor, sessionId, reply);
    const agents = await agentPost('get_messages', token, { sessionId, nextOrPrevious: 'next' });
    expect(agents.headers.get('x-unread-count')).toBe('0');
    expect(agents.headers.get('x-read-message-id')).toBe(mine.chatRoomMessageId);
    expect(agents.headers.get('x-customer-read-message-id')).toBe(reply.chatRoomMessageId);
  });

  it("refuses to mark a message of another session, or another shopper's session", async () => {
    const { visitor, sessionId, token } = await conversation();
    const elsewhere = await conversation();
    const foreign = await sendAsShopper(elsewhere.visitor, elsewhere.sessionId, 'not yours');

    const stray = await markAsShopper(visitor, sessionId, foreign);
    expect(stray.status).toBe(404);
    expect(stray.body.error.message).toBe('No such message.');

    const intruder = await markAsShopper(visitor, elsewhere.sessionId, foreign);
    expect(intruder.status).toBe(404);
    expect(intruder.body.error.message).toBe('No such session.');

    const stranger = await agentToken('agent-x', crypto.randomUUID());
    const ref = { sessionId, chatRoomMessageId: foreign.chatRoomMessageId };
    expect((await agentPost('mark_read', stranger, ref)).status).toBe(404);
    expect((await agentPost('mark_read', token, { sessionId })).status).toBe(400);
  });

  it("keeps a logged-in customer's read mark across devices", async () => {
    const auth = { _auth: await customerAuth(`reader-${crypto.randomUUID()}`) };
    const { sessionId } = await openSession(auth);
    const token = await agentToken('agent-1');
    const answer = await sendAsAgent(token, sessionId, 'answer');
    await markAsShopper(auth, sessionId, answer);

    const otherDevice = await openSession({ _auth: auth._auth });
    expect(otherDevice).toMatchObject({ unreadCount: 0, readMessageId: answer.chatRoomMessageId });
  });
});
