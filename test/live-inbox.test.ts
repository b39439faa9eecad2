import { afterEach, describe, expect, it } from 'vitest';
import {
  agentToken,
  BCID,
  customerAuth,
  EXAMPLE_CHANNEL,
  OTHER_CHANNEL,
  openSession,
  sendAsAgent,
  sendAsShopper,
  SISTER_CHANNEL,
  visitorId,
} from './helpers';
import { closeAll, type Frame, LiveSocket } from './live-helpers';
import type { Message, SessionOwner } from '../src/session/message';

const INBOX = '/message/client/inbox';

afterEach(closeAll);

async function inbox(after?: string) {
  const socket = await LiveSocket.open(INBOX, { bcid: BCID, ...(after && { after }) });
  const replay: Frame[] = [];
  socket.send({ event: 'auth', data: { token: await agentToken('inbox-agent') } });
  for (let frame = await socket.next(); frame.event !== 'ready'; frame = await socket.next()) {
    replay.push(frame);
  }
  return { socket, replay };
}

const sessionOf = (frame: Frame) => (frame.data as { sessionId: string }).sessionId;

/** The next `count` frames about one session, skipping those of others. */
async function framesOf(socket: LiveSocket, sessionId: string, count: number) {
  const frames: Frame[] = [];
  while (frames.length < count) {
    const frame = await socket.next();
    if (sessionOf(frame) === sessionId) frames.push(frame);
  }
  return frames;
}

describe('client inbox', () => {
  it('streams a new session and its messages from both sides', async () => {
    const { socket } = await inbox();

    const visitor = { customerIdentifier: visitorId() };
    const { sessionId } = await openSession(visitor);
    const asked = await sendAsShopper(visitor, sessionId, 'is this in stock?');
    const answered = await sendAsAgent(await agentToken('agent-2'), sessionId, 'it is');

    const owner: SessionOwner = {
      sessionId,
      bcid: BCID,
      clientId: EXAMPLE_CHANNEL.clientId,
      customerIdentifier: visitor.customerIdentifier,
      customerIdentifierType: 'visitor',
    };
    expect(await framesOf(socket, sessionId, 3)).toEqual([
      { event: 'session', data: owner },
      { event: 'message', data: asked },
      { event: 'message', data: answered },
    ]);
  });

  it("covers every storefront of the client and none of another client's", async () => {
    const { socket } = await inbox();

    const foreign = await openSession({ customerIdentifier: visitorId() }, OTHER_CHANNEL.bcid);
    const sister = await openSession({ customerIdentifier: visitorId() }, SISTER_CHANNEL.bcid);

    const frame = await socket.next();
    expect(frame).toMatchObject({ event: 'session', data: { bcid: SISTER_CHANNEL.bcid } });
    expect(sessionOf(frame)).toBe(sister.sessionId);
    expect(sessionOf(frame)).not.toBe(foreign.sessionId);
  });

  it('tells nothing of a session opened again', async () => {
    const { socket } = await inbox();
    const visitor = { customerIdentifier: visitorId() };
    const { sessionId } = await openSession(visitor);
    await openSession(visitor);
    const marker = await sendAsShopper(visitor, sessionId, 'marker');

    const frames = await framesOf(socket, sessionId, 2);
    expect(frames.map((frame) => frame.event)).toEqual(['session', 'message']);
    expect(frames[1]?.data).toEqual(marker);
  });

  it('resumes after the last event it saw, with the events since in order', async () => {
    const first = await inbox();
    const visitor = { customerIdentifier: visitorId() };
    const { sessionId } = await openSession(visitor);
    const seen = await sendAsShopper(visitor, sessionId, 'one');
    await framesOf(first.socket, sessionId, 2);
    first.socket.close();

    const later: Message[] = [];
    for (const value of ['two', 'three']) {
      later.push(await sendAsShopper(visitor, sessionId, value));
    }
    // Notifications travel after the send's answer: what the replay lacks arrives live.
    const { socket, replay } = await inbox(seen.chatRoomMessageId);
    const replayed = replay.filter((frame) => sessionOf(frame) === sessionId);
    const live = await framesOf(socket, sessionId, later.length - replayed.length);

    expect([...replayed, ...live].map((frame) => frame.data)).toEqual(later);
  });

  it('refuses an agent of another client, a shopper, and an unknown `after`', async () => {
    const cases: [Record<string, string>, Record<string, string>, string][] = [
      [{}, { token: await agentToken('agent-x', OTHER_CHANNEL.clientId) }, 'forbidden'],
      [{}, { token: await customerAuth('shopper') }, 'unauthorized'],
      [{ after: crypto.randomUUID() }, { token: await agentToken('agent-3') }, 'not_found'],
    ];
    for (const [query, data, code] of cases) {
      const socket = await LiveSocket.open(INBOX, { bcid: BCID, ...query });
      socket.send({ event: 'auth', data });
      expect(await socket.next()).toMatchObject({ event: 'error', data: { code } });
      expect((await socket.closed).code).toBe(1008);
    }
  });
});
