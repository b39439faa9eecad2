import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { BCID, EXAMPLE_CHANNEL, openSession, post, visitorId } from './helpers';

const INIT = '/message/customer/init_message_session';

/** An address of the documentation range, different for every test. */
const someIp = () => `198.51.100.${Math.floor(Math.random() * 250) + 1}`;

/**
 * The local rate limiter counts in fixed windows of the period (a minute) and starts afresh at
 * each one, as the platform's may. A test that must stay inside one window so starts early in it.
 */
async function startOfAWindow() {
  const intoWindow = Date.now() % 60_000;
  if (intoWindow > 30_000) await new Promise((resolve) => setTimeout(resolve, 60_000 - intoWindow));
}

describe('limits on new sessions', () => {
  it('refuses the 31st new session from one IP within a minute with 429 and Retry-After', async () => {
    await startOfAWindow();
    const ip = someIp();
    const first = { customerIdentifier: visitorId() };
    const statuses: number[] = [];
    for (let i = 0; i < 30; i++) {
      const identity = i === 0 ? first : { customerIdentifier: visitorId() };
      statuses.push(
        (await post(INIT, { bcid: BCID, ...identity }, { 'cf-connecting-ip': ip })).status,
      );
    }
    expect(statuses).toEqual(Array(30).fill(200));

    const refused = await post(INIT, { bcid: BCID }, { 'cf-connecting-ip': ip });
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('60');
    expect(refused.body).toEqual({
      status: false,
      error: { code: 'rate_limited', message: 'Too many new chat sessions; try again later.' },
    });

    // Reopening an existing session creates nothing, so the limit does not apply to it.
    const reopened = await post(INIT, { bcid: BCID, ...first }, { 'cf-connecting-ip': ip });
    expect(reopened.status).toBe(200);

    const elsewhere = await post(INIT, { bcid: BCID }, { 'cf-connecting-ip': someIp() });
    expect(elsewhere.status).toBe(200);
  });

  it('refuses a shopper its 21st new session within a minute', async () => {
    const channels = Array.from({ length: 21 }, () => crypto.randomUUID());
    const insert = env.DB.prepare(
      'INSERT INTO channels (bcid, client_id, created_at) VALUES (?, ?, 0)',
    );
    await env.DB.batch(channels.map((bcid) => insert.bind(bcid, EXAMPLE_CHANNEL.clientId)));

    await startOfAWindow();
    const visitor = { customerIdentifier: visitorId() };
    const statuses: number[] = [];
    for (const bcid of channels) statuses.push((await post(INIT, { bcid, ...visitor })).status);

    expect(statuses).toEqual([...Array(20).fill(200), 429]);
    const rows = await env.DB.prepare(
      'SELECT count(*) AS n FROM sessions WHERE customer_identifier = ?',
    )
      .bind(visitor.customerIdentifier)
      .first<{ n: number }>();
    expect(rows?.n).toBe(20);
    expect((await openSession(visitor, channels[0])).sessionId).toBeTruthy();
  });
});
