import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import app from '../src/index';
import { BCID, visitorId } from './helpers';

const STOREFRONT = 'https://shop.example.com';
const withOrigins = { ...env, ALLOWED_ORIGINS: `${STOREFRONT}, https://m.shop.example.com` };

function request(path: string, init: RequestInit) {
  return app.request(path, init, withOrigins);
}

describe('storefront origins', () => {
  it('answers a preflight from a listed storefront without granting credentials', async () => {
    const response = await request('/message/customer/send_message', {
      method: 'OPTIONS',
      headers: {
        origin: STOREFRONT,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type, authorization',
      },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe(STOREFRONT);
    expect(response.headers.get('access-control-allow-methods')).toContain('POST');
    expect(response.headers.get('access-control-allow-headers')?.toLowerCase()).toContain(
      'authorization',
    );
    expect(response.headers.get('access-control-allow-credentials')).toBeNull();
  });

  it('grants a listed storefront on success and on failure alike', async () => {
    const init = (body: unknown) => ({
      method: 'POST',
      headers: { origin: STOREFRONT, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const ok = await request(
      '/message/customer/init_message_session',
      init({
        bcid: BCID,
        customerIdentifier: visitorId(),
      }),
    );
    const bad = await request('/message/customer/init_message_session', init({ bcid: 'x' }));
    expect([ok.status, bad.status]).toEqual([200, 400]);
    for (const response of [ok, bad]) {
      expect(response.headers.get('access-control-allow-origin')).toBe(STOREFRONT);
      const exposed = response.headers.get('access-control-expose-headers') ?? '';
      for (const header of ['Retry-After', 'X-Unread-Count', 'X-Handler-Read-Message-Id']) {
        expect(exposed).toContain(header);
      }
    }
  });

  it('gives any other origin no CORS grant', async () => {
    for (const origin of [
      'https://evil.example',
      'https://shop.example.com.evil.example',
      'null',
    ]) {
      const response = await request('/message/customer/send_message', {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST' },
      });
      expect(response.headers.get('access-control-allow-origin')).toBeNull();
    }
  });
});

describe('security headers', () => {
  it('are on every response, errors included', async () => {
    const responses = [
      await request('/message/customer/init_message_session', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ bcid: BCID }),
      }),
      await request('/nowhere', { method: 'GET' }),
      await request('/message/customer/send_message', { method: 'POST', body: 'x' }),
    ];
    for (const response of responses) {
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('x-frame-options')).toBe('SAMEORIGIN');
      expect(response.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
      expect(response.headers.get('referrer-policy')).toBe('no-referrer');
      expect(response.headers.get('cache-control')).toBe('no-store');
      expect(response.headers.get('x-powered-by')).toBeNull();
    }
  });
});
