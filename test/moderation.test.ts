import { env, runInDurableObject } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { recallWindowSeconds } from '../src/config';
import { ApiError } from '../src/errors';
import type { Message } from '../src/session/message';
import {
  agentPost,
  agentToken,
  BCID,
  listSessions,
  openSession,
  post,
  readPage,
  sendAsAgent,
  sendAsShopper,
  sessionStub,
  syncInbox,
  textMessage,
  visitorId,
  freshChannel,
} from './helpers';

async function conversation(bcid = BCID, clientId?: string) {
  const visitor = { customerIdentifier: visitorId() };
  const { sessionId } = await openSession(visitor, bcid);
  const token = await agentToken('agent-1', clientId);
  return { visitor, sessionId, token };
}

function recallAsShopper(identity: Record<string, string>, sessionId: string, message: Message) {
  return post<Message>('/message/customer/revoke_message', {
    bcid: BCID,
    sessionId,
    ...identity,
    chatRoomMessageId: message.chatRoomMessageId,
  });
}

/** Moves a message's acceptance back in time, as if it had been sent `seconds` ago. */
async function age(sessionId: string, message: Message, seconds: number) {
  await runInDurableObject(sessionStub(sessionId), (_, state) => {
    state.storage.sql.exec(
      'UPDATE messages SET created_at = created_at - ? WHERE id = ?',
      seconds * 1e6,
      message.chatRoomMessageId,
    );
  });
}

describe('revoke_message', () => {
  it("recalls the customer's own message for everyone, the inbox preview included", async () => {
    const channel = await freshChannel();
    const { visitor, sessionId, token } = await conversation(channel.bcid, channel.clientId);
    const sent = await sendAsShopper(visitor, sessionId, 'oops', channel.bcid);

    const reply = await post<Message>('/message/customer/revoke_message', {
      bcid: channel.bcid,
      sessionId,
      ...visitor,
      chatRoomMessageId: sent.chatRoomMessageId,
    });
    expect(reply.status).toBe(200);
    const recalled = { ...sent, revoked: true, value: '' };
    expect(reply.body.data).toEqual(recalled);

    const customerView = await readPage(
      visitor,
      sessionId,
      { nextOrPrevious: 'next' },
      channel.bcid,
    );
    expect(customerView.body.data).toEqual([recalled]);
    const ref = { bcid: channel.bcid, sessionId, nextOrPrevious: 'next' };
    expect((await agentPost('get_messages', token, ref)).body.data).toEqual([recalled]);

    await syncInbox(sessionId);
    const [entry] = (await listSessions(token)).sessions;
    expect(entry).toMatchObject({ lastMessage: recalled, unreadCount: 0 });
  });

  it("recalls an agent's message for the agents' side, and twice is harmless", async () => {
    const { visitor, sessionId, token } = await conversation();
    const sent = await sendAsAgent(token, sessionId, 'wrong price');
    const colleague = await agentToken('agent-2');
    const ref = { sessionId, chatRoomMessageId: sent.chatRoomMessageId };

    const first = await agentPost<Message>('revoke_message', colleague, ref);
    const second = await agentPost<Message>('revoke_message', token, ref);
    expect(first.status).toBe(200);
    expect(second.status).toBe(200);
    expect(second.body.data).toEqual({ ...sent, revoked: true, value: '' });

    const opened = await openSession(visitor);
    expect(opened.messages).toEqual([{ ...sent, revoked: true, value: '' }]);
    expect(opened).toMatchObject({ unreadCount: 0 });
  });

  it("refuses to recall the other side's message", async () => {
    const { visitor, sessionId, token } = await conversation();
    const fromShopper = await sendAsShopper(visitor, sessionId, 'mine');
    const fromAgent = await sendAsAgent(token, sessionId, 'ours');

    const byShopper = await recallAsShopper(visitor, sessionId, fromAgent);
    expect(byShopper.status).toBe(403);
    expect(byShopper.body.error).toEqual({
      code: 'forbidden',
      message: 'Only the side that sent a message can recall it.',
    });
    const ref = { sessionId, chatRoomMessageId: fromShopper.chatRoomMessageId };
    expect((await agentPost('revoke_message', token, ref)).status).toBe(403);

    const page = await readPage(visitor, sessionId, { nextOrPrevious: 'next' });
    expect(page.body.data).toEqual([fromShopper, fromAgent]);
  });

  it('refuses to recall after the window, but a message already recalled stays harmless', async () => {
    const { visitor, sessionId } = await conversation();
    const late = await sendAsShopper(visitor, sessionId, 'too late');
    const early = await sendAsShopper(visitor, sessionId, 'recalled in time');
    expect((await recallAsShopper(visitor, sessionId, early)).status).toBe(200);
    await age(sessionId, late, 121);
    await age(sessionId, early, 121);

    const refused = await recallAsShopper(visitor, sessionId, late);
    expect(refused.status).toBe(409);
    expect(refused.body.error).toEqual({
      code: 'conflict',
      message: 'A message can be recalled only within 120 seconds of sending.',
    });
    expect((await recallAsShopper(visitor, sessionId, early)).status).toBe(200);

    const [kept] = (await readPage(visitor, sessionId, { nextOrPrevious: 'next' })).body.data;
    expect(kept).toMatchObject({ value: 'too late', revoked: false });
  });

  it('refuses a message that is not in the session, and a stranger', async () => {
    const { visitor, sessionId } = await conversation();
    const other = await conversation();
    const theirs = await sendAsShopper(other.visitor, other.sessionId, 'theirs');

    const stray = await recallAsShopper(visitor, sessionId, theirs);
    expect(stray.status).toBe(404);
    expect(stray.body.error.message).toBe('No such message.');
    const intruder = await recallAsShopper(visitor, other.sessionId, theirs);
    expect(intruder.status).toBe(404);
    expect(intruder.body.error.message).toBe('No such session.');
  });

  it('reads its window from RECALL_WINDOW_SECONDS and refuses a setting that is no number', () => {
    expect(recallWindowSeconds(env)).toBe(120);
    expect(recallWindowSeconds({ ...env, RECALL_WINDOW_SECONDS: '30' })).toBe(30);
    expect(() => recallWindowSeconds({ ...env, RECALL_WINDOW_SECONDS: 'soon' })).toThrow(ApiError);
  });
});

describe('freeze_message', () => {
  it("withholds a message's value from the customer side while agents still read it", async () => {
    const { visitor, sessionId, token } = await conversation();
    const sent = await sendAsShopper(visitor, sessionId, 'abusive words');
    const ref = { sessionId, chatRoomMessageId: sent.chatRoomMessageId };

    const frozen = await agentPost<Message>('freeze_message', token, { ...ref, freezed: true });
    expect(frozen.status).toBe(200);
    expect(frozen.body.data).toEqual({ ...sent, freezed: true });

    const customerPage = await readPage(visitor, sessionId, { nextOrPrevious: 'next' });
    expect(customerPage.body.data).toEqual([{ ...sent, freezed: true, value: '' }]);
    expect((await openSession(visitor)).messages).toEqual([{ ...sent, freezed: true, value: '' }]);
    const agentPage = await agentPost('get_messages', token, { sessionId, nextOrPrevious: 'next' });
    expect(agentPage.body.data).toEqual([{ ...sent, freezed: true }]);

    await agentPost('freeze_message', token, { ...ref, freezed: false });
    const thawed = await readPage(visitor, sessionId, { nextOrPrevious: 'next' });
    expect(thawed.body.data).toEqual([sent]);
  });

  it("refuses a shopper, another client's agent, and a body without freezed", async () => {
    const { visitor, sessionId, token } = await conversation();
    const sent = await sendAsShopper(visitor, sessionId, 'hello');
    const ref = { sessionId, chatRoomMessageId: sent.chatRoomMessageId };

    const shopper = await post('/message/client/freeze_message', {
      bcid: BCID,
      ...visitor,
      ...ref,
      freezed: true,
    });
    expect(shopper.status).toBe(401);
    const foreign = await agentToken('agent-x', crypto.randomUUID());
    expect((await agentPost('freeze_message', foreign, { ...ref, freezed: true })).status).toBe(
      404,
    );
    const unclear = await agentPost('freeze_message', token, ref);
    expect(unclear.status).toBe(400);
    expect(unclear.body.error.issues).toEqual([{ path: 'freezed', message: expect.any(String) }]);
    const missing = { sessionId, chatRoomMessageId: crypto.randomUUID(), freezed: true };
    expect((await agentPost('freeze_message', token, missing)).status).toBe(404);
  });
});

describe('freeze_session', () => {
  it("refuses the customer's sends until unfrozen, lets agents write, and shows in the inbox", async () => {
    const channel = await freshChannel();
    const { visitor, sessionId, token } = await conversation(channel.bcid, channel.clientId);
    const send = { bcid: channel.bcid, sessionId, ...visitor, ...textMessage('let me in') };

    const frozen = await agentPost('freeze_session', token, {
      bcid: channel.bcid,
      sessionId,
      freezed: true,
    });
    expect(frozen.status).toBe(200);
    expect(frozen.body.data).toEqual({ sessionId, freezed: true });

    const refused = await post('/message/customer/send_message', send);
    expect(refused.status).toBe(423);
    expect(refused.body.error.code).toBe('session_frozen');
    const agentReply = await sendAsAgent(token, sessionId, 'we are looking into it', channel.bcid);
    await syncInbox(sessionId);
    const [entry] = (await listSessions(token)).sessions;
    expect(entry).toMatchObject({ freezed: true, lastMessage: agentReply });

    const lift = { bcid: channel.bcid, sessionId, freezed: false };
    expect((await agentPost('freeze_session', token, lift)).status).toBe(200);
    expect((await post('/message/customer/send_message', send)).status).toBe(200);
    await syncInbox(sessionId);
    expect((await listSessions(token)).sessions[0]?.freezed).toBe(false);
  });

  it("refuses another client's agent and a body without freezed", async () => {
    const { sessionId, token } = await conversation();
    const foreign = await agentToken('agent-x', crypto.randomUUID());
    const reply = await agentPost('freeze_session', foreign, { sessionId, freezed: true });
    expect(reply.status).toBe(404);
    expect(reply.body.error.code).toBe('not_found');
    expect((await agentPost('freeze_session', token, { sessionId })).status).toBe(400);
  });
});
