import { sign } from 'hono/jwt';
import { describe, expect, it } from 'vitest';
import { CLIENT_USER_AUDIENCE, CUSTOMER_AUDIENCE, signCustomerToken } from '../src/auth';
import {
  agentToken,
  BCID,
  customerAuth,
  EXAMPLE_CHANNEL,
  openSession,
  OTHER_CHANNEL,
  post,
  readPage,
  secret,
  sendAsShopper,
  SISTER_CHANNEL,
  textMessage,
  visitorId,
} from './helpers';

const base64url = (value: unknown) =>
  btoa(JSON.stringify(value)).replaceAll('+', '-').replaceAll('/', '_').replaceAll('=', '');

const now = () => Math.floor(Date.now() / 1000);

/** Tokens that must never open a session, each with the way it is broken. */
async function brokenCustomerTokens(customerId: string): Promise<Record<string, string>> {
  const claims = { sub: customerId, aud: CUSTOMER_AUDIENCE, iat: now(), exp: now() + 600 };
  const unsigned = `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url(claims)}`;
  return {
    forged: await signCustomerToken(customerId, 'another-secret-of-at-least-32-characters', {
      ttlSeconds: 600,
    }),
    expired: await signCustomerToken(customerId, secret(), { ttlSeconds: -5 }),
    'alg none': `${unsigned}.`,
    'HS512 with the right secret': await sign(claims, secret(), 'HS512'),
    'no expiry': await sign({ sub: customerId, aud: CUSTOMER_AUDIENCE }, secret(), 'HS256'),
    'agent audience': await sign({ ...claims, aud: CLIENT_USER_AUDIENCE }, secret(), 'HS256'),
    'not a JWT': 'this-is-not-a-token',
  };
}

describe('customer _auth', () => {
  it('refuses a forged, expired, unsigned, mis-typed or foreign token with 401', async () => {
    const customer = 'customer-under-attack';
    const { sessionId } = await openSession({ _auth: await customerAuth(customer) });

    for (const [how, token] of Object.entries(await brokenCustomerTokens(customer))) {
      const attempts = [
        post('/message/customer/init_message_session', { bcid: BCID, _auth: token }),
        post('/message/customer/send_message', {
          bcid: BCID,
          _auth: token,
          sessionId,
          ...textMessage('x'),
        }),
        readPage({ _auth: token }, sessionId, { nextOrPrevious: 'next' }),
      ];
      for (const reply of await Promise.all(attempts)) {
        expect(reply.status, how).toBe(401);
        expect(reply.body.error.code, how).toBe('unauthorized');
      }
    }
    const page = await readPage({ _auth: await customerAuth(customer) }, sessionId, {
      nextOrPrevious: 'next',
    });
    expect(page.body.data).toEqual([]);
  });

  it('never falls back to the visitor when _auth is bad', async () => {
    const visitor = { customerIdentifier: visitorId() };
    await openSession(visitor);
    const reply = await post('/message/customer/init_message_session', {
      bcid: BCID,
      ...visitor,
      _auth: 'broken',
    });
    expect(reply.status).toBe(401);
  });

  it('honours a bcid binding: the token opens its own channel only', async () => {
    const bound = await customerAuth('bound-customer', { bcid: SISTER_CHANNEL.bcid });
    expect(
      (
        await post('/message/customer/init_message_session', {
          bcid: SISTER_CHANNEL.bcid,
          _auth: bound,
        })
      ).status,
    ).toBe(200);

    const reply = await post('/message/customer/init_message_session', {
      bcid: BCID,
      _auth: bound,
    });
    expect(reply.status).toBe(401);
    expect(reply.body.error.message).toMatch(/bcid/);
  });

  it('asks for an identity on send and read', async () => {
    const { sessionId } = await openSession({ customerIdentifier: visitorId() });
    const send = await post('/message/customer/send_message', {
      bcid: BCID,
      sessionId,
      ...textMessage('anonymous'),
    });
    const read = await readPage({}, sessionId, { nextOrPrevious: 'next' });
    expect([send.status, read.status]).toEqual([401, 401]);
  });
});

describe('agent access token', () => {
  it('is required, well-formed and signed for client send_message', async () => {
    const { sessionId } = await openSession({ customerIdentifier: visitorId() });
    const claims = {
      sub: 'agent',
      aud: CLIENT_USER_AUDIENCE,
      clientId: EXAMPLE_CHANNEL.clientId,
      iat: now(),
      exp: now() + 600,
    };
    const headers: Record<string, Record<string, string>> = {
      missing: {},
      'not bearer': { authorization: `Basic ${btoa('a:b')}` },
      forged: { authorization: `Bearer ${await sign(claims, 'x'.repeat(40), 'HS256')}` },
      expired: {
        authorization: `Bearer ${await agentToken('agent', EXAMPLE_CHANNEL.clientId, -5)}`,
      },
      'customer token': { authorization: `Bearer ${await customerAuth('agent')}` },
      'client not a uuid': {
        authorization: `Bearer ${await sign({ ...claims, clientId: 'acme' }, secret(), 'HS256')}`,
      },
    };
    for (const [how, header] of Object.entries(headers)) {
      const reply = await post(
        '/message/client/send_message',
        { bcid: BCID, sessionId, ...textMessage('reply') },
        header,
      );
      expect(reply.status, how).toBe(401);
      expect(reply.body.error.code, how).toBe('unauthorized');
    }
  });
});

describe('session walls', () => {
  async function ownedSession() {
    const owner = { _auth: await customerAuth(`owner-${crypto.randomUUID()}`) };
    const { sessionId } = await openSession(owner);
    await sendAsShopper(owner, sessionId, 'private');
    return { owner, sessionId };
  }

  const NO_SESSION = { status: false, error: { code: 'not_found', message: 'No such session.' } };

  it('hides a session from another customer and from visitors', async () => {
    const { owner, sessionId } = await ownedSession();
    const strangers = [
      { _auth: await customerAuth('someone-else') },
      { customerIdentifier: visitorId() },
    ];
    for (const stranger of strangers) {
      const send = await post('/message/customer/send_message', {
        bcid: BCID,
        sessionId,
        ...stranger,
        ...textMessage('intrusion'),
      });
      const read = await readPage(stranger, sessionId, { nextOrPrevious: 'next' });
      expect([send.status, read.status]).toEqual([404, 404]);
      expect(send.body).toEqual(NO_SESSION);
      expect(read.body).toEqual(NO_SESSION);
    }
    const log = await readPage(owner, sessionId, { nextOrPrevious: 'next' });
    expect(log.body.data.map((m) => m.value)).toEqual(['private']);
  });

  it('answers a session id that does not exist exactly like one that is not yours', async () => {
    const stranger = { customerIdentifier: visitorId() };
    await openSession(stranger);
    const reply = await readPage(stranger, 'NoSuchSessionAtAll_123', { nextOrPrevious: 'next' });
    expect(reply.status).toBe(404);
    expect(reply.body).toEqual(NO_SESSION);
  });

  it('refuses the session to its own owner under another bcid', async () => {
    const { owner, sessionId } = await ownedSession();
    const reply = await readPage(owner, sessionId, { nextOrPrevious: 'next' }, SISTER_CHANNEL.bcid);
    expect(reply.status).toBe(404);
  });

  it("rejects a reply from another client's agent", async () => {
    const { owner, sessionId } = await ownedSession();
    const outsider = await agentToken('outsider', OTHER_CHANNEL.clientId);
    for (const bcid of [BCID, OTHER_CHANNEL.bcid]) {
      const reply = await post(
        '/message/client/send_message',
        { bcid, sessionId, ...textMessage('not yours') },
        { authorization: `Bearer ${outsider}` },
      );
      expect(reply.status).toBe(404);
      expect(reply.body).toEqual(NO_SESSION);
    }
    const log = await readPage(owner, sessionId, { nextOrPrevious: 'next' });
    expect(log.body.data).toHaveLength(1);
  });

  it('rejects a reply of the right client named under the wrong bcid', async () => {
    const { sessionId } = await ownedSession();
    const reply = await post(
      '/message/client/send_message',
      { bcid: SISTER_CHANNEL.bcid, sessionId, ...textMessage('wrong storefront') },
      { authorization: `Bearer ${await agentToken('agent')}` },
    );
    expect(reply.status).toBe(404);
  });
});
