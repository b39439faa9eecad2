import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import type { Message } from '../src/session/message';
import {
  agentToken,
  BCID,
  customerAuth,
  freshChannel,
  listSessions,
  openSession,
  post,
  readPage,
  sendAsAgent,
  sendAsShopper,
  syncInbox,
  visitorId,
} from './helpers';

const CLAIM = '/message/customer/claim_session';

async function visitorWithHistory(bcid = BCID) {
  const visitor = { customerIdentifier: visitorId() };
  const { sessionId } = await openSession(visitor, bcid);
  const asked = await sendAsShopper(visitor, sessionId, 'asked as a guest', bcid);
  return { visitor, sessionId, asked };
}

const customerId = () => `customer-${crypto.randomUUID()}`;

describe('claim_session', () => {
  it("gives the visitor's session to the customer, who then opens it with the history", async () => {
    const channel = await freshChannel();
    const { visitor, sessionId, asked } = await visitorWithHistory(channel.bcid);
    const id = customerId();
    const auth = { _auth: await customerAuth(id) };

    const reply = await post(CLAIM, { bcid: channel.bcid, ...auth, ...visitor });
    expect(reply.status).toBe(200);
    expect(reply.body.data).toEqual({
      sessionId,
      customerIdentifier: id,
      customerIdentifierType: 'customer',
    });

    const opened = await openSession(auth, channel.bcid);
    expect(opened.sessionId).toBe(sessionId);
    expect(opened.messages).toEqual([asked]);
    const later = await sendAsShopper(auth, sessionId, 'asked as myself', channel.bcid);
    expect(later).toMatchObject({ customerIdentifier: id, customerIdentifierType: 'customer' });

    const token = await agentToken('agent-1', channel.clientId);
    await syncInbox(sessionId);
    const [entry] = (await listSessions(token)).sessions;
    expect(entry).toMatchObject({
      sessionId,
      customerIdentifier: id,
      customerIdentifierType: 'customer',
      lastMessage: later,
      unreadCount: 2,
    });
    expect((await listSessions(token, visitor)).sessions).toEqual([]);
  });

  it("keeps every earlier message's sender", async () => {
    const { visitor, sessionId, asked } = await visitorWithHistory();
    const answered = await sendAsAgent(await agentToken('agent-1'), sessionId, 'welcome');
    const auth = { _auth: await customerAuth(customerId()) };
    expect((await post(CLAIM, { bcid: BCID, ...auth, ...visitor })).status).toBe(200);

    const page = await readPage(auth, sessionId, { nextOrPrevious: 'next' });
    expect(page.body.data).toEqual([asked, answered]);
    expect(page.body.data[0]).toMatchObject({
      createdBy: visitor.customerIdentifier,
      customerIdentifierType: 'visitor',
    });
  });

  it('no longer lets the visitor id open or read the session', async () => {
    const { visitor, sessionId } = await visitorWithHistory();
    const auth = { _auth: await customerAuth(customerId()) };
    await post(CLAIM, { bcid: BCID, ...auth, ...visitor });

    const read = await readPage(visitor, sessionId, { nextOrPrevious: 'next' });
    expect(read.status).toBe(404);
    const reopened = await openSession(visitor);
    expect(reopened.sessionId).not.toBe(sessionId);
    expect(reopened.messages).toEqual([]);
  });

  it('is harmless when repeated', async () => {
    const { visitor, sessionId } = await visitorWithHistory();
    const auth = { _auth: await customerAuth(customerId()) };
    const body = { bcid: BCID, ...auth, ...visitor };

    expect((await post(CLAIM, body)).status).toBe(200);
    const again = await post<{ sessionId: string }>(CLAIM, body);
    expect(again.status).toBe(200);
    expect(again.body.data.sessionId).toBe(sessionId);
  });

  it('finishes a claim that D1 took but the session object did not', async () => {
    const { visitor, sessionId } = await visitorWithHistory();
    const id = customerId();
    // The index moved to the customer; the object was not reached (as after a crash).
    await env.DB.prepare(
      `UPDATE sessions SET customer_identifier_type = 'customer', customer_identifier = ?
       WHERE session_id = ?`,
    )
      .bind(id, sessionId)
      .run();
    const auth = { _auth: await customerAuth(id) };

    const reply = await post(CLAIM, { bcid: BCID, ...auth, ...visitor });
    expect(reply.status).toBe(200);
    const page = await readPage(auth, sessionId, { nextOrPrevious: 'next' });
    expect(page.status).toBe(200);
    expect(page.body.data.map((m: Message) => m.value)).toEqual(['asked as a guest']);
  });

  it('refuses with 409 when the customer already has a session on the bcid', async () => {
    const { visitor, sessionId } = await visitorWithHistory();
    const auth = { _auth: await customerAuth(customerId()) };
    const own = await openSession(auth);

    const reply = await post(CLAIM, { bcid: BCID, ...auth, ...visitor });
    expect(reply.status).toBe(409);
    expect(reply.body.error).toEqual({
      code: 'conflict',
      message: 'The customer already has a session on this bcid.',
    });
    const stillTheVisitors = await readPage(visitor, sessionId, { nextOrPrevious: 'next' });
    expect(stillTheVisitors.body.data.map((m: Message) => m.value)).toEqual(['asked as a guest']);
    expect((await openSession(auth)).sessionId).toBe(own.sessionId);
  });

  it('refuses a visitor without a session, a missing _auth and a bad visitor id', async () => {
    const auth = { _auth: await customerAuth(customerId()) };
    const nobody = await post(CLAIM, { bcid: BCID, ...auth, customerIdentifier: visitorId() });
    expect(nobody.status).toBe(404);
    expect(nobody.body.error.message).toBe('The visitor has no session on this bcid.');

    const anonymous = await post(CLAIM, { bcid: BCID, customerIdentifier: visitorId() });
    expect(anonymous.status).toBe(400);
    expect(anonymous.body.error.issues).toEqual([{ path: '_auth', message: expect.any(String) }]);

    const short = await post(CLAIM, { bcid: BCID, ...auth, customerIdentifier: 'short' });
    expect(short.status).toBe(400);
    const forged = await post(CLAIM, {
      bcid: BCID,
      _auth: 'forged',
      customerIdentifier: visitorId(),
    });
    expect(forged.status).toBe(401);
  });
});
