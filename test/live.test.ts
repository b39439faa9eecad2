import { env, runInDurableObject } from 'cloudflare:test';
import { exports } from 'cloudflare:workers';
import { afterEach, describe, expect, it } from 'vitest';
import {
  agentToken,
  BCID,
  customerAuth,
  OTHER_CHANNEL,
  openSession,
  post,
  readPage,
  sendAsAgent,
  sendAsShopper,
  visitorId,
  visitorSession,
} from './helpers';
import { closeAll, ids, LiveSocket } from './live-helpers';

const CUSTOMER = '/message/customer/connect';
const CLIENT = '/message/client/connect';

afterEach(closeAll);

async function customerSocket(sessionId: string, auth: Record<string, string>, after?: string) {
  const query = { bcid: BCID, sessionId, ...(after && { after }) };
  const socket = await LiveSocket.open(CUSTOMER, query);
  return { socket, replay: await socket.auth(auth) };
}

async function agentSocket(sessionId: string, token: string) {
  const socket = await LiveSocket.open(CLIENT, { bcid: BCID, sessionId });
  await socket.auth({ token });
  return socket;
}

/** The whole log of a session, oldest first, read over HTTP; the tests keep it short. */
async function wholeLog(identity: Record<string, string>, sessionId: string) {
  const page = await readPage(identity, sessionId, { nextOrPrevious: 'previous', size: 100 });
  expect(page.body.data.length).toBeLessThan(100);
  return page.body.data;
}

describe('session sockets', () => {
  it('shows two customer tabs and an agent the same messages in the same order', async () => {
    const auth = { _auth: await customerAuth(`live-${crypto.randomUUID()}`) };
    const { sessionId } = await openSession(auth);
    const token = await agentToken('agent-1');
    const tabA = (await customerSocket(sessionId, auth)).socket;
    const tabB = (await customerSocket(sessionId, auth)).socket;
    const agent = await agentSocket(sessionId, token);

    await Promise.all([
      ...[1, 2, 3, 4, 5].map((i) => sendAsShopper(auth, sessionId, `customer ${i}`)),
      ...[1, 2, 3, 4, 5].map((i) => sendAsAgent(token, sessionId, `agent ${i}`)),
    ]);

    const log = await wholeLog(auth, sessionId);
    expect(log).toHaveLength(10);
    for (const socket of [tabA, tabB, agent]) {
      expect(ids(await socket.messages(10))).toEqual(ids(log));
    }
  });

  it('delivers messages in the contract shape, as the HTTP send answered them', async () => {
    const { visitor, sessionId } = await visitorSession();
    const { socket } = await customerSocket(sessionId, visitor);

    const sent = await sendAsAgent(await agentToken('agent-shape'), sessionId, 'hello');
    expect(await socket.messages(1)).toEqual([sent]);
  });

  it('replays the latest page to a socket that connects without `after`', async () => {
    const { visitor, sessionId } = await visitorSession();
    for (let i = 1; i <= 12; i++) await sendAsShopper(visitor, sessionId, `m${i}`);

    const { replay } = await customerSocket(sessionId, visitor);
    const latest = await readPage(visitor, sessionId, { nextOrPrevious: 'next', size: 10 });
    expect(ids(replay)).toEqual(ids(latest.body.data));
  });

  it('resumes after a disconnect with every message once, while messages keep coming', async () => {
    const { visitor, sessionId } = await visitorSession();
    const token = await agentToken('agent-resume');
    const first = (await customerSocket(sessionId, visitor)).socket;
    await sendAsAgent(token, sessionId, 'before 1');
    await sendAsAgent(token, sessionId, 'before 2');
    const seen = await first.messages(2);
    first.close();

    // A stream of sends runs while the socket is away, reconnects and replays.
    const total = 30;
    const sending = (async () => {
      for (let i = 1; i <= total - 2; i++) await sendAsAgent(token, sessionId, `during ${i}`);
    })();
    await sendAsAgent(token, sessionId, 'while away');
    const last = seen.at(-1)?.chatRoomMessageId ?? '';
    const { socket, replay } = await customerSocket(sessionId, visitor, last);
    seen.push(...replay);
    await sending;
    const live = total - seen.length + 1;
    seen.push(...(await socket.messages(live)));

    const log = await wholeLog(visitor, sessionId);
    expect(log).toHaveLength(total + 1);
    expect(ids(seen)).toEqual(ids(log));
  });

  it('replays a backlog longer than one page of the log in full', async () => {
    const { visitor, sessionId } = await visitorSession();
    const token = await agentToken('agent-backlog');
    const anchor = await sendAsShopper(visitor, sessionId, 'anchor');
    for (let batch = 0; batch < 7; batch++) {
      const values = Array.from({ length: 15 }, (_, i) => `b${batch}-${i}`);
      await Promise.all(values.map((value) => sendAsAgent(token, sessionId, value)));
    }

    const { replay } = await customerSocket(sessionId, visitor, anchor.chatRoomMessageId);
    const next = { nextOrPrevious: 'next' as const, size: 100 };
    const fromAnchor = { ...next, chatRoomMessageId: anchor.chatRoomMessageId };
    const first = await readPage(visitor, sessionId, fromAnchor);
    const cursor = first.body.data.at(-1)?.chatRoomMessageId ?? '';
    const second = await readPage(visitor, sessionId, { ...next, chatRoomMessageId: cursor });
    expect(ids(replay)).toEqual(ids([...first.body.data, ...second.body.data]));
    expect(replay).toHaveLength(105);
  });

  it('recovers from the object being reset, as by a deploy, through resume', async () => {
    const { visitor, sessionId } = await visitorSession();
    const token = await agentToken('agent-reset');
    const { socket } = await customerSocket(sessionId, visitor);
    const before = await sendAsAgent(token, sessionId, 'before');
    expect(await socket.messages(1)).toEqual([before]);

    const object = env.CHAT_SESSION.get(env.CHAT_SESSION.idFromName(sessionId));
    await runInDurableObject(object, (_, state) => state.abort('reset')).catch(() => undefined);
    expect((await socket.closed).code).not.toBe(1000);

    const missed = await sendAsAgent(token, sessionId, 'while down');
    const resumed = await customerSocket(sessionId, visitor, before.chatRoomMessageId);
    expect(resumed.replay).toEqual([missed]);
  });

  it('refuses `after` that is not a message of the session', async () => {
    const { visitor, sessionId } = await visitorSession();
    const query = { bcid: BCID, sessionId, after: crypto.randomUUID() };
    const socket = await LiveSocket.open(CUSTOMER, query);
    socket.send({ event: 'auth', data: visitor });

    expect(await socket.next()).toMatchObject({ event: 'error', data: { code: 'not_found' } });
    expect(await socket.closed).toMatchObject({ code: 1008 });
  });
});

describe('who may connect', () => {
  async function refusedWith(path: string, query: Record<string, string>, data: object) {
    const socket = await LiveSocket.open(path, query);
    socket.send({ event: 'auth', data });
    const frame = await socket.next();
    expect(frame.event).toBe('error');
    expect((await socket.closed).code).toBe(1008);
    return (frame.data as { code: string }).code;
  }

  it('refuses the socket of another customer or visitor', async () => {
    const { sessionId } = await visitorSession();
    const query = { bcid: BCID, sessionId };
    const stranger = { customerIdentifier: visitorId() };
    const customer = { _auth: await customerAuth('someone-else') };

    expect(await refusedWith(CUSTOMER, query, stranger)).toBe('not_found');
    expect(await refusedWith(CUSTOMER, query, customer)).toBe('not_found');
  });

  it("refuses an agent of another client and a shopper's token on the agents' side", async () => {
    const { visitor, sessionId } = await visitorSession();
    const query = { bcid: BCID, sessionId };
    const foreign = await agentToken('agent-x', OTHER_CHANNEL.clientId);
    const shopperToken = await customerAuth('shopper');

    expect(await refusedWith(CLIENT, query, { token: foreign })).toBe('not_found');
    expect(await refusedWith(CLIENT, query, { token: shopperToken })).toBe('unauthorized');
    expect(await refusedWith(CLIENT, query, visitor)).toBe('unauthorized');
  });

  it('refuses a session on the wrong bcid and a session that does not exist', async () => {
    const { visitor, sessionId } = await visitorSession();
    const wrongBcid = { bcid: OTHER_CHANNEL.bcid, sessionId };
    const missing = { bcid: BCID, sessionId: `nosuchsession${'x'.repeat(12)}` };

    expect(await refusedWith(CUSTOMER, wrongBcid, visitor)).toBe('not_found');
    expect(await refusedWith(CUSTOMER, missing, visitor)).toBe('not_found');
  });

  it('stops serving a socket once its token has expired', async () => {
    const { visitor, sessionId } = await visitorSession();
    const signedAt = Date.now();
    const agent = await agentSocket(sessionId, await agentToken('agent-brief', undefined, 2));
    await new Promise((resolve) => setTimeout(resolve, signedAt + 2_200 - Date.now()));

    await sendAsShopper(visitor, sessionId, 'too late to see');
    expect(await agent.next()).toMatchObject({ event: 'error', data: { code: 'unauthorized' } });
    expect((await agent.closed).code).toBe(1008);
  });

  it('refuses a first frame that is not `auth`', async () => {
    const { sessionId } = await visitorSession();
    const socket = await LiveSocket.open(CUSTOMER, { bcid: BCID, sessionId });
    socket.send({ event: 'typing', data: { typing: true } });

    expect(await socket.next()).toMatchObject({ event: 'error', data: { code: 'unauthorized' } });
    expect((await socket.closed).code).toBe(1008);
  });

  it('closes a socket that does not authenticate in time', async () => {
    const { sessionId } = await visitorSession();
    const socket = await LiveSocket.open(CUSTOMER, { bcid: BCID, sessionId });

    expect(await socket.next()).toMatchObject({ event: 'error', data: { code: 'unauthorized' } });
    expect((await socket.closed).code).toBe(1008);
  });

  it('answers a request without an upgrade with 426 and a bad query with 400', async () => {
    const { sessionId } = await visitorSession();
    const plain = await exports.default.fetch(
      `https://chat.example${CUSTOMER}?bcid=${BCID}&sessionId=${sessionId}`,
    );
    expect(plain.status).toBe(426);
    expect(await plain.json()).toMatchObject({ status: false, error: { code: 'invalid_request' } });

    const bad = await exports.default.fetch(`https://chat.example${CUSTOMER}?bcid=nope`, {
      headers: { upgrade: 'websocket' },
    });
    expect(bad.status).toBe(400);
    const body = await bad.json<{ error: { issues: { path: string }[] } }>();
    expect(body.error.issues.map((issue) => issue.path).sort()).toEqual(['bcid', 'sessionId']);
  });
});

describe('typing', () => {
  it('reaches the other side only, never the sender or its other tabs', async () => {
    const { visitor, sessionId } = await visitorSession();
    const token = await agentToken('agent-typing');
    const tabA = (await customerSocket(sessionId, visitor)).socket;
    const tabB = (await customerSocket(sessionId, visitor)).socket;
    const agent = await agentSocket(sessionId, token);

    tabA.send({ event: 'typing', data: { typing: true } });
    expect(await agent.next()).toEqual({
      event: 'typing',
      data: { sendBy: 'customer', typing: true },
    });

    // A message sent after the typing signal is the next frame wherever typing did not go.
    const marker = await sendAsShopper(visitor, sessionId, 'marker');
    for (const socket of [tabA, tabB, agent]) expect(await socket.messages(1)).toEqual([marker]);

    agent.send({ event: 'typing' });
    for (const tab of [tabA, tabB]) {
      expect(await tab.next()).toEqual({
        event: 'typing',
        data: { sendBy: 'handler', handlerIdentifier: 'agent-typing', typing: true },
      });
    }
  });

  it('forwards repeated typing at a limited rate, and always the signal that ends it', async () => {
    const { visitor, sessionId } = await visitorSession();
    const tab = (await customerSocket(sessionId, visitor)).socket;
    const agent = await agentSocket(sessionId, await agentToken('agent-rate'));

    for (let i = 0; i < 5; i++) tab.send({ event: 'typing', data: { typing: true } });
    tab.send({ event: 'typing', data: { typing: false } });
    tab.send({ event: 'typing', data: { typing: false } });
    // The object handles one socket's frames in order: once the tab has the answer to a frame
    // sent last, every typing frame before it has been forwarded, and the marker comes after.
    tab.send({ event: 'shout' });
    expect(await tab.next()).toMatchObject({ event: 'error' });
    const marker = await sendAsShopper(visitor, sessionId, 'marker');

    expect(await agent.next()).toMatchObject({ event: 'typing', data: { typing: true } });
    expect(await agent.next()).toMatchObject({ event: 'typing', data: { typing: false } });
    expect(await agent.messages(1)).toEqual([marker]);
  });

  it('is never stored', async () => {
    const { visitor, sessionId } = await visitorSession();
    const tab = (await customerSocket(sessionId, visitor)).socket;
    const agent = await agentSocket(sessionId, await agentToken('agent-store'));
    tab.send({ event: 'typing' });
    await agent.next();

    const page = await readPage(visitor, sessionId, { nextOrPrevious: 'next' });
    expect(page.body.data).toEqual([]);
  });
});

describe('frame limits', () => {
  it('closes the socket with 1009 for a frame over the limit', async () => {
    const { sessionId } = await visitorSession();
    const socket = await LiveSocket.open(CUSTOMER, { bcid: BCID, sessionId });
    socket.send({ event: 'auth', data: { customerIdentifier: 'x'.repeat(9000) } });

    expect((await socket.closed).code).toBe(1009);
  });

  it('answers malformed frames with error frames and keeps serving the socket', async () => {
    const { visitor, sessionId } = await visitorSession();
    const socket = await LiveSocket.open(CUSTOMER, { bcid: BCID, sessionId });

    for (const bad of ['not json', '[1,2]', '{"event":"shout"}', '{"event":"auth"}']) {
      socket.send(bad);
      expect(await socket.next()).toMatchObject({
        event: 'error',
        data: { code: 'invalid_request' },
      });
    }
    expect(await socket.auth(visitor)).toEqual([]);

    socket.send({ event: 'typing', data: { typing: 'yes' } });
    const error = { event: 'error', data: { code: 'invalid_request' } };
    expect(await socket.next()).toMatchObject(error);
    const message = await sendAsShopper(visitor, sessionId, 'still here');
    expect(await socket.messages(1)).toEqual([message]);
  });

  it('answers a ping with a pong', async () => {
    const { sessionId } = await visitorSession();
    const socket = await LiveSocket.open(CUSTOMER, { bcid: BCID, sessionId });
    socket.send('{"event":"ping"}');

    expect(await socket.next()).toEqual({ event: 'pong' });
  });
});

describe('a claim', () => {
  it("closes the visitor's sockets, and the customer's socket then reads the session", async () => {
    const { visitor, sessionId } = await visitorSession();
    const before = await sendAsShopper(visitor, sessionId, 'asked as a visitor');
    const tab = (await customerSocket(sessionId, visitor)).socket;
    const auth = await customerAuth(`claimer-${crypto.randomUUID()}`);

    const claimed = await post('/message/customer/claim_session', {
      bcid: BCID,
      _auth: auth,
      customerIdentifier: visitor.customerIdentifier,
    });
    expect(claimed.status).toBe(200);

    expect(await tab.next()).toMatchObject({ event: 'error', data: { code: 'unauthorized' } });
    expect((await tab.closed).code).toBe(1008);
    const { replay } = await customerSocket(sessionId, { _auth: auth });
    expect(replay).toEqual([before]);
  });
});
