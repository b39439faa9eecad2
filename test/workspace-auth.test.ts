import { describe, expect, it } from 'vitest';
import {
  agentToken,
  BCID,
  customerAuth,
  openSession,
  post,
  sendAsShopper,
  visitorId,
} from './helpers';

describe('who may call the workspace endpoints', () => {
  it('refuses a shopper endpoint without _auth or customerIdentifier, changing nothing', async () => {
    const visitor = { customerIdentifier: visitorId() };
    const { sessionId } = await openSession(visitor);
    const sent = await sendAsShopper(visitor, sessionId, 'keep me');
    const ref = { bcid: BCID, sessionId, chatRoomMessageId: sent.chatRoomMessageId };

    for (const path of ['mark_read', 'revoke_message']) {
      const reply = await post(`/message/customer/${path}`, ref);
      expect(reply.status, path).toBe(401);
      expect(reply.body.error.code).toBe('unauthorized');
    }
    const opened = await openSession(visitor);
    expect(opened.messages).toEqual([sent]);
    expect(opened).toMatchObject({ readMessageId: null });
  });

  it('refuses every agent endpoint without a valid access token', async () => {
    const ref = {
      bcid: BCID,
      sessionId: 'a'.repeat(21),
      chatRoomMessageId: crypto.randomUUID(),
      nextOrPrevious: 'next',
      freezed: true,
    };
    const paths = [
      'list_sessions',
      'get_messages',
      'mark_read',
      'revoke_message',
      'freeze_message',
      'freeze_session',
    ];
    const customerToken = await customerAuth('not-an-agent');
    for (const path of paths) {
      for (const headers of [{}, { authorization: `Bearer ${customerToken}` }]) {
        const reply = await post(`/message/client/${path}`, ref, headers);
        expect(reply.status, path).toBe(401);
        expect(reply.body.error.code).toBe('unauthorized');
      }
    }
  });

  it('refuses a claim on a bcid that no channel has', async () => {
    const reply = await post('/message/customer/claim_session', {
      bcid: crypto.randomUUID(),
      _auth: await customerAuth('someone'),
      customerIdentifier: visitorId(),
    });
    expect(reply.status).toBe(404);
    expect(reply.body.error.message).toBe('No channel has this bcid.');
  });

  it('refuses inbox filters of the wrong type', async () => {
    const token = await agentToken('agent-1');
    const cases: [string, Record<string, unknown>][] = [
      ['unread', { unread: 'yes' }],
      ['customerIdentifier', { customerIdentifier: 'c'.repeat(129) }],
      ['bcid', { bcid: 'shop-1' }],
    ];
    for (const [field, body] of cases) {
      const reply = await post('/message/client/list_sessions', body, {
        authorization: `Bearer ${token}`,
      });
      expect(reply.status, field).toBe(400);
      expect(reply.body.error.issues).toEqual([{ path: field, message: expect.any(String) }]);
    }
  });
});
