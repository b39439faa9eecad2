import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { findChannelAndSession } from '../src/db';
import { BCID, EXAMPLE_CHANNEL, openSession, SISTER_CHANNEL, visitorId } from './helpers';

describe('finding the channel and the shopper session in one query', () => {
  it('returns the channel and no session for a shopper new to it', async () => {
    const found = await findChannelAndSession(env.DB, BCID, { type: 'visitor', id: visitorId() });
    expect(found).toEqual({ channel: EXAMPLE_CHANNEL, session: null });
  });

  it('returns the session a returning shopper owns on that channel', async () => {
    const id = visitorId();
    const { sessionId } = await openSession({ customerIdentifier: id });

    const found = await findChannelAndSession(env.DB, BCID, { type: 'visitor', id });
    expect(found).toEqual({
      channel: EXAMPLE_CHANNEL,
      session: {
        sessionId,
        bcid: BCID,
        clientId: EXAMPLE_CHANNEL.clientId,
        customerIdentifier: id,
        customerIdentifierType: 'visitor',
      },
    });
  });

  it('ignores the shopper sessions on other channels and of the other shopper type', async () => {
    const id = visitorId();
    await openSession({ customerIdentifier: id }, SISTER_CHANNEL.bcid);

    const asVisitor = await findChannelAndSession(env.DB, BCID, { type: 'visitor', id });
    const asCustomer = await findChannelAndSession(env.DB, SISTER_CHANNEL.bcid, {
      type: 'customer',
      id,
    });
    expect(asVisitor?.session).toBeNull();
    expect(asCustomer?.session).toBeNull();
  });

  it('returns null for a bcid that is not registered', async () => {
    const shopper = { type: 'visitor', id: visitorId() } as const;
    expect(await findChannelAndSession(env.DB, crypto.randomUUID(), shopper)).toBeNull();
  });
});
