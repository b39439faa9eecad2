import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import {
  BCID,
  customerAuth,
  openSession,
  OTHER_CHANNEL,
  post,
  sendAsShopper,
  SISTER_CHANNEL,
  visitorId,
} from './helpers';

const INIT = '/message/customer/init_message_session';

describe('init_message_session', () => {
  it('answers the original example request with an empty history and a session id', async () => {
    const reply = await post(INIT, {
      deviceIdentifier: '2342asdfasdf3452345',
      deviceName: 'postman',
      bcid: BCID,
      _auth: await customerAuth('3TnctrAsdF-fVhLYyBUN'),
    });

    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({
      data: {
        messages: [],
        sessionId: expect.stringMatching(/^[A-Za-z0-9_-]{21,}$/),
        unreadCount: 0,
        readMessageId: null,
        handlerReadMessageId: null,
      },
      status: true,
    });
  });

  it('mints a visitor id when given neither _auth nor customerIdentifier', async () => {
    const first = await openSession({});
    expect(first.customerIdentifier).toMatch(/^[A-Za-z0-9_-]{16,64}$/);

    const again = await openSession({ customerIdentifier: first.customerIdentifier ?? '' });
    expect(again.sessionId).toBe(first.sessionId);
    expect(again).not.toHaveProperty('customerIdentifier');
  });

  it('returns the same session and its latest ten messages when reopened', async () => {
    const visitor = { customerIdentifier: visitorId() };
    const { sessionId } = await openSession(visitor);
    for (let i = 1; i <= 12; i++) await sendAsShopper(visitor, sessionId, `message ${i}`);

    const reopened = await openSession(visitor);
    expect(reopened.sessionId).toBe(sessionId);
    expect(reopened.messages.map((m) => m.value)).toEqual(
      Array.from({ length: 10 }, (_, i) => `message ${i + 3}`),
    );
  });

  it('returns the customer the same session from any device', async () => {
    const auth = await customerAuth('customer-any-device');
    const phone = await openSession({ _auth: auth, deviceName: 'iPhone' });
    const laptop = await openSession({ _auth: await customerAuth('customer-any-device') });
    expect(laptop.sessionId).toBe(phone.sessionId);
  });

  it('ignores customerIdentifier when _auth is present', async () => {
    const visitor = { customerIdentifier: visitorId() };
    const asVisitor = await openSession(visitor);
    const asCustomer = await openSession({ ...visitor, _auth: await customerAuth('cust-ignore') });
    expect(asCustomer.sessionId).not.toBe(asVisitor.sessionId);
    expect(asCustomer.sessionId).toBe(
      (await openSession({ _auth: await customerAuth('cust-ignore') })).sessionId,
    );
  });

  it('keeps a customer and a visitor of the same id apart', async () => {
    const id = visitorId();
    const visitor = await openSession({ customerIdentifier: id });
    const customer = await openSession({ _auth: await customerAuth(id) });
    expect(customer.sessionId).not.toBe(visitor.sessionId);
  });

  it('gives one shopper one session per bcid', async () => {
    const visitor = { customerIdentifier: visitorId() };
    const here = await openSession(visitor);
    const sister = await openSession(visitor, SISTER_CHANNEL.bcid);
    const other = await openSession(visitor, OTHER_CHANNEL.bcid);
    expect(new Set([here.sessionId, sister.sessionId, other.sessionId]).size).toBe(3);
  });

  it('yields one session for ten concurrent first inits of one customer', async () => {
    const auth = await customerAuth('customer-in-a-hurry');
    const replies = await Promise.all(
      Array.from({ length: 10 }, () =>
        post<{ sessionId: string }>(INIT, { bcid: BCID, _auth: auth }),
      ),
    );

    expect(replies.map((r) => r.status)).toEqual(Array(10).fill(200));
    expect(new Set(replies.map((r) => r.body.data.sessionId)).size).toBe(1);
    const rows = await env.DB.prepare(
      "SELECT count(*) AS n FROM sessions WHERE customer_identifier = 'customer-in-a-hurry'",
    ).first<{ n: number }>();
    expect(rows?.n).toBe(1);
  });

  it('indexes the session in D1 with its owner and client', async () => {
    const { sessionId } = await openSession({ _auth: await customerAuth('indexed-customer') });
    const row = await env.DB.prepare('SELECT * FROM sessions WHERE session_id = ?')
      .bind(sessionId)
      .first();
    expect(row).toMatchObject({
      bcid: BCID,
      client_id: '076e3378-a3f4-441e-a998-4a89ee894d83',
      customer_identifier: 'indexed-customer',
      customer_identifier_type: 'customer',
    });
  });

  it('refuses an unknown bcid', async () => {
    const reply = await post(INIT, {
      bcid: '00000000-0000-4000-8000-000000000000',
      customerIdentifier: visitorId(),
    });
    expect(reply.status).toBe(404);
    expect(reply.body).toEqual({
      status: false,
      error: { code: 'not_found', message: 'No channel has this bcid.' },
    });
  });
});
