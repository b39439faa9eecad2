import { afterEach, describe, expect, it } from 'vitest';
import {
  agentPost,
  agentToken,
  BCID,
  openSession,
  post,
  readPage,
  sendAsAgent,
  sendAsShopper,
  visitorId,
} from './helpers';
import { closeAll, type Frame, ids, LiveSocket } from './live-helpers';
import type { Message } from '../src/session/message';

const CUSTOMER = '/message/customer/connect';
const CLIENT = '/message/client/connect';

afterEach(closeAll);

type Side = 'customer' | 'handler';

/** A visitor's session with a customer socket and an agent socket, both past `ready`. */
async function liveSession() {
  const visitor = { customerIdentifier: visitorId() };
  const { sessionId } = await openSession(visitor);
  const token = await agentToken('agent-events');
  const customer = await customerSocket(sessionId, visitor);
  const agent = await agentSocket(sessionId, token);
  return { visitor, sessionId, token, customer, agent };
}

type Live = Awaited<ReturnType<typeof liveSession>>;

async function customerSocket(sessionId: string, visitor: Record<string, string>) {
  const socket = await LiveSocket.open(CUSTOMER, { bcid: BCID, sessionId });
  await socket.auth(visitor);
  return socket;
}

async function agentSocket(sessionId: string, token: string) {
  const socket = await LiveSocket.open(CLIENT, { bcid: BCID, sessionId });
  await socket.auth({ token });
  return socket;
}

/** A value no other message of any test holds, so that finding it in a frame means a leak. */
const secret = (label: string) => `${label} ${crypto.randomUUID()}`;

function send(live: Live, side: Side, value: string) {
  if (side === 'customer') return sendAsShopper(live.visitor, live.sessionId, value);
  return sendAsAgent(live.token, live.sessionId, value);
}

async function recall(live: Live, side: Side, message: Message) {
  const ref = { sessionId: live.sessionId, chatRoomMessageId: message.chatRoomMessageId };
  const reply =
    side === 'customer'
      ? await post<Message>('/message/customer/revoke_message', {
          bcid: BCID,
          ...live.visitor,
          ...ref,
        })
      : await agentPost<Message>('revoke_message', live.token, ref);
  expect(reply.status).toBe(200);
  return reply.body.data;
}

async function markRead(live: Live, side: Side, message: Message) {
  const ref = { sessionId: live.sessionId, chatRoomMessageId: message.chatRoomMessageId };
  const reply =
    side === 'customer'
      ? await post('/message/customer/mark_read', { bcid: BCID, ...live.visitor, ...ref })
      : await agentPost('mark_read', live.token, ref);
  expect(reply.status).toBe(200);
}

async function freezeMessage(live: Live, message: Message, freezed: boolean) {
  const ref = { sessionId: live.sessionId, chatRoomMessageId: message.chatRoomMessageId };
  const reply = await agentPost<Message>('freeze_message', live.token, { ...ref, freezed });
  expect(reply.status).toBe(200);
  return reply.body.data;
}

async function freezeSession(live: Live, freezed: boolean) {
  const reply = await agentPost('freeze_session', live.token, {
    sessionId: live.sessionId,
    freezed,
  });
  expect(reply.status).toBe(200);
}

/** Every frame up to and including the `message` frame of `marker`. */
async function framesUntil(socket: LiveSocket, marker: Message): Promise<Frame[]> {
  const frames: Frame[] = [];
  for (;;) {
    const frame = await socket.next();
    frames.push(frame);
    const data = frame.data as Partial<Message> | null;
    if (frame.event === 'message' && data?.chatRoomMessageId === marker.chatRoomMessageId) {
      return frames;
    }
  }
}

const messageFrame = (data: Message): Frame => ({ event: 'message', data });

function isFrameOf(frame: Frame, target: Message): boolean {
  return (frame.data as Partial<Message>).chatRoomMessageId === target.chatRoomMessageId;
}

describe('revoked', () => {
  for (const side of ['customer', 'handler'] as const) {
    it(`reaches both sides, in log order, when the ${side} side recalls`, async () => {
      const live = await liveSession();
      const other: Side = side === 'customer' ? 'handler' : 'customer';
      const hidden = secret('recall me');
      const recalled = await send(live, side, hidden);
      const reply = await send(live, other, 'a reply');

      const answer = await recall(live, side, recalled);
      const after = await send(live, other, 'after the recall');

      const gone = { ...recalled, revoked: true, value: '' };
      expect(answer).toEqual(gone);
      const expected = [
        messageFrame(recalled),
        messageFrame(reply),
        { event: 'revoked', data: gone },
      ];
      for (const socket of [live.customer, live.agent]) {
        expect(await framesUntil(socket, after)).toEqual([...expected, messageFrame(after)]);
      }
    });
  }

  it('keeps the same place among concurrent sends on every socket', async () => {
    const live = await liveSession();
    const first = await send(live, 'customer', secret('first'));
    const second = await send(live, 'handler', secret('second'));

    await Promise.all([
      ...[1, 2, 3, 4].map((i) => send(live, 'customer', `customer ${i}`)),
      ...[1, 2, 3, 4].map((i) => send(live, 'handler', `agent ${i}`)),
      recall(live, 'customer', first),
      recall(live, 'handler', second),
    ]);
    const marker = await send(live, 'handler', 'marker');

    const customerSeen = await framesUntil(live.customer, marker);
    const agentSeen = await framesUntil(live.agent, marker);
    expect(customerSeen).toEqual(agentSeen);
    const revoked = customerSeen.filter((frame) => frame.event === 'revoked');
    expect(revoked).toHaveLength(2);
    const delivered = customerSeen.filter((frame) => frame.event === 'message');
    const log = await readPage(live.visitor, live.sessionId, {
      nextOrPrevious: 'previous',
      size: 100,
    });
    expect(log.body.data).toHaveLength(2 + 8 + 1);
    expect(ids(delivered.map((frame) => frame.data as Message))).toEqual(ids(log.body.data));
    // Each recall comes after the message it recalls, and later frames never carry its value.
    for (const recalled of [first, second]) {
      const at = customerSeen.findIndex(
        (frame) => frame.event === 'revoked' && isFrameOf(frame, recalled),
      );
      expect(at).toBeGreaterThan(customerSeen.findIndex((frame) => isFrameOf(frame, recalled)));
      expect(JSON.stringify(customerSeen.slice(at))).not.toContain(recalled.value);
    }
  });

  it('never shows the recalled value again, live or in a replay', async () => {
    const live = await liveSession();
    const hidden = secret('recalled');
    const recalled = await send(live, 'customer', hidden);
    await recall(live, 'customer', recalled);
    await send(live, 'handler', 'still talking');

    const lateTab = await LiveSocket.open(CUSTOMER, { bcid: BCID, sessionId: live.sessionId });
    const lateAgent = await LiveSocket.open(CLIENT, { bcid: BCID, sessionId: live.sessionId });
    const late = [
      { socket: lateTab, replay: await lateTab.auth(live.visitor) },
      { socket: lateAgent, replay: await lateAgent.auth({ token: live.token }) },
    ];
    const marker = await send(live, 'customer', 'marker');

    for (const socket of [live.customer, live.agent]) {
      const [first, ...rest] = await framesUntil(socket, marker);
      expect(first).toEqual(messageFrame(recalled));
      expect(JSON.stringify(rest)).not.toContain(hidden);
    }
    for (const { socket, replay } of late) {
      expect(replay[0]).toEqual({ ...recalled, revoked: true, value: '' });
      const seen = [...replay, ...(await framesUntil(socket, marker))];
      expect(JSON.stringify(seen)).not.toContain(hidden);
    }
  });
});

describe('read', () => {
  for (const side of ['customer', 'handler'] as const) {
    it(`reaches both sides when the ${side} side's mark moves forward`, async () => {
      const live = await liveSession();
      const other: Side = side === 'customer' ? 'handler' : 'customer';
      const first = await send(live, other, 'read first');
      const second = await send(live, other, 'read second');

      await markRead(live, side, first);
      await markRead(live, side, second);
      const marker = await send(live, other, 'marker');

      const read = (at: Message) => ({
        event: 'read',
        data: { side, chatRoomMessageId: at.chatRoomMessageId },
      });
      const expected = [messageFrame(first), messageFrame(second), read(first), read(second)];
      for (const socket of [live.customer, live.agent]) {
        expect(await framesUntil(socket, marker)).toEqual([...expected, messageFrame(marker)]);
      }
    });
  }

  it('sends nothing for a mark that moves back or stays', async () => {
    const live = await liveSession();
    const fromAgent = await send(live, 'handler', 'for the customer');
    const fromCustomer = await send(live, 'customer', 'for the agent');
    const latest = await send(live, 'handler', 'latest');
    await markRead(live, 'customer', latest);
    await markRead(live, 'handler', latest);
    const settled = await send(live, 'customer', 'settled');
    for (const socket of [live.customer, live.agent]) await framesUntil(socket, settled);

    for (const side of ['customer', 'handler'] as const) {
      await markRead(live, side, fromAgent);
      await markRead(live, side, fromCustomer);
      await markRead(live, side, latest);
    }
    // Frames keep their order, so a `read` for any of those marks would come before this one.
    const marker = await send(live, 'handler', 'marker');
    for (const socket of [live.customer, live.agent]) {
      expect(await socket.next()).toEqual(messageFrame(marker));
    }
  });
});

describe('frozen', () => {
  it('gives agents the value, and the customer side an empty one until the thaw', async () => {
    const live = await liveSession();
    const hidden = secret('frozen');
    const target = await send(live, 'customer', hidden);

    const frozen = await freezeMessage(live, target, true);
    const lateTab = await LiveSocket.open(CUSTOMER, { bcid: BCID, sessionId: live.sessionId });
    const replay = await lateTab.auth(live.visitor);
    const during = await send(live, 'handler', 'while frozen');
    const thawed = await freezeMessage(live, target, false);
    const marker = await send(live, 'handler', 'marker');

    expect(frozen).toEqual({ ...target, freezed: true });
    expect(thawed).toEqual(target);
    const agentSeen = await framesUntil(live.agent, marker);
    expect(agentSeen).toEqual([
      messageFrame(target),
      { event: 'frozen', data: frozen },
      messageFrame(during),
      { event: 'frozen', data: thawed },
      messageFrame(marker),
    ]);

    const withheld = { ...frozen, value: '' };
    const customerSeen = await framesUntil(live.customer, marker);
    expect(customerSeen).toEqual([
      messageFrame(target),
      { event: 'frozen', data: withheld },
      messageFrame(during),
      { event: 'frozen', data: thawed },
      messageFrame(marker),
    ]);
    expect(replay).toEqual([withheld]);
    const lateSeen = await framesUntil(lateTab, marker);
    expect(lateSeen).toEqual([
      messageFrame(during),
      { event: 'frozen', data: thawed },
      messageFrame(marker),
    ]);

    // From the freeze to the thaw, no frame of the customer side carries the value.
    const whileFrozen = [...customerSeen.slice(1, 3), ...replay, lateSeen[0]];
    expect(JSON.stringify(whileFrozen)).not.toContain(hidden);
  });

  it('tells both sides when the session is frozen and thawed', async () => {
    const live = await liveSession();

    await freezeSession(live, true);
    await freezeSession(live, false);
    const marker = await send(live, 'customer', 'thawed');

    const state = (freezed: boolean) => ({
      event: 'frozen',
      data: { sessionId: live.sessionId, freezed },
    });
    for (const socket of [live.customer, live.agent]) {
      expect(await framesUntil(socket, marker)).toEqual([
        state(true),
        state(false),
        messageFrame(marker),
      ]);
    }
  });
});

describe('another session', () => {
  it("receives none of a session's recalls, read marks and freezes", async () => {
    const live = await liveSession();
    const elsewhere = await liveSession();
    const fromCustomer = await send(live, 'customer', secret('recalled'));
    const fromAgent = await send(live, 'handler', secret('frozen'));

    await recall(live, 'customer', fromCustomer);
    await markRead(live, 'customer', fromAgent);
    await markRead(live, 'handler', fromAgent);
    await freezeMessage(live, fromAgent, true);
    await freezeSession(live, true);
    const done = await send(live, 'handler', 'done');
    const marker = await send(elsewhere, 'customer', 'marker');

    // The session's own sockets did receive each of those events, so that the absence below
    // is that of events that were sent.
    for (const socket of [live.customer, live.agent]) {
      const events = (await framesUntil(socket, done)).map((frame) => frame.event);
      expect(events).toEqual([
        'message',
        'message',
        'revoked',
        'read',
        'read',
        'frozen',
        'frozen',
        'message',
      ]);
    }
    for (const socket of [elsewhere.customer, elsewhere.agent]) {
      expect(await socket.next()).toEqual(messageFrame(marker));
    }
  });
});
