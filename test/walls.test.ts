import { sign } from 'hono/jwt';
import { describe, expect, it } from 'vitest';
import { CUSTOMER_AUDIENCE, signCustomerToken } from '../src/auth';
import {
  agentToken,
  BCID,
  customerAuth,
  openSession,
  OTHER_CHANNEL,
  post,
  readPage,
  secret,
  sendAsAgent,
  sendAsShopper,
  textMessage,
  visitorId,
} from './helpers';

/** A session with one message of each side, owned by a logged-in customer. */
async function victimSession() {
  const owner = { _auth: await customerAuth(`victim-${crypto.randomUUID()}`) };
  const { sessionId } = await openSession(owner);
  const first = await sendAsShopper(owner, sessionId, 'my address is ...');
  const reply = await sendAsAgent(await agentToken('victim-agent'), sessionId, 'thanks');
  return {
    owner,
    sessionId,
    customerMessageId: first.chatRoomMessageId,
    agentMessageId: reply.chatRoomMessageId,
  };
}

/** Everything either side can see of a session: its log and both sides' read state. */
async function snapshot(victim: Victim) {
  const query = { nextOrPrevious: 'previous' as const };
  const customer = await readPage(victim.owner, victim.sessionId, query);
  const agent = await post(
    '/message/client/get_messages',
    { bcid: BCID, sessionId: victim.sessionId, ...query },
    {
      authorization: `Bearer ${await agentToken('victim-agent')}`,
    },
  );
  const readHeaders = (headers: Headers) =>
    [...headers].filter(([name]) => /^x-(unread|.*read-message)/.test(name)).sort();
  return {
    customer: [customer.body.data, readHeaders(customer.headers)],
    agent: [agent.body.data, readHeaders(agent.headers)],
  };
}

type Victim = Awaited<ReturnType<typeof victimSession>>;

/** How a caller presents itself: fields for the body, headers for the request. */
interface Presented {
  body: Record<string, string>;
  headers: Record<string, string>;
}

const now = () => Math.floor(Date.now() / 1000);

/** Every kind of identity that is not the session's owner nor an agent of its client. */
const strangers: Record<string, () => Promise<Presented>> = {
  'another customer': async () => ({
    body: { _auth: await customerAuth('another-customer') },
    headers: {},
  }),
  'another visitor': async () => ({ body: { customerIdentifier: visitorId() }, headers: {} }),
  'an agent of another client': async () => ({
    body: {},
    headers: { authorization: `Bearer ${await agentToken('outsider', OTHER_CHANNEL.clientId)}` },
  }),
  'no identity': async () => ({ body: {}, headers: {} }),
  'an expired token': async () => {
    const expired = await agentToken('victim-agent', undefined, -10);
    return { body: { _auth: expired }, headers: { authorization: `Bearer ${expired}` } };
  },
  'a forged token': async () => {
    const claims = { sub: 'victim', aud: CUSTOMER_AUDIENCE, iat: now(), exp: now() + 600 };
    const forged = await sign(claims, `${secret()}-but-not-quite`, 'HS256');
    const forgedAgent = await signCustomerToken('victim-agent', 'x'.repeat(40), {
      ttlSeconds: 600,
    });
    return { body: { _auth: forged }, headers: { authorization: `Bearer ${forgedAgent}` } };
  },
};

/** Every endpoint that reaches into a session, with a body that would succeed for its owner. */
const endpoints: Record<string, (victim: Victim) => Record<string, unknown>> = {
  '/message/customer/send_message': (v) => ({ ...at(v), ...textMessage('intrusion') }),
  '/message/customer/get_messages': (v) => ({ ...at(v), nextOrPrevious: 'previous' }),
  '/message/customer/mark_read': (v) => ({ ...at(v), chatRoomMessageId: v.agentMessageId }),
  '/message/customer/revoke_message': (v) => ({ ...at(v), chatRoomMessageId: v.customerMessageId }),
  '/message/client/send_message': (v) => ({ ...at(v), ...textMessage('intrusion') }),
  '/message/client/get_messages': (v) => ({ ...at(v), nextOrPrevious: 'previous' }),
  '/message/client/mark_read': (v) => ({ ...at(v), chatRoomMessageId: v.customerMessageId }),
  '/message/client/revoke_message': (v) => ({ ...at(v), chatRoomMessageId: v.agentMessageId }),
  '/message/client/freeze_message': (v) => ({
    ...at(v),
    chatRoomMessageId: v.customerMessageId,
    freezed: true,
  }),
  '/message/client/freeze_session': (v) => ({ ...at(v), freezed: true }),
};

function at(victim: Victim) {
  return { bcid: BCID, sessionId: victim.sessionId };
}

describe('tenant walls', () => {
  for (const [path, bodyFor] of Object.entries(endpoints)) {
    for (const [who, present] of Object.entries(strangers)) {
      it(`refuses ${who} at ${path} and changes nothing`, async () => {
        const victim = await victimSession();
        const before = await snapshot(victim);
        const { body, headers } = await present();

        const reply = await post(path, { ...bodyFor(victim), ...body }, headers);

        expect([401, 403, 404]).toContain(reply.status);
        expect(reply.body.status).toBe(false);
        expect(JSON.stringify(reply.body)).not.toContain('my address');
        expect(await snapshot(victim)).toEqual(before);
      });
    }
  }

  it("lists none of a client's sessions to another client's agent", async () => {
    const victim = await victimSession();
    const outsider = await agentToken('outsider', OTHER_CHANNEL.clientId);
    const listed = await post<{ sessions: { sessionId: string }[] }>(
      '/message/client/list_sessions',
      { bcid: BCID },
      { authorization: `Bearer ${outsider}` },
    );
    expect(listed.status).toBe(200);
    expect(listed.body.data.sessions.map((s) => s.sessionId)).not.toContain(victim.sessionId);
  });

  it("lets no stranger claim a customer's session", async () => {
    const victim = await victimSession();
    const before = await snapshot(victim);
    const claim = await post('/message/customer/claim_session', {
      bcid: BCID,
      _auth: await customerAuth('would-be-owner'),
      customerIdentifier: visitorId(),
    });
    expect(claim.status).toBe(404);
    expect(await snapshot(victim)).toEqual(before);
  });

  it("opens a stranger a session of its own, never the victim's", async () => {
    const victim = await victimSession();
    const identities = [
      { _auth: await customerAuth('another-customer') },
      { customerIdentifier: visitorId() },
    ];
    for (const identity of identities) {
      const opened = await post<{ sessionId: string }>('/message/customer/init_message_session', {
        bcid: BCID,
        ...identity,
      });
      expect(opened.body.data.sessionId).not.toBe(victim.sessionId);
    }
  });
});
