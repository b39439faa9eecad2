import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import app from '../src/index';
import { OTHER_CHANNEL, post, visitorId } from './helpers';

function asOperator(secret = env.ADMIN_SECRET ?? '') {
  return { authorization: `Bearer ${secret}` };
}

const newChannel = () => ({ bcid: crypto.randomUUID(), clientId: crypto.randomUUID() });

describe('channel registration', () => {
  it('registers a channel that shoppers can then open sessions on', async () => {
    const channel = newChannel();
    const before = await post('/message/customer/init_message_session', {
      bcid: channel.bcid,
      customerIdentifier: visitorId(),
    });
    expect(before.status).toBe(404);

    const reply = await post('/admin/channels', channel, asOperator());
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({ data: channel, status: true });

    const after = await post('/message/customer/init_message_session', {
      bcid: channel.bcid,
      customerIdentifier: visitorId(),
    });
    expect(after.status).toBe(200);
  });

  it('accepts the same registration twice', async () => {
    const channel = newChannel();
    await post('/admin/channels', channel, asOperator());
    const again = await post('/admin/channels', channel, asOperator());
    expect(again.status).toBe(200);
  });

  it('refuses to move a bcid to another client', async () => {
    const reply = await post(
      '/admin/channels',
      { bcid: OTHER_CHANNEL.bcid, clientId: crypto.randomUUID() },
      asOperator(),
    );
    expect(reply.status).toBe(409);
    expect(reply.body.error.code).toBe('conflict');
    const row = await env.DB.prepare('SELECT client_id FROM channels WHERE bcid = ?')
      .bind(OTHER_CHANNEL.bcid)
      .first();
    expect(row).toEqual({ client_id: OTHER_CHANNEL.clientId });
  });

  it('refuses a wrong or missing admin secret', async () => {
    const channel = newChannel();
    const wrong = await post('/admin/channels', channel, asOperator('x'.repeat(45)));
    const missing = await post('/admin/channels', channel);
    expect([wrong.status, missing.status]).toEqual([401, 401]);
    const row = await env.DB.prepare('SELECT 1 FROM channels WHERE bcid = ?')
      .bind(channel.bcid)
      .first();
    expect(row).toBeNull();
  });

  it('is disabled where no admin secret is set', async () => {
    const response = await app.request(
      '/admin/channels',
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: 'Bearer anything' },
        body: JSON.stringify(newChannel()),
      },
      { ...env, ADMIN_SECRET: undefined },
    );
    expect(response.status).toBe(403);
  });

  it('validates the channel', async () => {
    const reply = await post('/admin/channels', { bcid: 'shop', clientId: 7 }, asOperator());
    expect(reply.status).toBe(400);
    expect((reply.body.error.issues as { path: string }[]).map((i) => i.path)).toEqual([
      'bcid',
      'clientId',
    ]);
  });
});
